/**
 * The natural model with the format's extension (weeks, periods, places): its
 * rows and columns on a hand-made problem, optima worked out on paper, HiGHS's
 * rosters on 100 generated problems against the independent checker (which
 * must accept them and compute HiGHS's objective), and HiGHS against
 * exhaustive search on 40 tiny ones.
 */
import { PROBLEM_FORMAT, Period, Problem, Staff } from '../../src/domain/rotation';
import { checkRoster } from '../../src/engine/check';
import { ColumnKind, buildNaturalModel, columnName, rowName } from '../../src/engine/natural-model';
import { loadHighsOnce, solveWithHighs } from '../../src/oracle/highs';
import { solveWithJslp } from '../../src/oracle/jslp';
import { bruteForceByChecker } from '../support/brute-force';
import { extensionProblem, tinyExtensionProblem } from '../support/extension-problems';

const M1 = '2026-11-30';
const T1 = '2026-12-01';
const M2 = '2026-12-07';

function person(id: string, parts: Partial<Staff> = {}): Staff {
  return { id, division: 'd1', name: id, canTelework: true, counters: [], requests: [], absent: [], ...parts };
}

/*
 * Weeks [M1 T1] [M2], max 1 a week, spreadBonus [3] (a turn day weighs −4), one licence a day.
 * kita: internal network, a desk on M1 only; cowork: licence: true, one desk.
 * trial M1 … M2: goal 2 (A has done 1), turns on possible days; dec T1 … M2 (cuts week 1): cap 1.
 *
 *   A: requests M1 10 at kita, T1 5; possible M2 at cowork
 *   B: requests M1 7, T1 4 at kita, M2 6
 *
 * Optimum: A teleworks M1 (10 + 3), which reaches the goal with the day done (a turn on M2 would weigh −4 + 3
 * for nothing); B cannot take T1 (no desk at kita) and takes M1 and M2 (7 + 3 + 6 + 3, one day in the cap).
 * Goals: 1000 × min(2, 1 + 1) + 1000 × min(2, 0 + 2) = 4000. Objective 13 + 19 + 4000 = 4032.
 */
const HAND: Problem = {
  format: PROBLEM_FORMAT,
  name: 'hand-made extension',
  days: [M1, T1, M2],
  weeks: [[M1, T1], [M2]],
  policy: { maxTeleworkDays: 1, licencesPerDay: 1, spreadBonus: [3] },
  places: [
    { id: 'kita', name: '北支所', desks: { [M1]: 1 } },
    { id: 'cowork', name: 'コワーキング', desks: 1, licence: true },
  ],
  periods: [
    { id: 'trial', from: M1, to: M2, minDays: 2, done: { A: 1 } },
    { id: 'dec', from: T1, to: '2026-12-31', maxDays: 1 },
  ],
  divisions: [{ id: 'd1', name: '住民課' }],
  counters: [],
  staff: [
    person('A', {
      requests: [
        { day: M1, weight: 10, place: 'kita' },
        { day: T1, weight: 5 },
      ],
      possible: [{ day: M2, place: 'cowork' }],
    }),
    person('B', {
      requests: [
        { day: M1, weight: 7 },
        { day: T1, weight: 4, place: 'kita' },
        { day: M2, weight: 6 },
      ],
    }),
  ],
};

