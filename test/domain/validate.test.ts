/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   These tests edit raw JSON documents (type Raw) to feed the validator what the format forbids; typing them would defeat the purpose. */
import { STUDY_ISSUE_CODES } from '../../src/domain/validate-study';
import {
  EXTENSION_ISSUE_CODES,
  FormatError,
  ISSUE_CODES,
  type IssueCode,
  MAX_ISSUES,
  type ValidationIssue,
  parseProblem,
  parseProblemOrThrow,
  parseRoster,
  parseRosterOrThrow,
  validateProblem,
  validateRoster,
} from '../../src/domain/validate';

// A raw problem in the shape of the format document: every optional field is
// used somewhere, and nothing is wrong with it.
type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function validProblem(): Raw {
  return {
    format: 'rotation-problem/1',
    name: 'town-4 2026-W48',
    days: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'],
    policy: { maxTeleworkDays: 2, licencesPerDay: 3, spreadBonus: [20, 10, -5], shortfallPenalty: 100000 },
    divisions: [
      { id: 'zeimu', name: '税務課', terminals: 2 },
      { id: 'shimin', name: '市民課' },
    ],
    counters: [
      { id: 'zeimu-kazei', division: 'zeimu', name: '課税窓口', min: 1 },
      { id: 'shimin-madoguchi', division: 'shimin', name: '市民窓口', min: { '2026-11-23': 2, '2026-11-27': 1 } },
    ],
    staff: [
      {
        id: 's0001',
        division: 'zeimu',
        name: '山田 花子',
        canTelework: true,
        maxTeleworkDays: 3,
        counters: ['zeimu-kazei'],
        requests: [
          { day: '2026-11-23', weight: 30 },
          { day: '2026-11-27', weight: 20 },
        ],
        absent: ['2026-11-25'],
        pinned: { '2026-11-24': 'office' },
      },
      {
        id: 's0002',
        division: 'zeimu',
        name: '佐藤 一郎',
        canTelework: true,
        counters: ['zeimu-kazei', 'shimin-madoguchi'],
        requests: [{ day: '2026-11-24', weight: 10 }],
        absent: [],
      },
      {
        id: 's0003',
        division: 'shimin',
        name: '鈴木 次郎',
        canTelework: false,
        counters: ['shimin-madoguchi'],
        requests: [],
        absent: [],
      },
      {
        id: 's0004',
        division: 'shimin',
        name: '高橋 三郎',
        canTelework: true,
        counters: [],
        requests: [{ day: '2026-11-23', weight: 5 }],
        absent: ['2026-11-26'],
      },
    ],
  };
}

function validRoster(): Raw {
  return {
    format: 'rotation-roster/1',
    problem: 'town-4 2026-W48',
    status: 'optimal',
    objective: 12345,
    assignments: [
      { staff: 's0001', day: '2026-11-23', mode: 'telework' },
      { staff: 's0001', day: '2026-11-24', mode: 'office', counter: 'zeimu-kazei' },
      { staff: 's0001', day: '2026-11-25', mode: 'absent' },
    ],
    shortfalls: [{ counter: 'zeimu-shuno', day: '2026-11-23', missing: 1 }],
  };
}

function with_(mutate: (p: Raw) => void, make: () => Raw = validProblem): Raw {
  const p = make();
  mutate(p);
  return p;
}

/** Every code the tests below have seen, to check at the end that each one is exercised. */
const seen = new Set<string>();

function expectWellFormed(issues: readonly ValidationIssue[]): void {
  expect(issues.length).toBeGreaterThan(0);
  expect(issues.length).toBeLessThanOrEqual(MAX_ISSUES);
  for (const issue of issues) {
    seen.add(issue.code);
    expect(issue.path).not.toBe('');
    expect(Object.keys(ISSUE_CODES)).toContain(issue.code);
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    expect(issue.messageJa.startsWith(`${issue.path}: `)).toBe(true);
    // a reason follows the path
    expect(issue.message.length).toBeGreaterThan(issue.path.length + 5);
    expect(issue.messageJa.length).toBeGreaterThan(issue.path.length + 3);
  }
}

function problemIssues(input: unknown): ValidationIssue[] {
  const result = parseProblem(input);
  if (result.ok) throw new Error('expected the problem to be rejected');
  expectWellFormed(result.issues);
  return result.issues;
}

function rosterIssues(input: unknown): ValidationIssue[] {
  const result = parseRoster(input);
  if (result.ok) throw new Error('expected the roster to be rejected');
  expectWellFormed(result.issues);
  return result.issues;
}

function expectFirst(issues: readonly ValidationIssue[], path: string, code: IssueCode, reason?: string): void {
  expect({ path: issues[0].path, code: issues[0].code }).toEqual({ path, code });
  if (reason !== undefined) expect(issues[0].message).toContain(reason);
}

