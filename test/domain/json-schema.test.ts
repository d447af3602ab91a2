/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   The corpora are raw JSON documents; typing them would defeat the purpose. */
/**
 * The JSON Schemas in docs/schema/ against our readers, on the readers' own
 * corpora: the fixture files, the generators, the property tests' valid
 * problems and their single mutations (test/support/problem-corpus.ts), and
 * the mutation corpus's random mutations (test/support/json-mutations.ts) of
 * problems, rosters and studies. For every document:
 *
 * (a) what our reader accepts, the schema accepts;
 * (b) what the schema rejects, our reader rejects;
 * (c) what our reader rejects for a structural reason (STRUCTURAL below), the
 *     schema rejects too. Only cross-references (CROSS_REFERENCE) may be
 *     refused by the reader alone.
 *
 * Each structural issue code must have been seen refused by both, so a schema
 * that is too loose on one of them fails here, and one that is too strict
 * fails (a).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { type IssueCode, type ParseResult, EXTENSION_ISSUE_CODES, ISSUE_CODES, parseProblem, parseRoster } from '../../src/domain/validate';
import { parseStudy } from '../../src/domain/validate-study';
import { writeProblem, writeRoster } from '../../src/domain/serialize';
import { solve } from '../../src/engine';
import { coupledProblem, shapeProblem, SHAPES, scaledProblem, townProblem } from '../../src/generators';
import { mutate, mutationSteps } from '../support/json-mutations';
import { type Mutation, type Raw, mutationsOf, validExtensionProblem, validProblem } from '../support/problem-corpus';
import { problem as handMade, staff } from '../support/problems';

type Kind = 'problem' | 'roster' | 'study';

const ROOT = join(__dirname, '../..');
const SCHEMA_DIR = join(ROOT, 'docs/schema');
const FILES: Record<Kind, string> = {
  problem: 'rotation-problem-1.schema.json',
  roster: 'rotation-roster-1.schema.json',
  study: 'rotation-simulation-1.schema.json',
};
const FORMATS: Record<Kind, string> = { problem: 'rotation-problem/1', roster: 'rotation-roster/1', study: 'rotation-simulation/1' };

/** Issue codes the schemas must also catch: types, required fields, fixed values, date and week strings, bounds, unknown study fields. */
const STRUCTURAL: readonly IssueCode[] = [
  'required',
  'wrong-type',
  'not-integer',
  'unsafe-integer',
  'negative',
  'not-positive',
  'empty-id',
  'unknown-format',
  'invalid-date',
  'too-many-days',
  'duplicate-day',
  'duplicate-counter',
  'duplicate-absent',
  'unknown-pin-mode',
  'unknown-status',
  'unknown-mode',
  'unknown-field',
  'out-of-range',
  'invalid-week',
  'invalid-season-day',
  'rule-target',
  'rule-change',
  // The extension (docs/format-periods.md): a place called home (`not: { const: "home" }`), a division
  // listed twice in a period (`uniqueItems`), an unknown turnDays (`enum`).
  'reserved-id',
  'duplicate-division',
  'unknown-turn-days',
];

/** Issue codes only our readers (and `rotation check` / `rotation simulate`) can find: they relate values to each other. */
const CROSS_REFERENCE: readonly IssueCode[] = [
  'days-not-ascending',
  'unknown-day',
  'spread-increasing',
  'duplicate-id',
  'unknown-division',
  'unknown-counter',
  'duplicate-request',
  'pin-conflict-absent',
  'pin-conflict-can-telework',
  'pin-conflict-max-telework-days',
  'pin-conflict-licences',
  'pin-conflict-terminals',
  // The extension: weeks against days, places and staff referred to, possible days against requests and
  // each other, a period's dates against each other and the weeks, goal periods against each other, pins.
  'weeks-mismatch',
  'unknown-place',
  'unknown-staff',
  'duplicate-possible',
  'possible-requested',
  'from-after-to',
  'period-cuts-week',
  'period-overlap',
  'pin-conflict-desks',
  'pin-conflict-period',
];

/** About the text or the reading, not the document's structure. */
const NOT_ABOUT_STRUCTURE: readonly IssueCode[] = ['json-syntax', 'unreadable', 'more-issues'];