describe('natural model with weeks, periods and places: structure', () => {
  const model = buildNaturalModel(HAND);

  test('columns: telework on turn days at the turn-day weight, spread per week, a goal column per person', () => {
    const names = Array.from({ length: model.numCols }, (_, j) => columnName(HAND, model, j));
    const columnsOf = (s: string) => [
      `t[${s},${M1}]`,
      `t[${s},${T1}]`,
      `t[${s},${M2}]`,
      `y[${s},week1,1]`,
      `y[${s},week2,1]`,
      `u[trial,${s}]`,
    ];
    expect(names).toEqual([...columnsOf('A'), ...columnsOf('B')]);
    expect(Array.from(model.colCost)).toEqual([10, 5, -4, 3, 3, 1000, 7, 4, 6, 3, 3, 1000]);
    const goals = [...model.colKind.keys()].filter((j) => model.colKind[j] === ColumnKind.goal);
    expect(goals.map((j) => [model.colLower[j], model.colUpper[j], model.colInteger[j]])).toEqual([
      [0, 1, 0], // A: 2 − 1 done
      [0, 2, 0],
    ]);
    expect(model.objectiveOffset).toBe(1000); // A's day done counts toward the goal
  });

  test('rows: the maximum per week, caps, goals, licences and desks over the right days', () => {
    const names = Array.from({ length: model.numRows }, (_, i) => rowName(HAND, model, i));
    expect(names).toEqual([
      'max-telework-days[A,week1]',
      'spread-bonus[A,week1]',
      'spread-bonus[A,week2]',
      'period-goal[trial,A]',
      'period-cap[dec,A]',
      'max-telework-days[B,week1]',
      'spread-bonus[B,week1]',
      'spread-bonus[B,week2]',
      'period-goal[trial,B]',
      'period-cap[dec,B]',
      // M1: A at kita takes no licence, so B alone needs no row; T1 likewise
      `licences[${M2}]`,
      `desks[kita,${T1}]`,
    ]);
    const row = (name: string) => {
      const i = names.indexOf(name);
      const entries = [];
      for (let e = model.rowStart[i]; e < model.rowStart[i + 1]; e++) {
        entries.push(`${model.rowValue[e]} ${columnName(HAND, model, model.rowIndex[e])}`);
      }
      return { entries, lower: model.rowLower[i], upper: model.rowUpper[i] };
    };
    expect(row('period-goal[trial,A]')).toEqual({
      entries: ['1 u[trial,A]', `-1 t[A,${M1}]`, `-1 t[A,${T1}]`, `-1 t[A,${M2}]`],
      lower: -Infinity,
      upper: 0,
    });
    expect(row('period-cap[dec,B]')).toEqual({ entries: [`1 t[B,${T1}]`, `1 t[B,${M2}]`], lower: -Infinity, upper: 1 });
    expect(row(`licences[${M2}]`).entries).toEqual([`1 t[A,${M2}]`, `1 t[B,${M2}]`]); // cowork needs a licence
    expect(row(`desks[kita,${T1}]`)).toEqual({ entries: [`1 t[B,${T1}]`], lower: -Infinity, upper: 0 });
  });

  test('empty places and periods build the model of a problem without them', () => {
    const plain: Problem = { ...HAND, weeks: undefined, places: undefined, periods: undefined };
    const stripped = (p: Problem) => ({
      ...p,
      staff: p.staff.map((s) => ({ ...s, possible: undefined, requests: s.requests.map(({ day, weight }) => ({ day, weight })) })),
    });
    expect(buildNaturalModel({ ...stripped(plain), places: [], periods: [] })).toEqual(buildNaturalModel(stripped(plain)));
  });
});

