/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument --
   These tests edit raw JSON documents (type Raw) to feed the validator what the format forbids; typing them would defeat the purpose. */
/**
 * The reader of the format's extension for weeks, periods and places
 * (docs/format-periods.md): every new field read and kept, every new rule with
 * a valid and an invalid example, each issue at its JSON path in English and
 * Japanese, and the files of the week format read exactly as before.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  EXTENSION_ISSUE_CODES,
  type IssueCode,
  LIMITS,
  MAX_DAYS_WITH_WEEKS,
  type ValidationIssue,
  parseProblem,
  parseProblemOrThrow,
  parseProblemWithWarnings,
  parseRoster,
  parseRosterWithWarnings,
} from '../../src/domain/validate';

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = join(__dirname, '../..');
const W49 = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
const W50 = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11'];

/** Two weeks of a small organisation that uses every field of the extension, and nothing wrong with it. */
function problem(): Raw {
  return {
    format: 'rotation-problem/1',
    name: 'jumin 2026-W49..W50',
    days: [...W49, ...W50],
    weeks: [[...W49], [...W50]],
    policy: { maxTeleworkDays: 2, licencesPerDay: 3, spreadBonus: [20, 10] },
    places: [
      { id: 'kita', name: '北支所サテライト', desks: 1 },
      { id: 'cowork', name: '駅前コワーキング', desks: { '2026-12-02': 1, '2026-12-09': 2 }, licence: true },
    ],
    periods: [
      {
        id: 'trial',
        name: '試行期間',
        from: '2026-11-30',
        to: '2026-12-11',
        divisions: ['jumin'],
        minDays: 1,
        turnDays: 'possible',
        turnWeight: 1000,
      },
      { id: '2026-12', from: '2026-12-01', to: '2026-12-31', maxDays: 3, done: { s1: 1 } },
    ],
    divisions: [
      { id: 'jumin', name: '住民課', terminals: 2 },
      { id: 'zeimu', name: '税務課' },
    ],
    counters: [{ id: 'madoguchi', division: 'jumin', name: '住民窓口', min: 1 }],
    staff: [
      {
        id: 's1',
        division: 'jumin',
        name: '山田 花子',
        canTelework: true,
        counters: ['madoguchi'],
        requests: [
          { day: '2026-12-01', weight: 30, place: 'kita' },
          { day: '2026-12-07', weight: 20, place: 'home' },
        ],
        absent: [],
        possible: [{ day: '2026-12-09' }, { day: '2026-12-10', place: 'cowork' }],
      },
      {
        id: 's2',
        division: 'jumin',
        name: '佐藤 一郎',
        canTelework: true,
        counters: ['madoguchi'],
        requests: [{ day: '2026-11-30', weight: 20 }],
        absent: ['2026-12-04'],
        pinned: { '2026-12-08': 'telework' },
      },
      { id: 's3', division: 'zeimu', name: '鈴木 次郎', canTelework: true, counters: [], requests: [], absent: [] },
      { id: 's4', division: 'jumin', name: '高橋 三郎', canTelework: false, counters: ['madoguchi'], requests: [], absent: [] },
    ],
  };
}

/** Six weeks of seven days, from Monday 2026-11-30. */
const sixWeeks = Array.from({ length: 6 }, (_, w) =>
  Array.from({ length: 7 }, (_, d) => new Date(Date.UTC(2026, 10, 30 + 7 * w + d)).toISOString().slice(0, 10)),
);

/** The problem cut to its first week: days, desks, requests, possible days and pins of the second week dropped. */
function oneWeek(p: Raw): void {
  p.days = [...W49];
  p.weeks = [[...W49]];
  p.places[1].desks = { '2026-12-02': 1 };
  p.staff[0].requests.pop();
  p.staff[0].possible = [];
  delete p.staff[1].pinned;
}

function with_(mutate: (p: Raw) => void): Raw {
  const p = problem();
  mutate(p);
  return p;
}

/** Every code the tests below have seen, to check at the end that each code of the extension is exercised. */
const seen = new Set<string>();

function issuesOf(raw: unknown): ValidationIssue[] {
  const result = parseProblem(raw);
  if (result.ok) throw new Error('expected the problem to be refused');
  for (const issue of result.issues) {
    seen.add(issue.code);
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    expect(issue.messageJa.startsWith(`${issue.path}: `)).toBe(true);
  }
  return result.issues;
}

function expectAccepted(raw: unknown): void {
  const result = parseProblem(raw);
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
}

function pin(p: Raw, staff: number, day: string, mode = 'telework'): void {
  p.staff[staff].pinned = { ...p.staff[staff].pinned, [day]: mode };
}