/** Structural codes each reader has; each must be seen refused by both reader and schema. */
const EXPECTED_STRUCTURAL: Record<Kind, readonly IssueCode[]> = {
  problem: [
    'required',
    'wrong-type',
    'not-integer',
    'unsafe-integer',
    'negative',
    'empty-id',
    'unknown-format',
    'invalid-date',
    'too-many-days',
    'duplicate-day',
    'duplicate-counter',
    'duplicate-absent',
    'unknown-pin-mode',
    'out-of-range',
    'reserved-id',
    'duplicate-division',
    'unknown-turn-days',
  ],
  roster: [
    'required',
    'wrong-type',
    'not-integer',
    'unsafe-integer',
    'negative',
    'not-positive',
    'unknown-format',
    'unknown-status',
    'unknown-mode',
  ],
  study: [
    'required',
    'wrong-type',
    'not-integer',
    'unsafe-integer',
    'negative',
    'not-positive',
    'empty-id',
    'unknown-format',
    'unknown-field',
    'out-of-range',
    'invalid-week',
    'invalid-season-day',
    'rule-target',
    'rule-change',
  ],
};

function loadSchema(kind: Kind): Raw {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, FILES[kind]), 'utf8'));
}

/** One Ajv per schema, strict, with the formats of ajv-formats ("date" in full mode: a real calendar date). */
function compile(kind: Kind): ValidateFunction {
  const ajv = new Ajv2020({ strict: true });
  addFormats(ajv);
  return ajv.compile(loadSchema(kind));
}

const schemas: Record<Kind, ValidateFunction> = { problem: compile('problem'), roster: compile('roster'), study: compile('study') };
const readers: Record<Kind, (value: unknown) => ParseResult<unknown>> = { problem: parseProblem, roster: parseRoster, study: parseStudy };

/** What each corpus showed; the checks at the end require every class to have been exercised. */
interface Tally {
  documents: number;
  bothAccept: number;
  readerOnly: number;
  bothReject: Map<IssueCode, number>;
  /** The codes of the documents refused by our reader alone. */
  readerOnlyCodes: Set<IssueCode>;
}
const tally: Record<Kind, Tally> = {
  problem: { documents: 0, bothAccept: 0, readerOnly: 0, bothReject: new Map(), readerOnlyCodes: new Set() },
  roster: { documents: 0, bothAccept: 0, readerOnly: 0, bothReject: new Map(), readerOnlyCodes: new Set() },
  study: { documents: 0, bothAccept: 0, readerOnly: 0, bothReject: new Map(), readerOnlyCodes: new Set() },
};

function shownErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}

/** Reads `doc` both ways and requires (a), (b) and (c); `label` names the corpus in a failure. */
function agree(kind: Kind, doc: unknown, label: string): void {
  // The readers see the document as it would be written to a file (no -0, no undefined).
  const value: unknown = JSON.parse(JSON.stringify(doc) ?? 'null');
  const read = readers[kind](value);
  const validate = schemas[kind];
  const schemaOk = validate(value);
  const t = tally[kind];
  t.documents++;
  if (read.ok) {
    if (!schemaOk) throw new Error(`${kind} ${label}: accepted by our reader, refused by the schema: ${shownErrors(validate.errors)}`);
    t.bothAccept++;
    return;
  }
  const codes = new Set(read.issues.map((i) => i.code));
  const structural = [...codes].filter((c) => STRUCTURAL.includes(c));
  if (schemaOk) {
    if (structural.length > 0) {
      const issues = read.issues.filter((i) => STRUCTURAL.includes(i.code)).map((i) => `${i.code} ${i.message}`);
      throw new Error(`${kind} ${label}: structural issues the schema let through: ${issues.join('; ')}`);
    }
    t.readerOnly++;
    for (const code of codes) t.readerOnlyCodes.add(code);
    return;
  }
  for (const code of structural) t.bothReject.set(code, (t.bothReject.get(code) ?? 0) + 1);
}

const clone = <T>(value: T): T => structuredClone(value);

