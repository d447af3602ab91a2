/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call --
   These tests edit raw JSON documents (type Raw) to feed the validator what the format forbids. */
/**
 * The format's bounds (LIMITS): every bounded number, id and list just inside
 * is accepted, and just outside is refused at its JSON path with its code, in
 * both languages. And unknown fields: allowed, with a warning naming the
 * nearest known field.
 */
import { LIMITS, type IssueCode, parseProblem, parseProblemWithWarnings, parseRosterWithWarnings } from '../../src/domain/validate';
import { editDistance, nearestName } from '../../src/domain/json-path';
import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'];

function problem(): Raw {
  return {
    format: 'rotation-problem/1',
    name: 'limits',
    days: [...DAYS],
    policy: { maxTeleworkDays: 2, licencesPerDay: 1, spreadBonus: [20, 10], shortfallPenalty: 100000 },
    divisions: [{ id: 'd', name: 'D', terminals: 1 }],
    counters: [{ id: 'c', division: 'd', name: 'C', min: 1 }],
    staff: [
      {
        id: 's1',
        division: 'd',
        name: 'S1',
        canTelework: true,
        maxTeleworkDays: 2,
        counters: ['c'],
        requests: [{ day: DAYS[0], weight: 30 }],
        absent: [],
      },
      { id: 's2', division: 'd', name: 'S2', canTelework: true, counters: ['c'], requests: [{ day: DAYS[1], weight: 20 }], absent: [] },
    ],
  };
}

/** A bounded place: how to set it, the JSON path, and its largest (and smallest) allowed value. */
interface Bound {
  readonly name: string;
  readonly path: string;
  readonly set: (p: Raw, v: unknown) => void;
  readonly max: number;
  readonly min: number;
}

const bounds: Bound[] = [
  {
    name: 'policy.maxTeleworkDays',
    path: 'policy.maxTeleworkDays',
    set: (p, v) => (p.policy.maxTeleworkDays = v),
    max: LIMITS.count,
    min: 0,
  },
  {
    name: 'licencesPerDay (one number)',
    path: 'policy.licencesPerDay',
    set: (p, v) => (p.policy.licencesPerDay = v),
    max: LIMITS.licences,
    min: 0,
  },
  {
    name: 'licencesPerDay (per day)',
    path: `policy.licencesPerDay["${DAYS[1]}"]`,
    set: (p, v) => (p.policy.licencesPerDay = { [DAYS[1]]: v }),
    max: LIMITS.licences,
    min: 0,
  },
  { name: 'shortfallPenalty', path: 'policy.shortfallPenalty', set: (p, v) => (p.policy.shortfallPenalty = v), max: LIMITS.weight, min: 0 },
  {
    name: 'spreadBonus (top)',
    path: 'policy.spreadBonus[0]',
    set: (p, v) => (p.policy.spreadBonus = [v]),
    max: LIMITS.weight,
    min: -LIMITS.weight,
  },
  { name: 'terminals', path: 'divisions[0].terminals', set: (p, v) => (p.divisions[0].terminals = v), max: LIMITS.count, min: 0 },
  { name: 'counter min (one number)', path: 'counters[0].min', set: (p, v) => (p.counters[0].min = v), max: LIMITS.count, min: 0 },
  {
    name: 'counter min (per day)',
    path: `counters[0].min["${DAYS[2]}"]`,
    set: (p, v) => (p.counters[0].min = { [DAYS[2]]: v }),
    max: LIMITS.count,
    min: 0,
  },
  {
    name: 'staff maxTeleworkDays',
    path: 'staff[0].maxTeleworkDays',
    set: (p, v) => (p.staff[0].maxTeleworkDays = v),
    max: LIMITS.count,
    min: 0,
  },
  {
    name: 'request weight',
    path: 'staff[1].requests[0].weight',
    set: (p, v) => (p.staff[1].requests[0].weight = v),
    max: LIMITS.weight,
    min: 0,
  },
];

function issuesOf(p: Raw): { path: string; code: IssueCode; message: string; messageJa: string }[] {
  const result = parseProblem(JSON.stringify(p));
  return result.ok ? [] : result.issues;
}

function expectRefused(p: Raw, path: string, code: IssueCode): void {
  const issues = issuesOf(p);
  expect(issues.map((i) => [i.path, i.code])).toContainEqual([path, code]);
  for (const issue of issues) {
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    expect(issue.messageJa.startsWith(`${issue.path}: `)).toBe(true);
  }
}

