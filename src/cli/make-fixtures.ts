/**
 * Writes the problem fixtures under fixtures/ (plain JSON, two-space indent).
 * Usage: node dist/src/cli/make-fixtures.js [outDir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../domain/rotation';
import { cityProblem, townProblem } from '../generators';
import { projectRoot } from '../project-root';

export const FIXTURES: readonly { readonly file: string; readonly make: () => Problem }[] = [
  { file: 'town-25-2026-W48.json', make: () => townProblem('2026-W48') },
  { file: 'town-25-2026-W50.json', make: () => townProblem('2026-W50') },
  { file: 'town-25-2027-W13.json', make: () => townProblem('2027-W13') },
  { file: 'city-2900-2026-W50.json', make: () => cityProblem('2026-W50') },
];

function main(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  for (const { file, make } of FIXTURES) {
    const problem = make();
    writeFileSync(join(outDir, file), JSON.stringify(problem, null, 2) + '\n');
    const requests = problem.staff.reduce((a, s) => a + s.requests.length, 0);
    console.log(
      `${file}: ${problem.days.length} days, ${problem.staff.length} staff, ${problem.divisions.length} divisions, ` +
        `${problem.counters.length} counters, ${requests} requests`,
    );
  }
}

if (require.main === module) main(resolve(process.argv[2] ?? join(projectRoot(), 'fixtures')));
