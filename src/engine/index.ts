/** The assignment engine: pure functions, problem in, roster out. */
export { solve, PinConflictError } from './solve';
export type { SolveOptions } from './solve';
export { explain, explainTurns } from './explain';
export { turnsShortOf } from './horizon';
export type { TurnExplanation } from './explain';
export type { ExplainOptions } from './explain';
export type { Consequence, DenialExplanation, DenialReason } from '../domain/explanation';