describe('natural model with weeks, periods and places: hand-computed optima', () => {
  beforeAll(async () => {
    await loadHighsOnce();
  });

  const week = (day: string) => [day];
  /** A goal of 2 days over two weeks of one day, and one person. */
  const twoWeeks = (period: Partial<Period>, one: Staff) =>
    base({
      days: [M1, M2],
      weeks: [week(M1), week(M2)],
      periods: [{ id: 'trial', from: M1, to: M2, minDays: 2, ...period }],
      staff: [one],
    });
  const base = (parts: Partial<Problem> & Pick<Problem, 'staff' | 'days'>): Problem => ({
    format: PROBLEM_FORMAT,
    name: 'hand-made',
    policy: { maxTeleworkDays: 1, spreadBonus: [5] },
    divisions: [{ id: 'd1', name: '住民課' }],
    counters: [],
    ...parts,
  });
  const CASES: { name: string; why: string; problem: Problem; objective: number }[] = [
    {
      name: 'places, desks and licences',
      why: 'see HAND above',
      problem: HAND,
      objective: 4032,
    },
    {
      name: 'a goal pays for a turn day on any day',
      why: 'A asks for week 1 (10 + 5) and takes week 2 as a turn (−6 + 5); the goal counts 2 × 1000',
      problem: twoWeeks({ turnDays: 'any' }, person('A', { requests: [{ day: M1, weight: 10 }] })),
      objective: 10 + 5 - 6 + 5 + 2000,
    },
    {
      name: 'days done reach the goal: no turn',
      why: 'with one day done, week 1 alone reaches the goal (10 + 5 + 2000); a turn would add −1',
      problem: twoWeeks({ turnDays: 'any', done: { A: 1 } }, person('A', { requests: [{ day: M1, weight: 10 }] })),
      objective: 10 + 5 + 2000,
    },
    {
      name: 'turnDays "requested" opens nothing',
      why: 'only week 1 is requested: 10 + 5 + 1000 for one day of the goal',
      problem: twoWeeks({ turnDays: 'requested' }, person('A', { requests: [{ day: M1, weight: 10 }], possible: [{ day: M2 }] })),
      objective: 10 + 5 + 1000,
    },
    {
      name: 'a cap that cuts a week',
      why: 'max 2 a week; the cap over T1 and M2 allows one of them: M1 10 + M2 30, each first in its week (+5 + 5)',
      problem: base({
        days: [M1, T1, M2],
        weeks: [[M1, T1], week(M2)],
        policy: { maxTeleworkDays: 2, spreadBonus: [5] },
        periods: [{ id: 'dec', from: T1, to: '2026-12-31', maxDays: 1 }],
        staff: [
          person('A', {
            requests: [
              { day: M1, weight: 10 },
              { day: T1, weight: 20 },
              { day: M2, weight: 30 },
            ],
          }),
        ],
      }),
      objective: 10 + 30 + 5 + 5,
    },
  ];

  test.each(CASES)('$name: HiGHS and javascript-lp-solver find $objective ($why)', async ({ problem: p, objective }) => {
    for (const solved of [await solveWithHighs(p), solveWithJslp(p)]) {
      expect([solved.status, solved.roster.objective]).toEqual(['optimal', objective]);
      expect(solved.objective).toBeCloseTo(objective, 6);
      expect(checkRoster(p, solved.roster).violations).toEqual([]);
    }
  });

  test('the roster names the place of a day away from home, and lists who is below a goal', async () => {
    const { roster } = await solveWithHighs(HAND);
    expect(roster.assignments.filter((a) => a.mode === 'telework')).toEqual([
      { staff: 'A', day: M1, mode: 'telework', place: 'kita' },
      { staff: 'B', day: M1, mode: 'telework' },
      { staff: 'B', day: M2, mode: 'telework' },
    ]);
    expect(roster.turnsShort).toEqual([]);
    const short = await solveWithHighs(CASES[3].problem);
    expect(short.roster.turnsShort).toEqual([{ period: 'trial', staff: 'A', days: 1, minDays: 2 }]);
  });
});

describe('HiGHS on generated problems with the extension, judged by the independent checker', () => {
  const seeds = Array.from({ length: 100 }, (_, i) => i + 1);
  test.each(seeds)('seed %i', async (seed) => {
    const p = extensionProblem(seed);
    const solved = await solveWithHighs(p);
    expect(solved.status).toBe('optimal');
    const report = checkRoster(p, solved.roster);
    expect(report.violations).toEqual([]);
    expect(report.objective).toBe(solved.roster.objective);
    expect(solved.objective).toBeCloseTo(report.objective, 6);
  });
});

describe('HiGHS against exhaustive search on tiny problems with the extension', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
  test.each(seeds)('seed %i', async (seed) => {
    const p = tinyExtensionProblem(seed);
    const best = bruteForceByChecker(p);
    const solved = await solveWithHighs(p);
    expect(solved.status).toBe('optimal');
    expect(solved.roster.objective).toBe(best);
    expect(solved.objective).toBeCloseTo(best!, 6);
  });
});