describe('the schemas', () => {
  it('classify every issue code of our readers exactly once', () => {
    const classified = [...STRUCTURAL, ...CROSS_REFERENCE, ...NOT_ABOUT_STRUCTURE];
    expect(new Set(classified).size).toBe(classified.length);
    expect([...classified].sort()).toEqual(Object.keys(ISSUE_CODES).sort());
  });

  it.each(Object.keys(FILES) as Kind[])(
    '%s: compile in strict mode against the 2020-12 meta-schema, with a $id named after the file',
    (kind) => {
      const schema = loadSchema(kind);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(`https://telework-rotation.example/schema/${FILES[kind]}`);
      expect(schema.properties.format.const).toBe(FORMATS[kind]);
      const ajv = new Ajv2020({ strict: true });
      addFormats(ajv);
      expect(ajv.validateSchema(schema)).toBe(true);
      // Every property has a title and a description, its own or its $def's; the
      // properties of if/then/else and `name: true` only restate constraints.
      const documented = (sub: Raw): boolean => {
        const def: Raw = typeof sub.$ref === 'string' ? schema.$defs[sub.$ref.replace('#/$defs/', '')] : sub;
        return [sub, def].some((d: Raw) => typeof d.title === 'string' && typeof d.description === 'string');
      };
      const untitled: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (node === null || typeof node !== 'object') return;
        const o = node as Raw;
        const constraintOnly = /\/(if|then|else)\b/.test(path);
        if (!constraintOnly && o.properties && typeof o.properties === 'object') {
          for (const [name, sub] of Object.entries(o.properties as Record<string, unknown>)) {
            if (sub !== true && !documented(sub as Raw)) untitled.push(`${path}/properties/${name}`);
          }
        }
        for (const [key, sub] of Object.entries(o)) walk(sub, `${path}/${key}`);
      };
      walk(schema, '#');
      expect(untitled).toEqual([]);
    },
  );
});

describe('problems (rotation-problem/1)', () => {
  it('every fixture file and the generators’ organisations: accepted by both', () => {
    const fixtures = readdirSync(join(ROOT, 'fixtures')).filter((f) => f.endsWith('.json'));
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
    for (const f of fixtures) agree('problem', JSON.parse(readFileSync(join(ROOT, 'fixtures', f), 'utf8')), f);
    const generated = [
      ...SHAPES.flatMap((shape, i) => [0, 1].map((k) => shapeProblem(100 * i + k, shape))),
      scaledProblem(60, 3),
      townProblem('2026-W48', 7),
      coupledProblem(120, 3),
      handMade({ staff: [staff('a', 'A', { requests: [{ day: '2026-11-24', weight: 5 }] }), staff('b', 'B', { absent: ['2026-11-25'] })] }),
    ];
    for (const [i, p] of generated.entries()) agree('problem', JSON.parse(writeProblem(p)), `generated ${i}`);
    expect(tally.problem.bothAccept).toBe(fixtures.length + generated.length);
  });

  /** The property tests' corpora: week problems, and problems with the extension; each with the filter of a larger one. */
  const corpora: { name: string; valid: fc.Arbitrary<Raw>; seed: number; larger: (p: Raw) => boolean; samples: number }[] = [
    {
      name: 'the property tests’ valid problems (with unknown fields)',
      valid: validProblem,
      seed: 16,
      larger: (p) => p.staff.length >= 4 && p.counters.length >= 2 && p.days.length >= 3,
      samples: 1,
    },
    {
      name: 'the extension’s valid problems',
      valid: validExtensionProblem,
      seed: 17,
      larger: (p) => p.weeks.length >= 2 && p.staff.length >= 4 && (p.places ?? []).length >= 1 && (p.periods ?? []).length >= 2,
      samples: 3,
    },
  ];

  describe.each(corpora)('$name', ({ valid, seed, larger, samples }) => {
    it('are accepted by both', () => {
      fc.assert(
        fc.property(valid, (raw) => {
          agree('problem', raw, 'valid problem');
        }),
        { numRuns: 300, seed },
      );
    });

    it('single mutations, field by field: structural ones refused by both', () => {
      const mutated = (raw: Raw, mutation: Mutation): void =>
        agree('problem', mutation.apply(clone(raw)), `${mutation.name} at ${mutation.path}`);
      fc.assert(
        fc.property(valid, fc.nat(), (raw, pick) => {
          const mutations = mutationsOf(raw);
          mutated(raw, mutations[pick % mutations.length]);
        }),
        { numRuns: 1000, seed },
      );
      for (const raw of fc.sample(valid.filter(larger), { numRuns: samples, seed: 48 })) {
        for (const mutation of mutationsOf(raw)) mutated(raw, mutation);
      }
    });
  });

  it('the mutation corpus’s random mutations of generated problems, the town fixture and extension problems', () => {
    const seeds: Raw[] = [
      ...SHAPES.flatMap((shape, i) => [0, 1].map((k) => JSON.parse(writeProblem(shapeProblem(100 * i + k, shape))))),
      JSON.parse(writeProblem(scaledProblem(60, 3))),
      JSON.parse(readFileSync(join(ROOT, 'fixtures/town-25-2026-W48.json'), 'utf8')),
      JSON.parse(readFileSync(join(ROOT, 'fixtures/periods-example.json'), 'utf8')),
      ...fc.sample(
        validExtensionProblem.filter((p) => (p.places ?? []).length > 0 && (p.periods ?? []).length > 0),
        { numRuns: 4, seed: 19 },
      ),
    ];
    fc.assert(
      fc.property(fc.nat(), mutationSteps, (seed, steps) => {
        const doc = clone(seeds[seed % seeds.length]);
        mutate(doc, steps);
        agree('problem', doc, `mutated ${JSON.stringify(steps)}`);
      }),
      { numRuns: 1000, seed: 13 },
    );
  });

  it('every day string of a few years, valid or not, as a day of the week', () => {
    for (const year of ['0000', '1900', '2000', '2024', '2026']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const doc = {
            format: 'rotation-problem/1',
            name: date,
            days: [date],
            policy: { maxTeleworkDays: 1 },
            divisions: [],
            counters: [],
            staff: [],
          };
          agree('problem', doc, date);
        }
      }
    }
    for (const odd of ['2026-1-05', '２０２６-11-23', '2026-11-23T00:00:00', ' 2026-11-23', '20261123', '2026-W48']) {
      agree(
        'problem',
        { format: 'rotation-problem/1', name: odd, days: [odd], policy: { maxTeleworkDays: 1 }, divisions: [], counters: [], staff: [] },
        odd,
      );
    }
  });

  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        agree('problem', value, 'random value');
        agree('roster', value, 'random value');
        agree('study', value, 'random value');
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});

