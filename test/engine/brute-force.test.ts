import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';
import { shapeProblem, SHAPES } from '../../src/generators';
import { bruteForceOptimum, tiny } from '../support/brute-force';

describe('engine against exhaustive search on tiny instances', () => {
  const cases: [number, (typeof SHAPES)[number]][] = [];
  for (let seed = 1; seed <= 200; seed++) cases.push([seed, SHAPES[seed % SHAPES.length]]);
  it.each(cases)('seed %i (%s)', (seed, shape) => {
    const p = tiny(shapeProblem(seed, shape), 12);
    const roster = solve(p);
    const report = checkRoster(p, roster);
    expect(report.violations).toEqual([]);
    expect(roster.status).toBe('optimal');
    expect(roster.objective).toBe(bruteForceOptimum(p));
  });
});
