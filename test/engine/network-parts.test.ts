/**
 * Solving by parts (network-parts.ts) must change nothing but speed: on every
 * shape and on realistic organisations, forced to split into small parts, the
 * engine finds the same optimum as the whole-network solve (itself checked
 * against HiGHS in oracle.test.ts), and the roster passes the checker.
 */
import { scaledProblem, shapeProblem, SHAPES, ShapeName } from '../../src/generators';
import { Problem, Roster } from '../../src/domain/rotation';
import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';

const warm: boolean[] = [];

function compareSplit(problem: Problem, partNodes: number): void {
  const whole = solve(problem, { split: { fromNodes: Infinity, partNodes } });
  const split = solve(problem, { split: { fromNodes: 0, partNodes } });
  expect(whole.stats?.parts).toBe(0);
  expect(split.status).toBe('optimal');
  expect(split.objective).toBe(whole.objective);
  expect(checkRoster(problem, split).violations).toEqual([]);
  if ((split.stats?.parts as number) >= 2) warm.push(split.stats?.warmStart === true);
}

describe('solving by parts = solving whole', () => {
  const cases: [ShapeName, number, number][] = [];
  for (const shape of SHAPES) for (let seed = 1; seed <= 12; seed++) cases.push([shape, 2000 + seed, [1, 4, 16, 64][seed % 4]]);
  it.each(cases)('%s, seed %i, parts of %i nodes', (shape, seed, partNodes) => {
    compareSplit(shapeProblem(seed, shape), partNodes);
  });

  const orgs: [number, number][] = [];
  for (let seed = 1; seed <= 10; seed++) orgs.push([100 + seed * 150, seed]);
  it.each(orgs)('%i staff, seed %i', (staff, seed) => {
    compareSplit(scaledProblem(staff, seed), 64);
  });

  const stable: [ShapeName, number][] = SHAPES.map((shape, k) => [shape, 3000 + k]);
  it.each(stable)('%s, seed %i, staying close to a previous roster', (shape, seed) => {
    const problem = shapeProblem(seed, shape);
    const previous = solve({ ...problem, policy: { ...problem.policy, maxTeleworkDays: 1 } });
    const whole = solve(problem, { previous, split: { fromNodes: Infinity, partNodes: 4 } });
    const split = solve(problem, { previous, split: { fromNodes: 0, partNodes: 4 } });
    expect(split.objective).toBe(whole.objective);
    expect(changes(previous, split)).toBe(changes(previous, whole));
    expect(checkRoster(problem, split).violations).toEqual([]);
  });

  it('usually starts the whole network from the parts', () => {
    expect(warm.length).toBeGreaterThan(60);
    expect(warm.filter(Boolean).length / warm.length).toBeGreaterThan(0.8);
  });
});

/** Person-days teleworking in one roster and not the other. */
function changes(a: Roster, b: Roster): number {
  const key = (r: Roster) => new Set(r.assignments.filter((x) => x.mode === 'telework').map((x) => `${x.staff}@${x.day}`));
  const x = key(a);
  const y = key(b);
  let n = 0;
  for (const k of x) if (!y.has(k)) n++;
  for (const k of y) if (!x.has(k)) n++;
  return n;
}
