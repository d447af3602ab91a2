import { checkRoster, type CheckReport } from '../../src/engine/check';
import type { Assignment, Mode, Problem, Roster, Shortfall, TurnShort } from '../../src/domain/rotation';
import { RULE_IDS, type RuleId } from '../../src/domain/rules';

/*
 * A small town hall, three days.
 *
 *   zeimu (税務課, 1 terminal):  counters kazei (min 1 every day), shuno (min 1 on D1, 0 on D2, 2 on D3)
 *   fukushi (福祉課, unlimited): counter kaigo (min 1 every day)
 *   licences: 2 on D1, 1 on D2, D3 not named = unlimited; policy max 1 day; spreadBonus [20, 10]; penalty 1000
 *
 *   a1 zeimu   kazei shuno        requests D1 30, D3 20; pinned office on D2
 *   a2 zeimu   kazei shuno        requests D2 50, D3 40; absent D1; caregiver: max 2 days
 *   a3 zeimu   kazei shuno kaigo  cannot telework (counter clerk)
 *   b1 fukushi kaigo              requests D1 10; pinned telework on D3 (not requested)
 *   b2 fukushi kaigo shuno        requests D1 5, D2 7
 *   b3 fukushi kaigo              cannot telework (nursery teacher); absent D2
 */
const D1 = '2026-11-24';
const D2 = '2026-11-25';
const D3 = '2026-11-26';

function makeProblem(): Problem {
  return {
    format: 'rotation-problem/1',
    name: 'test-town 2026-W48',
    days: [D1, D2, D3],
    policy: { maxTeleworkDays: 1, licencesPerDay: { [D1]: 2, [D2]: 1 }, spreadBonus: [20, 10], shortfallPenalty: 1000 },
    divisions: [
      { id: 'zeimu', name: '税務課', terminals: 1 },
      { id: 'fukushi', name: '福祉課' },
    ],
    counters: [
      { id: 'kazei', division: 'zeimu', name: '課税窓口', min: 1 },
      { id: 'shuno', division: 'zeimu', name: '収納窓口', min: { [D1]: 1, [D3]: 2 } },
      { id: 'kaigo', division: 'fukushi', name: '介護保険窓口', min: 1 },
    ],
    staff: [
      {
        id: 'a1',
        division: 'zeimu',
        name: '山田 花子',
        canTelework: true,
        counters: ['kazei', 'shuno'],
        requests: [
          { day: D1, weight: 30 },
          { day: D3, weight: 20 },
        ],
        absent: [],
        pinned: { [D2]: 'office' },
      },
      {
        id: 'a2',
        division: 'zeimu',
        name: '佐藤 太郎',
        canTelework: true,
        maxTeleworkDays: 2,
        counters: ['kazei', 'shuno'],
        requests: [
          { day: D2, weight: 50 },
          { day: D3, weight: 40 },
        ],
        absent: [D1],
      },
      {
        id: 'a3',
        division: 'zeimu',
        name: '鈴木 一郎',
        canTelework: false,
        counters: ['kazei', 'shuno', 'kaigo'],
        requests: [],
        absent: [],
      },
      {
        id: 'b1',
        division: 'fukushi',
        name: '高橋 美咲',
        canTelework: true,
        counters: ['kaigo'],
        requests: [{ day: D1, weight: 10 }],
        absent: [],
        pinned: { [D3]: 'telework' },
      },
      {
        id: 'b2',
        division: 'fukushi',
        name: '田中 健',
        canTelework: true,
        counters: ['kaigo', 'shuno'],
        requests: [
          { day: D1, weight: 5 },
          { day: D2, weight: 7 },
        ],
        absent: [],
      },
      { id: 'b3', division: 'fukushi', name: '伊藤 さくら', canTelework: false, counters: ['kaigo'], requests: [], absent: [D2] },
    ],
  };
}

/*
 * The hand-made correct roster (T = telework, A = absent, O = office [counter]):
 *
 *        D1           D2           D3
 *   a1   T (req 30)   O kazei      O kazei
 *   a2   A            T (req 50)   T (req 40)
 *   a3   O kazei      O            O shuno
 *   b1   O kaigo      O kaigo      T (pinned, weight 0)
 *   b2   O shuno      O            O kaigo
 *   b3   O            A            O
 *
 * Licences: D1 1 ≤ 2, D2 1 ≤ 1, D3 2 (unlimited). zeimu terminals: 1 each day.
 * Counters: all covered except shuno on D3: min 2, 1 assigned → shortfall 1.
 *
 * objective = granted 30 + 50 + 40                     = 120
 *           + spread a1 20 + a2 (20+10) + b1 20         =  70
 *           − 1000 × 1 missing                          = −1000
 *           = −810
 * granted 3 requests out of 7 requested.
 */
const OBJECTIVE = -810;

type Entry = [staff: string, day: string, mode: Mode, counter?: string];
const ENTRIES: Entry[] = [
  ['a1', D1, 'telework'],
  ['a1', D2, 'office', 'kazei'],
  ['a1', D3, 'office', 'kazei'],
  ['a2', D1, 'absent'],
  ['a2', D2, 'telework'],
  ['a2', D3, 'telework'],
  ['a3', D1, 'office', 'kazei'],
  ['a3', D2, 'office'],
  ['a3', D3, 'office', 'shuno'],
  ['b1', D1, 'office', 'kaigo'],
  ['b1', D2, 'office', 'kaigo'],
  ['b1', D3, 'telework'],
  ['b2', D1, 'office', 'shuno'],
  ['b2', D2, 'office'],
  ['b2', D3, 'office', 'kaigo'],
  ['b3', D1, 'office'],
  ['b3', D2, 'absent'],
  ['b3', D3, 'office'],
];

interface Draft {
  objective: number;
  assignments: Assignment[];
  shortfalls: Shortfall[];
  turnsShort?: TurnShort[];
}

