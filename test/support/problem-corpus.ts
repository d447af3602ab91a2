/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   These corpora edit raw JSON documents (type Raw) to feed the readers what the format forbids; typing them would defeat the purpose. */
/**
 * The problem corpus of the validator's property tests: generated valid raw
 * problems, and every single mutation of one that the reader must refuse, each
 * with the path it must be reported at. Shared by validate-property.test.ts and
 * json-schema.test.ts (which runs the same corpus through the JSON Schemas).
 */
import fc from 'fast-check';

export type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const WEEK = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
export const NOT_A_DAY_OF_THE_WEEK = '2026-12-31';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** An object from some of `days` to values of `value`. */
function dayMap<T>(days: readonly string[], value: fc.Arbitrary<T>): fc.Arbitrary<Record<string, T>> {
  return fc
    .subarray([...days])
    .chain((named) => fc.tuple(...named.map(() => value)).map((vs) => Object.fromEntries(named.map((d, i) => [d, vs[i]]))));
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 8 }));
const count = fc.integer({ min: 0, max: 50 });

/**
 * Valid raw problems. Resources (licences ≥ 20, terminals ≥ 20, at most 8 staff,
 * at most one telework pin each and a maximum ≥ 1) are generous enough that
 * pins never conflict.
 */
export const validProblem: fc.Arbitrary<Raw> = fc
  .tuple(fc.subarray(WEEK), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 8 }))
  .chain(([days, nDivisions, nCounters, nStaff]) => {
    const divisionIds = range(nDivisions).map((i) => `d${i}`);
    const counterIds = range(nCounters).map((i) => `c${i}`);
    const generous = fc.integer({ min: 20, max: 100 });
    const policy = fc.record(
      {
        maxTeleworkDays: fc.integer({ min: 1, max: 5 }),
        licencesPerDay: fc.oneof(generous, dayMap(days, generous)),
        spreadBonus: fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 4 }).map((a) => a.sort((x, y) => y - x)),
        shortfallPenalty: fc.integer({ min: 0, max: 1_000_000 }),
      },
      { requiredKeys: ['maxTeleworkDays'] },
    );
    const division = (id: string) => fc.record({ id: fc.constant(id), name: text, terminals: generous }, { requiredKeys: ['id', 'name'] });
    const counter = (id: string) =>
      fc.record({
        id: fc.constant(id),
        division: fc.constantFrom(...divisionIds),
        name: text,
        min: fc.oneof(count, dayMap(days, count)),
      });
    const requests = fc
      .subarray(days)
      .chain((asked) => fc.tuple(...asked.map(() => count)).map((ws) => asked.map((day, i) => ({ day, weight: ws[i] }))));
    const staffMember = (id: string) =>
      fc
        .record(
          {
            id: fc.constant(id),
            division: fc.constantFrom(...divisionIds),
            name: text,
            canTelework: fc.boolean(),
            maxTeleworkDays: fc.integer({ min: 1, max: 5 }),
            counters: fc.shuffledSubarray(counterIds),
            requests,
            absent: fc.shuffledSubarray(days),
            pinned: dayMap(days, fc.constantFrom('office', 'telework')),
            note: fc.jsonValue(), // unknown fields are ignored
          },
          { requiredKeys: ['id', 'division', 'name', 'canTelework', 'counters', 'requests', 'absent'] },
        )
        .map((s) => (s.pinned ? { ...s, pinned: possiblePins(s) } : s));
    return fc.record({
      format: fc.constant('rotation-problem/1'),
      name: text,
      days: fc.constant(days),
      policy,
      divisions: fc.tuple(...divisionIds.map(division)),
      counters: fc.tuple(...counterIds.map(counter)),
      staff: fc.tuple(...range(nStaff).map((i) => staffMember(`s${String(i).padStart(4, '0')}`))),
    });
  });

/** Keeps the pins that can hold: none on absent days, telework only for those who may, at most one. */
function possiblePins(s: { canTelework: boolean; absent: string[]; pinned?: Record<string, string> }): Record<string, string> {
  let telework = 0;
  const kept: Record<string, string> = {};
  for (const [day, mode] of Object.entries(s.pinned ?? {})) {
    if (s.absent.includes(day)) continue;
    if (mode === 'telework' && (!s.canTelework || telework++ > 0)) continue;
    kept[day] = mode;
  }
  return kept;
}

/** A step into a JSON value: a field name, an array index, or a data key of a map (printed `["key"]`). */
export type Segment = string | number | { readonly key: string };

