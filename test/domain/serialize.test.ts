import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Assignment, Problem, Roster, Staff } from '../../src/domain/rotation';
import { writeProblem, writeRoster } from '../../src/domain/serialize';
import { parseProblemOrThrow, parseRoster, parseRosterOrThrow } from '../../src/domain/validate';

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];

/** The problem of the format document. */
const example: Problem = {
  format: 'rotation-problem/1',
  name: 'town-25 2026-W48',
  days: DAYS,
  policy: { maxTeleworkDays: 2, licencesPerDay: 60, spreadBonus: [20, 10], shortfallPenalty: 100000 },
  divisions: [{ id: 'zeimu', name: '税務課', terminals: 3 }],
  counters: [
    { id: 'zeimu-kazei', division: 'zeimu', name: '課税窓口', min: 2 },
    {
      id: 'zeimu-shuno',
      division: 'zeimu',
      name: '収納窓口',
      min: { '2026-11-23': 2, '2026-11-24': 1, '2026-11-25': 1, '2026-11-26': 1, '2026-11-27': 2 },
    },
  ],
  staff: [
    {
      id: 's0001',
      division: 'zeimu',
      name: '山田 花子',
      canTelework: true,
      maxTeleworkDays: 3,
      counters: ['zeimu-kazei', 'zeimu-shuno'],
      requests: [
        { day: '2026-11-23', weight: 30 },
        { day: '2026-11-27', weight: 20 },
      ],
      absent: ['2026-11-25'],
      pinned: { '2026-11-24': 'office' },
    },
  ],
};

const exampleRoster: Roster = {
  format: 'rotation-roster/1',
  problem: 'town-25 2026-W48',
  status: 'optimal',
  objective: 12345,
  assignments: [
    { staff: 's0001', day: '2026-11-23', mode: 'telework' },
    { staff: 's0001', day: '2026-11-24', mode: 'office', counter: 'zeimu-kazei' },
    { staff: 's0001', day: '2026-11-25', mode: 'absent' },
  ],
  shortfalls: [{ counter: 'zeimu-shuno', day: '2026-11-23', missing: 1 }],
};