function makeRoster(): Draft {
  return {
    objective: OBJECTIVE,
    assignments: ENTRIES.map(([staff, day, mode, counter]) => (counter ? { staff, day, mode, counter } : { staff, day, mode })),
    shortfalls: [{ counter: 'shuno', day: D3, missing: 1 }],
  };
}

function toRoster(draft: Draft): Roster {
  return { format: 'rotation-roster/1', problem: 'test-town 2026-W48', status: 'feasible', ...draft };
}

/** Replaces the entry of a person-day. */
function put(draft: Draft, staff: string, day: string, mode: Mode, counter?: string): void {
  replace(draft, counter === undefined ? { staff, day, mode } : { staff, day, mode, counter });
}

function replace(draft: Draft, entry: Assignment): void {
  const i = draft.assignments.findIndex((a) => a.staff === entry.staff && a.day === entry.day);
  if (i < 0) throw new Error(`no entry ${entry.staff} ${entry.day}`);
  draft.assignments[i] = entry;
}

function check(draft: Draft, problem: Problem = makeProblem()): CheckReport {
  return checkRoster(problem, toRoster(draft));
}

function rulesOf(report: CheckReport): RuleId[] {
  return [...new Set(report.violations.map((v) => v.rule))].sort();
}

/** The rule is reported, and nothing outside `alsoExpected` is. */
function expectOnly(report: CheckReport, rule: RuleId, alsoExpected: RuleId[] = []): void {
  expect(report.ok).toBe(false);
  expect(report.violations.some((v) => v.rule === rule)).toBe(true);
  expect(rulesOf(report)).toEqual([...new Set([rule, ...alsoExpected])].sort());
  for (const v of report.violations) {
    expect(v.message.length).toBeGreaterThan(0);
    expect(v.messageJa).toMatch(/[ぁ-んァ-ン一-龯]/);
  }
}

/*
 * The extension (docs/format-periods.md): two weeks of two days, places, periods.
 *
 *   weeks [M1 T1] [M2 T2]; policy max 1 a week, 2 licences a day, spreadBonus [20, 10], penalty 1000
 *   places: kita (北支所, internal network, 1 desk every day), cowork (licence: true, 1 desk on T1 only)
 *   jumin (住民課, 1 terminal): counter madoguchi (min 1 every day); zeimu (税務課, unlimited)
 *   periods: trial   M1 … T2, jumin, goal 2 days, turns on possible days, turnWeight 1000 (default)
 *            2026-12 12-01 … 12-31 (cuts week 1), cap 2 days, j1 has done 1
 *            w50     M2 only, zeimu, goal 1 day, turns on any day, turnWeight 500
 *
 *   j1 jumin madoguchi  requests M1 30 at kita, M2 20 (home)
 *   j2 jumin madoguchi  requests T1 40 at cowork; possible M2 at kita
 *   j3 jumin madoguchi  cannot telework
 *   z1 zeimu            requests T2 10; possible T1 (no period of zeimu with a goal on T1)
 *   z2 zeimu            requests M1 5 at home; pinned office on M2
 */
const M1 = '2026-11-30';
const T1 = '2026-12-01';
const M2 = '2026-12-07';
const T2 = '2026-12-08';

function makePeriodProblem(): Problem {
  const person = (id: string, division: string, extra: Partial<Problem['staff'][number]>) => ({
    id,
    division,
    name: `職員 ${id}`,
    canTelework: true,
    counters: [],
    requests: [],
    absent: [],
    ...extra,
  });
  return {
    format: 'rotation-problem/1',
    name: 'jumin trial 2026-W49..W50',
    days: [M1, T1, M2, T2],
    weeks: [
      [M1, T1],
      [M2, T2],
    ],
    policy: { maxTeleworkDays: 1, licencesPerDay: 2, spreadBonus: [20, 10], shortfallPenalty: 1000 },
    places: [
      { id: 'kita', name: '北支所サテライト', desks: 1 },
      { id: 'cowork', name: '駅前コワーキング', desks: { [T1]: 1 }, licence: true },
    ],
    periods: [
      { id: 'trial', name: '試行期間', from: M1, to: T2, divisions: ['jumin'], minDays: 2, turnDays: 'possible' },
      { id: '2026-12', name: '12月', from: '2026-12-01', to: '2026-12-31', maxDays: 2, done: { j1: 1 } },
      { id: 'w50', from: M2, to: M2, divisions: ['zeimu'], minDays: 1, turnDays: 'any', turnWeight: 500 },
    ],
    divisions: [
      { id: 'jumin', name: '住民課', terminals: 1 },
      { id: 'zeimu', name: '税務課' },
    ],
    counters: [{ id: 'madoguchi', division: 'jumin', name: '住民窓口', min: 1 }],
    staff: [
      person('j1', 'jumin', {
        counters: ['madoguchi'],
        requests: [
          { day: M1, weight: 30, place: 'kita' },
          { day: M2, weight: 20 },
        ],
      }),
      person('j2', 'jumin', {
        counters: ['madoguchi'],
        requests: [{ day: T1, weight: 40, place: 'cowork' }],
        possible: [{ day: M2, place: 'kita' }],
      }),
      person('j3', 'jumin', { canTelework: false, counters: ['madoguchi'] }),
      person('z1', 'zeimu', { requests: [{ day: T2, weight: 10 }], possible: [{ day: T1 }] }),
      person('z2', 'zeimu', { requests: [{ day: M1, weight: 5, place: 'home' }], pinned: { [M2]: 'office' } }),
    ],
  };
}

/*
 * A correct roster (T = telework, O = office; j3 staffs madoguchi every day):
 *
 *        M1          T1            M2                 T2
 *   j1   T kita 30   O             T home 20          O
 *   j2   O           T cowork 40   T kita (turn −21)  O
 *   z1   O           O             T home (turn −21)  O
 *   z2   T home 5    O             O (pinned)         O
 *
 * Licences (home and cowork only): M1 1, T1 1, M2 2, T2 0. jumin's terminal: T1 j2, M2 j1 (kita counts for
 * neither). Desks: kita M1 j1, M2 j2; cowork T1 j2. Cap of 2026-12 (T1 … T2): j1 1 ≤ 2 − 1, j2 2 ≤ 2, z1 1.
 * Goals: trial j1 2, j2 2 (both reached); w50 z1 1 (reached), z2 0: the one below a goal.
 *
 * objective = requests 30 + 20 + 40 + 5                         =   95
 *           + turn days j2 M2, z1 M2: 2 × −(20 + 1)            =  −42
 *           + spread: six person-weeks of one day, 6 × 20       =  120
 *           + goals 1000 × (2 + 2) + 500 × (1 + 0)              = 4500
 *           = 4673
 */