describe('an extension problem', () => {
  it('is read with every new field kept as written, and nothing added', () => {
    const result = parseProblemWithWarnings(problem());
    expect(result).toEqual({ ok: true, value: problem(), warnings: [] });
    const value = parseProblemOrThrow(problem());
    expect(Object.keys(value)).toEqual([
      'format',
      'name',
      'days',
      'weeks',
      'policy',
      'places',
      'periods',
      'divisions',
      'counters',
      'staff',
    ]);
    // Optional fields that are absent stay absent: no defaults are filled in.
    expect(Object.keys(value.places![0])).toEqual(['id', 'name', 'desks']);
    expect(Object.keys(value.periods![1])).toEqual(['id', 'from', 'to', 'maxDays', 'done']);
    expect(Object.keys(value.staff[1].requests[0])).toEqual(['day', 'weight']);
    expect(value.staff[1]).not.toHaveProperty('possible');
    expect(value.staff[0].possible![0]).toEqual({ day: '2026-12-09' });
  });

  it('is read from JSON text too, and unknown fields of the new objects draw warnings', () => {
    const raw = with_((p) => {
      p.places[0].desk = 3;
      p.periods[0].minDay = 2;
      p.staff[0].possible[0].plase = 'kita';
    });
    const result = parseProblemWithWarnings(JSON.stringify(raw));
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'places[0].desk: unknown field; did you mean desks?',
      'periods[0].minDay: unknown field; did you mean minDays?',
      'staff[0].possible[0].plase: unknown field; did you mean place?',
    ]);
  });

  it('the example of docs/format-periods.md', () => {
    const page = readFileSync(join(ROOT, 'docs/format-periods.md'), 'utf8');
    const [example] = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    const read = parseProblemWithWarnings(example);
    expect(read.warnings).toEqual([]);
    expect(read.ok && read.value.periods?.map((p) => p.id)).toEqual(['trial', '2026-12']);
  });

  it('fixtures/periods-example.json: two weeks, one division of eight, two places, a trial and a monthly cap', () => {
    const read = parseProblemWithWarnings(readFileSync(join(ROOT, 'fixtures/periods-example.json'), 'utf8'));
    if (!read.ok) throw new Error(read.issues.map((i) => i.message).join('\n'));
    expect(read.warnings).toEqual([]);
    const p = read.value;
    expect(p.weeks).toHaveLength(2);
    expect(p.divisions).toHaveLength(1);
    expect(p.staff).toHaveLength(8);
    expect(p.places?.length).toBeGreaterThanOrEqual(1);
    expect(p.periods?.map((x) => [x.id, x.minDays ?? 0, x.maxDays])).toEqual([
      ['trial', 1, undefined],
      ['2026-12', 0, 8],
    ]);
    expect(p.staff.some((s) => s.possible && s.possible.length > 0)).toBe(true);
    expect(p.staff.some((s) => s.requests.some((q) => q.place !== undefined && q.place !== 'home'))).toBe(true);
  });

  it.each([
    ['one week, as weeks', (p: Raw) => oneWeek(p)],
    ['one week without weeks', (p: Raw) => (oneWeek(p), delete p.weeks)],
    ['weeks of one day each', (p: Raw) => (oneWeek(p), (p.weeks = W49.map((d) => [d])))],
    ['no days and no weeks', (p: Raw) => ((p.days = []), (p.weeks = []), (p.periods = []), (p.places[1].desks = {}), (p.staff = []))],
    [
      'eight days as two weeks',
      (p: Raw) => ((p.days = [...W49, ...W50.slice(0, 3)]), (p.weeks = [W49, W50.slice(0, 3)]), p.staff[0].possible.pop()),
    ],
    ['six weeks of seven days', (p: Raw) => ((p.days = sixWeeks.flat()), (p.weeks = sixWeeks), (p.periods[0].to = sixWeeks[5][6]))],
    ['home as a place', (p: Raw) => ((p.staff[0].requests[0].place = 'home'), (p.staff[0].possible[1].place = 'home'))],
    ['home as a place without places', (p: Raw) => (delete p.places, (p.staff[0].requests[0].place = 'home'), p.staff[0].possible.pop())],
    ['an empty places list', (p: Raw) => ((p.places = []), (p.staff[0].requests = []), (p.staff[0].possible = []))],
    ['a possible day on an absent day', (p: Raw) => (p.staff[1].possible = [{ day: '2026-12-04' }])],
    [
      'a period without goal or cap, reaching before and after the problem',
      (p: Raw) => (p.periods = [{ id: 'x', from: '2000-01-01', to: '2099-12-31' }]),
    ],
    ['a goal period wholly outside the problem', (p: Raw) => (p.periods = [{ id: 'x', from: '2027-01-04', to: '2027-01-04', minDays: 5 }])],
    ['a period for no division', (p: Raw) => (p.periods[0].divisions = [])],
    ['a cap below the goal', (p: Raw) => ((p.periods[0].minDays = 2), (p.periods[0].maxDays = 1))],
    ['days done beyond the cap, for someone without pins and someone out of scope', (p: Raw) => (p.periods[1].done = { s3: 366, s4: 0 })],
    [
      'turnDays of each kind',
      (p: Raw) => (
        (p.periods[0].turnDays = 'any'),
        p.periods.push({ id: 'r', from: W50[0], to: W50[4], minDays: 1, turnDays: 'requested' })
      ),
    ],
    [
      'a staff member called __proto__ in done',
      (p: Raw) => ((p.staff[2].id = '__proto__'), (p.periods[1].done = JSON.parse('{"__proto__": 2}'))),
    ],
  ])('accepts %s', (_name, mutate) => {
    expectAccepted(with_(mutate));
  });

  it('keeps a done entry for a staff member called __proto__ as an own field', () => {
    const raw = with_((p) => ((p.staff[2].id = '__proto__'), (p.periods[1].done = JSON.parse('{"__proto__": 2, "s1": 1}'))));
    const done = parseProblemOrThrow(JSON.stringify(raw)).periods![1].done!;
    expect(Object.keys(done)).toEqual(['__proto__', 's1']);
    expect(Object.getPrototypeOf(done)).toBe(Object.prototype);
  });
});

type Case = [name: string, mutate: (p: Raw) => void, path: string, code: IssueCode, en: string, ja: string];

