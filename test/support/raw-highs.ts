/** HiGHS as an LP solver of text models, and the arcs the flow tests build them from. */

export type Highs = { solve(lp: string): { Status: string; ObjectiveValue: number } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const highsLoader = require('highs') as () => Promise<Highs>;

export interface Arc {
  from: number;
  to: number;
  cap: number;
  cost: number;
}