const PERIOD_OBJECTIVE = 4673;
const Z2_SHORT: TurnShort = { period: 'w50', staff: 'z2', days: 0, minDays: 1 };

function makePeriodRoster(): Draft {
  const office = (staff: string, day: string, counter?: string): Assignment =>
    counter ? { staff, day, mode: 'office', counter } : { staff, day, mode: 'office' };
  const telework = (staff: string, day: string, place?: string): Assignment =>
    place ? { staff, day, mode: 'telework', place } : { staff, day, mode: 'telework' };
  return {
    objective: PERIOD_OBJECTIVE,
    assignments: [
      telework('j1', M1, 'kita'),
      office('j1', T1),
      telework('j1', M2),
      office('j1', T2),
      office('j2', M1),
      telework('j2', T1, 'cowork'),
      telework('j2', M2, 'kita'),
      office('j2', T2),
      ...[M1, T1, M2, T2].map((day) => office('j3', day, 'madoguchi')),
      office('z1', M1),
      office('z1', T1),
      telework('z1', M2),
      office('z1', T2),
      telework('z2', M1),
      office('z2', T1),
      office('z2', M2),
      office('z2', T2),
    ],
    shortfalls: [],
    turnsShort: [Z2_SHORT],
  };
}

function checkPeriods(draft: Draft, problem: Problem = makePeriodProblem()): CheckReport {
  return checkRoster(problem, toRoster(draft));
}

/** The problem with one of its periods changed. */
function withPeriod(id: string, change: Partial<NonNullable<Problem['periods']>[number]>): Problem {
  const problem = makePeriodProblem();
  return { ...problem, periods: problem.periods!.map((p) => (p.id === id ? { ...p, ...change } : p)) };
}

describe('checkRoster on the hand-made roster', () => {
  it('accepts the correct roster and recomputes its objective', () => {
    const report = check(makeRoster());
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.objective).toBe(OBJECTIVE);
    expect(report.objectiveExact).toBe('-810');
    expect(report.granted).toBe(3);
    expect(report.requested).toBe(7);
    expect(report.shortfall).toBe(1);
  });

  it('accepts the entries in any order', () => {
    const draft = makeRoster();
    draft.assignments.reverse();
    expect(check(draft).ok).toBe(true);
  });

  it('uses the default penalty of 100000 when the policy has none', () => {
    const problem = makeProblem();
    const { shortfallPenalty: _, ...policy } = problem.policy;
    const draft = makeRoster();
    draft.objective = 120 + 70 - 100000;
    const report = check(draft, { ...problem, policy });
    expect(report.violations).toEqual([]);
    expect(report.objective).toBe(-99810);
  });

  it('has a test below for every rule id except status', () => {
    // keeps this file honest when a rule is added to rules.ts
    expect(RULE_IDS.filter((id) => !TESTED.includes(id))).toEqual([]);
  });
});

const TESTED: RuleId[] = [];
function ruleTest(rule: RuleId, body: () => void): void {
  TESTED.push(rule);
  describe(`rule ${rule}`, body);
}

ruleTest('one-entry-per-day', () => {
  it('reports a missing person-day', () => {
    const draft = makeRoster();
    draft.assignments = draft.assignments.filter((a) => !(a.staff === 'b3' && a.day === D1));
    const report = check(draft);
    expectOnly(report, 'one-entry-per-day');
    expect(report.violations[0]).toMatchObject({ staff: 'b3', day: D1 });
    expect(report.violations[0].message).toContain('伊藤 さくら');
  });

  it('reports a duplicate once per person-day', () => {
    const draft = makeRoster();
    draft.assignments.push({ staff: 'a3', day: D2, mode: 'office' }, { staff: 'a3', day: D2, mode: 'office' });
    const report = check(draft);
    expectOnly(report, 'one-entry-per-day');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0].message).toContain('3 entries');
  });

  it('reports unknown staff and unknown days, grouped, without judging them further', () => {
    const draft = makeRoster();
    draft.assignments.push(
      { staff: 'zz', day: D1, mode: 'telework' },
      { staff: 'zz', day: D2, mode: 'telework' },
      { staff: 'a1', day: '2026-11-29', mode: 'telework' },
      { staff: 'a3', day: '2026-11-29', mode: 'office', counter: 'nope' },
    );
    const report = check(draft);
    expectOnly(report, 'one-entry-per-day');
    expect(report.violations).toHaveLength(2);
    expect(report.violations).toEqual(
      expect.arrayContaining([expect.objectContaining({ staff: 'zz' }), expect.objectContaining({ day: '2026-11-29' })]),
    );
  });

  it('reports a mode that is not one of the three', () => {
    const draft = makeRoster();
    draft.assignments[draft.assignments.findIndex((a) => a.staff === 'b3' && a.day === D1)] = {
      staff: 'b3',
      day: D1,
      mode: 'remote' as Mode,
    };
    expectOnly(check(draft), 'one-entry-per-day');
  });
});

ruleTest('absent', () => {
  it('reports someone working on a leave day', () => {
    const draft = makeRoster();
    put(draft, 'b3', D2, 'office');
    const report = check(draft);
    expectOnly(report, 'absent');
    expect(report.violations[0]).toMatchObject({ staff: 'b3', day: D2 });
  });

  it('reports someone marked absent on a working day', () => {
    const draft = makeRoster();
    put(draft, 'b3', D1, 'absent');
    expectOnly(check(draft), 'absent');
  });
});