describe('parseProblem accepts', () => {
  it('the valid problem, typed, with unknown fields dropped', () => {
    const raw = with_((p) => {
      p.extension = { anything: true };
      p.staff[0].note = 'caregiver';
    });
    const result = parseProblem(raw);
    expect(result).toEqual({ ok: true, value: validProblem() });
  });

  it('JSON text, with or without a byte order mark', () => {
    const text = JSON.stringify(validProblem());
    expect(parseProblem(text)).toEqual({ ok: true, value: validProblem() });
    expect(parseProblem(`\uFEFF${text}`)).toEqual({ ok: true, value: validProblem() });
  });

  it('a week that is all holidays (empty days)', () => {
    const raw = with_((p) => {
      p.days = [];
      p.policy.licencesPerDay = {};
      p.counters[1].min = {};
      for (const s of p.staff) {
        s.requests = [];
        s.absent = [];
        delete s.pinned;
      }
    });
    expect(parseProblem(raw).ok).toBe(true);
  });

  it('seven days, per-day licences and negative spread bonuses', () => {
    const raw = with_((p) => {
      p.days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
      p.policy.licencesPerDay = { '2026-11-23': 0, '2026-11-29': 10 };
      p.policy.spreadBonus = [5, 5, -1, -10];
    });
    expect(parseProblem(raw).ok).toBe(true);
  });

  it('a leap day', () => {
    const raw = with_((p) => {
      p.days = ['2028-02-28', '2028-02-29'];
      p.policy.licencesPerDay = 1;
      p.counters[1].min = 0;
      for (const s of p.staff) {
        s.requests = [];
        s.absent = [];
        delete s.pinned;
      }
    });
    expect(parseProblem(raw).ok).toBe(true);
  });
});

describe('parseProblem never throws', () => {
  const odd: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', NaN],
    ['an array', [validProblem()]],
    ['a boolean', true],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['a bigint', BigInt(1)],
    ['a Date', new Date()],
    ['an object without prototype', Object.create(null)],
    [
      'an object with a throwing getter',
      Object.defineProperty({ format: 'rotation-problem/1' }, 'days', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
    ],
    [
      'a proxy that throws',
      new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('no keys');
          },
          getOwnPropertyDescriptor() {
            throw new Error('no descriptor');
          },
        },
      ),
    ],
  ];
  it.each(odd)('%s', (_name, value) => {
    const issues = problemIssues(value);
    const rosterIssuesFound = rosterIssues(value);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      expect(issues[0].path).toBe('$');
      expect(rosterIssuesFound[0].path).toBe('$');
    }
  });

  it('reports a throwing getter as unreadable', () => {
    expectFirst(problemIssues(odd[11][1]), '$', 'unreadable', 'boom');
  });

  it('reads a string input as JSON text, so a JSON string value is the wrong type', () => {
    expectFirst(problemIssues('"rotation-problem/1"'), '$', 'wrong-type', 'expected an object, found the string');
  });

  it('survives __proto__ keys', () => {
    const text = JSON.stringify(validProblem())
      .replace('"format"', '"__proto__":{"format":"x"},"format"')
      .replace('"2026-11-24":"office"', '"__proto__":"telework","2026-11-24":"office"');
    const issues = problemIssues(text);
    expectFirst(issues, 'staff[0].pinned["__proto__"]', 'unknown-day', '"__proto__" is not one of days');
    expect(({} as Raw).format).toBeUndefined();
  });

  it('survives huge numbers (1e999 reads as Infinity)', () => {
    const text = JSON.stringify(validProblem()).replace('"maxTeleworkDays":2', '"maxTeleworkDays":1e999');
    expectFirst(problemIssues(text), 'policy.maxTeleworkDays', 'unsafe-integer', 'safe integer');
  });

  it('survives deep nesting', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    expect(problemIssues(deep)[0].path).toBe('$');
    expectFirst(problemIssues(`{"format":${'['.repeat(20000)}`), '$', 'json-syntax');
  });
});