describe('writeProblem', () => {
  it('writes the example: format order, indented top level, one line per entry, trailing newline', () => {
    expect(writeProblem(example)).toBe(
      [
        '{',
        '  "format": "rotation-problem/1",',
        '  "name": "town-25 2026-W48",',
        '  "days": ["2026-11-23","2026-11-24","2026-11-25","2026-11-26","2026-11-27"],',
        '  "policy": {',
        '    "maxTeleworkDays": 2,',
        '    "licencesPerDay": 60,',
        '    "spreadBonus": [20,10],',
        '    "shortfallPenalty": 100000',
        '  },',
        '  "divisions": [',
        '    {"id":"zeimu","name":"税務課","terminals":3}',
        '  ],',
        '  "counters": [',
        '    {"id":"zeimu-kazei","division":"zeimu","name":"課税窓口","min":2},',
        '    {"id":"zeimu-shuno","division":"zeimu","name":"収納窓口","min":{"2026-11-23":2,"2026-11-24":1,"2026-11-25":1,"2026-11-26":1,"2026-11-27":2}}',
        '  ],',
        '  "staff": [',
        '    {"id":"s0001","division":"zeimu","name":"山田 花子","canTelework":true,"maxTeleworkDays":3,"counters":["zeimu-kazei","zeimu-shuno"],"requests":[{"day":"2026-11-23","weight":30},{"day":"2026-11-27","weight":20}],"absent":["2026-11-25"],"pinned":{"2026-11-24":"office"}}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips the example', () => {
    expect(parseProblemOrThrow(writeProblem(example))).toEqual(example);
  });

  it('omits optional fields that are undefined and writes empty lists compactly', () => {
    const bare: Problem = {
      format: 'rotation-problem/1',
      name: 'bare',
      days: [],
      policy: { maxTeleworkDays: 0 },
      divisions: [{ id: 'd', name: 'D', terminals: undefined }],
      counters: [],
      staff: [{ id: 's', division: 'd', name: 'S', canTelework: false, counters: [], requests: [], absent: [] }],
    };
    const text = writeProblem(bare);
    expect(text).toContain('  "policy": {\n    "maxTeleworkDays": 0\n  },\n');
    expect(text).toContain('  "counters": [],\n');
    expect(text).toContain('    {"id":"d","name":"D"}\n');
    expect(text).toContain('    {"id":"s","division":"d","name":"S","canTelework":false,"counters":[],"requests":[],"absent":[]}\n');
    expect(text).not.toContain('undefined');
    const back = parseProblemOrThrow(text);
    expect(back).toEqual(bare);
    expect(Object.keys(back.divisions[0])).toEqual(['id', 'name']);
    expect(Object.keys(back.policy)).toEqual(['maxTeleworkDays']);
  });

  it('writes keys in the order of the format even when the value has them in another order', () => {
    const shuffled = JSON.parse(JSON.stringify(example), (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as Problem;
    expect(writeProblem(shuffled)).toBe(writeProblem(example));
  });

  it('writes day maps in the order of days', () => {
    const p: Problem = {
      ...example,
      policy: { maxTeleworkDays: 2, licencesPerDay: { '2026-11-27': 1, '2026-11-23': 4 } },
      staff: [{ ...example.staff[0], pinned: { '2026-11-26': 'telework', '2026-11-24': 'office' } }],
    };
    const text = writeProblem(p);
    expect(text).toContain('"licencesPerDay": {"2026-11-23":4,"2026-11-27":1}');
    expect(text).toContain('"pinned":{"2026-11-24":"office","2026-11-26":"telework"}');
  });

  it('keeps text that needs escaping intact', () => {
    const p: Problem = {
      ...example,
      name: 'quote " backslash \\ newline \n tab \t lone \ud800 emoji 😀',
      divisions: [{ id: 'zeimu', name: '"税務課"\u2028', terminals: 3 }],
    };
    const text = writeProblem(p);
    expect(text.split('\n')).toHaveLength(writeProblem(example).split('\n').length);
    expect(parseProblemOrThrow(text)).toEqual(p);
  });

  it('handles 50,000 staff (linear: one short line each)', () => {
    const staff: Staff[] = Array.from({ length: 50_000 }, (_, i) => ({
      id: `s${String(i).padStart(5, '0')}`,
      division: 'zeimu',
      name: `職員 ${i}`,
      canTelework: i % 7 !== 0,
      counters: i % 3 === 0 ? ['zeimu-kazei'] : [],
      requests: i % 2 === 0 ? [{ day: DAYS[i % 5], weight: i % 40 }] : [],
      absent: i % 11 === 0 ? [DAYS[(i + 1) % 5]] : [],
    }));
    const big: Problem = { ...example, policy: { maxTeleworkDays: 2 }, staff };
    const text = writeProblem(big);
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('    {"id":"s')).length).toBe(50_000);
    expect(text.length).toBeLessThan(50_000 * 160);
    // Deep equality over 50,000 entries is slow in jest; writing the parsed problem
    // again must give the same text, and a sample of entries must be equal.
    const back = parseProblemOrThrow(text);
    expect(writeProblem(back)).toBe(text);
    for (const i of [0, 1, 7, 11, 12_345, 49_999]) expect(back.staff[i]).toEqual(big.staff[i]);
  });
});

/** Two weeks with every field of the extension (docs/format-periods.md). */
const W49 = ['2026-11-30', '2026-12-01', '2026-12-02'];
const W50 = ['2026-12-07', '2026-12-08'];
const extension: Problem = {
  format: 'rotation-problem/1',
  name: 'jumin 2026-W49..W50',
  days: [...W49, ...W50],
  weeks: [W49, W50],
  policy: { maxTeleworkDays: 2 },
  places: [
    { id: 'kita', name: '北支所', desks: 2 },
    { id: 'cowork', name: '駅前', desks: { '2026-12-08': 1, '2026-12-01': 2 }, licence: true },
  ],
  periods: [
    { id: 'trial', name: '試行', from: '2026-11-30', to: '2026-12-08', divisions: ['jumin'], minDays: 1, turnDays: 'any', turnWeight: 500 },
    { id: '2026-12', from: '2026-12-01', to: '2026-12-31', maxDays: 8, done: { s2: 1, s1: 0 } },
  ],
  divisions: [{ id: 'jumin', name: '住民課' }],
  counters: [],
  staff: [
    {
      id: 's1',
      division: 'jumin',
      name: '山田',
      canTelework: true,
      counters: [],
      requests: [
        { day: '2026-12-01', weight: 30, place: 'kita' },
        { day: '2026-12-07', weight: 20, place: 'home' },
      ],
      absent: [],
      pinned: { '2026-12-08': 'telework' },
      possible: [{ day: '2026-12-02' }, { day: '2026-12-08', place: 'cowork' }],
    },
    {
      id: 's2',
      division: 'jumin',
      name: '佐藤',
      canTelework: true,
      counters: [],
      requests: [{ day: '2026-11-30', weight: 5 }],
      absent: [],
    },
  ],
};

describe('writeProblem with the extension', () => {
  it('writes weeks after days (a week a line), places and periods after policy, possible days and places of requests', () => {
    expect(writeProblem(extension)).toBe(
      [
        '{',
        '  "format": "rotation-problem/1",',
        '  "name": "jumin 2026-W49..W50",',
        '  "days": ["2026-11-30","2026-12-01","2026-12-02","2026-12-07","2026-12-08"],',
        '  "weeks": [',
        '    ["2026-11-30","2026-12-01","2026-12-02"],',
        '    ["2026-12-07","2026-12-08"]',
        '  ],',
        '  "policy": {',
        '    "maxTeleworkDays": 2',
        '  },',
        '  "places": [',
        '    {"id":"kita","name":"北支所","desks":2},',
        '    {"id":"cowork","name":"駅前","desks":{"2026-12-01":2,"2026-12-08":1},"licence":true}',
        '  ],',
        '  "periods": [',
        '    {"id":"trial","name":"試行","from":"2026-11-30","to":"2026-12-08","divisions":["jumin"],"minDays":1,"turnDays":"any","turnWeight":500},',
        '    {"id":"2026-12","from":"2026-12-01","to":"2026-12-31","maxDays":8,"done":{"s2":1,"s1":0}}',
        '  ],',
        '  "divisions": [',
        '    {"id":"jumin","name":"住民課"}',
        '  ],',
        '  "counters": [],',
        '  "staff": [',
        '    {"id":"s1","division":"jumin","name":"山田","canTelework":true,"counters":[],"requests":[{"day":"2026-12-01","weight":30,"place":"kita"},{"day":"2026-12-07","weight":20,"place":"home"}],"absent":[],"pinned":{"2026-12-08":"telework"},"possible":[{"day":"2026-12-02"},{"day":"2026-12-08","place":"cowork"}]},',
        '    {"id":"s2","division":"jumin","name":"佐藤","canTelework":true,"counters":[],"requests":[{"day":"2026-11-30","weight":5}],"absent":[]}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips: read back equal, written again the same', () => {
    const text = writeProblem(extension);
    const back = parseProblemOrThrow(text);
    expect(back).toEqual(extension);
    expect(writeProblem(back)).toBe(text);
  });

  it('writes an empty list of the extension as []', () => {
    const text = writeProblem({ ...extension, weeks: [], days: [], places: [], periods: [], staff: [] });
    expect(text).toContain('  "days": [],\n  "weeks": [],\n  "policy": {');
    expect(text).toContain('  "places": [],\n  "periods": [],\n  "divisions": [');
  });

  it('gives fixtures/periods-example.json back byte for byte', () => {
    const text = readFileSync(join(__dirname, '../../fixtures/periods-example.json'), 'utf8');
    expect(writeProblem(parseProblemOrThrow(text))).toBe(text);
  });
});

describe('writeRoster', () => {
  it('writes one compact assignment per line, counter only when there is one', () => {
    expect(writeRoster(exampleRoster)).toBe(
      [
        '{',
        '  "format": "rotation-roster/1",',
        '  "problem": "town-25 2026-W48",',
        '  "status": "optimal",',
        '  "objective": 12345,',
        '  "assignments": [',
        '    {"staff":"s0001","day":"2026-11-23","mode":"telework"},',
        '    {"staff":"s0001","day":"2026-11-24","mode":"office","counter":"zeimu-kazei"},',
        '    {"staff":"s0001","day":"2026-11-25","mode":"absent"}',
        '  ],',
        '  "shortfalls": [',
        '    {"counter":"zeimu-shuno","day":"2026-11-23","missing":1}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes stats last, one field per line, and round-trips them', () => {
    const withStats: Roster = {
      ...exampleRoster,
      shortfalls: [],
      stats: { engine: 'exact', millis: 42, requested: 3, granted: 2, bound: 12345, gaps: [1, 2] },
    };
    const text = writeRoster(withStats);
    expect(text).toContain('  "shortfalls": [],\n  "stats": {\n    "engine": "exact",\n');
    expect(text).toContain('    "gaps": [1,2]\n  }\n}\n');
    expect(parseRosterOrThrow(text)).toEqual(withStats);
  });

  it('writes the extension: a place on telework entries away from home, turnsShort after shortfalls and before stats', () => {
    const withTurns: Roster = {
      ...exampleRoster,
      assignments: [
        { staff: 's0001', day: '2026-11-23', mode: 'telework', place: 'kita' },
        { staff: 's0001', day: '2026-11-24', mode: 'telework' },
      ],
      shortfalls: [],
      turnsShort: [{ period: 'trial', staff: 's0002', days: 0, minDays: 1 }],
      stats: { engine: 'exact', millis: 1, requested: 1, granted: 1, bound: 12345 },
    };
    const text = writeRoster(withTurns);
    expect(text).toContain(
      [
        '  "assignments": [',
        '    {"staff":"s0001","day":"2026-11-23","mode":"telework","place":"kita"},',
        '    {"staff":"s0001","day":"2026-11-24","mode":"telework"}',
        '  ],',
        '  "shortfalls": [],',
        '  "turnsShort": [',
        '    {"period":"trial","staff":"s0002","days":0,"minDays":1}',
        '  ],',
        '  "stats": {',
      ].join('\n'),
    );
    expect(parseRosterOrThrow(text)).toEqual(withTurns);
    const everyoneReached: Roster = { ...exampleRoster, turnsShort: [] };
    expect(writeRoster(everyoneReached)).toContain('  ],\n  "turnsShort": []\n}\n');
    expect(parseRosterOrThrow(writeRoster(everyoneReached))).toEqual(everyoneReached);
  });

  it('round-trips random rosters', () => {
    const assignment: fc.Arbitrary<Assignment> = fc.record(
      {
        staff: fc.string(),
        day: fc.constantFrom(...DAYS),
        mode: fc.constantFrom('office', 'telework', 'absent'),
        counter: fc.string({ unit: 'binary' }),
        place: fc.string(),
      },
      { requiredKeys: ['staff', 'day', 'mode'] },
    );
    const turnShort = fc.record({ period: fc.string(), staff: fc.string(), days: fc.nat(400), minDays: fc.nat(366) });
    const roster: fc.Arbitrary<Roster> = fc.record(
      {
        format: fc.constant('rotation-roster/1'),
        problem: fc.string(),
        status: fc.constantFrom('optimal', 'feasible'),
        objective: fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n)),
        assignments: fc.array(assignment, { maxLength: 20 }),
        shortfalls: fc.array(fc.record({ counter: fc.string(), day: fc.constantFrom(...DAYS), missing: fc.integer({ min: 1, max: 9 }) }), {
          maxLength: 5,
        }),
        turnsShort: fc.array(turnShort, { maxLength: 4 }),
      },
      { requiredKeys: ['format', 'problem', 'status', 'objective', 'assignments', 'shortfalls'] },
    );
    fc.assert(
      fc.property(roster, (r) => {
        const text = writeRoster(r);
        expect(parseRoster(text)).toEqual({ ok: true, value: r });
        expect(text.endsWith('}\n')).toBe(true);
        // '{', four scalars, each list as open + entries + close (or one line when empty), '}', and '' after the final newline
        const listLines = (n: number): number => (n === 0 ? 1 : n + 2);
        const turns = r.turnsShort ? listLines(r.turnsShort.length) : 0;
        expect(text.split('\n')).toHaveLength(7 + listLines(r.assignments.length) + listLines(r.shortfalls.length) + turns);
      }),
      { numRuns: 300 },
    );
  });

  it('handles 250,000 assignments in a small, line-per-entry file', () => {
    const modes = ['office', 'telework', 'absent'] as const;
    const assignments: Assignment[] = Array.from({ length: 250_000 }, (_, i) => {
      const mode = modes[i % 3];
      const a = { staff: `s${String(Math.floor(i / 5)).padStart(5, '0')}`, day: DAYS[i % 5], mode };
      return mode === 'office' ? { ...a, counter: 'zeimu-kazei' } : a;
    });
    const big: Roster = { ...exampleRoster, assignments };
    const text = writeRoster(big);
    expect(text.split('\n').filter((l) => l.startsWith('    {"staff":')).length).toBe(250_000);
    expect(text.length).toBeLessThan(250_000 * 80);
    const back = parseRosterOrThrow(text);
    expect(writeRoster(back)).toBe(text);
    for (const i of [0, 1, 2, 3, 123_456, 249_999]) expect(back.assignments[i]).toEqual(big.assignments[i]);
  });
});