describe('the extension’s rules: issues[0] names the offending value, in English and Japanese', () => {
  const cases: Case[] = [
    // weeks
    [
      'weeks not an array',
      (p) => (p.weeks = '2026-W49'),
      'weeks',
      'wrong-type',
      'expected an array, found the string',
      '配列である必要があります',
    ],
    [
      'weeks a flat list of days',
      (p) => (p.weeks = [...W49]),
      'weeks[0]',
      'wrong-type',
      'expected an array, found the string',
      '配列である必要があります',
    ],
    [
      'a week that is empty',
      (p) => p.weeks.splice(1, 0, []),
      'weeks[1]',
      'out-of-range',
      'has no days; a week has 1 to 7 days',
      '1 週間は 1〜7 日です',
    ],
    [
      'a week of eight days',
      (p) => ((p.weeks = [[...W49, ...W50.slice(0, 3)], W50.slice(3)]), (p.days = [...W49, ...W50])),
      'weeks[0]',
      'out-of-range',
      'has 8 entries; at most 7 are allowed',
      '8 件あります。7 件までにしてください',
    ],
    [
      'seven weeks',
      (p) => ((p.weeks = p.days.slice(0, 7).map((d: string) => [d])), (p.days = p.days.slice(0, 7))),
      'weeks',
      'out-of-range',
      'has 7 entries; at most 6 are allowed',
      '7 件あります。6 件までにしてください',
    ],
    [
      'a day of a week not a date',
      (p) => (p.weeks[0][2] = '2026-12-32'),
      'weeks[0][2]',
      'invalid-date',
      'is not a calendar date',
      '実在する日付ではありません',
    ],
    [
      'a day moved to the wrong week',
      (p) => ((p.weeks[0] = W49.slice(0, 4)), (p.weeks[1] = [W49[4], ...W50].slice(1))),
      'weeks[1][0]',
      'weeks-mismatch',
      '2026-12-07 stands where days[4] (2026-12-04) should; the weeks, one after another, must be exactly days',
      '2026-12-07 の位置には days[4]（2026-12-04）が来る必要があります',
    ],
    [
      'weeks out of order',
      (p) => p.weeks.reverse(),
      'weeks[0][0]',
      'weeks-mismatch',
      '2026-12-07 stands where days[0] (2026-11-30) should',
      'weeks をつなげると days と完全に一致する必要があります',
    ],
    [
      'weeks that stop short of days',
      (p) => p.weeks[1].pop(),
      'weeks',
      'weeks-mismatch',
      'the weeks hold 9 days but days has 10: days[9] (2026-12-11) is in no week',
      'weeks には 9 日しかありませんが days は 10 日です。days[9]（2026-12-11）がどの週にも含まれていません',
    ],
    [
      'weeks that go on after days',
      (p) => p.weeks[1].push('2026-12-12'),
      'weeks[1][5]',
      'weeks-mismatch',
      '2026-12-12 is beyond the 10 days of days',
      '2026-12-12 は days の 10 日を超えています',
    ],
    [
      'weeks empty while there are days',
      (p) => (p.weeks = []),
      'weeks',
      'weeks-mismatch',
      'the weeks hold 0 days but days has 10',
      'どの週にも含まれていません',
    ],
    [
      'eight days without weeks',
      (p) => ((p.days = [...W49, ...W50.slice(0, 3)]), delete p.weeks),
      'days[7]',
      'too-many-days',
      'days has 8 entries but a week has at most 7 days',
      '1 週間は最大 7 日です',
    ],
    [
      `${MAX_DAYS_WITH_WEEKS + 1} days with weeks`,
      (p) => (p.days = Array.from({ length: 43 }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10))),
      'days[42]',
      'too-many-days',
      'days has 43 entries but at most 42 are allowed with weeks (6 weeks of 7 days)',
      'weeks を使う場合も最大 42 日（6 週 × 7 日）です',
    ],

    // places
    [
      'places not an array',
      (p) => (p.places = { kita: 1 }),
      'places',
      'wrong-type',
      'expected an array, found an object',
      '配列である必要があります',
    ],
    [
      'a place called home',
      (p) => (p.places[0].id = 'home'),
      'places[0].id',
      'reserved-id',
      '"home" cannot be the id of a place: it means at home wherever a place is named',
      '"home" は場所の id にできません（場所の指定では自宅を表します）',
    ],
    [
      'a place id repeated',
      (p) => (p.places[1].id = 'kita'),
      'places[1].id',
      'duplicate-id',
      '"kita" is already the id of places[0]',
      'places[0] の id と重複しています',
    ],
    ['a place id empty', (p) => (p.places[1].id = ''), 'places[1].id', 'empty-id', 'id must not be empty', 'id を空にすることはできません'],
    [
      'a place id of 65 characters',
      (p) => (p.places[0].id = 'k'.repeat(65)),
      'places[0].id',
      'out-of-range',
      'has 65 characters; at most 64',
      '64 文字までにしてください',
    ],
    [
      'a place without desks',
      (p) => delete p.places[0].desks,
      'places[0].desks',
      'required',
      'is required but missing',
      '必須の項目がありません',
    ],
    [
      'a place without a name',
      (p) => delete p.places[1].name,
      'places[1].name',
      'required',
      'is required but missing',
      '必須の項目がありません',
    ],
    ['desks negative', (p) => (p.places[0].desks = -1), 'places[0].desks', 'negative', '-1 is less than 0', '0 より小さい値です'],
    [
      'desks beyond 10,000',
      (p) => (p.places[0].desks = 10_001),
      'places[0].desks',
      'out-of-range',
      '10001 is outside the range 0 to 10000',
      '10001 は範囲外です',
    ],
    [
      'desks a string',
      (p) => (p.places[0].desks = '2'),
      'places[0].desks',
      'wrong-type',
      'expected an integer ≥ 0 or an object from day',
      '0 以上の整数、または日付から',
    ],
    [
      'desks on a day that is not one of days',
      (p) => (p.places[1].desks['2026-12-05'] = 1),
      'places[1].desks["2026-12-05"]',
      'unknown-day',
      '2026-12-05 is not one of days',
      '2026-12-05 は days に含まれていません',
    ],
    ['licence not a boolean', (p) => (p.places[1].licence = 'yes'), 'places[1].licence', 'wrong-type', 'expected a boolean', '真偽値'],
    [
      'a request at an unknown place',
      (p) => (p.staff[0].requests[0].place = 'minami'),
      'staff[0].requests[0].place',
      'unknown-place',
      '"minami" is neither "home" nor the id of any place',
      '"minami" は "home" でも、どの場所（places）の id でもありません',
    ],
    [
      'a request at a place when there are no places',
      (p) => (delete p.places, (p.staff[0].possible = [])),
      'staff[0].requests[0].place',
      'unknown-place',
      '"kita" is neither "home" nor the id of any place',
      'どの場所（places）の id でもありません',
    ],
    [
      'a request place not a string',
      (p) => (p.staff[0].requests[1].place = null),
      'staff[0].requests[1].place',
      'wrong-type',
      'expected a string, found null',
      '文字列である必要があります',
    ],
    [
      'a request at Home (case matters)',
      (p) => (p.staff[0].requests[1].place = 'Home'),
      'staff[0].requests[1].place',
      'unknown-place',
      '"Home" is neither',
      '"Home" は "home" でも',
    ],

    // possible days
    [
      'possible not an array',
      (p) => (p.staff[0].possible = '2026-12-09'),
      'staff[0].possible',
      'wrong-type',
      'expected an array',
      '配列である必要があります',
    ],
    [
      'a possible day without day',
      (p) => delete p.staff[0].possible[0].day,
      'staff[0].possible[0].day',
      'required',
      'is required',
      '必須の項目がありません',
    ],
    [
      'a possible day not one of days',
      (p) => (p.staff[0].possible[0].day = '2026-12-12'),
      'staff[0].possible[0].day',
      'unknown-day',
      '2026-12-12 is not one of days',
      '2026-12-12 は days に含まれていません',
    ],
    [
      'two possible entries on one day',
      (p) => (p.staff[0].possible[1].day = '2026-12-09'),
      'staff[0].possible[1].day',
      'duplicate-possible',
      '2026-12-09 is already listed at possible[0]; at most one possible entry per day',
      '2026-12-09 は possible[0] と重複しています。possible は 1 日につき 1 件までです',
    ],
    [
      'a possible day that is requested',
      (p) => (p.staff[0].possible[1].day = '2026-12-07'),
      'staff[0].possible[1].day',
      'possible-requested',
      '2026-12-07 is requested (requests[1]); a possible day is one the person did not ask for',
      '2026-12-07 は希望日（requests[1]）です。possible には希望していない日を指定してください',
    ],
    [
      'a possible day at an unknown place',
      (p) => (p.staff[0].possible[1].place = 'kita-shisho'),
      'staff[0].possible[1].place',
      'unknown-place',
      '"kita-shisho" is neither "home" nor the id of any place',
      'どの場所（places）の id でもありません',
    ],

    // periods
    [
      'periods not an array',
      (p) => (p.periods = p.periods[0]),
      'periods',
      'wrong-type',
      'expected an array, found an object',
      '配列である必要があります',
    ],
    [
      'twenty-one periods',
      (p) => (p.periods = Array.from({ length: 21 }, (_, i) => ({ id: `p${i}`, from: W49[0], to: W49[0] }))),
      'periods',
      'out-of-range',
      'has 21 entries; at most 20 are allowed',
      '21 件あります。20 件までにしてください',
    ],
    ['a period without id', (p) => delete p.periods[1].id, 'periods[1].id', 'required', 'is required', '必須の項目がありません'],
    [
      'a period id repeated',
      (p) => (p.periods[1].id = 'trial'),
      'periods[1].id',
      'duplicate-id',
      '"trial" is already the id of periods[0]',
      'periods[0] の id と重複しています',
    ],
    ['a period without to', (p) => delete p.periods[0].to, 'periods[0].to', 'required', 'is required', '必須の項目がありません'],
    [
      'from not a date',
      (p) => (p.periods[1].from = '2026-12'),
      'periods[1].from',
      'invalid-date',
      '"2026-12" is not a calendar date',
      '実在する日付ではありません',
    ],
    [
      'to not a real date',
      (p) => (p.periods[1].to = '2026-12-32'),
      'periods[1].to',
      'invalid-date',
      'is not a calendar date',
      '実在する日付ではありません',
    ],
    [
      'to before from',
      (p) => (p.periods[1].to = '2026-11-30'),
      'periods[1].to',
      'from-after-to',
      '2026-11-30 is before from (2026-12-01); a period ends on or after its first day',
      '2026-11-30 は from（2026-12-01）より前の日付です',
    ],
    [
      'a period name not a string',
      (p) => (p.periods[0].name = 1),
      'periods[0].name',
      'wrong-type',
      'expected a string',
      '文字列である必要があります',
    ],
    [
      'a period for an unknown division',
      (p) => (p.periods[0].divisions = ['soumu']),
      'periods[0].divisions[0]',
      'unknown-division',
      '"soumu" is not the id of any division',
      'どの課（divisions）の id でもありません',
    ],
    [
      'a division listed twice in a period',
      (p) => p.periods[0].divisions.push('jumin'),
      'periods[0].divisions[1]',
      'duplicate-division',
      '"jumin" is already listed at divisions[0]',
      '"jumin" は divisions[0] と重複しています',
    ],
    [
      'minDays beyond 366',
      (p) => (p.periods[0].minDays = 367),
      'periods[0].minDays',
      'out-of-range',
      '367 is outside the range 0 to 366',
      '367 は範囲外です',
    ],
    ['maxDays negative', (p) => (p.periods[1].maxDays = -1), 'periods[1].maxDays', 'negative', '-1 is less than 0', '0 より小さい値です'],
    [
      'maxDays a fraction',
      (p) => (p.periods[1].maxDays = 2.5),
      'periods[1].maxDays',
      'not-integer',
      '2.5 is not an integer',
      '整数ではありません',
    ],
    [
      'turnDays unknown',
      (p) => (p.periods[0].turnDays = 'all'),
      'periods[0].turnDays',
      'unknown-turn-days',
      'expected "requested", "possible" or "any", found the string "all"',
      '"requested"、"possible"、"any" のいずれかである必要があります',
    ],
    [
      'turnWeight beyond 1,000,000',
      (p) => (p.periods[0].turnWeight = 1_000_001),
      'periods[0].turnWeight',
      'out-of-range',
      'outside the range 0 to 1000000',
      '範囲外です',
    ],
    [
      'done not an object',
      (p) => (p.periods[1].done = [1]),
      'periods[1].done',
      'wrong-type',
      'expected an object, found an array',
      'オブジェクトである必要があります',
    ],
    [
      'done for someone who is not staff',
      (p) => (p.periods[1].done.t9999 = 2),
      'periods[1].done["t9999"]',
      'unknown-staff',
      '"t9999" is not the id of any staff member',
      '"t9999" はどの職員（staff）の id でもありません',
    ],
    [
      'done beyond 366',
      (p) => (p.periods[1].done.s1 = 400),
      'periods[1].done["s1"]',
      'out-of-range',
      '400 is outside the range 0 to 366',
      '400 は範囲外です',
    ],
    [
      'a goal that starts inside a week and goes on',
      (p) => (p.periods[0].from = '2026-12-02'),
      'periods[0].from',
      'period-cuts-week',
      'its first day in this problem, 2026-12-02, is inside weeks[0] (2026-11-30 … 2026-12-04) and the period goes on into later weeks: a period with a goal (minDays > 0) must hold whole weeks, or days of one week only',
      'この期間の最初の日 2026-12-02 は weeks[0]（2026-11-30〜2026-12-04）の途中で、期間はその後の週まで続いています。目標（minDays > 0）のある期間は、週をまるごと含むか、1 週間の中に収めてください',
    ],
    [
      'a goal that ends inside a later week',
      (p) => (p.periods[0].to = '2026-12-08'),
      'periods[0].to',
      'period-cuts-week',
      'its last day in this problem, 2026-12-08, is inside weeks[1] (2026-12-07 … 2026-12-11) and the period began in an earlier week',
      'この期間の最後の日 2026-12-08 は weeks[1]（2026-12-07〜2026-12-11）の途中で、期間はそれより前の週から続いています',
    ],
    [
      'a monthly goal over the weeks (the cap of the example with a goal)',
      (p) => (p.periods[1].minDays = 1),
      'periods[1].from',
      'period-cuts-week',
      'its first day in this problem, 2026-12-01, is inside weeks[0]',
      'この期間の最初の日 2026-12-01 は weeks[0]',
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, code, en, ja) => {
    const issues = issuesOf(with_(mutate));
    expect({ path: issues[0].path, code: issues[0].code }).toEqual({ path, code });
    expect(issues[0].message).toContain(en);
    expect(issues[0].messageJa).toContain(ja);
  });
});

