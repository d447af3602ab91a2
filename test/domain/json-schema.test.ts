/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   The corpora are raw JSON documents, edited to break them. */
/**
 * The JSON Schemas of our files (docs/schema/) against our validators, on the
 * validators' own property-test corpus and the fixtures:
 *
 * - every file our validator accepts, the schema accepts;
 * - every file the schema refuses, our validator refuses;
 * - every file our validator refuses for its structure (a wrong type, a field
 *   missing, a number out of range, a bad date, an unknown value of a closed
 *   list, a duplicate in a set), the schema refuses too.
 *
 * Our validator may refuse more: references between entries (unknown ids and
 * days, duplicate ids), order (days ascending, spreadBonus non-increasing)
 * and pins that cannot all hold, which no schema can express.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { IssueCode } from '../../src/domain/json-path';
import { parseProblem, parseRoster, type ValidationIssue } from '../../src/domain/validate';
import { parseStudy } from '../../src/domain/validate-study';
import { solve } from '../../src/engine';
import { mutationsOf, type Raw, validProblem } from '../support/problem-corpus';
import { study } from '../support/simulation';

const ROOT = path.join(__dirname, '..', '..');
// Not allErrors: with it, ajv 8's uniqueItems (fast-deep-equal) throws on an array of objects with a
// `valueOf` key (`[{}, {"valueOf": ""}]` as days); stopping at the first error never gets there.
const ajv = new Ajv2020({ strict: true });
addFormats(ajv);
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(path.join(ROOT, 'docs', 'schema', `${name}.schema.json`), 'utf8')));
const schemas = { problem: schema('rotation-problem-1'), roster: schema('rotation-roster-1'), study: schema('rotation-simulation-1') };

/** Issues about a value's own shape: a schema must refuse them too. */
const STRUCTURAL: ReadonlySet<IssueCode> = new Set<IssueCode>([
  'wrong-type',
  'required',
  'not-integer',
  'unsafe-integer',
  'negative',
  'not-positive',
  'out-of-range',
  'empty-id',
  'invalid-date',
  'invalid-week',
  'invalid-season-day',
  'unknown-format',
  'unknown-mode',
  'unknown-pin-mode',
  'unknown-status',
  'unknown-field',
  'too-many-days',
  'duplicate-day',
  'duplicate-absent',
  'duplicate-counter',
  'rule-target',
  'rule-change',
]);

type Kind = keyof typeof schemas;
const READ: Readonly<Record<Kind, (value: unknown) => { ok: true } | { ok: false; issues: ValidationIssue[] }>> = {
  problem: parseProblem,
  roster: parseRoster,
  study: parseStudy,
};

/** Compares one document; returns the structural codes both refused it for (for the coverage counts). */
function agree(kind: Kind, doc: unknown, what: string): IssueCode[] {
  const ours = READ[kind](doc);
  const theirs = schemas[kind](doc);
  const errors = () => ajv.errorsText(schemas[kind].errors);
  // Accepted by us ⇒ accepted by the schema (equally: refused by the schema ⇒ refused by us).
  if (ours.ok && !theirs) throw new Error(`${kind} ${what}: our validator accepts it, the schema refuses it: ${errors()}`);
  if (ours.ok) return [];
  const structural = ours.issues.map((i) => i.code).filter((c) => STRUCTURAL.has(c));
  if (structural.length > 0 && theirs) {
    throw new Error(
      `${kind} ${what}: our validator refuses its structure (${ours.issues.map((i) => i.message).join('; ')}), the schema accepts it`,
    );
  }
  return structural;
}

function tally(counts: Map<string, number>, codes: readonly IssueCode[]): void {
  for (const c of new Set(codes)) counts.set(c, (counts.get(c) ?? 0) + 1);
}

