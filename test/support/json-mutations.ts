/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   The mutations edit raw JSON documents; typing them would defeat the purpose. */
/**
 * Random mutations of any JSON document (numbers set to extremes, fields
 * renamed, dropped or duplicated, ids lengthened, lists truncated or repeated),
 * drawn by fast-check. Shared by mutation-corpus.test.ts and json-schema.test.ts.
 */
import fc from 'fast-check';

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Step = string | number;

export const EXTREMES: unknown[] = [
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
export function randomPlace(doc: Raw, pick: (n: number) => number): Step[] | undefined {
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

export function holderOf(doc: Raw, path: Step[]): Raw {
  let v = doc;
  for (const step of path.slice(0, -1)) v = v[step];
  return v;
}

export type Mutation = (doc: Raw, path: Step[], pick: (n: number) => number) => void;

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

export const MUTATIONS: Record<string, Mutation> = {
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
export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Up to three mutations, each a name and the numbers that choose its place and values. */
export type MutationSteps = readonly (readonly [string, number, readonly number[]])[];

export const mutationSteps: fc.Arbitrary<MutationSteps> = fc.array(
  fc.tuple(fc.constantFrom(...MUTATION_NAMES), fc.nat(), fc.array(fc.nat(), { minLength: 4, maxLength: 4 })),
  { minLength: 1, maxLength: 3 },
);

/** Applies the drawn mutations to `doc` in place. */
export function mutate(doc: Raw, steps: MutationSteps): void {
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
}