describe('periods with goals, within the problem', () => {
  /** The trial over both weeks, and two more goal periods inside the first week. */
  function goals(a: Raw, b: Raw): (p: Raw) => void {
    return (p) => p.periods.push({ id: 'a', minDays: 1, ...a }, { id: 'b', minDays: 1, ...b });
  }
  const early = { from: '2026-11-30', to: '2026-12-02' };
  const late = { from: '2026-12-02', to: '2026-12-04' };

  it.each([
    [
      'a goal of whole weeks, reaching before and after the problem',
      (p: Raw) => ((p.periods[0].from = '2026-11-01'), (p.periods[0].to = '2027-01-31')),
    ],
    ['a goal over the second week', (p: Raw) => ((p.periods[0].from = W50[0]), (p.periods[0].to = '2026-12-13'))],
    ['a goal inside one week', (p: Raw) => ((p.periods[0].from = '2026-12-08'), (p.periods[0].to = '2026-12-09'))],
    [
      'a goal that cuts the one week of a problem without weeks',
      (p: Raw) => (oneWeek(p), delete p.weeks, (p.periods[0].to = '2026-12-01')),
    ],
    ['a cap alone that cuts weeks (the monthly cap)', () => undefined],
    ['two goals that cross, for different divisions', goals({ ...early, divisions: ['jumin'] }, { ...late, divisions: ['zeimu'] })],
    [
      'two goals that cross, for a division where nobody can telework',
      (p: Raw) => ((p.staff[2].canTelework = false), goals({ ...early, divisions: ['zeimu'] }, { ...late, divisions: ['zeimu'] })(p)),
    ],
    ['a goal and a cap that cross', goals(early, { ...late, minDays: 0, maxDays: 2 })],
    ['two goals, disjoint', goals(early, { from: '2026-12-03', to: '2026-12-04' })],
    ['two goals, nested', goals(early, { from: '2026-12-01', to: '2026-12-02' })],
    ['two goals, equal', goals(early, early)],
    [
      'two goals crossing only outside the problem',
      goals({ from: '2026-12-12', to: '2026-12-20' }, { from: '2026-12-15', to: '2026-12-25' }),
    ],
  ])('accepts %s', (_name, mutate) => {
    expectAccepted(with_(mutate));
  });

  it('refuses two goals for one person whose days cross, naming the earlier period and the person', () => {
    const issues = issuesOf(with_(goals(early, late)));
    expect(issues).toEqual([
      {
        path: 'periods[3]',
        code: 'period-overlap',
        message:
          'periods[3]: its days in this problem (2026-12-02 … 2026-12-04) overlap those of periods[2] "a" (2026-11-30 … 2026-12-02) without either holding the other, and both set a goal for s1: periods with goals for one person must be nested or disjoint',
        messageJa:
          'periods[3]: この期間の日（2026-12-02〜2026-12-04）が periods[2] "a"（2026-11-30〜2026-12-02）と一部だけ重なっていて、どちらも s1 に目標を設けています。同じ職員に目標のある期間は、入れ子にするか重ならないようにしてください',
      },
    ]);
  });

  it('a period for every division shares its people with any other', () => {
    const issues = issuesOf(with_(goals(early, { ...late, divisions: ['zeimu'] })));
    expect(issues.map((i) => [i.path, i.code])).toEqual([['periods[3]', 'period-overlap']]);
    expect(issues[0].message).toContain('both set a goal for s3');
  });

  it('reports a period once, and crossings with the trial over both weeks too', () => {
    const raw = with_((p) => {
      p.periods[0].to = W49[4]; // the trial now holds the first week only
      p.periods.push({ id: 'x', from: W49[2], to: W50[4], minDays: 1 });
    });
    const issues = issuesOf(raw);
    // 'x' starts inside the first week and goes on: it cuts a week, and it crosses the trial.
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['periods[2]', 'period-overlap'],
      ['periods[2].from', 'period-cuts-week'],
    ]);
  });
});