/** Accepted, and the engine solves it to a roster the independent checker accepts. */
function expectSolvable(p: Raw): void {
  const result = parseProblem(JSON.stringify(p));
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
  const roster = solve(result.value);
  const report = checkRoster(result.value, roster);
  expect(report.violations).toEqual([]);
  expect(String(roster.objective)).toBe(report.objectiveExact);
}

describe.each(bounds)('$name', (b) => {
  test(`${b.max} (the largest allowed) is accepted and solves exactly`, () => {
    const p = problem();
    b.set(p, b.max);
    expectSolvable(p);
  });

  test(`${b.min} (the smallest allowed) is accepted`, () => {
    const p = problem();
    b.set(p, b.min);
    expectSolvable(p);
  });

  test.each([b.max + 1, 2 ** 31, 2 ** 53 - 1])('%d is refused at its path as out-of-range', (value) => {
    const p = problem();
    b.set(p, value);
    expectRefused(p, b.path, 'out-of-range');
    const issue = issuesOf(p).find((i) => i.path === b.path)!;
    expect(issue.message).toContain(String(b.max));
    expect(issue.messageJa).toContain('範囲外');
  });

  test('below the smallest is refused at its path', () => {
    const p = problem();
    b.set(p, b.min - 1);
    expectRefused(p, b.path, b.min === 0 ? 'negative' : 'out-of-range');
  });

  test('2^53 is still an unsafe integer, 1.5 not an integer', () => {
    const p = problem();
    b.set(p, 2 ** 53);
    expectRefused(p, b.path, 'unsafe-integer');
    b.set(p, 1.5);
    expectRefused(p, b.path, 'not-integer');
  });
});

describe('spreadBonus entries', () => {
  test(`${LIMITS.spreadBonusEntries} entries are accepted, one more refused`, () => {
    const p = problem();
    p.policy.spreadBonus = Array.from({ length: LIMITS.spreadBonusEntries }, (_, i) => 70 - i);
    expectSolvable(p);
    p.policy.spreadBonus = Array.from({ length: LIMITS.spreadBonusEntries + 1 }, (_, i) => 70 - i);
    expectRefused(p, 'policy.spreadBonus', 'out-of-range');
  });

  test('a negative tail at the bound solves exactly', () => {
    const p = problem();
    p.policy.spreadBonus = [LIMITS.weight, 0, -LIMITS.weight];
    p.policy.maxTeleworkDays = 3;
    p.policy.licencesPerDay = LIMITS.count;
    p.divisions[0].terminals = LIMITS.count;
    p.staff[0].maxTeleworkDays = 3;
    p.staff[0].requests = DAYS.map((day) => ({ day, weight: LIMITS.weight }));
    expectSolvable(p);
  });
});

describe('ids', () => {
  const idPlaces: [string, (p: Raw, id: string) => void][] = [
    [
      'divisions[0].id',
      (p, id) => ((p.divisions[0].id = id), (p.counters[0].division = id), p.staff.forEach((s: Raw) => (s.division = id))),
    ],
    ['counters[0].id', (p, id) => ((p.counters[0].id = id), p.staff.forEach((s: Raw) => (s.counters = [id])))],
    ['staff[1].id', (p, id) => (p.staff[1].id = id)],
  ];

  test.each(idPlaces)(`%s: ${LIMITS.idLength} characters are accepted, one more refused as out-of-range`, (path, set) => {
    const p = problem();
    set(p, 'x'.repeat(LIMITS.idLength));
    expectSolvable(p);
    set(p, 'x'.repeat(LIMITS.idLength + 1));
    expectRefused(p, path, 'out-of-range');
  });

  test('a 4-million-character id is refused quickly, with a short message', () => {
    const p = problem();
    p.staff[1].id = 'x'.repeat(4_000_000);
    const started = performance.now();
    const issues = issuesOf(p);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(issues.map((i) => [i.path, i.code])).toEqual([['staff[1].id', 'out-of-range']]);
    expect(issues[0].message.length).toBeLessThan(200);
  });
});