describe('JSON Schemas (docs/schema) agree with our validators', () => {
  it('compile under ajv strict mode against the 2020-12 meta-schema, with their $id matching the file', () => {
    for (const file of readdirSync(path.join(ROOT, 'docs', 'schema')).filter((f) => f.endsWith('.schema.json'))) {
      const doc = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'schema', file), 'utf8')) as { $schema: string; $id: string };
      expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(doc.$id.endsWith(`/${file}`)).toBe(true);
      expect(ajv.validateSchema(doc)).toBe(true);
    }
  });

  it('accept the fixtures and the files the validator accepts', () => {
    for (const file of readdirSync(path.join(ROOT, 'fixtures')).filter((f) => f.endsWith('.json'))) {
      const doc = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', file), 'utf8'));
      expect({ file, ok: parseProblem(doc).ok, schema: schemas.problem(doc) }).toEqual({ file, ok: true, schema: true });
      const roster = solve(parseProblemOk(doc));
      expect({ file, ok: parseRoster(roster).ok, schema: schemas.roster(roster) }).toEqual({ file, ok: true, schema: true });
    }
    const town = JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'studies', 'town-licences.json'), 'utf8'));
    expect([parseStudy(town).ok, schemas.study(town)]).toEqual([true, true]);
  });

  it('problems: the generated corpus and every single mutation of it', () => {
    const counts = new Map<string, number>();
    let accepted = 0;
    for (const raw of fc.sample(validProblem, { numRuns: 60, seed: 16 })) {
      expect(agree('problem', raw, 'valid')).toEqual([]);
      accepted++;
      for (const m of mutationsOf(raw)) tally(counts, agree('problem', m.apply(structuredClone(raw)), `${m.name} at ${m.path}`));
    }
    expect(accepted).toBe(60);
    // Each kind of structural fault was met, and refused by both, many times.
    for (const code of [
      'wrong-type',
      'required',
      'not-integer',
      'unsafe-integer',
      'negative',
      'empty-id',
      'invalid-date',
      'unknown-format',
      'unknown-pin-mode',
      'too-many-days',
      'duplicate-day',
      'duplicate-absent',
      'duplicate-counter',
    ] as const) {
      expect({ code, both: (counts.get(code) ?? 0) > 5 }).toEqual({ code, both: true });
    }
  });

  it('rosters: solved from the corpus, and each field broken', () => {
    const counts = new Map<string, number>();
    for (const raw of fc.sample(validProblem, { numRuns: 40, seed: 7 })) {
      const roster: Raw = JSON.parse(JSON.stringify(solve(parseProblemOk(raw))));
      expect(agree('roster', roster, 'solved')).toEqual([]);
      for (const [name, apply] of rosterMutations(roster)) tally(counts, agree('roster', apply(structuredClone(roster)), name));
    }
    for (const code of [
      'wrong-type',
      'required',
      'not-integer',
      'unsafe-integer',
      'not-positive',
      'unknown-format',
      'unknown-status',
      'unknown-mode',
    ] as const) {
      expect({ code, both: (counts.get(code) ?? 0) > 5 }).toEqual({ code, both: true });
    }
  });

  it('studies: valid ones, each field broken, and random values in every field', () => {
    const counts = new Map<string, number>();
    const base: Raw = {
      ...study({ name: '案', scenarios: [{ name: 'A', policy: { licencesPerDay: 40, caregiverMaxDays: null } }] }),
      organisation: { generator: 'town-25', seed: 2 },
      demand: { source: 'survey', daysWanted: [1, 0, 0, 0, 0], seasons: [{ division: 'jumin', from: '02-29', to: '03-31', factor: 1.5 }] },
      insights: { weeks: 4 },
    };
    expect(agree('study', base, 'valid')).toEqual([]);
    for (const [name, apply] of studyMutations()) tally(counts, agree('study', apply(structuredClone(base)), name));
    for (const code of [
      'wrong-type',
      'required',
      'unknown-field',
      'out-of-range',
      'invalid-week',
      'invalid-season-day',
      'rule-target',
      'rule-change',
      'unknown-format',
    ] as const) {
      expect({ code, both: (counts.get(code) ?? 0) > 0 }).toEqual({ code, both: true });
    }
    // Random JSON in each field of a study: the two never disagree in either direction.
    const fields = ['name', 'organisation', 'start', 'weeks', 'seed', 'demand', 'baseline', 'scenarios', 'insights'];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), (field, value) => {
        agree('study', { ...structuredClone(base), [field]: value }, `${field} = ${JSON.stringify(value)}`);
      }),
      { numRuns: 1500, seed: 3 },
    );
  });

  it('random JSON in every top-level field of a problem and a roster', () => {
    const [raw] = fc.sample(validProblem, { numRuns: 1, seed: 5 });
    const roster: Raw = JSON.parse(JSON.stringify(solve(parseProblemOk(raw))));
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(raw)),
        fc.constantFrom(...Object.keys(roster)),
        fc.jsonValue({ maxDepth: 3 }),
        (p, r, value) => {
          agree('problem', { ...structuredClone(raw), [p]: value }, `${p} = ${JSON.stringify(value)}`);
          agree('roster', { ...structuredClone(roster), [r]: value }, `${r} = ${JSON.stringify(value)}`);
        },
      ),
      { numRuns: 1500, seed: 4 },
    );
  });
});

function parseProblemOk(doc: unknown) {
  const read = parseProblem(doc);
  if (!read.ok) throw new Error(read.issues.map((i) => i.message).join('\n'));
  return read.value;
}

type Edit = readonly [string, (doc: Raw) => Raw];

const set =
  (pathTo: readonly (string | number)[], value: unknown) =>
  (doc: Raw): Raw => {
    let holder = doc;
    for (const step of pathTo.slice(0, -1)) holder = holder[step];
    holder[pathTo[pathTo.length - 1]] = value;
    return doc;
  };