describe('pins with places, weeks and caps', () => {
  it.each([
    [
      'at an office on the internal network: no licence',
      (p: Raw) => ((p.policy.licencesPerDay = 1), pin(p, 0, '2026-12-01'), pin(p, 1, '2026-12-01')),
    ],
    [
      'at an office on the internal network: no terminal',
      (p: Raw) => ((p.divisions[0].terminals = 1), pin(p, 0, '2026-12-01'), pin(p, 1, '2026-12-01')),
    ],
    ['at a place through a possible day, within its desks', (p: Raw) => ((p.places[1].desks['2026-12-10'] = 1), pin(p, 0, '2026-12-10'))],
    [
      'two a week in each of two weeks',
      (p: Raw) => (
        (p.periods[1].maxDays = 10),
        (p.staff[1].pinned = {}),
        ['2026-11-30', '2026-12-01', '2026-12-07', '2026-12-09'].forEach((d) => pin(p, 1, d))
      ),
    ],
    ['up to the cap, less the days done', (p: Raw) => (pin(p, 0, '2026-12-01'), pin(p, 0, '2026-12-07'))],
    ['beyond a cap, before the period', (p: Raw) => (pin(p, 0, '2026-11-30'), pin(p, 0, '2026-12-01'), pin(p, 0, '2026-12-07'))],
    [
      'beyond the cap of a period of another division',
      (p: Raw) => ((p.periods[1].divisions = ['zeimu']), ['2026-12-01', '2026-12-07', '2026-12-09'].forEach((d) => pin(p, 0, d))),
    ],
  ])('hold: %s', (_name, mutate) => {
    expectAccepted(with_(mutate));
  });

  it('more pins at a place than its desks', () => {
    const issues = issuesOf(
      with_((p) => {
        p.staff[2].requests = [{ day: '2026-12-01', weight: 5, place: 'kita' }];
        pin(p, 0, '2026-12-01');
        pin(p, 2, '2026-12-01');
      }),
    );
    expect(issues).toEqual([
      {
        path: 'staff[2].pinned["2026-12-01"]',
        code: 'pin-conflict-desks',
        message:
          'staff[2].pinned["2026-12-01"]: pins in conflict: 2 staff pinned to telework at "kita" on 2026-12-01 (s1, s3) but places[0].desks is 1',
        messageJa:
          'staff[2].pinned["2026-12-01"]: 固定が矛盾しています: 2026-12-01 に 2 人が "kita" でのテレワークに固定されています（s1、s3）が、places[0].desks は 1 です',
      },
    ]);
  });

  it('a pin on a possible day at a place with no desks that day', () => {
    const issues = issuesOf(with_((p) => pin(p, 0, '2026-12-10')));
    expect(issues.map((i) => [i.path, i.code])).toEqual([['staff[0].pinned["2026-12-10"]', 'pin-conflict-desks']]);
    expect(issues[0].message).toContain(
      'at "cowork" on 2026-12-10 (s1) but places[1].desks["2026-12-10"] is 0 (a day not named has no desks)',
    );
    expect(issues[0].messageJa).toContain('places[1].desks["2026-12-10"] は 0 です（記載のない日は 0 席）');
  });

  it('a request’s place wins over home: a pinned day at home takes no desk', () => {
    expectAccepted(with_((p) => ((p.places[0].desks = 0), (p.staff[0].requests[0].place = 'home'), pin(p, 0, '2026-12-01'))));
    issuesOf(with_((p) => ((p.places[0].desks = 0), pin(p, 0, '2026-12-01'))));
  });

  it('days at a place with a licence take licences and terminals, and the messages say which days count', () => {
    const atCowork = (p: Raw): void => {
      p.staff[0].requests[0] = { day: '2026-12-02', weight: 30, place: 'cowork' };
      pin(p, 0, '2026-12-02');
      pin(p, 1, '2026-12-02');
    };
    const licences = issuesOf(with_((p) => ((p.policy.licencesPerDay = 1), atCowork(p))));
    expect(licences).toEqual([
      {
        path: 'staff[1].pinned["2026-12-02"]',
        code: 'pin-conflict-licences',
        message:
          'staff[1].pinned["2026-12-02"]: pins in conflict: 2 staff pinned to telework at home or at places that take a licence on 2026-12-02 (s1, s2) but licencesPerDay is 1',
        messageJa:
          'staff[1].pinned["2026-12-02"]: 固定が矛盾しています: 2026-12-02 に 自宅またはライセンスが必要な場所で 2 人がテレワークで固定されています（s1、s2）が、licencesPerDay は 1 です',
      },
    ]);
    const terminals = issuesOf(with_((p) => ((p.divisions[0].terminals = 1), atCowork(p))));
    expect(terminals.map((i) => [i.path, i.code])).toEqual([['staff[1].pinned["2026-12-02"]', 'pin-conflict-terminals']]);
    expect(terminals[0].message).toContain(
      '2 staff of division jumin pinned to telework at home or at places that take a licence on 2026-12-02 (s1, s2) but its terminals is 1',
    );
    expect(terminals[0].messageJa).toContain('課 jumin の職員 自宅またはライセンスが必要な場所で 2 人が');
  });

  it('the weekly maximum holds per week, and the message names the week', () => {
    const issues = issuesOf(
      with_((p) => {
        p.periods[1].maxDays = 10;
        p.staff[1].pinned = {};
        ['2026-11-30', '2026-12-07', '2026-12-08', '2026-12-09'].forEach((d) => pin(p, 1, d));
      }),
    );
    expect(issues).toEqual([
      {
        path: 'staff[1].pinned["2026-12-09"]',
        code: 'pin-conflict-max-telework-days',
        message:
          'staff[1].pinned["2026-12-09"]: pins in conflict: s2 is pinned to telework on 3 days of weeks[1] (2026-12-07, 2026-12-08, 2026-12-09) but policy.maxTeleworkDays is 2',
        messageJa:
          'staff[1].pinned["2026-12-09"]: 固定が矛盾しています: s2 は weeks[1] のうち 3 日（2026-12-07, 2026-12-08, 2026-12-09）テレワークで固定されていますが、policy.maxTeleworkDays は 2 です',
      },
    ]);
  });

  it('more pins in a period than its cap less the days done', () => {
    const issues = issuesOf(with_((p) => ['2026-12-01', '2026-12-07', '2026-12-08'].forEach((d) => pin(p, 0, d))));
    expect(issues).toEqual([
      {
        path: 'staff[0].pinned["2026-12-08"]',
        code: 'pin-conflict-period',
        message:
          'staff[0].pinned["2026-12-08"]: pins in conflict: s1 is pinned to telework on 3 days of periods[1] "2026-12" (2026-12-01, 2026-12-07, 2026-12-08) but its cap allows 2 (maxDays 3 − done 1)',
        messageJa:
          'staff[0].pinned["2026-12-08"]: 固定が矛盾しています: s1 は periods[1] "2026-12" の期間に 3 日（2026-12-01, 2026-12-07, 2026-12-08）テレワークで固定されていますが、この期間の上限は 2 日です（maxDays 3 − done 1）',
      },
    ]);
  });

  it('a cap already used up by the days done allows no pin; without done the message says maxDays alone', () => {
    const usedUp = issuesOf(with_((p) => ((p.periods[1].done.s1 = 5), pin(p, 0, '2026-12-07'))));
    expect(usedUp.map((i) => [i.path, i.code])).toEqual([['staff[0].pinned["2026-12-07"]', 'pin-conflict-period']]);
    expect(usedUp[0].message).toContain('but its cap allows 0 (maxDays 3 − done 5)');
    const capZero = issuesOf(with_((p) => (p.periods[0].maxDays = 0)));
    expect(capZero.map((i) => [i.path, i.code])).toEqual([['staff[1].pinned["2026-12-08"]', 'pin-conflict-period']]);
    expect(capZero[0].message).toContain(
      's2 is pinned to telework on 1 days of periods[0] "trial" (2026-12-08) but its cap allows 0 (maxDays 0)',
    );
  });

  it('are weighed only once the rest is sound', () => {
    const issues = issuesOf(with_((p) => ((p.places[0].desks = 0), pin(p, 0, '2026-12-01'), (p.periods[0].turnDays = 'some'))));
    expect(issues.map((i) => i.code)).toEqual(['unknown-turn-days']);
  });
});

