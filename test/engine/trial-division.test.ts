/**
 * The standard: a two-week trial for a division of 20 where coverage allows gives every
 * eligible person a turn, with every counter covered and the licences and terminals respected;
 * where coverage does not allow it, the roster names who is left out and the explanation shows
 * that their turn would take someone else's. Proven optimal, accepted by the checker, equal to HiGHS.
 */
import { Period, Problem, Staff } from '../../src/domain/rotation';
import { explainTurns, solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';
import { Rng } from '../../src/generators';
import { compareWithHighs } from '../support/oracle-compare';

const WEEK1 = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
const WEEK2 = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'];

/** 20 staff: 2 who never telework, 12 trained for the counters, 6 of them asking for days; the counters need `need` a day. */
function division(seed: number, need: [number, number], licences: number, turnDays: Period['turnDays']): Problem {
  const rng = new Rng(seed);
  const days = [...WEEK1, ...WEEK2];
  const staff: Staff[] = Array.from({ length: 20 }, (_, i) => {
    const counters = i < 7 ? ['madoguchi'] : i < 12 ? ['madoguchi', 'shomei'] : [];
    const asks = i % 3 === 0;
    const requests = asks
      ? rng
          .shuffle(days)
          .slice(0, 3)
          .sort()
          .map((day) => ({ day, weight: rng.int(10, 40) }))
      : [];
    const possible = !asks
      ? rng
          .shuffle(days.filter((d) => !requests.some((r) => r.day === d)))
          .slice(0, 3)
          .sort()
          .map((day) => ({ day }))
      : [];
    return {
      id: `s${String(i + 1).padStart(2, '0')}`,
      division: 'jumin',
      name: `職員${i + 1}`,
      canTelework: i < 18,
      counters,
      requests,
      absent: i === 4 ? ['2026-12-02'] : [],
      ...(possible.length ? { possible } : {}),
    };
  });
  return {
    format: 'rotation-problem/1',
    name: `trial-${seed}`,
    days,
    weeks: [WEEK1, WEEK2],
    policy: { maxTeleworkDays: 2, licencesPerDay: licences, spreadBonus: [20, 10] },
    divisions: [{ id: 'jumin', name: '住民課', terminals: 3 }],
    counters: [
      { id: 'madoguchi', division: 'jumin', name: '住民窓口', min: need[0] },
      { id: 'shomei', division: 'jumin', name: '証明窓口', min: need[1] },
    ],
    staff,
    periods: [{ id: 'trial', name: '試行期間', from: WEEK1[0], to: WEEK2[4], minDays: 1, turnDays }],
  };
}

const teleworkDays = (p: Problem, roster: ReturnType<typeof solve>) => {
  const count = new Map(p.staff.map((s) => [s.id, 0]));
  for (const a of roster.assignments) if (a.mode === 'telework') count.set(a.staff, count.get(a.staff)! + 1);
  return count;
};

describe('a two-week trial in a division of 20', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives every eligible person a turn where coverage allows (seed %i)', async (seed) => {
    for (const turnDays of ['any', 'possible'] as const) {
      const p = division(seed, [4, 2], 3, turnDays);
      const roster = solve(p);
      expect(roster.status).toBe('optimal');
      expect(checkRoster(p, roster).violations).toEqual([]);
      expect(roster.shortfalls).toEqual([]);
      expect(roster.turnsShort).toEqual([]);
      const days = teleworkDays(p, roster);
      for (const s of p.staff) expect(days.get(s.id)! >= 1).toBe(s.canTelework);
      for (const day of p.days)
        expect(roster.assignments.filter((a) => a.day === day && a.mode === 'telework').length).toBeLessThanOrEqual(3);
      await compareWithHighs(p);
    }
  });

  it('names who is left out where the counters need nearly everyone, and why: their turn would take another', () => {
    // Twelve trained people, eleven a day at the counters: only one of them may be away a day.
    const p = division(1, [8, 3], 3, 'any');
    const roster = solve(p);
    expect(roster.status).toBe('optimal');
    expect(checkRoster(p, roster).violations).toEqual([]);
    expect(roster.shortfalls).toEqual([]);
    const short = roster.turnsShort!;
    expect(short.length).toBeGreaterThan(0);
    const days = teleworkDays(p, roster);
    for (const t of short) expect(days.get(t.staff)).toBe(0);
    // Each left-out person's cheapest turn takes someone else's turn that day or leaves the counter
    // short: no turn was left unused (a tie at cost 0 is who got it among equals).
    const turns = explainTurns(p, roster);
    expect(turns.map((t) => t.staff)).toEqual(short.map((t) => t.staff));
    for (const t of turns) {
      expect(['counter-minimum', 'licences', 'terminals']).toContain(t.rule);
      const e = t.cheapest!;
      expect(e.cost).toBeGreaterThanOrEqual(0);
      expect(e.consequences.some((c) => (c.kind === 'deny' && c.day === e.day) || c.kind === 'shortfall')).toBe(true);
    }
  });
});