ruleTest('can-telework', () => {
  it('reports telework for a role that cannot telework', () => {
    // b3 teleworks on D1: a non-teleworker without a request is also off-request
    const draft = makeRoster();
    put(draft, 'b3', D1, 'telework');
    draft.objective = OBJECTIVE + 20; // spread bonus of one day
    expectOnly(check(draft), 'can-telework', ['requested-only']);
  });

  it('reports it alone when the non-teleworker did request the day', () => {
    const problem = makeProblem();
    const staff = problem.staff.map((s) => (s.id === 'b3' ? { ...s, requests: [{ day: D1, weight: 0 }] } : s));
    const draft = makeRoster();
    put(draft, 'b3', D1, 'telework');
    draft.objective = OBJECTIVE + 20;
    const report = check(draft, { ...problem, staff });
    expectOnly(report, 'can-telework');
    expect(report.violations[0]).toMatchObject({ staff: 'b3', day: D1 });
  });
});

ruleTest('requested-only', () => {
  it('reports telework on a day neither requested nor pinned', () => {
    // b2 teleworks on D3 (not requested); b3 takes over kaigo
    const draft = makeRoster();
    put(draft, 'b2', D3, 'telework');
    put(draft, 'b3', D3, 'office', 'kaigo');
    draft.objective = OBJECTIVE + 20;
    const report = check(draft);
    expectOnly(report, 'requested-only');
    expect(report.violations[0]).toMatchObject({ staff: 'b2', day: D3 });
  });
});

ruleTest('pins', () => {
  it('reports a pinned telework day spent in the office', () => {
    const draft = makeRoster();
    put(draft, 'b1', D3, 'office');
    draft.objective = OBJECTIVE - 20; // b1 loses the spread bonus
    const report = check(draft);
    expectOnly(report, 'pins');
    expect(report.violations[0]).toMatchObject({ staff: 'b1', day: D3 });
  });

  it('reports a pinned office day spent teleworking', () => {
    // a1 teleworks on its office-pinned D2 instead of D1 (D2 is not requested either)
    const draft = makeRoster();
    put(draft, 'a1', D1, 'office');
    put(draft, 'a1', D2, 'telework');
    put(draft, 'a2', D2, 'office', 'kazei');
    draft.objective = OBJECTIVE - 30 - 50 - 10; // a1 loses 30, a2 loses 50 and its second-day bonus
    expectOnly(check(draft), 'pins', ['requested-only']);
  });
});

ruleTest('max-telework-days', () => {
  it('reports a person beyond the policy maximum', () => {
    // b1 also teleworks on requested D1; b3 takes over kaigo; licences on D1: 2 ≤ 2
    const draft = makeRoster();
    put(draft, 'b1', D1, 'telework');
    put(draft, 'b3', D1, 'office', 'kaigo');
    draft.objective = OBJECTIVE + 10 + 10; // weight 10 + second-day bonus 10
    const report = check(draft);
    expectOnly(report, 'max-telework-days');
    expect(report.violations[0]).toMatchObject({ staff: 'b1' });
    expect(report.violations[0].message).toContain('2 days');
  });

  it('applies the personal maximum of a caregiver instead of the policy', () => {
    const problem = makeProblem();
    const staff = problem.staff.map((s) => (s.id === 'a2' ? { ...s, maxTeleworkDays: undefined } : s));
    const report = check(makeRoster(), { ...problem, staff });
    expectOnly(report, 'max-telework-days');
    expect(report.violations[0]).toMatchObject({ staff: 'a2' });
  });
});

ruleTest('licences', () => {
  it('reports a day beyond its licences', () => {
    const draft = makeRoster();
    put(draft, 'b2', D2, 'telework');
    draft.objective = OBJECTIVE + 7 + 20;
    const report = check(draft);
    expectOnly(report, 'licences');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ day: D2 });
    expect(report.violations[0].message).toBe(`${D2}: 2 staff telework but licencesPerDay is 1`);
  });

  it('reads a number as every day, and an absent policy as unlimited', () => {
    const problem = makeProblem();
    const every = check(makeRoster(), { ...problem, policy: { ...problem.policy, licencesPerDay: 1 } });
    expectOnly(every, 'licences');
    expect(every.violations.map((v) => v.day)).toEqual([D3]); // a2 and b1
    const { licencesPerDay: _, ...unlimited } = problem.policy;
    expect(check(makeRoster(), { ...problem, policy: unlimited }).ok).toBe(true);
  });
});

ruleTest('terminals', () => {
  it('reports a division beyond its terminals', () => {
    // a1 moves its telework to D3 (next to a2); counters on D3 reshuffled to stay as covered as before
    const draft = makeRoster();
    put(draft, 'a1', D1, 'office');
    put(draft, 'a1', D3, 'telework');
    put(draft, 'a3', D3, 'office', 'kazei');
    put(draft, 'b2', D3, 'office', 'shuno');
    put(draft, 'b3', D3, 'office', 'kaigo');
    draft.objective = OBJECTIVE - 30 + 20;
    const report = check(draft);
    expectOnly(report, 'terminals');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ day: D3, division: 'zeimu' });
  });
});

ruleTest('qualified-counter', () => {
  it('reports a counter the person is not qualified for', () => {
    const draft = makeRoster();
    put(draft, 'b3', D1, 'office', 'shuno');
    const report = check(draft);
    expectOnly(report, 'qualified-counter');
    expect(report.violations[0]).toMatchObject({ staff: 'b3', day: D1, counter: 'shuno' });
  });

  it('reports a counter that does not exist', () => {
    const draft = makeRoster();
    put(draft, 'b3', D1, 'office', 'nope');
    expectOnly(check(draft), 'qualified-counter');
  });

  it('reports a counter on a telework entry', () => {
    const draft = makeRoster();
    put(draft, 'a1', D1, 'telework', 'kazei');
    expectOnly(check(draft), 'qualified-counter');
  });
});