describe('the bounds of the extension', () => {
  /** The problem without its one pin, so that no bound below makes pins conflict. */
  function unpinned(): Raw {
    return with_((p) => delete p.staff[1].pinned);
  }
  const bounds: [name: string, path: string, set: (p: Raw, v: number) => void, max: number][] = [
    ['desks (one number)', 'places[0].desks', (p, v) => (p.places[0].desks = v), LIMITS.count],
    ['desks (per day)', 'places[1].desks["2026-12-02"]', (p, v) => (p.places[1].desks['2026-12-02'] = v), LIMITS.count],
    ['minDays', 'periods[0].minDays', (p, v) => (p.periods[0].minDays = v), LIMITS.periodDays],
    ['maxDays', 'periods[1].maxDays', (p, v) => (p.periods[1].maxDays = v), LIMITS.periodDays],
    ['done', 'periods[1].done["s1"]', (p, v) => (p.periods[1].done.s1 = v), LIMITS.periodDays],
    ['turnWeight', 'periods[0].turnWeight', (p, v) => (p.periods[0].turnWeight = v), LIMITS.weight],
  ];

  it.each(bounds)('%s: 0 and the largest value are accepted; one more is out-of-range, −1 negative', (_name, path, set, max) => {
    for (const ok of [0, max]) {
      const p = unpinned();
      set(p, ok);
      expectAccepted(p);
    }
    for (const [value, code] of [
      [max + 1, 'out-of-range'],
      [-1, 'negative'],
      [2 ** 53, 'unsafe-integer'],
      [0.5, 'not-integer'],
    ] as const) {
      const p = unpinned();
      set(p, value);
      const issues = issuesOf(JSON.stringify(p));
      expect(issues.map((i) => [i.path, i.code])).toEqual([[path, code]]);
    }
  });

  it.each([
    [
      'places',
      LIMITS.places,
      (p: Raw, n: number) =>
        p.places.push(...Array.from({ length: n - 2 }, (_, i) => ({ id: `p${p.places.length + i}`, name: '', desks: 0 }))),
    ],
    [
      'periods',
      LIMITS.periods,
      (p: Raw, n: number) =>
        p.periods.push(...Array.from({ length: n - 2 }, (_, i) => ({ id: `p${p.periods.length + i}`, from: W49[0], to: W49[0] }))),
    ],
  ])('%s: %i entries are accepted, one more is out-of-range', (list, max, grow) => {
    const p = unpinned();
    grow(p, max);
    expectAccepted(p);
    grow(p, 3);
    expect(issuesOf(p).map((i) => [i.path, i.code])).toEqual([[list, 'out-of-range']]);
  });

  it.each([
    ['places[0].id', (p: Raw, id: string) => ((p.places[0].id = id), (p.staff[0].requests[0].place = id))],
    ['periods[1].id', (p: Raw, id: string) => (p.periods[1].id = id)],
  ])(`%s: ${LIMITS.idLength} characters are accepted, one more is out-of-range`, (path, set) => {
    const p = unpinned();
    set(p, 'x'.repeat(LIMITS.idLength));
    expectAccepted(p);
    set(p, 'x'.repeat(LIMITS.idLength + 1));
    expect(issuesOf(p).map((i) => [i.path, i.code])).toContainEqual([path, 'out-of-range']);
  });
});

