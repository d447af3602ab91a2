/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   The mutations edit raw JSON documents; typing them would defeat the purpose. */
/**
 * A mutation corpus: the fixtures and generated problems, with random
 * mutations (numbers set to extremes, fields renamed, dropped or duplicated,
 * ids lengthened, lists truncated or repeated). For every mutated file:
 *
 * - reading it never throws: it is accepted, or refused with issues that each
 *   name a path (and so do the warnings);
 * - an accepted file solves without throwing, to a roster that the
 *   independent checker accepts with no violation, whose objective is exactly
 *   the checker's (BigInt) objective.
 *
 * MUTATION_RUNS sets the number of mutated files (default 10,000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type ValidationIssue, parseProblemWithWarnings } from '../../src/domain/validate';
import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';
import { shapeProblem, SHAPES } from '../../src/generators/shapes';
import { scaledProblem } from '../../src/generators/scaled';

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Step = string | number;

const RUNS = Number(process.env.MUTATION_RUNS ?? 10_000);
const FIXTURES = join(__dirname, '../../fixtures');

/** The seeds: small generated problems of every shape, a small scaled organisation, and the town fixture. */
const SEEDS: { name: string; text: string }[] = [
  ...SHAPES.flatMap((shape, i) =>
    [0, 1].map((k) => ({ name: `shape ${shape} ${k}`, text: JSON.stringify(shapeProblem(100 * i + k, shape)) })),
  ),
  { name: 'scaled 60', text: JSON.stringify(scaledProblem(60, 3)) },
];
/** The town fixture costs ~10 ms a solve; it is drawn once in 40 files. */
const TOWN = { name: 'town-25-2026-W48', text: readFileSync(join(FIXTURES, 'town-25-2026-W48.json'), 'utf8') };

const EXTREMES: unknown[] = [
  2 ** 31,
  2 ** 31 - 1,
  2 ** 32,
  2 ** 53,
  2 ** 53 - 1,
  -(2 ** 53),
  -1,
  -0,
  0,
  1.5,
  1e308,
  10_000,
  10_001,
  1_000_000,
  1_000_001,
  'NaN',
  'Infinity',
  '1e400',
  '12',
  null,
  true,
  [],
  {},
];

/**
 * A random place in the document (the path to an object, an array or a leaf;
 * never the root): a random descent that stops at each level with probability
 * 1/3 (always at a leaf). Cheap on large documents, unlike listing every place.
 */
function randomPlace(doc: Raw, pick: (n: number) => number): Step[] | undefined {
  const path: Step[] = [];
  let value = doc;
  for (;;) {
    const keys: Step[] = Array.isArray(value)
      ? value.map((_, i) => i)
      : value !== null && typeof value === 'object'
        ? Object.keys(value)
        : [];
    if (keys.length === 0) return path.length > 0 ? path : undefined;
    const step = keys[pick(keys.length)];
    path.push(step);
    value = value[step];
    if (pick(3) === 0) return path;
  }
}

function holderOf(doc: Raw, path: Step[]): Raw {
  let v = doc;
  for (const step of path.slice(0, -1)) v = v[step];
  return v;
}

type Mutation = (doc: Raw, path: Step[], pick: (n: number) => number) => void;

const typo = (key: string, pick: (n: number) => number): string => {
  const i = pick(key.length + 1);
  switch (pick(4)) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1); // drop a letter
    case 1:
      return key.slice(0, i) + 'x' + key.slice(i); // add one
    case 2:
      return key.toLowerCase();
    default:
      return key.replace('c', 's'); // licences → lisences …
  }
};