describe('rosters (rotation-roster/1)', () => {
  const rosters: Raw[] = SHAPES.flatMap((shape, i) =>
    [0, 1].map((k) => JSON.parse(writeRoster(solve(shapeProblem(100 * i + k, shape), { timeLimitMs: 500 })))),
  );
  /** The same rosters with the extension's fields: a place on every other telework entry, and turnsShort. */
  const extended: Raw[] = rosters.map((r, i) => ({
    ...clone(r),
    assignments: (r.assignments as Raw[]).map((a, j) => (a.mode === 'telework' && j % 2 === 0 ? { ...a, place: `place-${j % 3}` } : a)),
    turnsShort: (r.assignments as Raw[]).slice(0, i % 4).map((a) => ({ period: 'trial', staff: a.staff, days: i % 2, minDays: 2 })),
  }));

  it('the engine’s rosters of the generated problems, and with the extension’s fields: accepted by both', () => {
    for (const [i, r] of [...rosters, ...extended].entries()) agree('roster', r, `roster ${i}`);
    expect(tally.roster.bothAccept).toBeGreaterThanOrEqual(2 * rosters.length);
  });

  it('the mutation corpus’s random mutations of those rosters', () => {
    const seeds = [...rosters, ...extended];
    fc.assert(
      fc.property(fc.nat(), mutationSteps, (seed, steps) => {
        const doc = clone(seeds[seed % seeds.length]);
        mutate(doc, steps);
        agree('roster', doc, `mutated ${JSON.stringify(steps)}`);
      }),
      { numRuns: 1000, seed: 13 },
    );
  });

  it('unknown modes and statuses, a zero shortfall, stats of any kind', () => {
    const [r] = rosters.filter((x) => x.assignments.length > 0);
    const edits: [string, (x: Raw) => void][] = [
      ['mode home', (x) => (x.assignments[0].mode = 'home')],
      ['status unknown', (x) => (x.status = 'unknown')],
      ['format v2', (x) => (x.format = 'rotation-roster/2')],
      ['shortfall 0', (x) => (x.shortfalls = [{ counter: 'c', day: '2026-11-23', missing: 0 }])],
      ['shortfall 1', (x) => (x.shortfalls = [{ counter: 'c', day: 'any string', missing: 1 }])],
      ['stats a string', (x) => (x.stats = 'fast')],
      ['stats an object', (x) => (x.stats = { engine: 'x' })],
      ['extension', (x) => (x.note = ['anything'])],
      ['place', (x) => (x.assignments[0].place = 'kita')],
      ['place a number', (x) => (x.assignments[0].place = 1)],
      ['turnsShort', (x) => (x.turnsShort = [{ period: 'p', staff: 's', days: 0, minDays: 1 }])],
      ['turnsShort empty', (x) => (x.turnsShort = [])],
      ['turnsShort an object', (x) => (x.turnsShort = { p: 's' })],
      ['turnsShort days negative', (x) => (x.turnsShort = [{ period: 'p', staff: 's', days: -1, minDays: 1 }])],
      ['turnsShort minDays unsafe', (x) => (x.turnsShort = [{ period: 'p', staff: 's', days: 0, minDays: 2 ** 53 }])],
      ['turnsShort without staff', (x) => (x.turnsShort = [{ period: 'p', days: 0, minDays: 1 }])],
    ];
    for (const [label, edit] of edits) {
      const doc = clone(r);
      edit(doc);
      agree('roster', doc, label);
    }
  });
});

