import { explain, explainTurns, solve } from '../../src/engine';
import { Problem } from '../../src/domain/rotation';
import { bruteForceExtension, tinyExtension } from '../support/brute-force-extension';

/** The problem with one more pin to telework. */
function pinned(p: Problem, staff: string, day: string): Problem {
  return { ...p, staff: p.staff.map((s) => (s.id === staff ? { ...s, pinned: { ...s.pinned, [day]: 'telework' as const } } : s)) };
}

describe('explanations with weeks, periods and places', () => {
  const seeds = Array.from({ length: 80 }, (_, i) => i + 1);
  it.each(seeds)('seed %i: each denied request costs what exhaustive search says', (seed) => {
    const p = tinyExtension(seed);
    const roster = solve(p);
    const explanations = explain(p, roster);
    const denied = p.staff.flatMap((s) =>
      s.requests
        .filter((r) => roster.assignments.find((a) => a.staff === s.id && a.day === r.day)?.mode !== 'telework')
        .map((r) => [s.id, r.day]),
    );
    expect(explanations.map((e) => [e.staff, e.day])).toEqual(denied);
    for (const e of explanations) {
      if (e.cost === null) continue;
      // Granting it is worth exactly the optimum with that day pinned (a pin keeps the request's weight).
      expect(roster.objective - e.cost).toBe(bruteForceExtension(pinned(p, e.staff, e.day)));
    }
    const turns = explainTurns(p, roster);
    expect(turns.map((t) => [t.period, t.staff])).toEqual((roster.turnsShort ?? []).map((t) => [t.period, t.staff]));
    for (const t of turns) {
      expect(t.days).toBeLessThan(t.minDays);
      if (t.rule !== 'no-day') expect(t.cheapest?.staff).toBe(t.staff);
    }
  });
});

describe('the tiny family exercises what it tests', () => {
  it('has denied requests with a cost, people below a goal, and each of their reasons', () => {
    let costed = 0;
    const rules = new Set<string>();
    for (let seed = 1; seed <= 80; seed++) {
      const p = tinyExtension(seed);
      const roster = solve(p);
      costed += explain(p, roster).filter((e) => e.cost !== null).length;
      for (const t of explainTurns(p, roster)) rules.add(t.rule);
    }
    expect(costed).toBeGreaterThan(50);
    expect(rules.size).toBeGreaterThanOrEqual(2);
    expect(rules.has('no-day')).toBe(true);
  });
});
