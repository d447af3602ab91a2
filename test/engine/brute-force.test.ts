import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';
import { shapeProblem, SHAPES } from '../../src/generators';
import { Problem } from '../../src/domain/rotation';
import { bruteForceOptimum } from '../support/brute-force';

/** Shrinks a generated problem until it has at most `max` free telework options. */
function tiny(p: Problem, max: number): Problem {
  let budget = max;
  const staff = p.staff.map((s) => {
    const requests = s.requests.filter((r) => {
      const usable = s.canTelework && !s.absent.includes(r.day) && s.pinned?.[r.day] !== 'office' && s.pinned?.[r.day] !== 'telework';
      if (!usable) return true;
      if (budget <= 0) return false;
      budget--;
      return true;
    });
    return { ...s, requests };
  });
  return { ...p, staff };
}

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