export type Kind =
  | 'format'
  | 'string'
  | 'id'
  | 'count'
  | 'integer'
  | 'boolean'
  | 'array'
  | 'object'
  | 'count-or-map'
  | 'day'
  | 'day-entry'
  | 'mode'
  | 'division-ref'
  | 'counter-ref';

export interface Slot {
  readonly segments: readonly Segment[];
  readonly kind: Kind;
  /** A field that may be deleted to make a `required` issue. */
  readonly required: boolean;
}

export function pathOf(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : typeof s === 'string' ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s.key)}]`))
    .join('');
}

export function setAt(root: Raw, segments: readonly Segment[], value: unknown): Raw {
  let holder: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const s of segments.slice(0, -1)) holder = holder[typeof s === 'object' ? s.key : s];
  const last = segments[segments.length - 1];
  holder[typeof last === 'object' ? last.key : last] = value;
  return root;
}

export function getAt(root: Raw, segments: readonly Segment[]): Raw {
  let value: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (const s of segments) value = value[typeof s === 'object' ? s.key : s];
  return value as Raw;
}

export function deleteAt(root: Raw, segments: readonly Segment[]): Raw {
  const holder = getAt(root, segments.slice(0, -1));
  delete holder[segments[segments.length - 1] as string];
  return root;
}

/** Every place of a valid raw problem that a mutation may touch. */
export function slotsOf(p: Raw): Slot[] {
  const slots: Slot[] = [];
  const add = (segments: Segment[], kind: Kind, required = true): void => {
    slots.push({ segments, kind, required });
  };
  const countOrMap = (segments: Segment[], value: unknown, required: boolean): void => {
    add(segments, 'count-or-map', required);
    if (typeof value === 'object' && value !== null) {
      for (const key of Object.keys(value)) add([...segments, { key }], 'count', false);
    }
  };
  add(['format'], 'format');
  add(['name'], 'string');
  add(['days'], 'array');
  p.days.forEach((_: unknown, i: number) => add(['days', i], 'day-entry', false));
  add(['policy'], 'object');
  add(['policy', 'maxTeleworkDays'], 'count');
  if ('licencesPerDay' in p.policy) countOrMap(['policy', 'licencesPerDay'], p.policy.licencesPerDay, false);
  if ('spreadBonus' in p.policy) {
    add(['policy', 'spreadBonus'], 'array', false);
    p.policy.spreadBonus.forEach((_: unknown, i: number) => add(['policy', 'spreadBonus', i], 'integer', false));
  }
  if ('shortfallPenalty' in p.policy) add(['policy', 'shortfallPenalty'], 'count', false);
  add(['divisions'], 'array');
  p.divisions.forEach((d: Raw, i: number) => {
    add(['divisions', i], 'object', false);
    add(['divisions', i, 'id'], 'id');
    add(['divisions', i, 'name'], 'string');
    if ('terminals' in d) add(['divisions', i, 'terminals'], 'count', false);
  });
  add(['counters'], 'array');
  p.counters.forEach((c: Raw, i: number) => {
    add(['counters', i], 'object', false);
    add(['counters', i, 'id'], 'id');
    add(['counters', i, 'division'], 'division-ref');
    add(['counters', i, 'name'], 'string');
    countOrMap(['counters', i, 'min'], c.min, true);
  });
  add(['staff'], 'array');
  p.staff.forEach((s: Raw, i: number) => {
    const at: Segment[] = ['staff', i];
    add(at, 'object', false);
    add([...at, 'id'], 'id');
    add([...at, 'division'], 'division-ref');
    add([...at, 'name'], 'string');
    add([...at, 'canTelework'], 'boolean');
    if ('maxTeleworkDays' in s) add([...at, 'maxTeleworkDays'], 'count', false);
    add([...at, 'counters'], 'array');
    s.counters.forEach((_: unknown, j: number) => add([...at, 'counters', j], 'counter-ref', false));
    add([...at, 'requests'], 'array');
    s.requests.forEach((_: unknown, j: number) => {
      add([...at, 'requests', j], 'object', false);
      add([...at, 'requests', j, 'day'], 'day');
      add([...at, 'requests', j, 'weight'], 'count');
    });
    add([...at, 'absent'], 'array');
    s.absent.forEach((_: unknown, j: number) => add([...at, 'absent', j], 'day', false));
    if ('pinned' in s) {
      add([...at, 'pinned'], 'object', false);
      for (const key of Object.keys(s.pinned)) add([...at, 'pinned', { key }], 'mode', false);
    }
  });
  return slots;
}

export const WRONG_TYPES: Readonly<Record<Kind, readonly unknown[]>> = {
  format: [1, null, 'rotation-roster/1', 'rotation-problem/2'],
  string: [1, null, true, [], {}],
  id: [1, null, false, [], {}],
  count: ['1', null, true, [], {}],
  integer: ['1', null, false, [0], {}],
  boolean: ['true', 1, 0, null, []],
  array: [{}, 'x', 1, null, true],
  object: [[], 'x', 1, null, false],
  'count-or-map': ['1', null, true, []],
  day: [20261123, null, [], {}, '', '23/11/2026'],
  'day-entry': [20261123, null, [], {}, '', '2026-02-30', '2026-11-23 '],
  mode: ['home', 'Office', 1, null, {}],
  'division-ref': [1, null, [], {}],
  'counter-ref': [1, null, [], {}],
};

export interface Mutation {
  readonly name: string;
  /** The path that must appear among the issues. */
  readonly path: string;
  readonly apply: (p: Raw) => Raw;
}

/** Every single mutation that makes this valid problem invalid, each with the path it must be reported at. */
export function mutationsOf(p: Raw): Mutation[] {
  const out: Mutation[] = [];
  const put = (name: string, segments: Segment[], value: unknown): void => {
    out.push({ name, path: pathOf(segments), apply: (q) => setAt(q, segments, value) });
  };
  for (const slot of slotsOf(p)) {
    const segs = [...slot.segments];
    for (const value of WRONG_TYPES[slot.kind]) put(`wrong type ${JSON.stringify(value)}`, segs, value);
    if (slot.required) {
      out.push({ name: 'missing', path: pathOf(segs), apply: (q) => deleteAt(q, segs) });
    }
    if (slot.kind === 'count' || slot.kind === 'integer' || slot.kind === 'count-or-map') {
      put('non-integer', segs, 2.5);
      put('unsafe integer', segs, 2 ** 53 + 2);
    }
    if (slot.kind === 'count' || slot.kind === 'count-or-map') put('negative', segs, -1 - (segs.length % 3));
    if (slot.kind === 'id') put('empty id', segs, '');
    if (slot.kind === 'division-ref') put('unknown division', segs, 'no-such-division');
    if (slot.kind === 'counter-ref') put('unknown counter', segs, 'no-such-counter');
    if (slot.kind === 'day') put('unknown day', segs, NOT_A_DAY_OF_THE_WEEK);
    if (slot.kind === 'count-or-map' && typeof getAt(p, segs) === 'object') {
      put('map entry for an unknown day', [...segs, { key: NOT_A_DAY_OF_THE_WEEK }], 1);
    }
    if (slot.kind === 'object' && pathOf(segs).endsWith('pinned')) {
      put('pin on an unknown day', [...segs, { key: NOT_A_DAY_OF_THE_WEEK }], 'office');
    }
  }

  for (const list of ['divisions', 'counters', 'staff']) {
    const items: Raw[] = p[list];
    for (let j = 1; j < items.length; j++) put('duplicate id', [list, j, 'id'], items[j - 1].id);
  }

  const days: string[] = p.days;
  for (let i = 0; i + 1 < days.length; i++) {
    out.push({
      name: 'days swapped',
      path: `days[${i + 1}]`,
      apply: (q) => {
        [q.days[i], q.days[i + 1]] = [q.days[i + 1], q.days[i]];
        return q;
      },
    });
    put('duplicate day', ['days', i + 1], days[i]);
  }
  out.push({
    name: 'eight days',
    path: 'days[7]',
    apply: (q) => {
      q.days = [...WEEK, '2026-11-30'];
      return q;
    },
  });

  const bonus: number[] | undefined = p.policy.spreadBonus;
  if (bonus && bonus.length > 0) {
    out.push({
      name: 'spread bonus increasing',
      path: `policy.spreadBonus[${bonus.length}]`,
      apply: (q) => {
        q.policy.spreadBonus.push(bonus[bonus.length - 1] + 1);
        return q;
      },
    });
  }

  p.staff.forEach((s: Raw, i: number) => {
    const appendCopy = (name: string, field: string, suffix: string): void => {
      if (s[field].length === 0) return;
      out.push({
        name,
        path: `staff[${i}].${field}[${s[field].length}]${suffix}`,
        apply: (q) => {
          q.staff[i][field].push(structuredClone(q.staff[i][field][0]));
          return q;
        },
      });
    };
    appendCopy('duplicate counter', 'counters', '');
    appendCopy('duplicate request', 'requests', '.day');
    appendCopy('duplicate absent day', 'absent', '');
  });
  return out;
}
