import { checkRoster, type CheckReport } from '../../src/engine/check';
import type { Assignment, Mode, Problem, Roster, Shortfall } from '../../src/domain/rotation';
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
  const i = draft.assignments.findIndex((a) => a.staff === staff && a.day === day);
  if (i < 0) throw new Error(`no entry ${staff} ${day}`);
  draft.assignments[i] = counter === undefined ? { staff, day, mode } : { staff, day, mode, counter };
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