describe('list lengths', () => {
  test(`staff: ${LIMITS.staff} entries pass the length check, one more is refused at staff`, () => {
    const p = problem();
    const person = p.staff[1];
    p.staff = Array.from({ length: LIMITS.staff + 1 }, (_, i) => ({ ...person, id: `s${i}` }));
    const issues = issuesOf(p);
    expect(issues.map((i) => [i.path, i.code])).toContainEqual(['staff', 'out-of-range']);
    p.staff.pop();
    expect(issuesOf(p).some((i) => i.code === 'out-of-range')).toBe(false);
  });

  test.each([
    ['divisions', LIMITS.divisions],
    ['counters', LIMITS.counters],
  ])('%s: more than %d entries are refused', (list, max) => {
    const p = problem();
    p[list] = Array.from({ length: max + 1 }, (_, i) => ({ ...p[list][0], id: `x${i}` }));
    expectRefused(p, list, 'out-of-range');
  });
});

describe('the reports of issue 13', () => {
  test('a counter min of 2^31 is refused, not dropped', () => {
    const p = problem();
    p.counters[0].min = 2 ** 31;
    expectRefused(p, 'counters[0].min', 'out-of-range');
  });

  test('maxTeleworkDays of 2^31 is refused with its path', () => {
    const p = problem();
    p.policy.maxTeleworkDays = 2 ** 31;
    expectRefused(p, 'policy.maxTeleworkDays', 'out-of-range');
  });

  test('request weights near 2^53 are refused', () => {
    const p = problem();
    p.staff[0].requests[0].weight = 2 ** 53 - 2;
    expectRefused(p, 'staff[0].requests[0].weight', 'out-of-range');
  });
});

describe('unknown fields', () => {
  test('are allowed, with a warning naming the nearest known field', () => {
    const p = problem();
    p.policy.licensesPerDay = 50;
    delete p.policy.licencesPerDay;
    p.staff[0].requsts = [];
    p.staff[1].note = 'caregiver';
    const result = parseProblemWithWarnings(JSON.stringify(p));
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.path, w.code, w.message])).toEqual([
      ['policy.licensesPerDay', 'unknown-field', 'policy.licensesPerDay: unknown field; did you mean licencesPerDay?'],
      ['staff[0].requsts', 'unknown-field', 'staff[0].requsts: unknown field; did you mean requests?'],
      ['staff[1].note', 'unknown-field', 'staff[1].note: unknown field (ignored)'],
    ]);
    expect(result.warnings[0].messageJa).toBe('policy.licensesPerDay: 不明な項目です。licencesPerDay の誤りではありませんか？');
  });

  test('parseProblem keeps its result shape (no warnings); without unknown fields the warnings are empty', () => {
    const p = problem();
    p.note = 'x';
    expect(parseProblem(JSON.stringify(p))).not.toHaveProperty('warnings');
    expect(parseProblemWithWarnings(JSON.stringify(problem())).warnings).toEqual([]);
  });

  test('a misspelt required field gives the issue and the warning', () => {
    const p = problem();
    p.policy.maxTeleworkDay = 2;
    delete p.policy.maxTeleworkDays;
    const result = parseProblemWithWarnings(JSON.stringify(p));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => [i.path, i.code])).toEqual([['policy.maxTeleworkDays', 'required']]);
    expect(result.warnings.map((w) => w.message)).toEqual(['policy.maxTeleworkDay: unknown field; did you mean maxTeleworkDays?']);
  });

  test('rosters warn too; stats is known', () => {
    const roster = {
      format: 'rotation-roster/1',
      problem: 'x',
      status: 'optimal',
      objective: 0,
      stats: { engine: 'e' },
      assignments: [{ staff: 's', day: DAYS[0], mode: 'office', countr: 'c' }],
      shortfalls: [],
    };
    const result = parseRosterWithWarnings(roster);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.message)).toEqual(['assignments[0].countr: unknown field; did you mean counter?']);
  });

  test('edit distance and suggestions', () => {
    expect(editDistance('licensesperday', 'licencesperday', 4)).toBe(1);
    expect(editDistance('abc', 'abcdefgh', 2)).toBe(3);
    expect(nearestName('Canteleworks', ['canTelework', 'counters'])).toBe('canTelework');
    expect(nearestName('x'.repeat(100_000), ['id'])).toBeUndefined();
    expect(nearestName('colour', ['id', 'name'])).toBeUndefined();
  });
});
