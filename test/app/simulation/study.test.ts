/**
 * Whole studies on the generated town: repeatable with a seed, and monotone —
 * a scenario with more licences or fewer required staff never does worse.
 */
import { solve } from '../../../src/engine';
import type { Problem, Roster } from '../../../src/domain/rotation';
import { shapeProblem } from '../../../src/generators';
import type { InsightChange } from '../../../src/app/simulation/insights';
import { generatedOrganisation } from '../../../src/app/simulation/organisation';
import { runStudy, sampleWeeks, studyWeeks, StudyResult } from '../../../src/app/simulation/run-study';
import { simulateScenario } from '../../../src/app/simulation/simulate-scenario';
import { CancelledError } from '../../../src/app/simulation/pool';
import { withChange } from '../../../src/app/simulation/insights';
import { DEFAULT_DEMAND, Scenario } from '../../../src/domain/scenario';
import { checkRoster } from '../../../src/engine/check';
import { study } from '../../support/simulation';

const START = '2027-W12'; // into the moving season: 住民課 needs up to four times its usual staff
const WEEKS = 6;
const org = generatedOrganisation(
  'town-25',
  1,
  studyWeeks(START, WEEKS, []).map((w) => w.week),
);
const withoutRun = (r: StudyResult) => ({ ...r, run: undefined });

describe('a study on the town', () => {
  it('gives identical results for the same seed, and different ones for another seed', async () => {
    const s = study({
      start: START,
      weeks: 4,
      scenarios: [{ name: 'ライセンス30', policy: { licencesPerDay: 30 } }],
      insights: { weeks: 2 },
    });
    const a = await runStudy(s, org, DEFAULT_DEMAND, { threads: 0 });
    const b = await runStudy(s, org, DEFAULT_DEMAND, { threads: 0 });
    const c = await runStudy({ ...s, seed: 2 }, org, DEFAULT_DEMAND, { threads: 0 });
    expect(JSON.stringify(withoutRun(a))).toBe(JSON.stringify(withoutRun(b)));
    expect(a.scenarios[0].summary.requested).not.toBe(c.scenarios[0].summary.requested);
  });

  it('stops with CancelledError when cancelled, and reports progress up to then', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const s = study({ start: START, weeks: WEEKS, scenarios: [{ name: 'a', policy: { licencesPerDay: 20 } }] });
    const run = runStudy(s, org, DEFAULT_DEMAND, {
      threads: 0,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 3) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(Math.max(...seen)).toBeLessThan(2 * WEEKS);
  });

  it('shows every scenario the same requests (common random numbers)', async () => {
    const s = study({
      start: START,
      weeks: 3,
      scenarios: [
        { name: 'ライセンス20', policy: { licencesPerDay: 20 } },
        { name: '週3日', policy: { maxTeleworkDays: 3 } },
        { name: '兼務', qualifications: [{ counter: 'jumin-juminhyo', add: 2 }] },
      ],
    });
    const r = await runStudy(s, org, DEFAULT_DEMAND, { threads: 0 });
    const requested = r.scenarios.map((x) => x.weekly.map((w) => w.requested));
    for (const other of requested.slice(1)) expect(other).toEqual(requested[0]);
  });

  it('writes rosters that keep every rule, week after week', () => {
    const weeks = studyWeeks(START, WEEKS, []);
    const { kept } = simulateScenario({
      org,
      seed: 3,
      demand: DEFAULT_DEMAND,
      weeks,
      seasons: [],
      baseline: {},
      scenario: { name: '現行' },
      keep: weeks.map((_, i) => i),
    });
    expect(kept).toHaveLength(WEEKS);
    for (const k of kept) expect(checkRoster(k.problem, k.roster).violations).toEqual([]);
  });
});

