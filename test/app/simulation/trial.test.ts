/**
 * A trial scenario (試行期間): the season in periods of two weeks in which everyone who can
 * telework should take a turn. Against the current policy on the town of 426 staff, over the
 * same demand (common random numbers): more of the eligible staff telework at least once, the
 * 50% target is measured for both, and each period's goal holds for everyone but those the
 * rosters name as short.
 */
import { generatedOrganisation } from '../../../src/app/simulation/organisation';
import { studyWeeks } from '../../../src/app/simulation/run-study';
import { simulateScenario } from '../../../src/app/simulation/simulate-scenario';
import { DEFAULT_DEMAND, Scenario } from '../../../src/domain/scenario';
import { checkRoster } from '../../../src/engine/check';

const weeks = studyWeeks('2027-W02', 4, []);
const org = generatedOrganisation(
  'town-25',
  1,
  weeks.map((w) => w.week),
);

function run(scenario: Scenario) {
  return simulateScenario({
    org,
    seed: 7,
    demand: DEFAULT_DEMAND,
    weeks,
    seasons: [],
    baseline: {},
    scenario,
    keep: weeks.map((_, i) => i),
  });
}

describe('the trial scenario', () => {
  const current = run({ name: '現行' });
  const trial = run({ name: '試行', trial: { weeks: 2, minDays: 1, turnDays: 'possible', acceptShare: 0.5 } });
  const everyDay = run({ name: '全員', trial: { weeks: 2, minDays: 1, turnDays: 'any', acceptShare: 0 } });

  it('leaves the current policy as it was: no periods in its weeks, no trial figures', () => {
    expect(current.kept.every((k) => k.problem.periods === undefined)).toBe(true);
    expect(current.result.summary.trialPeriods).toBeUndefined();
  });

  it('plans every week with the period it belongs to, the days done in it, and rosters the checker accepts', () => {
    for (const k of trial.kept) {
      expect(k.problem.periods).toHaveLength(1);
      const period = k.problem.periods![0];
      expect(period.minDays).toBe(1);
      expect(k.problem.days.every((d) => d >= period.from && d <= period.to)).toBe(true);
      expect(checkRoster(k.problem, k.roster).violations).toEqual([]);
      expect(k.roster.status).toBe('optimal');
    }
    // The second week of each period carries the first week's days as done.
    const second = trial.kept[1].problem.periods![0];
    const firstWeek = trial.kept[0].roster.assignments.filter((a) => a.mode === 'telework');
    const done = second.done ?? {};
    expect(Object.values(done).reduce((a, b) => a + b, 0)).toBe(firstWeek.length);
    expect(trial.kept[2].problem.periods![0].done).toBeUndefined();
  });

  it('brings more eligible staff to telework at least once than the current policy, and reports the target for both', () => {
    const a = current.result.summary;
    const b = trial.result.summary;
    const c = everyDay.result.summary;
    expect(a.eligible).toBe(b.eligible);
    expect(b.teleworked).toBeGreaterThan(a.teleworked);
    expect(c.teleworked).toBeGreaterThanOrEqual(b.teleworked);
    for (const s of [a, b, c]) expect(s.meetsTarget).toBe((s.shareTeleworked ?? 0) >= 0.5);
    expect(c.meetsTarget).toBe(true);
    expect(b.trialPeriods).toBe(2);
    expect(b.trialMinDays).toBe(1);
    // Turns on any day: nearly everyone reaches the goal in every period (only counters and leave stop it).
    expect(c.trialReachedShare!).toBeGreaterThan(0.9);
    expect(b.trialReachedShare!).toBeLessThan(c.trialReachedShare!);
  });

  it('counts a period as reached for exactly those its last week does not name as short', () => {
    const last = everyDay.kept[1];
    const eligible = last.problem.staff.filter((s) => s.canTelework).length;
    const short = last.roster.turnsShort!.length;
    const secondPeriodLast = everyDay.kept[3].roster.turnsShort!.length;
    const s = everyDay.result.summary;
    expect(s.trialReachedShare).toBeCloseTo((2 * eligible - short - secondPeriodLast) / (2 * eligible), 12);
  });
});