describe('JSON syntax', () => {
  it('names the line and column of the first error', () => {
    const text = '{\n  "format": "rotation-problem/1",\n  "name": }';
    const issues = problemIssues(text);
    expect(issues).toHaveLength(1);
    expectFirst(issues, '$', 'json-syntax', 'line 3, column 11');
    expect(issues[0].messageJa).toContain('3 行 11 列');
  });

  it.each([
    ['', 'line 1, column 1', 'unexpected end of input'],
    ['{"a" 1}', 'line 1, column 6', "expected ':'"],
    ['{"a":1,}', 'line 1, column 8', 'property name in double quotes'],
    ['[1,2', 'line 1, column 5', 'unexpected end of input'],
    ['[1 2]', 'line 1, column 4', "expected ',' or ']'"],
    ['{"a":"x\ny"}', 'line 1, column 8', 'control character'],
    ['{"a":"\\x"}', 'line 1, column 7', 'invalid escape'],
    ['{"a":01}', 'line 1, column 7', "expected ',' or '}'"],
    ['{"a":-}', 'line 1, column 6', 'invalid number'],
    ['{"a":tru}', 'line 1, column 6', 'unexpected "t"'],
    ['{} {}', 'line 1, column 4', 'after the JSON value'],
    ['{"a":"abc', 'line 1, column 10', 'unterminated string'],
  ])('%j', (text, where, reason) => {
    const issues = problemIssues(text);
    expectFirst(issues, '$', 'json-syntax', where);
    expect(issues[0].message).toContain(reason);
    expect(rosterIssues(text)[0].message).toContain(where);
  });
});

type Case = [name: string, mutate: (p: Raw) => void, path: string, code: IssueCode, reason: string];