ruleTest('counter-minimum', () => {
  it('reports an uncovered counter-day (the missing shortfall is then also a shortfalls violation)', () => {
    const draft = makeRoster();
    put(draft, 'b2', D1, 'office');
    const report = check(draft);
    expectOnly(report, 'counter-minimum', ['shortfalls']);
    expect(report.violations.find((v) => v.rule === 'counter-minimum')).toMatchObject({ counter: 'shuno', day: D1 });
    expect(report.shortfall).toBe(2);
    expect(report.objective).toBe(OBJECTIVE - 1000);
  });

  it('accepts the same roster once the shortfall is listed and paid for', () => {
    const draft = makeRoster();
    put(draft, 'b2', D1, 'office');
    draft.shortfalls.push({ counter: 'shuno', day: D1, missing: 1 });
    draft.objective = OBJECTIVE - 1000;
    expect(check(draft).violations).toEqual([]);
  });
});

ruleTest('shortfalls', () => {
  it('reports a shortfall that is not needed', () => {
    const draft = makeRoster();
    draft.shortfalls.push({ counter: 'kazei', day: D1, missing: 1 });
    draft.objective = OBJECTIVE - 1000;
    expectOnly(check(draft), 'shortfalls');
  });

  it('reports more missing than needed', () => {
    const draft = makeRoster();
    draft.shortfalls = [{ counter: 'shuno', day: D3, missing: 2 }];
    draft.objective = OBJECTIVE - 1000;
    expectOnly(check(draft), 'shortfalls');
  });

  it('reports an unlisted shortfall (the counter then also lacks its minimum)', () => {
    const draft = makeRoster();
    draft.shortfalls = [];
    draft.objective = OBJECTIVE + 1000;
    expectOnly(check(draft), 'shortfalls', ['counter-minimum']);
  });

  it('reports unknown counters and days, duplicates and missing 0', () => {
    for (const extra of [
      { counter: 'nope', day: D1, missing: 1 },
      { counter: 'kazei', day: '2026-11-29', missing: 1 },
      { counter: 'shuno', day: D3, missing: 1 },
      { counter: 'kaigo', day: D2, missing: 0 },
    ]) {
      const draft = makeRoster();
      draft.shortfalls.push(extra);
      draft.objective = OBJECTIVE - 1000 * extra.missing;
      expectOnly(check(draft), 'shortfalls');
    }
  });
});

ruleTest('objective', () => {
  it('reports a wrong objective with the expected value', () => {
    const draft = makeRoster();
    draft.objective = OBJECTIVE + 1;
    const report = check(draft);
    expectOnly(report, 'objective');
    expect(report.violations[0].message).toContain('-810');
    expect(report.objective).toBe(OBJECTIVE);
  });

  it('counts pinned telework days in the spread bonus', () => {
    const draft = makeRoster();
    draft.objective = OBJECTIVE - 20; // as if b1's pinned day did not count
    expectOnly(check(draft), 'objective');
  });

  it('is exact beyond 2^53', () => {
    const big = 2 ** 52 + 1;
    const problem: Problem = {
      ...emptyProblem([D1, D2]),
      policy: { maxTeleworkDays: 2, spreadBonus: [1] },
      staff: [
        {
          id: 'x',
          division: 'd',
          name: 'X',
          canTelework: true,
          counters: [],
          requests: [
            { day: D1, weight: big },
            { day: D2, weight: big },
          ],
          absent: [],
        },
      ],
    };
    const exact = 2n * BigInt(big) + 1n; // 2^53 + 3: no double holds it
    const draft: Draft = {
      objective: Number(exact),
      assignments: [
        { staff: 'x', day: D1, mode: 'telework' },
        { staff: 'x', day: D2, mode: 'telework' },
      ],
      shortfalls: [],
    };
    const report = check(draft, problem);
    expect(report.objectiveExact).toBe('9007199254740995');
    expect(report.violations).toEqual([]); // the nearest double is the best JSON can state
    expect(check({ ...draft, objective: Number(exact) - 1024 }, problem).violations.map((v) => v.rule)).toEqual(['objective']);
  });
});

ruleTest('place', () => {
  it('reports a telework entry away from home without its place', () => {
    const draft = makePeriodRoster();
    replace(draft, { staff: 'j1', day: M1, mode: 'telework' });
    const report = checkPeriods(draft);
    expectOnly(report, 'place');
    expect(report.violations[0]).toMatchObject({ staff: 'j1', day: M1, place: 'kita' });
    expect(report.violations[0].message).toBe(
      `${M1}: j1 (職員 j1) teleworks at kita (北支所サテライト) that day, but the entry names no place`,
    );
  });

  it('reports another place than the problem fixes (its desks are counted where the problem puts the day)', () => {
    const draft = makePeriodRoster();
    replace(draft, { staff: 'j2', day: M2, mode: 'telework', place: 'cowork' }); // cowork has no desk on M2
    expectOnly(checkPeriods(draft), 'place');
  });

  it('reports a place on a day at home, even "home"', () => {
    for (const place of ['home', 'kita']) {
      const draft = makePeriodRoster();
      replace(draft, { staff: 'j1', day: M2, mode: 'telework', place });
      expectOnly(checkPeriods(draft), 'place');
    }
  });

  it('reports a place on an office or absent entry', () => {
    const draft = makePeriodRoster();
    replace(draft, { staff: 'j1', day: T1, mode: 'office', place: 'kita' });
    const report = checkPeriods(draft);
    expectOnly(report, 'place');
    expect(report.violations[0].message).toContain('only telework entries name a place');
  });
});