describe('studies (rotation-simulation/1)', () => {
  const studyFiles = readdirSync(join(ROOT, 'fixtures/studies')).filter((f) => f.endsWith('.json'));
  /** The study fixtures, and one study that uses every field the format has. */
  const studies: Raw[] = [
    ...studyFiles.map((f) => JSON.parse(readFileSync(join(ROOT, 'fixtures/studies', f), 'utf8'))),
    {
      format: 'rotation-simulation/1',
      name: 'every field',
      organisation: { problem: 'town.json' },
      start: '2026-W53',
      weeks: 104,
      seed: -3,
      demand: {
        source: 'replay',
        requesterShare: 1,
        weeklyAskRate: 0,
        daysWanted: [0, 0, 0, 0, 0.5],
        weekdayPreference: [1, 2, 3, 4, 5],
        absenceRate: 0.5,
        caregiverShare: 0.1,
        seasons: [{ division: 'jumin', from: '12-01', to: '02-29', weekdays: [1, 7], factor: 1.5 }],
        replay: ['w1.json', 'w2.json'],
      },
      baseline: { counters: [{ counter: 'zeimu-kazei', from: '2027-03-01', to: '2027-03-31', set: 0 }] },
      scenarios: [
        {
          name: 'a',
          policy: {
            maxTeleworkDays: 7,
            caregiverMaxDays: null,
            licencesPerDay: null,
            spreadBonus: [10, 10, 0],
            rankWeights: [0],
            caregivingPriority: 5,
            fairnessPerDenial: 2,
            fairnessMax: 10,
            fairnessWeeks: 52,
            nonTeleworkJobTypes: ['消防'],
          },
          terminals: { zeimu: 0, jumin: null },
          counters: [{ counter: 'x', add: -2 }],
          qualifications: [{ counter: 'x', add: 1000 }],
          noTeleworkDivisions: ['kenko'],
        },
        { name: 'b', policy: { caregiverMaxDays: 0, licencesPerDay: 0 } },
      ],
      insights: true,
    },
    { format: 'rotation-simulation/1', name: '', start: '2027-W01', organisation: { generator: 'city-2900' }, insights: false },
  ];

  it('the study fixtures and a study with every field: accepted by both', () => {
    expect(studyFiles.length).toBeGreaterThan(0);
    for (const [i, s] of studies.entries()) agree('study', s, `study ${i}`);
    expect(tally.study.bothAccept).toBe(studies.length);
  });

  it('the mutation corpus’s random mutations of those studies', () => {
    fc.assert(
      fc.property(fc.nat(), mutationSteps, (seed, steps) => {
        const doc = clone(studies[seed % studies.length]);
        mutate(doc, steps);
        agree('study', doc, `mutated ${JSON.stringify(steps)}`);
      }),
      { numRuns: 1200, seed: 13 },
    );
  });

  it('every leaf of the full study set to a negative number, a fraction, an empty string or null', () => {
    const full = studies[studyFiles.length];
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]): void => {
      if (v !== null && typeof v === 'object') {
        for (const [k, sub] of Object.entries(v)) walk(sub, [...path, Array.isArray(v) ? Number(k) : k]);
      } else {
        leaves.push(path);
      }
    };
    walk(full, []);
    expect(leaves.length).toBeGreaterThan(40);
    for (const path of leaves) {
      for (const value of [-1, 0.5, '', null]) {
        const doc = clone(full);
        let holder = doc;
        for (const step of path.slice(0, -1)) holder = holder[step];
        holder[path[path.length - 1]] = value;
        agree('study', doc, `${path.join('.')} = ${JSON.stringify(value)}`);
      }
    }
  });

  it('counter rules: one target, one change, from and to written alike', () => {
    const rules: Raw[] = [
      { counter: 'c', division: 'd', add: 1 },
      { add: 1 },
      { counter: 'c' },
      { counter: 'c', set: 1, factor: 2 },
      { counter: 'c', set: 1, from: '03-01', to: '2027-03-31' },
      { counter: 'c', set: 1, from: '2027-03-01', to: '03-31' },
      { counter: 'c', set: 1, from: '03-01' },
      { counter: 'c', set: 1, to: '2027-03-31' },
      { counter: 'c', set: 1, from: '02-30', to: '03-31' },
      { counter: 'c', set: 1, weekdays: [0] },
      { counter: 'c', factor: 101 },
    ];
    for (const rule of rules) agree('study', { ...studies[0], baseline: { counters: [rule] } }, JSON.stringify(rule));
  });

  it('every MM-DD season bound, valid or not', () => {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) {
        const bound = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        agree('study', { ...studies[0], baseline: { counters: [{ counter: 'c', set: 1, from: bound, to: bound }] } }, bound);
      }
    }
  });

  it('weeks 52 and 53 of every year 0000–9999, and every week number of a few years', () => {
    const base = { format: 'rotation-simulation/1', name: 'w' };
    for (let year = 0; year <= 9999; year++) {
      const y = String(year).padStart(4, '0');
      for (const w of ['52', '53']) agree('study', { ...base, start: `${y}-W${w}` }, `${y}-W${w}`);
    }
    for (const y of ['0000', '2020', '2026', '2027']) {
      for (let w = 0; w <= 54; w++) agree('study', { ...base, start: `${y}-W${String(w).padStart(2, '0')}` }, `${y} week ${w}`);
    }
    for (const odd of ['2027-W1', '2027W14', '2027-w14', '27-W14', '2027-W14-1', '2027-12-01'])
      agree('study', { ...base, start: odd }, odd);
  });
});

test('every structural issue code was seen refused by both, and the reader alone refused some cross-references', () => {
  // Jest runs the tests of a file in order, so the corpora above have filled the tally.
  for (const [kind, t] of Object.entries(tally)) {
    const refused = Object.fromEntries(t.bothReject);
    console.log(
      `${kind}: ${t.documents} documents, ${t.bothAccept} accepted by both, ${t.readerOnly} refused by our reader only; refused by both:`,
      refused,
    );
  }
  for (const kind of Object.keys(EXPECTED_STRUCTURAL) as Kind[]) {
    const missing = EXPECTED_STRUCTURAL[kind].filter((code) => !tally[kind].bothReject.has(code));
    expect({ kind, missing }).toEqual({ kind, missing: [] });
    expect(tally[kind].bothAccept).toBeGreaterThan(kind === 'study' ? 1000 : 100);
  }
  expect(tally.problem.readerOnly).toBeGreaterThan(100);
  // Every cross-reference of the extension was seen refused by our reader while the schema let it through.
  const unseen = EXTENSION_ISSUE_CODES.filter((code) => CROSS_REFERENCE.includes(code) && !tally.problem.readerOnlyCodes.has(code));
  expect(unseen).toEqual([]);
});