describe('problem rules: issues[0] names the offending value', () => {
  const cases: Case[] = [
    [
      'format wrong',
      (p) => (p.format = 'rotation-problem/2'),
      'format',
      'unknown-format',
      'expected "rotation-problem/1", found the string "rotation-problem/2"',
    ],
    ['format missing', (p) => delete p.format, 'format', 'required', 'is required'],
    ['name not a string', (p) => (p.name = 48), 'name', 'wrong-type', 'expected a string, found the number 48'],
    ['name missing', (p) => delete p.name, 'name', 'required', 'is required'],

    ['days not an array', (p) => (p.days = '2026-11-23'), 'days', 'wrong-type', 'expected an array'],
    ['days missing', (p) => delete p.days, 'days', 'required', 'is required'],
    ['day not a string', (p) => (p.days[2] = 20261125), 'days[2]', 'wrong-type', 'expected a string'],
    ['day not a real date', (p) => (p.days[4] = '2026-11-31'), 'days[4]', 'invalid-date', '"2026-11-31" is not a calendar date'],
    ['February 30', (p) => (p.days = ['2026-02-27', '2026-02-30']), 'days[1]', 'invalid-date', 'calendar date'],
    [
      'February 29 of a common year',
      (p) => (p.days = ['2026-02-28', '2026-03-01', '2027-02-29']),
      'days[2]',
      'invalid-date',
      'calendar date',
    ],
    ['month 13', (p) => (p.days[0] = '2026-13-01'), 'days[0]', 'invalid-date', 'calendar date'],
    ['day without leading zero', (p) => (p.days[0] = '2026-11-3'), 'days[0]', 'invalid-date', 'YYYY-MM-DD'],
    ['day with a time', (p) => (p.days[0] = '2026-11-23T00:00'), 'days[0]', 'invalid-date', 'YYYY-MM-DD'],
    ['duplicate day', (p) => (p.days[2] = '2026-11-24'), 'days[2]', 'duplicate-day', '2026-11-24 is listed twice'],
    ['days descending', (p) => p.days.reverse(), 'days[1]', 'days-not-ascending', '2026-11-26 comes after 2026-11-27'],
    ['eight days', (p) => p.days.push('2026-11-28', '2026-11-29', '2026-11-30'), 'days[7]', 'too-many-days', 'at most 7 days'],

    ['policy missing', (p) => delete p.policy, 'policy', 'required', 'is required'],
    ['policy an array', (p) => (p.policy = []), 'policy', 'wrong-type', 'expected an object, found an array'],
    ['maxTeleworkDays missing', (p) => delete p.policy.maxTeleworkDays, 'policy.maxTeleworkDays', 'required', 'is required'],
    ['maxTeleworkDays negative', (p) => (p.policy.maxTeleworkDays = -1), 'policy.maxTeleworkDays', 'negative', '-1 is less than 0'],
    [
      'maxTeleworkDays a fraction',
      (p) => (p.policy.maxTeleworkDays = 1.5),
      'policy.maxTeleworkDays',
      'not-integer',
      '1.5 is not an integer',
    ],
    [
      'maxTeleworkDays a string',
      (p) => (p.policy.maxTeleworkDays = '2'),
      'policy.maxTeleworkDays',
      'wrong-type',
      'expected an integer ≥ 0, found the string "2"',
    ],
    ['maxTeleworkDays unsafe', (p) => (p.policy.maxTeleworkDays = 2 ** 53), 'policy.maxTeleworkDays', 'unsafe-integer', 'safe integer'],
    ['maxTeleworkDays NaN', (p) => (p.policy.maxTeleworkDays = NaN), 'policy.maxTeleworkDays', 'not-integer', 'NaN is not an integer'],
    ['licencesPerDay negative', (p) => (p.policy.licencesPerDay = -3), 'policy.licencesPerDay', 'negative', '-3 is less than 0'],
    ['licencesPerDay null', (p) => (p.policy.licencesPerDay = null), 'policy.licencesPerDay', 'wrong-type', 'found null'],
    ['licencesPerDay an array', (p) => (p.policy.licencesPerDay = [3]), 'policy.licencesPerDay', 'wrong-type', 'or an object from day'],
    [
      'licencesPerDay for a day not in days',
      (p) => (p.policy.licencesPerDay = { '2026-11-23': 3, '2026-11-29': 1 }),
      'policy.licencesPerDay["2026-11-29"]',
      'unknown-day',
      '2026-11-29 is not one of days',
    ],
    [
      'licencesPerDay for a day, a fraction',
      (p) => (p.policy.licencesPerDay = { '2026-11-23': 2.5 }),
      'policy.licencesPerDay["2026-11-23"]',
      'not-integer',
      '2.5 is not an integer',
    ],
    ['spreadBonus not an array', (p) => (p.policy.spreadBonus = 20), 'policy.spreadBonus', 'wrong-type', 'expected an array'],
    [
      'spreadBonus entry a fraction',
      (p) => (p.policy.spreadBonus = [20, 0.5]),
      'policy.spreadBonus[1]',
      'not-integer',
      '0.5 is not an integer',
    ],
    [
      'spreadBonus increasing',
      (p) => (p.policy.spreadBonus = [20, 10, 15]),
      'policy.spreadBonus[2]',
      'spread-increasing',
      'non-increasing',
    ],
    ['shortfallPenalty negative', (p) => (p.policy.shortfallPenalty = -100), 'policy.shortfallPenalty', 'negative', 'less than 0'],

    ['divisions not an array', (p) => (p.divisions = {}), 'divisions', 'wrong-type', 'expected an array'],
    ['division not an object', (p) => (p.divisions[1] = 'shimin'), 'divisions[1]', 'wrong-type', 'expected an object'],
    ['division id missing', (p) => delete p.divisions[1].id, 'divisions[1].id', 'required', 'is required'],
    ['division id empty', (p) => (p.divisions[1].id = ''), 'divisions[1].id', 'empty-id', 'must not be empty'],
    [
      'division id repeated',
      (p) => (p.divisions[1].id = 'zeimu'),
      'divisions[1].id',
      'duplicate-id',
      '"zeimu" is already the id of divisions[0]',
    ],
    ['division name missing', (p) => delete p.divisions[0].name, 'divisions[0].name', 'required', 'is required'],
    ['division terminals negative', (p) => (p.divisions[0].terminals = -1), 'divisions[0].terminals', 'negative', 'less than 0'],

    ['counters not an array', (p) => (p.counters = null), 'counters', 'wrong-type', 'found null'],
    ['counter id repeated', (p) => (p.counters[1].id = 'zeimu-kazei'), 'counters[1].id', 'duplicate-id', 'already the id of counters[0]'],
    ['counter id not a string', (p) => (p.counters[0].id = 7), 'counters[0].id', 'wrong-type', 'expected a string'],
    [
      'counter division unknown',
      (p) => (p.counters[1].division = 'soumu'),
      'counters[1].division',
      'unknown-division',
      '"soumu" is not the id of any division',
    ],
    ['counter name missing', (p) => delete p.counters[0].name, 'counters[0].name', 'required', 'is required'],
    ['counter min missing', (p) => delete p.counters[0].min, 'counters[0].min', 'required', 'is required'],
    ['counter min negative', (p) => (p.counters[0].min = -2), 'counters[0].min', 'negative', '-2 is less than 0'],
    ['counter min a string', (p) => (p.counters[0].min = '2'), 'counters[0].min', 'wrong-type', 'expected an integer ≥ 0 or an object'],
    [
      'counter min for a day not in days',
      (p) => (p.counters[1].min['2026-11-29'] = 1),
      'counters[1].min["2026-11-29"]',
      'unknown-day',
      '2026-11-29 is not one of days',
    ],
    [
      'counter min for a day, negative',
      (p) => (p.counters[1].min['2026-11-27'] = -1),
      'counters[1].min["2026-11-27"]',
      'negative',
      'less than 0',
    ],

    ['staff not an array', (p) => (p.staff = 's0001'), 'staff', 'wrong-type', 'expected an array'],
    ['staff member not an object', (p) => (p.staff[2] = null), 'staff[2]', 'wrong-type', 'expected an object, found null'],
    ['staff id repeated', (p) => (p.staff[3].id = 's0001'), 'staff[3].id', 'duplicate-id', '"s0001" is already the id of staff[0]'],
    ['staff id empty', (p) => (p.staff[0].id = ''), 'staff[0].id', 'empty-id', 'must not be empty'],
    [
      'staff division unknown',
      (p) => (p.staff[1].division = 'soumu'),
      'staff[1].division',
      'unknown-division',
      'not the id of any division',
    ],
    ['staff division missing', (p) => delete p.staff[1].division, 'staff[1].division', 'required', 'is required'],
    ['staff name not a string', (p) => (p.staff[1].name = ['佐藤']), 'staff[1].name', 'wrong-type', 'expected a string, found an array'],
    [
      'canTelework not a boolean',
      (p) => (p.staff[2].canTelework = 'no'),
      'staff[2].canTelework',
      'wrong-type',
      'expected a boolean (true or false), found the string "no"',
    ],
    ['canTelework missing', (p) => delete p.staff[2].canTelework, 'staff[2].canTelework', 'required', 'is required'],
    ['staff maxTeleworkDays negative', (p) => (p.staff[0].maxTeleworkDays = -1), 'staff[0].maxTeleworkDays', 'negative', 'less than 0'],
    ['staff counters missing', (p) => delete p.staff[3].counters, 'staff[3].counters', 'required', 'is required'],
    [
      'staff counter unknown',
      (p) => p.staff[1].counters.push('kaikei'),
      'staff[1].counters[2]',
      'unknown-counter',
      '"kaikei" is not the id of any counter',
    ],
    [
      'staff counter repeated',
      (p) => p.staff[1].counters.push('zeimu-kazei'),
      'staff[1].counters[2]',
      'duplicate-counter',
      'already listed at counters[0]',
    ],
    ['staff counter not a string', (p) => (p.staff[1].counters[0] = 1), 'staff[1].counters[0]', 'wrong-type', 'expected a string'],
    ['requests missing', (p) => delete p.staff[2].requests, 'staff[2].requests', 'required', 'is required'],
    ['request not an object', (p) => (p.staff[0].requests[1] = '2026-11-27'), 'staff[0].requests[1]', 'wrong-type', 'expected an object'],
    [
      'request day not in days',
      (p) => (p.staff[0].requests[1].day = '2026-11-29'),
      'staff[0].requests[1].day',
      'unknown-day',
      '2026-11-29 is not one of days',
    ],
    ['request day missing', (p) => delete p.staff[0].requests[1].day, 'staff[0].requests[1].day', 'required', 'is required'],
    [
      'request weight negative',
      (p) => (p.staff[0].requests[0].weight = -30),
      'staff[0].requests[0].weight',
      'negative',
      '-30 is less than 0',
    ],
    [
      'request weight a fraction',
      (p) => (p.staff[0].requests[0].weight = 0.5),
      'staff[0].requests[0].weight',
      'not-integer',
      'not an integer',
    ],
    [
      'two requests for one day',
      (p) => p.staff[0].requests.push({ day: '2026-11-23', weight: 1 }),
      'staff[0].requests[2].day',
      'duplicate-request',
      '2026-11-23 is already requested at requests[0]',
    ],
    ['absent missing', (p) => delete p.staff[1].absent, 'staff[1].absent', 'required', 'is required'],
    [
      'absent day not in days',
      (p) => (p.staff[0].absent[0] = '2026-11-28'),
      'staff[0].absent[0]',
      'unknown-day',
      '2026-11-28 is not one of days',
    ],
    [
      'absent day repeated',
      (p) => p.staff[0].absent.push('2026-11-25'),
      'staff[0].absent[1]',
      'duplicate-absent',
      'already listed at absent[0]',
    ],
    ['pinned not an object', (p) => (p.staff[0].pinned = ['2026-11-24']), 'staff[0].pinned', 'wrong-type', 'expected an object'],
    [
      'pinned mode unknown',
      (p) => (p.staff[0].pinned['2026-11-24'] = 'home'),
      'staff[0].pinned["2026-11-24"]',
      'unknown-pin-mode',
      'expected "office" or "telework", found the string "home"',
    ],
    [
      'pinned day not in days',
      (p) => (p.staff[0].pinned = { '2026-11-30': 'office' }),
      'staff[0].pinned["2026-11-30"]',
      'unknown-day',
      '2026-11-30 is not one of days',
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, code, reason) => {
    const raw = with_(mutate);
    expectFirst(problemIssues(raw), path, code, reason);
    // The same value handed over as JSON text finds the same first issue
    // (NaN has no JSON text; the text of an unsafe integer reads back unsafe).
    if (!Number.isNaN(raw.policy?.maxTeleworkDays)) expectFirst(problemIssues(JSON.stringify(raw)), path, code);
  });

  it('words the example of the format document', () => {
    const issues = problemIssues(with_((p) => (p.staff[0].requests[1].day = '2026-11-29')));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toEqual({
      path: 'staff[0].requests[1].day',
      code: 'unknown-day',
      message: 'staff[0].requests[1].day: 2026-11-29 is not one of days',
      messageJa: 'staff[0].requests[1].day: 2026-11-29 は days に含まれていません',
    });
  });
});