describe('files of the week format read exactly as before', () => {
  const fixtures = readdirSync(join(ROOT, 'fixtures')).filter((f) => f.endsWith('.json') && f !== 'periods-example.json');

  it.each(fixtures)('%s: accepted without warnings, with no field of the extension', (file) => {
    const read = parseProblemWithWarnings(readFileSync(join(ROOT, 'fixtures', file), 'utf8'));
    if (!read.ok) throw new Error(read.issues.map((i) => i.message).join('\n'));
    expect(read.warnings).toEqual([]);
    const p = read.value;
    expect(Object.keys(p)).toEqual(['format', 'name', 'days', 'policy', 'divisions', 'counters', 'staff']);
    expect(p.staff.filter((s) => 'possible' in s || s.requests.some((q) => 'place' in q))).toEqual([]);
  });

  it('town-25-2026-W48.json with every kind of pin conflict: the same issues, word for word, as before the extension', () => {
    const town = JSON.parse(readFileSync(join(ROOT, 'fixtures/town-25-2026-W48.json'), 'utf8'));
    const day = '2026-11-24';
    const free = town.staff.filter((s: Raw) => s.canTelework && !s.absent.includes(day) && !s.pinned);
    for (const s of free.slice(0, 51)) s.pinned = { [day]: 'telework' };
    const every = free.slice(51).find((s: Raw) => s.maxTeleworkDays === undefined && s.absent.length === 0);
    every.pinned = Object.fromEntries(town.days.map((d: string) => [d, 'telework']));
    const away = town.staff.find((s: Raw) => s.absent.length > 0 && !s.pinned);
    away.pinned = { [away.absent[0]]: 'office' };
    const fixed = town.staff.find((s: Raw) => !s.canTelework && !s.pinned && !s.absent.includes(day));
    fixed.pinned = { [day]: 'telework' };
    // Issues written down from the reader as it was before the extension (commit 006e781).
    expect(issuesOf(JSON.stringify(town))).toEqual([
      {
        path: 'staff[14].pinned["2026-11-24"]',
        code: 'pin-conflict-can-telework',
        message:
          'staff[14].pinned["2026-11-24"]: pins in conflict: t0015 is pinned to telework on 2026-11-24 but cannot telework (canTelework is false)',
        messageJa:
          'staff[14].pinned["2026-11-24"]: 固定が矛盾しています: t0015 は 2026-11-24 にテレワークで固定されていますが、テレワーク対象外です（canTelework が false）',
      },
      {
        path: 'staff[25].pinned["2026-11-24"]',
        code: 'pin-conflict-absent',
        message: 'staff[25].pinned["2026-11-24"]: pins in conflict: t0026 is pinned to office on 2026-11-24 but is absent that day',
        messageJa: 'staff[25].pinned["2026-11-24"]: 固定が矛盾しています: t0026 は 2026-11-24 に出勤で固定されていますが、その日は休暇です',
      },
      {
        path: 'staff[28].pinned["2026-11-24"]',
        code: 'pin-conflict-terminals',
        message:
          'staff[28].pinned["2026-11-24"]: pins in conflict: 9 staff of division seisaku pinned to telework on 2026-11-24 (t0024, t0025, t0027, t0028, t0029, t0030, t0031, t0032, t0033) but its terminals is 4',
        messageJa:
          'staff[28].pinned["2026-11-24"]: 固定が矛盾しています: 2026-11-24 に課 seisaku の職員 9 人がテレワークで固定されています（t0024、t0025、t0027、t0028、t0029、t0030、t0031、t0032、t0033）が、共用端末（terminals）は 4 台です',
      },
      {
        path: 'staff[36].pinned["2026-11-24"]',
        code: 'pin-conflict-terminals',
        message:
          'staff[36].pinned["2026-11-24"]: pins in conflict: 8 staff of division zaisei pinned to telework on 2026-11-24 (t0034, t0035, t0036, t0037, t0038, t0039, t0040, t0041) but its terminals is 3',
        messageJa:
          'staff[36].pinned["2026-11-24"]: 固定が矛盾しています: 2026-11-24 に課 zaisei の職員 8 人がテレワークで固定されています（t0034、t0035、t0036、t0037、t0038、t0039、t0040、t0041）が、共用端末（terminals）は 3 台です',
      },
      {
        path: 'staff[53].pinned["2026-11-24"]',
        code: 'pin-conflict-licences',
        message:
          'staff[53].pinned["2026-11-24"]: pins in conflict: 52 staff pinned to telework on 2026-11-24 (t0001, t0002, t0003, t0004, t0005, t0006, t0007, t0008, t0009, t0010, and 42 more) but licencesPerDay is 50',
        messageJa:
          'staff[53].pinned["2026-11-24"]: 固定が矛盾しています: 2026-11-24 に 52 人がテレワークで固定されています（t0001、t0002、t0003、t0004、t0005、t0006、t0007、t0008、t0009、t0010 ほか 42 人）が、licencesPerDay は 50 です',
      },
      {
        path: 'staff[54].pinned["2026-11-26"]',
        code: 'pin-conflict-max-telework-days',
        message:
          'staff[54].pinned["2026-11-26"]: pins in conflict: t0055 is pinned to telework on 4 days (2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27) but policy.maxTeleworkDays is 2',
        messageJa:
          'staff[54].pinned["2026-11-26"]: 固定が矛盾しています: t0055 は 4 日（2026-11-24, 2026-11-25, 2026-11-26, 2026-11-27）テレワークで固定されていますが、policy.maxTeleworkDays は 2 です',
      },
    ]);
  });
});

