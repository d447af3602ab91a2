/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   These tests edit raw JSON documents (type Raw) to feed the validator what the format forbids; typing them would defeat the purpose. */
import fc from 'fast-check';
import { type ValidationIssue, findSyntaxError, parseProblem, parseRoster } from '../../src/domain/validate';
import { writeProblem } from '../../src/domain/serialize';
import { type Mutation, type Raw, mutationsOf, setAt, slotsOf, validExtensionProblem, validProblem } from '../support/problem-corpus';

function expectWellFormed(result: { ok: true } | { ok: false; issues: ValidationIssue[] }): void {
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(issue.path.length).toBeGreaterThan(0);
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    expect(issue.messageJa.startsWith(`${issue.path}: `)).toBe(true);
  }
}

describe('any input: never throws; ok, or issues that start with their path', () => {
  const readers = [parseProblem, parseRoster];

  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const read of readers) {
          expectWellFormed(read(value));
          expectWellFormed(read(JSON.stringify(value)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('random values that are not JSON (NaN, -0, undefined, null prototypes, bigints, …)', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        for (const read of readers) expectWellFormed(read(value));
      }),
      { numRuns: 500 },
    );
  });

  it('objects with the fields of a problem or roster holding random JSON', () => {
    const field = fc.jsonValue({ maxDepth: 3 });
    const keys = [
      'format',
      'name',
      'days',
      'policy',
      'divisions',
      'counters',
      'staff',
      'problem',
      'status',
      'objective',
      'assignments',
      'shortfalls',
      'stats',
      '__proto__',
    ];
    const shaped = fc.dictionary(fc.constantFrom(...keys), field);
    fc.assert(
      fc.property(shaped, (value) => {
        for (const read of readers) {
          expectWellFormed(read(value));
          expectWellFormed(read(JSON.stringify(value)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('problems with one random value put anywhere', () => {
    fc.assert(
      fc.property(validProblem, fc.nat(), fc.jsonValue({ maxDepth: 2 }), (raw, pick, value) => {
        const slots = slotsOf(raw);
        const slot = slots[pick % slots.length];
        expectWellFormed(parseProblem(setAt(structuredClone(raw), slot.segments, value)));
      }),
      { numRuns: 300 },
    );
  });

  it('random and damaged JSON text; syntax errors are located exactly when JSON.parse fails', () => {
    const damaged = fc.tuple(validProblem, fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 2 })).map(([raw, at, cut, insert]) => {
      const t = JSON.stringify(raw, null, 1);
      const i = at % (t.length + 1);
      return t.slice(0, i) + insert + t.slice(i + cut);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), damaged), (t) => {
        let parses = true;
        try {
          JSON.parse(t);
        } catch {
          parses = false;
        }
        expect(findSyntaxError(t) === undefined).toBe(parses);
        const result = parseProblem(t);
        expectWellFormed(result);
        if (!parses && !result.ok) {
          expect(result.issues).toHaveLength(1);
          expect(result.issues[0].code).toBe('json-syntax');
          expect(result.issues[0].message).toMatch(/^\$: invalid JSON at line \d+, column \d+: /);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('valid problems', () => {
  it('are accepted', () => {
    fc.assert(
      fc.property(validProblem, (raw) => {
        const result = parseProblem(raw);
        if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trip through writeProblem', () => {
    fc.assert(
      fc.property(validProblem, (raw) => {
        const first = parseProblem(raw);
        if (!first.ok) throw new Error('generated an invalid problem');
        const written = writeProblem(first.value);
        expect(parseProblem(written)).toEqual({ ok: true, value: first.value });
        expect(writeProblem(first.value)).toBe(written);
        const again = parseProblem(written);
        if (again.ok) expect(writeProblem(again.value)).toBe(written);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// One mutation of a valid problem: the issues name the mutated place (mutationsOf in test/support/problem-corpus.ts).

/** Applies the mutation to a copy of `raw` and requires an issue at the mutation's path. */
function expectReportedWhereMade(raw: Raw, mutation: Mutation): void {
  const result = parseProblem(mutation.apply(structuredClone(raw)));
  if (result.ok) throw new Error(`${mutation.name} at ${mutation.path} was accepted`);
  expectWellFormed(result);
  const paths = result.issues.map((i) => i.path);
  if (!paths.includes(mutation.path)) throw new Error(`${mutation.name} at ${mutation.path}: issues at ${paths.join(', ')}`);
}

describe.each([
  {
    name: 'a valid problem',
    valid: validProblem,
    runs: 2000,
    minimum: 100,
    larger: (p: Raw) => p.staff.length >= 4 && p.counters.length >= 2 && p.days.length >= 3,
  },
  {
    name: 'a valid problem with the extension',
    valid: validExtensionProblem,
    runs: 1000,
    minimum: 200,
    larger: (p: Raw) => p.weeks.length === 3 && p.staff.length >= 4 && (p.places ?? []).length >= 2 && (p.periods ?? []).length >= 2,
  },
])('one mutation of $name is reported exactly where it was made', ({ valid, runs, minimum, larger }) => {
  it('wrong types, missing fields, bad numbers, unknown references, duplicates, unsorted days, broken rules between fields', () => {
    fc.assert(
      fc.property(valid, fc.nat(), (raw, pick) => {
        const mutations = mutationsOf(raw);
        expectReportedWhereMade(raw, mutations[pick % mutations.length]);
      }),
      { numRuns: runs },
    );
  });

  it('every mutation of one larger problem', () => {
    const [raw] = fc.sample(valid.filter(larger), { numRuns: 1, seed: 48 });
    const mutations = mutationsOf(raw);
    expect(mutations.length).toBeGreaterThan(minimum);
    for (const mutation of mutations) expectReportedWhereMade(raw, mutation);
  });
});

describe('valid problems with the extension (weeks, places, periods, possible days)', () => {
  it('are accepted and round-trip through writeProblem', () => {
    fc.assert(
      fc.property(validExtensionProblem, (raw) => {
        const first = parseProblem(raw);
        if (!first.ok) throw new Error(first.issues.map((i) => i.message).join('\n'));
        const written = writeProblem(first.value);
        expect(parseProblem(written)).toEqual({ ok: true, value: first.value });
      }),
      { numRuns: 300 },
    );
  });

  it('use every field of the extension', () => {
    const sample = fc.sample(validExtensionProblem, { numRuns: 200, seed: 17 });
    const has = (test: (p: Raw) => boolean): number => sample.filter(test).length;
    const list = (value: unknown): Raw[] => (Array.isArray(value) ? (value as Raw[]) : []);
    expect(has((p) => list(p.weeks).length === 3)).toBeGreaterThan(10);
    expect(has((p) => list(p.places).length > 0)).toBeGreaterThan(50);
    expect(has((p) => list(p.periods).some((x) => x.minDays > 0))).toBeGreaterThan(50);
    expect(has((p) => list(p.periods).some((x) => x.maxDays !== undefined && x.done !== undefined))).toBeGreaterThan(25);
    expect(has((p) => list(p.staff).some((st) => list(st.possible).some((d) => d.place !== undefined)))).toBeGreaterThan(20);
    expect(
      has((p) => list(p.staff).some((st) => list(st.requests).some((q) => q.place !== undefined && q.place !== 'home'))),
    ).toBeGreaterThan(20);
  });
});
