/**
 * The season simulation's allowance figures agree with the pure rule
 * (src/domain/allowance.ts) applied to the rosters it solved: March 2027 is
 * covered whole by 2027-W09…W13 (1 March is a Monday, 31 March a Wednesday);
 * a season of one or two weeks covers no whole month and reports none.
 */
import { studyWeeks } from '../../../src/app/simulation/run-study';
import { simulateScenario } from '../../../src/app/simulation/simulate-scenario';
import { allowanceCost, allowanceFor, NATIONAL_ALLOWANCE_RULE } from '../../../src/domain/allowance';
import { replayDemand, tinyOrganisation } from '../../support/simulation';

// Everyone asks for every weekday (firefighter F never teleworks).
const EVERY_DAY = { A: [1, 2, 3, 4, 5], B: [1, 2, 3, 4, 5], C: [1, 2, 3, 4, 5], F: [1, 2, 3, 4, 5] };

function season(start: string, weeks: number, maxTeleworkDays?: number, allowance?: { thresholdDays: number; amountYen: number }) {
  const org = { ...tinyOrganisation(), ...(allowance ? { allowance } : {}) };
  const outcome = simulateScenario({
    org,
    seed: 1,
    demand: replayDemand(EVERY_DAY),
    weeks: studyWeeks(start, weeks, []),
    seasons: [],
    baseline: {},
    scenario: maxTeleworkDays === undefined ? { name: '現行' } : { name: '週4日', policy: { maxTeleworkDays, licencesPerDay: null } },
    keep: Array.from({ length: weeks }, (_, i) => i),
  });
  return { org, outcome };
}

describe('allowance in the season simulation', () => {
  it.each([
    // Under the tiny town's policy A and C get 10 days in March, B 9: exactly 10 is not MORE than 10, nobody qualifies.
    ['the current policy', undefined, 0],
    // Four days a week and no licence limit: C (free of the counter) teleworks more than 10 days.
    ['four days a week', 4, undefined],
  ] as const)(
    'counts the staff over the threshold in the whole months under %s, and the yearly cost, as the pure rule does',
    (_, maxDays, expected) => {
      const { org, outcome } = season('2027-W09', 5, maxDays);
      const s = outcome.result.summary;
      expect(s.allowanceMonths).toBe(1);
      const march = (id: string) =>
        outcome.kept
          .flatMap((k) => k.roster.assignments)
          .filter((a) => a.staff === id && a.mode === 'telework' && a.day.startsWith('2027-03')).length;
      const outcomes = org.staff.map((p) => allowanceFor({ ...NATIONAL_ALLOWANCE_RULE, periodMonths: 1 }, [march(p.id)]));
      const { qualifying, costYen } = allowanceCost(NATIONAL_ALLOWANCE_RULE, outcomes);
      expect(s.allowanceQualifying).toBe(qualifying);
      expect(s.allowanceYearlyCostYen).toBe(costYen * 12);
      if (expected !== undefined) expect(qualifying).toBe(expected);
      else expect(qualifying).toBeGreaterThan(0);
      // Someone teleworked in March, and F never does.
      expect(org.staff.some((p) => march(p.id) > 0)).toBe(true);
      expect(march('F')).toBe(0);
    },
  );

  it("uses HR's own rule when the organisation has one: more than 8 days at 5,000 yen", () => {
    // The current policy: A and C telework 10 days in March and B 9 (see above), all more than 8.
    const s = season('2027-W09', 5, undefined, { thresholdDays: 8, amountYen: 5000 }).outcome.result.summary;
    expect(s).toMatchObject({ allowanceMonths: 1, allowanceQualifying: 3, allowanceYearlyCostYen: 3 * 5000 * 12 });
    const national = season('2027-W09', 5).outcome.result.summary;
    expect(national.allowanceQualifying).toBe(0);
  });

  it('reports no allowance figures when the season covers no whole month', () => {
    const s = season('2027-W07', 2).outcome.result.summary;
    expect(s).toMatchObject({ allowanceMonths: 0, allowanceQualifying: null, allowanceYearlyCostYen: null });
  });
});