describe('collecting issues', () => {
  it('reports every issue, in document order', () => {
    const raw = with_((p) => {
      p.staff[3].division = 'soumu';
      p.format = 'x';
      p.staff[0].requests[0].weight = -1;
      p.policy.shortfallPenalty = 'high';
      p.counters[0].min = -1;
    });
    expect(problemIssues(raw).map((i) => [i.path, i.code])).toEqual([
      ['format', 'unknown-format'],
      ['policy.shortfallPenalty', 'wrong-type'],
      ['counters[0].min', 'negative'],
      ['staff[0].requests[0].weight', 'negative'],
      ['staff[3].division', 'unknown-division'],
    ]);
  });

  it('follows the order of the keys in the text, not of the format', () => {
    const p = validProblem();
    p.name = 5;
    p.staff[0].canTelework = 1;
    p.counters[0].min = -1;
    const text = JSON.stringify({ staff: p.staff, ...p });
    const issues = problemIssues(text);
    expect(issues.map((i) => i.path)).toEqual(['staff[0].canTelework', 'name', 'counters[0].min']);
  });

  it('puts missing fields after the fields that are there, in the order of the format', () => {
    const issues = problemIssues({ staff: [], extra: 1 });
    expect(issues.map((i) => i.path)).toEqual(['format', 'name', 'days', 'policy', 'divisions', 'counters']);
  });

  it('reports a bad entry of days and the references to it', () => {
    const issues = problemIssues(with_((p) => (p.days[4] = '2026-11-32')));
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['days[4]', 'invalid-date'],
      ['counters[1].min["2026-11-27"]', 'unknown-day'],
      ['staff[0].requests[1].day', 'unknown-day'],
    ]);
  });

  it('does not cascade when a whole list is unusable', () => {
    const issues = problemIssues(with_((p) => (p.divisions = 'zeimu, shimin')));
    expect(issues.map((i) => i.path)).toEqual(['divisions']);
    const noDays = problemIssues(with_((p) => delete p.days));
    expect(noDays.map((i) => i.path)).toEqual(['days']);
  });

  it(`caps the list at ${MAX_ISSUES}, the last saying how many more there were`, () => {
    const raw = with_((p) => {
      p.staff = Array.from({ length: 120 }, (_, i) => ({ ...p.staff[2], id: `s${i}`, division: 'soumu' }));
    });
    const issues = problemIssues(raw);
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(issues[0].path).toBe('staff[0].division');
    expect(issues[MAX_ISSUES - 2].path).toBe(`staff[${MAX_ISSUES - 2}].division`);
    const last = issues[MAX_ISSUES - 1];
    expect(last.code).toBe('more-issues');
    expect(last.message).toBe(`$: ${120 - (MAX_ISSUES - 1)} more issues were found and omitted`);
    expect(last.messageJa).toContain(`${120 - (MAX_ISSUES - 1)} 件`);
  });

  it('validateProblem returns the issues, empty for a valid problem', () => {
    expect(validateProblem(validProblem())).toEqual([]);
    expect(validateProblem(with_((p) => (p.name = 1))).map((i) => i.path)).toEqual(['name']);
  });
});