describe('the generated problems with the extension', () => {
  const problems = Array.from({ length: 100 }, (_, i) => extensionProblem(i + 1));

  test('are deterministic in their seed and shape', () => {
    expect(extensionProblem(7)).toEqual(problems[6]);
    expect(tinyExtensionProblem(7)).toEqual(tinyExtensionProblem(7));
    expect(extensionProblem(8)).not.toEqual(problems[6]);
    const tiny = tinyExtensionProblem(3);
    expect([tiny.weeks!.map((w) => w.length), tiny.staff.length <= 3]).toEqual([[2, 2], true]);
  });

  test.each(problems.map((p, i) => [i + 1, p] as const))('seed %i is valid by construction', (_seed, p) => {
    expect(p.weeks!.flat()).toEqual(p.days);
    expect([p.weeks!.length >= 2 && p.weeks!.length <= 3, p.staff.length >= 4 && p.staff.length <= 15]).toEqual([true, true]);
    const weekOf = (d: number) => p.weeks!.findIndex((w) => w.includes(p.days[d]));
    const spans = (p.periods ?? [])
      .filter((q) => (q.minDays ?? 0) > 0)
      .map((q) => {
        const inside = p.days.flatMap((day, d) => (day >= q.from && day <= q.to ? [d] : []));
        return [inside[0], inside[inside.length - 1]];
      });
    expect(spans.length).toBeGreaterThan(0);
    for (const [a, b] of spans) {
      const wholeWeeks = (a === 0 || weekOf(a - 1) !== weekOf(a)) && (b === p.days.length - 1 || weekOf(b + 1) !== weekOf(b));
      expect(wholeWeeks || weekOf(a) === weekOf(b)).toBe(true); // goals never cut a week
      for (const [c, e] of spans) expect(b < c || e < a || (a <= c && e <= b) || (c <= a && b <= e)).toBe(true);
    }
    for (const s of p.staff) {
      const possible = (s.possible ?? []).map((x) => x.day);
      expect(new Set(possible).size).toBe(possible.length);
      expect(possible.filter((day) => s.requests.some((r) => r.day === day))).toEqual([]);
    }
    // Pinned telework alone keeps every limit: the roster of pins only breaks no rule of a decision.
    const assignments = p.staff.flatMap((s) =>
      p.days.map((day) => ({
        staff: s.id,
        day,
        mode: s.absent.includes(day) ? ('absent' as const) : s.pinned?.[day] === 'telework' ? ('telework' as const) : ('office' as const),
      })),
    );
    const report = checkRoster(p, {
      format: 'rotation-roster/1',
      problem: p.name,
      status: 'feasible',
      objective: 0,
      assignments,
      shortfalls: [],
    });
    const decisions = [
      'absent',
      'can-telework',
      'requested-only',
      'pins',
      'max-telework-days',
      'licences',
      'terminals',
      'desks',
      'period-cap',
    ];
    expect(report.violations.filter((v) => decisions.includes(v.rule))).toEqual([]);
  });

  test('cover what the extension adds', () => {
    const all = <T>(pick: (p: Problem) => T[]) => problems.flatMap(pick);
    const periods = all((p) => [...(p.periods ?? [])]);
    const cutsWeek = problems.some((p) =>
      (p.periods ?? []).some(
        (q) =>
          p.weeks!.some((w) => w.some((day) => day >= q.from && day <= q.to) && w.some((day) => day < q.from || day > q.to)) &&
          q.minDays === undefined,
      ),
    );
    expect({
      twoPlaces: problems.some((p) => p.places?.length === 2 && p.places.some((x) => x.licence)),
      requestsAtPlaces: all((p) => p.staff.flatMap((s) => s.requests)).some((r) => r.place !== undefined && r.place !== 'home'),
      possibleDays: all((p) => p.staff.flatMap((s) => s.possible ?? [])).length > 0,
      turnDays: new Set(periods.map((q) => q.turnDays)).size,
      capsCuttingWeeks: cutsWeek,
      done: periods.some((q) => q.done !== undefined),
      reachingBeyond: problems.some((p) => (p.periods ?? []).some((q) => q.from < p.days[0] || q.to > p.days[p.days.length - 1])),
      teleworkPins: problems.some((p) => p.staff.some((s) => Object.values(s.pinned ?? {}).includes('telework'))),
      crossQualified: problems.some((p) => p.staff.some((s) => s.counters.some((c) => !c.startsWith(`c${s.division.slice(1)}-`)))),
    }).toEqual({
      twoPlaces: true,
      requestsAtPlaces: true,
      possibleDays: true,
      turnDays: 4, // requested, possible, any, and the default
      capsCuttingWeeks: true,
      done: true,
      reachingBeyond: true,
      teleworkPins: true,
      crossQualified: true,
    });
  });
});