ruleTest('desks', () => {
  it('reports a place-day beyond its desks (a day an object does not name has none)', () => {
    const problem = makePeriodProblem();
    const places = problem.places!.map((pl) => (pl.id === 'kita' ? { ...pl, desks: { [M2]: 1 } } : pl));
    const report = checkPeriods(makePeriodRoster(), { ...problem, places });
    expectOnly(report, 'desks');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ day: M1, place: 'kita' });
    expect(report.violations[0].message).toBe(`${M1}: 1 staff telework at kita (北支所サテライト) but it has 0 desks that day`);
  });

  it('counts every telework day at the place, whoever it is', () => {
    // z1's possible T1 becomes a request at cowork: two people there on T1, one desk
    const problem = makePeriodProblem();
    const staff = problem.staff.map((s) =>
      s.id === 'z1' ? { ...s, requests: [...s.requests, { day: T1, weight: 0, place: 'cowork' }], possible: [] } : s,
    );
    const draft = makePeriodRoster();
    replace(draft, { staff: 'z1', day: T1, mode: 'telework', place: 'cowork' });
    draft.objective += 20; // weight 0, z1's first day of week 1
    const report = checkPeriods(draft, { ...problem, staff, policy: { ...problem.policy, licencesPerDay: 3 } });
    expectOnly(report, 'desks');
    expect(report.violations[0]).toMatchObject({ day: T1, place: 'cowork' });
  });
});

ruleTest('period-cap', () => {
  it('reports a person beyond a cap, days already worked included', () => {
    const report = checkPeriods(makePeriodRoster(), withPeriod('2026-12', { done: { j1: 2 } }));
    expectOnly(report, 'period-cap');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ staff: 'j1', period: '2026-12' });
    expect(report.violations[0].message).toBe(
      'j1 (職員 j1) teleworks 1 days in period 2026-12 (12月), but its cap of 2 days less 2 already worked leaves 0',
    );
  });

  it('leaves nothing, not less, when done exceeds the cap; counts only the days in the period', () => {
    // cap 1: j2 has T1 and M2 in it; j1 (done 5) has M2; z1 has M2; j1's M1 and z2's M1 are before the period
    const report = checkPeriods(makePeriodRoster(), withPeriod('2026-12', { maxDays: 1, done: { j1: 5 } }));
    expectOnly(report, 'period-cap');
    expect(report.violations.map((v) => v.staff)).toEqual(['j1', 'j2']);
  });

  it('applies only to the staff in scope', () => {
    expect(
      checkPeriods(makePeriodRoster(), withPeriod('2026-12', { maxDays: 0, divisions: ['jumin'] })).violations.map((v) => v.staff),
    ).toEqual(['j1', 'j2']);
    const report = checkPeriods(makePeriodRoster(), withPeriod('2026-12', { maxDays: 0, divisions: ['zeimu'] }));
    expectOnly(report, 'period-cap');
    expect(report.violations.map((v) => v.staff)).toEqual(['z1']);
  });
});

ruleTest('turns-short', () => {
  it('reports a missing turnsShort when the problem has goals', () => {
    const draft = makePeriodRoster();
    delete draft.turnsShort;
    expectOnly(checkPeriods(draft), 'turns-short');
  });

  it('reports a person below a goal who is not listed', () => {
    const draft = makePeriodRoster();
    draft.turnsShort = [];
    const report = checkPeriods(draft);
    expectOnly(report, 'turns-short');
    expect(report.violations[0]).toMatchObject({ staff: 'z2', period: 'w50' });
  });

  it('reports wrong days or goal', () => {
    for (const wrong of [{ days: 1 }, { minDays: 2 }]) {
      const draft = makePeriodRoster();
      draft.turnsShort = [{ ...Z2_SHORT, ...wrong }];
      expectOnly(checkPeriods(draft), 'turns-short');
    }
  });

  it('reports someone who reached the goal, someone out of scope, a period without a goal, an unknown person, a repeat', () => {
    const extras: TurnShort[] = [
      { period: 'w50', staff: 'z1', days: 1, minDays: 1 },
      { period: 'trial', staff: 'j3', days: 0, minDays: 2 },
      { period: '2026-12', staff: 'z2', days: 0, minDays: 1 },
      { period: 'w50', staff: 'nobody', days: 0, minDays: 1 },
      Z2_SHORT,
    ];
    for (const extra of extras) {
      const draft = makePeriodRoster();
      draft.turnsShort = [Z2_SHORT, extra];
      const report = checkPeriods(draft);
      expectOnly(report, 'turns-short');
      expect(report.violations).toHaveLength(1);
    }
  });

  it('wants the order of periods, then of staff', () => {
    // a goal of 3 in trial: j1 and j2 (2 days each) fall short too; the goal term stays 2 + 2 days
    const problem = withPeriod('trial', { minDays: 3 });
    const draft = makePeriodRoster();
    const j1: TurnShort = { period: 'trial', staff: 'j1', days: 2, minDays: 3 };
    const j2: TurnShort = { period: 'trial', staff: 'j2', days: 2, minDays: 3 };
    draft.turnsShort = [j1, j2, Z2_SHORT];
    expect(checkPeriods(draft, problem).violations).toEqual([]);
    draft.turnsShort = [j2, j1, Z2_SHORT];
    const report = checkPeriods(draft, problem);
    expectOnly(report, 'turns-short');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0].message).toBe('turnsShort is not in the order of periods, then of staff');
  });

  it('counts days already worked', () => {
    const draft = makePeriodRoster();
    draft.turnsShort = [];
    draft.objective += 500; // z2 reaches the goal of w50 with the day done before
    expect(checkPeriods(draft, withPeriod('w50', { done: { z2: 1 } })).violations).toEqual([]);
  });

  it('without goals, accepts no list or an empty one, and refuses anyone listed', () => {
    expect(check({ ...makeRoster(), turnsShort: [] }).violations).toEqual([]);
    const report = check({ ...makeRoster(), turnsShort: [{ period: 'p', staff: 'a1', days: 0, minDays: 1 }] });
    expectOnly(report, 'turns-short');
    const capOnly = makePeriodProblem();
    const periods = capOnly.periods!.filter((p) => p.id === '2026-12');
    const draft = makePeriodRoster();
    delete draft.turnsShort;
    draft.objective = 95 + 120; // no goals: j2's and z1's M2 are no turn days (weight 0), both off-request
    const noGoals = checkPeriods(draft, { ...capOnly, periods });
    expectOnly(noGoals, 'requested-only');
    expect(noGoals.violations.map((v) => v.message)).toEqual([
      `${M2}: j2 (職員 j2) teleworks on a day neither requested nor pinned to telework`,
      `${M2}: z1 (職員 z1) teleworks on a day neither requested nor pinned to telework`,
    ]);
  });
});