describe('pin conflicts', () => {
  function pin(p: Raw, staff: number, day: string, mode: 'office' | 'telework'): void {
    p.staff[staff].pinned = { ...p.staff[staff].pinned, [day]: mode };
  }

  it('a pin on an absent day, either mode', () => {
    for (const mode of ['office', 'telework'] as const) {
      const issues = problemIssues(with_((p) => pin(p, 0, '2026-11-25', mode)));
      expect(issues).toHaveLength(1);
      expectFirst(
        issues,
        'staff[0].pinned["2026-11-25"]',
        'pin-conflict-absent',
        `pins in conflict: s0001 is pinned to ${mode} on 2026-11-25 but is absent that day`,
      );
      expect(issues[0].messageJa).toContain('休暇');
    }
  });

  it('telework pinned for someone who cannot telework', () => {
    const issues = problemIssues(with_((p) => pin(p, 2, '2026-11-24', 'telework')));
    expectFirst(
      issues,
      'staff[2].pinned["2026-11-24"]',
      'pin-conflict-can-telework',
      'pins in conflict: s0003 is pinned to telework on 2026-11-24 but cannot telework',
    );
  });

  it('more telework pins than the policy maximum: reported at the first pin too many', () => {
    const issues = problemIssues(
      with_((p) => {
        p.policy.licencesPerDay = 10;
        pin(p, 3, '2026-11-23', 'telework');
        pin(p, 3, '2026-11-24', 'telework');
        pin(p, 3, '2026-11-25', 'telework');
      }),
    );
    expect(issues).toHaveLength(1);
    expectFirst(
      issues,
      'staff[3].pinned["2026-11-25"]',
      'pin-conflict-max-telework-days',
      'pins in conflict: s0004 is pinned to telework on 3 days (2026-11-23, 2026-11-24, 2026-11-25) but policy.maxTeleworkDays is 2',
    );
  });

  it("more telework pins than the person's own maximum", () => {
    const issues = problemIssues(
      with_((p) => {
        p.staff[1].maxTeleworkDays = 0;
        pin(p, 1, '2026-11-27', 'telework');
      }),
    );
    expectFirst(issues, 'staff[1].pinned["2026-11-27"]', 'pin-conflict-max-telework-days', 'but their maxTeleworkDays is 0');
  });

  it('more staff pinned to telework on a day than licences, naming them', () => {
    const issues = problemIssues(
      with_((p) => {
        p.policy.licencesPerDay = 2;
        p.divisions[0].terminals = 5;
        pin(p, 0, '2026-11-23', 'telework');
        pin(p, 1, '2026-11-23', 'telework');
        pin(p, 3, '2026-11-23', 'telework');
      }),
    );
    expect(issues).toHaveLength(1);
    expectFirst(
      issues,
      'staff[3].pinned["2026-11-23"]',
      'pin-conflict-licences',
      'staff[3].pinned["2026-11-23"]: pins in conflict: 3 staff pinned to telework on 2026-11-23 (s0001, s0002, s0004) but licencesPerDay is 2',
    );
    expect(issues[0].messageJa).toContain('s0001、s0002、s0004');
  });

  it('licences given per day', () => {
    const issues = problemIssues(
      with_((p) => {
        p.policy.licencesPerDay = { '2026-11-24': 0 };
        pin(p, 1, '2026-11-24', 'telework');
      }),
    );
    expectFirst(issues, 'staff[1].pinned["2026-11-24"]', 'pin-conflict-licences', 'but licencesPerDay["2026-11-24"] is 0');
  });

  it('more staff of a division pinned to telework than its terminals', () => {
    const issues = problemIssues(
      with_((p) => {
        p.divisions[0].terminals = 1;
        pin(p, 0, '2026-11-27', 'telework');
        pin(p, 1, '2026-11-27', 'telework');
        pin(p, 3, '2026-11-27', 'telework'); // another division: does not count
      }),
    );
    expect(issues).toHaveLength(1);
    expectFirst(
      issues,
      'staff[1].pinned["2026-11-27"]',
      'pin-conflict-terminals',
      'pins in conflict: 2 staff of division zeimu pinned to telework on 2026-11-27 (s0001, s0002) but its terminals is 1',
    );
  });

  it('pins that can hold are accepted, and unlimited resources never conflict', () => {
    const raw = with_((p) => {
      delete p.policy.licencesPerDay;
      pin(p, 0, '2026-11-23', 'telework');
      pin(p, 1, '2026-11-23', 'telework');
      pin(p, 3, '2026-11-23', 'telework');
      pin(p, 2, '2026-11-23', 'office');
    });
    expect(parseProblem(raw).ok).toBe(true);
  });

  it('are only checked once everything else is valid', () => {
    const issues = problemIssues(
      with_((p) => {
        pin(p, 0, '2026-11-25', 'telework');
        p.name = null;
      }),
    );
    expect(issues.map((i) => i.code)).toEqual(['wrong-type']);
  });

  it('several conflicts are all reported, in document order', () => {
    const issues = problemIssues(
      with_((p) => {
        pin(p, 2, '2026-11-23', 'telework');
        pin(p, 0, '2026-11-25', 'office');
      }),
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['staff[0].pinned["2026-11-25"]', 'pin-conflict-absent'],
      ['staff[2].pinned["2026-11-23"]', 'pin-conflict-can-telework'],
    ]);
  });
});