describe('monotonicity', () => {
  /**
   * With the app's weights, the engine maximises the value of the telework it
   * grants (rank, caregiving, spread), not the number of days: relaxing a rule
   * can trade one day for more valuable ones. Its optimum never falls, which is
   * what each week is checked for. Over a season, the ledger also makes
   * weights differ between scenarios; with equal weights and no ledger the
   * value is the number of days, and the season's days never fall either.
   */
  it('never lowers the value of a week with more licences or one fewer required at any counter', () => {
    const weeks = studyWeeks(START, WEEKS, []);
    const { kept } = simulateScenario({
      org,
      seed: 5,
      demand: DEFAULT_DEMAND,
      weeks,
      seasons: [],
      baseline: { policy: { licencesPerDay: 30 } },
      scenario: { name: '現行' },
      keep: sampleWeeks(weeks, 3),
    });
    let compared = 0;
    for (const { problem, roster } of kept) {
      const changes = [
        { kind: 'licences' as const, add: 1 },
        { kind: 'licences' as const, add: 5 },
        ...org.counters.map((c) => ({ kind: 'require-fewer' as const, counter: c.id })),
      ];
      for (const change of changes) {
        const relaxed = solve(withChange(problem, change)!);
        expect(relaxed.objective).toBeGreaterThanOrEqual(roster.objective);
        const missing = (r: typeof roster) => r.shortfalls.reduce((a, s) => a + s.missing, 0);
        expect(missing(relaxed)).toBeLessThanOrEqual(missing(roster));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('holds on 160 generated weeks of every shape: value with the app weights, days with equal weights', () => {
    const missing = (r: Roster) => r.shortfalls.reduce((a, x) => a + x.missing, 0);
    const granted = (r: Roster) => r.assignments.filter((a) => a.mode === 'telework').length;
    let strict = 0;
    for (let seed = 1; seed <= 160; seed++) {
      const weighted = shapeProblem(seed);
      // Equal weights, no spread: the objective counts days (pins may add weight-0 days, the same in both).
      const equal: Problem = {
        ...weighted,
        policy: { ...weighted.policy, spreadBonus: [] },
        staff: weighted.staff.map((x) => ({ ...x, requests: x.requests.map((q) => ({ ...q, weight: 1 })) })),
      };
      const counter = weighted.counters[seed % Math.max(1, weighted.counters.length)];
      const l = weighted.policy.licencesPerDay;
      const changes: InsightChange[] = [
        ...(typeof l === 'number' ? [{ kind: 'licences' as const, add: 1 }] : []),
        ...(counter ? [{ kind: 'require-fewer' as const, counter: counter.id }] : []),
      ];
      for (const change of changes) {
        for (const [p, measure] of [
          [weighted, (r: Roster) => r.objective],
          [equal, granted],
        ] as const) {
          const before = solve(p);
          const after = solve(withChange(p, change)!);
          expect(missing(after)).toBeLessThanOrEqual(missing(before));
          if (missing(after) === missing(before)) expect(measure(after)).toBeGreaterThanOrEqual(measure(before));
          if (measure(after) > measure(before)) strict++;
        }
      }
    }
    expect(strict).toBeGreaterThan(10);
  });

  const EQUAL = { rankWeights: [10], caregivingPriority: 0, fairnessPerDenial: 0, spreadBonus: [] };
  const relaxations: [string, Scenario][] = [
    ['licences 24 → 30', { name: 'more licences', policy: { ...EQUAL, licencesPerDay: 30 } }],
    ['licences 24 → unlimited', { name: 'unlimited', policy: { ...EQUAL, licencesPerDay: null } }],
    [
      '住民課 needs one fewer',
      { name: 'fewer required', policy: { ...EQUAL, licencesPerDay: 24 }, counters: [{ division: 'jumin', add: -1 }] },
    ],
    [
      'every counter needs one fewer on Mondays',
      {
        name: 'fewer on Mondays',
        policy: { ...EQUAL, licencesPerDay: 24 },
        counters: [
          { division: 'somu', weekdays: [1], add: -1 },
          { division: 'zeimu', weekdays: [1], add: -1 },
          { division: 'jumin', weekdays: [1], add: -1 },
        ],
      },
    ],
  ];

  it.each(relaxations)('never grants fewer telework days over a season with equal weights: %s', async (_, relaxed) => {
    const s = study({
      start: START,
      weeks: WEEKS,
      seed: 9,
      baseline: { name: '現行', policy: { ...EQUAL, licencesPerDay: 24 } },
      scenarios: [relaxed],
    });
    const r = await runStudy(s, org, DEFAULT_DEMAND, { threads: 0 });
    const [base, more] = r.scenarios;
    more.weekly.forEach((w, i) => expect(w.granted).toBeGreaterThanOrEqual(base.weekly[i].granted));
    expect(more.summary.granted).toBeGreaterThanOrEqual(base.summary.granted);
    expect(more.summary.shortfall).toBeLessThanOrEqual(base.summary.shortfall);
  });

  it('grants strictly more when licences are what holds telework back', async () => {
    const s = study({
      start: START,
      weeks: 2,
      baseline: { name: '現行', policy: { licencesPerDay: 10 } },
      scenarios: [{ name: '20', policy: { licencesPerDay: 20 } }],
    });
    const r = await runStudy(s, org, DEFAULT_DEMAND, { threads: 0 });
    expect(r.scenarios[0].summary.weeks).toBe(2);
    // 10 licences a day are all in use on every open day, so ten more must be used too.
    const open = r.scenarios[0].summary.openDays;
    expect(r.scenarios[0].summary.granted).toBe(10 * open);
    expect(r.scenarios[1].summary.granted).toBeGreaterThan(r.scenarios[0].summary.granted);
  });
});