describe('the extension: weeks, turn days, licences and the objective', () => {
  it('accepts the correct roster and recomputes its objective', () => {
    const report = checkPeriods(makePeriodRoster());
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ ok: true, objective: PERIOD_OBJECTIVE, objectiveExact: '4673', granted: 4, requested: 5, shortfall: 0 });
  });

  it('reads `weeks` holding one week as no `weeks`: the same reports', () => {
    const oneWeek = { ...makeProblem(), weeks: [[D1, D2, D3]] };
    const drafts = [makeRoster(), { ...makeRoster(), objective: OBJECTIVE + 1 }];
    const twice = makeRoster();
    put(twice, 'b1', D1, 'telework'); // two days for b1 (max 1)
    put(twice, 'b3', D1, 'office', 'kaigo');
    drafts.push(twice);
    for (const draft of drafts) expect(check(draft, oneWeek)).toEqual(check(draft));
    expect(check(twice, oneWeek).violations.map((v) => v.message)).toEqual([
      'b1 (高橋 美咲) teleworks 2 days but the policy maximum is 1',
      expect.any(String),
    ]);
  });

  it('bounds telework days by the maximum in each week', () => {
    const draft = makePeriodRoster();
    replace(draft, { staff: 'z1', day: T2, mode: 'telework' });
    draft.objective += 10 + 10; // request 10, second day of week 2
    const report = checkPeriods(draft);
    expectOnly(report, 'max-telework-days');
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0].message).toBe(`z1 (職員 z1) teleworks 2 days in week 2 (${M2} … ${T2}) but the policy maximum is 1`);
    expect(report.violations[0].messageJa).toContain('第2週');
  });

  it('counts the spread bonus per person and week', () => {
    const draft = makePeriodRoster();
    draft.objective -= 2 * 10; // as if j1's and j2's second days were second in one week
    const report = checkPeriods(draft);
    expectOnly(report, 'objective');
    expect(report.objective).toBe(PERIOD_OBJECTIVE);
    expect(report.violations[0].message).toContain('(requests 95 + turn days -42 + spread 120 + goals 4500 − 1000 × 0 missing)');
  });

  it('opens turn days only on days of a goal that applies to the person', () => {
    // z1's possible T1 is in no period of zeimu with a goal
    const draft = makePeriodRoster();
    replace(draft, { staff: 'z1', day: T1, mode: 'telework' });
    draft.objective += 20; // weight 0, first day of week 1
    const report = checkPeriods(draft);
    expectOnly(report, 'requested-only');
    expect(report.violations[0]).toMatchObject({ staff: 'z1', day: T1 });
    expect(report.violations[0].message).toBe(
      `${T1}: z1 (職員 z1) teleworks on a day neither requested, pinned to telework nor a turn day of a period's goal`,
    );
  });

  it('opens no turn days with turnDays "requested", and no turn day weight then', () => {
    const draft = makePeriodRoster();
    draft.objective += 21; // j2's M2 weighs 0 when it is no turn day
    const report = checkPeriods(draft, withPeriod('trial', { turnDays: 'requested' }));
    expectOnly(report, 'requested-only');
    expect(report.violations.map((v) => [v.staff, v.day])).toEqual([['j2', M2]]);
  });

  it('opens turn days on any day with turnDays "any", except absent days and days pinned to the office', () => {
    // z2 is pinned to the office on M2; z1 may take M2 because its day is open, not because of a request
    const draft = makePeriodRoster();
    replace(draft, { staff: 'z2', day: M2, mode: 'telework' });
    draft.objective += 20 + 500; // z2: weight 0 (a pin broken is no turn day), first day of week 2, reaches w50
    draft.turnsShort = [];
    const report = checkPeriods(draft, { ...makePeriodProblem(), policy: { ...makePeriodProblem().policy, licencesPerDay: 3 } });
    expectOnly(report, 'pins', ['requested-only']);
  });

  it('weighs a turn day −1 when spreadBonus[0] is not positive, and a pinned turn day 0', () => {
    const problem = makePeriodProblem();
    const noBonus = { ...problem, policy: { ...problem.policy, spreadBonus: [] } };
    const draft = makePeriodRoster();
    draft.objective = 95 - 2 + 4500;
    expect(checkPeriods(draft, noBonus).violations).toEqual([]);
    const staff = problem.staff.map((s) => (s.id === 'j2' ? { ...s, pinned: { [M2]: 'telework' as const } } : s));
    const pinned = makePeriodRoster();
    pinned.objective = PERIOD_OBJECTIVE + 21;
    expect(checkPeriods(pinned, { ...problem, staff }).violations).toEqual([]);
  });

  it('counts licences only for days at home and at places with licence: true', () => {
    // one licence a day: M1 has j1 at kita (no licence) and z2 at home; T1 j2 at cowork; M2 j1 and z1 at home
    const problem = makePeriodProblem();
    const report = checkPeriods(makePeriodRoster(), { ...problem, policy: { ...problem.policy, licencesPerDay: 1 } });
    expectOnly(report, 'licences');
    expect(report.violations.map((v) => v.day)).toEqual([M2]);
    expect(report.violations[0].message).toBe(`${M2}: 2 staff telework at home or at places that need a licence but licencesPerDay is 1`);
    const cowork = checkPeriods(makePeriodRoster(), { ...problem, policy: { ...problem.policy, licencesPerDay: { [T1]: 0 } } });
    expect(cowork.violations.map((v) => [v.rule, v.day])).toEqual([['licences', T1]]);
  });

  it('counts terminals only for days at home and at places with licence: true', () => {
    const problem = makePeriodProblem();
    const divisions = problem.divisions.map((d) => (d.id === 'jumin' ? { ...d, terminals: 0 } : d));
    const report = checkPeriods(makePeriodRoster(), { ...problem, divisions });
    expectOnly(report, 'terminals');
    expect(report.violations.map((v) => [v.day, v.division])).toEqual([
      [T1, 'jumin'],
      [M2, 'jumin'],
    ]);
  });

  it('counts goals up to minDays, over the staff in scope, with turnWeight', () => {
    // trial to 1 day: j1 and j2 count 1 each (not 2); turnWeight 7 in w50: z1 counts 7
    const problem = makePeriodProblem();
    const periods = problem.periods!.map((p) => (p.id === 'trial' ? { ...p, minDays: 1 } : p.id === 'w50' ? { ...p, turnWeight: 7 } : p));
    const draft = makePeriodRoster();
    draft.objective = 95 - 42 + 120 + 1000 * 2 + 7;
    expect(checkPeriods(draft, { ...problem, periods }).violations).toEqual([]);
  });
});