const drop =
  (pathTo: readonly (string | number)[]) =>
  (doc: Raw): Raw => {
    let holder = doc;
    for (const step of pathTo.slice(0, -1)) holder = holder[step];
    delete holder[pathTo[pathTo.length - 1]];
    return doc;
  };

function rosterMutations(roster: Raw): Edit[] {
  const edits: Edit[] = [];
  const bad = (p: (string | number)[], values: unknown[]) =>
    values.forEach((v) => edits.push([`${p.join('.')} = ${JSON.stringify(v)}`, set(p, v)]));
  for (const field of ['format', 'problem', 'status', 'objective', 'assignments', 'shortfalls']) edits.push([`no ${field}`, drop([field])]);
  bad(['format'], ['rotation-roster/2', 1]);
  bad(['problem'], [1, null]);
  bad(['status'], ['best', null]);
  bad(['objective'], [1.5, 2 ** 53 + 2, '1']);
  bad(['assignments'], [{}, 'x']);
  bad(['shortfalls'], [null, 1]);
  if (roster.assignments.length > 0) {
    for (const field of ['staff', 'day', 'mode']) edits.push([`no assignments[0].${field}`, drop(['assignments', 0, field])]);
    bad(['assignments', 0, 'mode'], ['home', 1]);
    bad(['assignments', 0, 'counter'], [1, null]);
    bad(['assignments', 0], ['x', []]);
  }
  bad(
    ['shortfalls'],
    [
      [{ counter: 'k', day: '2026-11-23', missing: 0 }],
      [{ counter: 'k', day: '2026-11-23', missing: 1.5 }],
      [{ counter: 'k', missing: 1 }],
    ],
  );
  return edits;
}

function studyMutations(): Edit[] {
  const edits: Edit[] = [];
  const bad = (p: (string | number)[], values: unknown[]) =>
    values.forEach((v) => edits.push([`${p.join('.')} = ${JSON.stringify(v)}`, set(p, v)]));
  for (const field of ['format', 'name', 'start']) edits.push([`no ${field}`, drop([field])]);
  bad(['format'], ['rotation-simulation/2']);
  bad(['start'], ['2027-14', '2027-W54', '2027-W00', 2027]);
  bad(['weeks'], [0, 105, 2.5]);
  bad(['licencePerDay'], [40]);
  bad(['organisation'], [{ generator: 'town-26' }, { seed: 1 }, { problem: '' }, { generator: 'town-25', extra: 1 }]);
  bad(['demand', 'requesterShare'], [1.5, -0.1, '0.5']);
  bad(
    ['demand', 'daysWanted'],
    [
      [0, 0, 0, 0, 0],
      [1, 2, 3],
      [1, -1, 0, 0, 0],
    ],
  );
  bad(['demand', 'absenceRate'], [0.6]);
  bad(['demand', 'source'], ['guess']);
  bad(['demand', 'seasons', 0, 'from'], ['02-30', '2027-02-29', '3/1', '13-01']);
  bad(['demand', 'seasons', 0, 'counter'], ['jumin-juminhyo']);
  bad(['demand', 'seasons', 0, 'add'], [1]);
  edits.push(['season without a target', drop(['demand', 'seasons', 0, 'division'])]);
  edits.push(['season without a change', drop(['demand', 'seasons', 0, 'factor'])]);
  bad(['demand', 'seasons', 0, 'factor'], [101, -1]);
  bad(['demand', 'seasons', 0, 'weekdays'], [[0], [8], [1.5]]);
  bad(['scenarios', 0, 'name'], ['', 1]);
  edits.push(['scenario without a name', drop(['scenarios', 0, 'name'])]);
  bad(['scenarios', 0, 'policy', 'maxTeleworkDays'], [8, -1]);
  bad(['scenarios', 0, 'policy', 'caregiverMaxDays'], [8]);
  bad(['scenarios', 0, 'policy', 'licencesPerDay'], [-1, 'many']);
  bad(['scenarios', 0, 'policy', 'rankWeights'], [[], [-1]]);
  bad(['scenarios', 0, 'policy', 'fairnessWeeks'], [53]);
  bad(['scenarios', 0, 'policy', 'licencesPerDya'], [1]);
  bad(['scenarios', 0, 'terminals'], [{ jumin: -1 }, { jumin: 'x' }, []]);
  bad(
    ['scenarios', 0, 'qualifications'],
    [[{ counter: 'k', add: 0 }], [{ counter: 'k' }], [{ counter: '', add: 1 }], [{ counter: 'k', add: 1001 }]],
  );
  bad(['scenarios', 0, 'noTeleworkDivisions'], [[''], 'jumin']);
  bad(['insights'], [{ weeks: 0 }, { weeks: 53 }, 'yes', { week: 4 }]);
  bad(['baseline'], [{ name: '' }, []]);
  return edits;
}