describe('parseProblemOrThrow', () => {
  it('returns the problem', () => {
    expect(parseProblemOrThrow(validProblem())).toEqual(validProblem());
  });

  it('throws a FormatError with code and issues', () => {
    let thrown: unknown;
    try {
      parseProblemOrThrow(with_((p) => (p.staff[0].requests[1].day = '2026-11-29')));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FormatError);
    const error = thrown as FormatError;
    expect(error.code).toBe('invalid-format');
    expect(error.name).toBe('FormatError');
    expect(error.issues[0].path).toBe('staff[0].requests[1].day');
    expect(error.message).toBe('staff[0].requests[1].day: 2026-11-29 is not one of days');
  });
});

describe('parseRoster', () => {
  it('accepts the example of the format document', () => {
    expect(parseRoster(validRoster())).toEqual({ ok: true, value: validRoster() });
    expect(parseRoster(JSON.stringify(validRoster()))).toEqual({ ok: true, value: validRoster() });
  });

  it('keeps stats when it is an object, ignores it otherwise, and drops unknown fields', () => {
    const stats = { engine: 'exact', millis: 12, requested: 3, granted: 2, bound: 12345, nodes: 7 };
    const withStats = parseRosterOrThrow({ ...validRoster(), stats, other: 1 });
    expect(withStats).toEqual({ ...validRoster(), stats });
    expect(parseRosterOrThrow({ ...validRoster(), stats: 'fast' })).toEqual(validRoster());
  });

  it('does not judge semantics (that is the checker’s job)', () => {
    const roster = with_((r) => {
      r.assignments.push({ staff: 'nobody', day: 'someday', mode: 'telework', counter: 'x' });
      r.shortfalls = [];
    }, validRoster);
    expect(parseRoster(roster).ok).toBe(true);
  });

  const cases: Case[] = [
    ['format wrong', (r) => (r.format = 'rotation-problem/1'), 'format', 'unknown-format', 'expected "rotation-roster/1"'],
    ['problem missing', (r) => delete r.problem, 'problem', 'required', 'is required'],
    ['problem not a string', (r) => (r.problem = 1), 'problem', 'wrong-type', 'expected a string'],
    ['status unknown', (r) => (r.status = 'infeasible'), 'status', 'unknown-status', 'expected "optimal" or "feasible"'],
    ['objective a fraction', (r) => (r.objective = 0.5), 'objective', 'not-integer', 'not an integer'],
    ['objective unsafe', (r) => (r.objective = -(2 ** 60)), 'objective', 'unsafe-integer', 'safe integer'],
    ['assignments not an array', (r) => (r.assignments = {}), 'assignments', 'wrong-type', 'expected an array'],
    ['assignment not an object', (r) => (r.assignments[1] = 's0001'), 'assignments[1]', 'wrong-type', 'expected an object'],
    ['assignment staff missing', (r) => delete r.assignments[2].staff, 'assignments[2].staff', 'required', 'is required'],
    ['assignment day not a string', (r) => (r.assignments[0].day = 20261123), 'assignments[0].day', 'wrong-type', 'expected a string'],
    [
      'assignment mode unknown',
      (r) => (r.assignments[0].mode = 'home'),
      'assignments[0].mode',
      'unknown-mode',
      'expected "office", "telework" or "absent"',
    ],
    ['assignment counter not a string', (r) => (r.assignments[1].counter = null), 'assignments[1].counter', 'wrong-type', 'found null'],
    ['shortfalls missing', (r) => delete r.shortfalls, 'shortfalls', 'required', 'is required'],
    ['shortfall counter not a string', (r) => (r.shortfalls[0].counter = 1), 'shortfalls[0].counter', 'wrong-type', 'expected a string'],
    ['shortfall missing zero', (r) => (r.shortfalls[0].missing = 0), 'shortfalls[0].missing', 'not-positive', '0 is less than 1'],
    ['shortfall missing a fraction', (r) => (r.shortfalls[0].missing = 1.5), 'shortfalls[0].missing', 'not-integer', 'not an integer'],
  ];

  it.each(cases)('%s', (_name, mutate, path, code, reason) => {
    const issues = rosterIssues(with_(mutate, validRoster));
    expectFirst(issues, path, code, reason);
  });

  it('reports several issues in document order', () => {
    const roster = with_((r) => {
      r.shortfalls[0].missing = -1;
      r.status = 'done';
      r.assignments[2].mode = 'sick';
    }, validRoster);
    expect(rosterIssues(roster).map((i) => i.path)).toEqual(['status', 'assignments[2].mode', 'shortfalls[0].missing']);
    expect(validateRoster(roster)).toHaveLength(3);
  });

  it('parseRosterOrThrow throws a FormatError', () => {
    expect(() => parseRosterOrThrow('{')).toThrow(FormatError);
  });
});

// Runs last: jest runs the tests of a file in order.
it('exercises every issue code above', () => {
  // Codes of study files are exercised in validate-study.test.ts, those of the extension in validate-extension.test.ts.
  const elsewhere: readonly string[] = [...STUDY_ISSUE_CODES, ...EXTENSION_ISSUE_CODES];
  const unexercised = Object.keys(ISSUE_CODES).filter((code) => !seen.has(code) && !elsewhere.includes(code));
  expect(unexercised).toEqual([]);
});