function emptyProblem(days: string[]): Problem {
  return {
    format: 'rotation-problem/1',
    name: 'edge',
    days,
    policy: { maxTeleworkDays: 1 },
    divisions: [{ id: 'd', name: '総務課' }],
    counters: [],
    staff: [],
  };
}

describe('edge cases', () => {
  it('accepts an empty week', () => {
    const problem: Problem = {
      ...emptyProblem([]),
      counters: [{ id: 'c', division: 'd', name: '窓口', min: 3 }],
      staff: [{ id: 'x', division: 'd', name: 'X', canTelework: true, counters: ['c'], requests: [], absent: [] }],
    };
    const report = check({ objective: 0, assignments: [], shortfalls: [] }, problem);
    expect(report).toEqual({
      ok: true,
      violations: [],
      objective: 0,
      objectiveExact: '0',
      granted: 0,
      requested: 0,
      shortfall: 0,
    });
  });

  it('accepts empty staff with every counter-day listed as a shortfall (default penalty)', () => {
    const problem: Problem = {
      ...emptyProblem([D1, D2]),
      counters: [{ id: 'c', division: 'd', name: '窓口', min: { [D2]: 2 } }],
    };
    const draft: Draft = { objective: -200000, assignments: [], shortfalls: [{ counter: 'c', day: D2, missing: 2 }] };
    const report = check(draft, problem);
    expect(report.violations).toEqual([]);
    expect(report.shortfall).toBe(2);
  });

  it('accepts everyone absent, and flags any attempt to work or telework', () => {
    const problem: Problem = {
      ...emptyProblem([D1, D2]),
      counters: [{ id: 'c', division: 'd', name: '窓口', min: 1 }],
      staff: ['x', 'y'].map((id) => ({
        id,
        division: 'd',
        name: id.toUpperCase(),
        canTelework: true,
        counters: ['c'],
        requests: [{ day: D1, weight: 5 }],
        absent: [D1, D2],
      })),
    };
    const draft: Draft = {
      objective: -200000,
      assignments: ['x', 'y'].flatMap((staff) => [D1, D2].map((day) => ({ staff, day, mode: 'absent' }))),
      shortfalls: [
        { counter: 'c', day: D1, missing: 1 },
        { counter: 'c', day: D2, missing: 1 },
      ],
    };
    const report = check(draft, problem);
    expect(report.violations).toEqual([]);
    expect(report).toMatchObject({ granted: 0, requested: 2, shortfall: 2 });

    put(draft, 'x', D1, 'telework');
    draft.objective += 5 + 0; // spreadBonus defaults to []
    expectOnly(check(draft, problem), 'absent');
  });

  it('reports a roster of unknown ids without throwing', () => {
    const problem = makeProblem();
    const draft: Draft = {
      objective: Number.NaN,
      assignments: [
        { staff: 'ghost', day: 'someday', mode: 'telework', counter: 'nowhere' },
        { staff: 'a1', day: 'someday', mode: 'office' },
      ],
      shortfalls: [{ counter: 'nowhere', day: 'someday', missing: 1.5 }],
    };
    const report = check(draft, problem);
    expect(report.ok).toBe(false);
    // 18 missing person-days + the ghost + the unknown day
    expect(report.violations.filter((v) => v.rule === 'one-entry-per-day')).toHaveLength(20);
    expect(rulesOf(report)).toEqual(['counter-minimum', 'objective', 'one-entry-per-day', 'shortfalls'].sort());
  });

  it('checks a 50,000-staff roster (speed is measured by npm run bench, not here)', () => {
    const days = ['2026-11-23', D1, D2, D3, '2026-11-27'];
    const nStaff = 50000;
    const counters = Array.from({ length: 500 }, (_, c) => ({ id: `c${c}`, division: `v${c % 100}`, name: `窓口${c}`, min: 1 }));
    const staff = Array.from({ length: nStaff }, (_, s) => ({
      id: `s${s}`,
      division: `v${s % 100}`,
      name: `職員${s}`,
      canTelework: true,
      counters: [`c${s % 500}`],
      requests: [{ day: days[Math.floor(s / 500) % 5], weight: 1 }],
      absent: [],
    }));
    const problem: Problem = {
      ...emptyProblem(days),
      policy: { maxTeleworkDays: 1, licencesPerDay: 10000, spreadBonus: [2] },
      divisions: Array.from({ length: 100 }, (_, v) => ({ id: `v${v}`, name: `課${v}`, terminals: 100 })),
      counters,
      staff,
    };
    const assignments: Assignment[] = [];
    staff.forEach((st, s) =>
      days.forEach((day, d) => {
        assignments.push(
          d === Math.floor(s / 500) % 5
            ? { staff: st.id, day, mode: 'telework' }
            : { staff: st.id, day, mode: 'office', counter: st.counters[0] },
        );
      }),
    );
    const draft: Draft = { objective: nStaff * 3, assignments, shortfalls: [] };
    const report = check(draft, problem);
    expect(report.violations).toEqual([]);
    expect(report.granted).toBe(nStaff);
  });
});