const MUTATIONS: Record<string, Mutation> = {
  extreme: (doc, path, pick) => {
    holderOf(doc, path)[path[path.length - 1]] = EXTREMES[pick(EXTREMES.length)];
  },
  numbersOfKindToExtreme: (doc, path, pick) => {
    // every number under a field of this name (all weights, all mins …)
    const key = path[path.length - 1];
    const value = EXTREMES[pick(12)];
    const walk = (v: Raw): void => {
      if (v === null || typeof v !== 'object') return;
      for (const k of Object.keys(v)) {
        if (k === key && typeof v[k] === 'number') v[k] = value;
        else walk(v[k]);
      }
    };
    walk(doc);
  },
  rename: (doc, path, pick) => {
    const holder = holderOf(doc, path);
    const key = path[path.length - 1];
    if (Array.isArray(holder) || typeof key !== 'string') return;
    const value = holder[key];
    delete holder[key];
    holder[typo(key, pick)] = value;
  },
  drop: (doc, path) => {
    const holder = holderOf(doc, path);
    const key = path[path.length - 1];
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else delete holder[key];
  },
  duplicate: (doc, path) => {
    const holder = holderOf(doc, path);
    const key = path[path.length - 1];
    const copy = structuredClone(holder[key]);
    if (Array.isArray(holder)) holder.splice(key as number, 0, copy);
    else holder[`${String(key)}Copy`] = copy;
  },
  lengthen: (doc, path, pick) => {
    const holder = holderOf(doc, path);
    const key = path[path.length - 1];
    const value = holder[key];
    if (typeof value !== 'string') return;
    const longer = value + 'x'.repeat(Math.max(1, [1, 64, 65 - value.length, 1000, 20_000][pick(5)]));
    if (pick(2) === 0) {
      holder[key] = longer;
      return;
    }
    // everywhere: the id and every reference to it stay consistent
    const walk = (v: Raw): void => {
      if (v === null || typeof v !== 'object') return;
      for (const k of Object.keys(v)) {
        if (v[k] === value) v[k] = longer;
        else walk(v[k]);
      }
    };
    walk(doc);
  },
  truncate: (doc, path, pick) => {
    const value = holderOf(doc, path)[path[path.length - 1]];
    if (Array.isArray(value)) value.length = pick(value.length + 1);
  },
  wrap: (doc, path) => {
    const holder = holderOf(doc, path);
    const key = path[path.length - 1];
    holder[key] = [holder[key]];
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

function expectPaths(list: readonly ValidationIssue[]): void {
  for (const issue of list) {
    expect(issue.path.length).toBeGreaterThan(0);
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    expect(issue.messageJa.startsWith(`${issue.path}: `)).toBe(true);
  }
}

const tally = { files: 0, accepted: 0, solved: 0, cutOff: 0 };

test(`${RUNS} mutated problem files: read without throwing; every accepted one solves to a roster the checker accepts`, () => {
  const started = performance.now();
  const mutation = fc.record({
    town: fc.integer({ min: 0, max: 39 }),
    seed: fc.nat(),
    steps: fc.array(fc.tuple(fc.constantFrom(...MUTATION_NAMES), fc.nat(), fc.array(fc.nat(), { minLength: 4, maxLength: 4 })), {
      minLength: 1,
      maxLength: 3,
    }),
  });
  fc.assert(
    fc.property(mutation, ({ town, seed, steps }) => {
      const source = town === 0 ? TOWN : SEEDS[seed % SEEDS.length];
      const doc: Raw = JSON.parse(source.text);
      for (const [name, at, picks] of steps) {
        // A small deterministic generator from the drawn numbers: the same draw, the same mutation.
        let state = (at ^ (picks[0] * 7919)) >>> 0 || 1;
        let p = 0;
        const pick = (n: number): number => {
          state = (Math.imul(state, 1103515245) + 12345 + picks[p++ % picks.length]) >>> 0;
          return n <= 0 ? 0 : (state >>> 8) % n;
        };
        const place = randomPlace(doc, pick);
        if (!place) break;
        MUTATIONS[name](doc, place, pick);
      }
      const text = JSON.stringify(doc);
      tally.files++;
      const result = parseProblemWithWarnings(text);
      expectPaths(result.warnings);
      if (!result.ok) {
        expect(result.issues.length).toBeGreaterThan(0);
        expectPaths(result.issues);
        return;
      }
      tally.accepted++;
      // A few extreme negative-spread problems make branch and bound search long; a cut-off
      // search still returns a roster ("feasible") that must keep every rule.
      const roster = solve(result.value, { timeLimitMs: 500 });
      if (roster.status !== 'optimal') tally.cutOff++;
      const report = checkRoster(result.value, roster);
      expect(report.violations).toEqual([]);
      expect(String(roster.objective)).toBe(report.objectiveExact);
      expect(Number.isSafeInteger(roster.objective)).toBe(true);
      tally.solved++;
    }),
    { numRuns: RUNS, seed: Number(process.env.MUTATION_SEED ?? 13) },
  );
  const seconds = (performance.now() - started) / 1000;
  // The count and the time, for the record (npx jest test/domain/mutation-corpus --verbose shows them).
  console.log(
    `mutation corpus: ${tally.files} files, ${tally.accepted} accepted and solved (${tally.cutOff} cut off by the time limit), ${seconds.toFixed(1)} s`,
  );
  expect(tally.files).toBeGreaterThanOrEqual(RUNS);
  expect(tally.accepted).toBeGreaterThan(RUNS / 20);
}, 600_000);