describe('a roster with the extension', () => {
  function roster(): Raw {
    return {
      format: 'rotation-roster/1',
      problem: 'jumin 2026-W49..W50',
      status: 'optimal',
      objective: 1050,
      assignments: [
        { staff: 's1', day: '2026-12-01', mode: 'telework', place: 'kita' },
        { staff: 's1', day: '2026-12-02', mode: 'telework' },
        { staff: 's1', day: '2026-12-03', mode: 'office', counter: 'madoguchi' },
      ],
      shortfalls: [],
      turnsShort: [{ period: 'trial', staff: 's3', days: 0, minDays: 1 }],
    };
  }

  it('is read with the place of telework entries and turnsShort, without warnings', () => {
    expect(parseRosterWithWarnings(roster())).toEqual({ ok: true, value: roster(), warnings: [] });
    const empty = { ...roster(), turnsShort: [] };
    expect(parseRoster(JSON.stringify(empty))).toEqual({ ok: true, value: empty });
  });

  it('is read structurally only: a place on an office entry, unknown periods and staff are the checker’s business', () => {
    const odd = roster();
    odd.assignments[2].place = 'nowhere';
    odd.turnsShort.push({ period: 'no-such-period', staff: 'nobody', days: 9, minDays: 1 });
    expect(parseRoster(odd).ok).toBe(true);
  });

  const cases: [name: string, mutate: (r: Raw) => void, path: string, code: IssueCode, en: string, ja: string][] = [
    [
      'a place not a string',
      (r) => (r.assignments[0].place = 1),
      'assignments[0].place',
      'wrong-type',
      'expected a string, found the number 1',
      '文字列である必要があります',
    ],
    [
      'turnsShort not an array',
      (r) => (r.turnsShort = {}),
      'turnsShort',
      'wrong-type',
      'expected an array, found an object',
      '配列である必要があります',
    ],
    [
      'an entry of turnsShort not an object',
      (r) => (r.turnsShort[0] = 's3'),
      'turnsShort[0]',
      'wrong-type',
      'expected an object',
      'オブジェクトである必要があります',
    ],
    [
      'an entry without staff',
      (r) => delete r.turnsShort[0].staff,
      'turnsShort[0].staff',
      'required',
      'is required but missing',
      '必須の項目がありません',
    ],
    [
      'a period not a string',
      (r) => (r.turnsShort[0].period = null),
      'turnsShort[0].period',
      'wrong-type',
      'expected a string, found null',
      '文字列である必要があります',
    ],
    ['days negative', (r) => (r.turnsShort[0].days = -1), 'turnsShort[0].days', 'negative', '-1 is less than 0', '0 より小さい値です'],
    [
      'minDays a fraction',
      (r) => (r.turnsShort[0].minDays = 0.5),
      'turnsShort[0].minDays',
      'not-integer',
      '0.5 is not an integer',
      '整数ではありません',
    ],
  ];
  it.each(cases)('refuses %s', (_name, mutate, path, code, en, ja) => {
    const r = roster();
    mutate(r);
    const result = parseRoster(r);
    if (result.ok) throw new Error('expected the roster to be refused');
    expect(result.issues.map((i) => [i.path, i.code])).toEqual([[path, code]]);
    expect(result.issues[0].message).toContain(en);
    expect(result.issues[0].messageJa).toContain(ja);
  });

  it('warns of misspelt fields of the extension', () => {
    const r = roster();
    r.assignments[1].plase = 'kita';
    r.turnsShort[0].minDay = 1;
    r.turnShort = [];
    expect(parseRosterWithWarnings(r).warnings.map((w) => w.message)).toEqual([
      'assignments[1].plase: unknown field; did you mean place?',
      'turnsShort[0].minDay: unknown field; did you mean minDays?',
      'turnShort: unknown field; did you mean turnsShort?',
    ]);
  });
});

// Runs last: jest runs the tests of a file in order.
it('exercises every issue code of the extension', () => {
  expect(EXTENSION_ISSUE_CODES.filter((code) => !seen.has(code))).toEqual([]);
});
