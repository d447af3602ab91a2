/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
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

const generous = fc.integer({ min: 20, max: 100 });
/** Divisions, counters and staff. */
const sizes = [fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 8 })] as const;

/**
 * The fields of a valid problem on `days`, but for `days` itself. Resources (licences ≥ 20,
 * terminals ≥ 20, at most 8 staff, at most one telework pin each and a maximum ≥ 1) are generous
 * enough that pins never conflict.
 */
function weekParts(days: readonly string[], nDivisions: number, nCounters: number, nStaff: number) {
  const divisionIds = range(nDivisions).map((i) => `d${i}`);
  const counterIds = range(nCounters).map((i) => `c${i}`);
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
    .subarray([...days])
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
          absent: fc.shuffledSubarray([...days]),
          pinned: dayMap(days, fc.constantFrom('office', 'telework')),
          note: fc.jsonValue(), // unknown fields are ignored
        },
        { requiredKeys: ['id', 'division', 'name', 'canTelework', 'counters', 'requests', 'absent'] },
      )
      .map((s) => (s.pinned ? { ...s, pinned: possiblePins(s) } : s));
  return {
    format: fc.constant('rotation-problem/1'),
    name: text,
    days: fc.constant(days),
    policy,
    divisions: fc.tuple(...divisionIds.map(division)),
    counters: fc.tuple(...counterIds.map(counter)),
    staff: fc.tuple(...range(nStaff).map((i) => staffMember(`s${String(i).padStart(4, '0')}`))),
  };
}

/** Valid raw problems of one week (see weekParts). */
export const validProblem: fc.Arbitrary<Raw> = fc
  .tuple(fc.subarray(WEEK), ...sizes)
  .chain(([days, nDivisions, nCounters, nStaff]) => fc.record(weekParts(days, nDivisions, nCounters, nStaff)));

/** Three weeks of seven days from WEEK's Monday, for problems with `weeks` (none holds NOT_A_DAY_OF_THE_WEEK). */
export const WEEKS: readonly (readonly string[])[] = range(3).map((w) => WEEK.map((day) => shifted(day, 7 * w)));

function shifted(day: string, by: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + by)).toISOString().slice(0, 10);
}

/**
 * Valid raw problems with the extension (docs/format-periods.md): 1–3 weeks, places, periods,
 * possible days and places of requests, on top of the week problem's fields (weekParts).
 * Valid by construction: a goal period holds whole weeks (all of them, or one) or a few days
 * of one week, at most one a week, so goals are nested or disjoint; a cap leaves room for the
 * one telework pin a person may have (done < maxDays); pinned telework days are spent at home.
 */
export const validExtensionProblem: fc.Arbitrary<Raw> = fc
  .integer({ min: 1, max: 3 })
  .chain((nWeeks) => fc.tuple(fc.tuple(...WEEKS.slice(0, nWeeks).map((week) => fc.subarray([...week], { minLength: 1 }))), ...sizes))
  .chain(([weeks, nDivisions, nCounters, nStaff]) => {
    const days = weeks.flat();
    const parts = weekParts(days, nDivisions, nCounters, nStaff);
    return fc
      .record({ ...parts, weeks: fc.constant(weeks), places: fc.array(placeOf(days), { maxLength: 3 }), nPeriods: fc.nat(3) })
      .chain(({ nPeriods, ...p }) => {
        const placeIds = p.places.map((_: Raw, i: number) => `pl${i}`);
        const places = p.places.map((place: Raw, i: number) => ({ ...place, id: placeIds[i] }));
        const staffIds: string[] = p.staff.map((st: Raw) => st.id);
        const divisionIds: string[] = p.divisions.map((d: Raw) => d.id);
        return fc.record({
          staff: fc.tuple(...p.staff.map((st: Raw) => withPlaces(st, days, placeIds))),
          periods: fc.tuple(...range(nPeriods).map((i) => periodOf(i, weeks.length, divisionIds, staffIds))),
          extra: fc.constant({ ...p, places }),
        });
      })
      .map(({ staff, periods, extra }) => {
        const { format, name, days: d, weeks: w, policy, places, divisions, counters } = extra;
        return {
          format,
          name,
          days: d,
          weeks: w,
          policy,
          ...(places.length > 0 ? { places } : {}),
          ...(periods.length > 0 ? { periods: laminar(periods) } : {}),
          divisions,
          counters,
          staff,
        };
      });
  });

function placeOf(days: readonly string[]): fc.Arbitrary<Raw> {
  return fc.record(
    { id: fc.constant(''), name: text, desks: fc.oneof(generous, dayMap(days, generous)), licence: fc.boolean() },
    { requiredKeys: ['id', 'name', 'desks'] },
  );
}

/** Places for some requests, and possible days (on days not requested); a pinned telework day stays at home. */
function withPlaces(s: Raw, days: readonly string[], placeIds: readonly string[]): fc.Arbitrary<Raw> {
  const requested = new Set(s.requests.map((q: Raw) => q.day));
  const atHome = (day: string): boolean => s.pinned?.[day] === 'telework';
  const where = (day: string): fc.Arbitrary<{ place?: string }> =>
    atHome(day) || placeIds.length === 0
      ? fc.constantFrom({}, { place: 'home' })
      : fc.oneof(fc.constant({}), fc.constantFrom(...[...placeIds, 'home'].map((place) => ({ place }))));
  const requests = fc.tuple(...s.requests.map((q: Raw) => where(q.day).map((w) => ({ ...q, ...w }))));
  const possible = fc
    .subarray(days.filter((day) => !requested.has(day)))
    .chain((free) => fc.tuple(...free.map((day) => where(day).map((w) => ({ day, ...w })))));
  return fc
    .record({ requests, possible, withPossible: fc.boolean() })
    .map(({ requests: r, possible: pd, withPossible }) => ({ ...s, requests: r, ...(withPossible ? { possible: pd } : {}) }));
}

/** A period: a goal over weeks (`span` says which), a cap anywhere, or both. */
function periodOf(i: number, nWeeks: number, divisionIds: readonly string[], staffIds: readonly string[]): fc.Arbitrary<Raw> {
  const span = fc.oneof(
    fc.constant({ kind: 'all' }),
    fc.record({ kind: fc.constant('week'), week: fc.nat(nWeeks - 1) }),
    fc.record({ kind: fc.constant('inside'), week: fc.nat(nWeeks - 1), first: fc.nat(6), length: fc.nat(6) }),
  );
  const anyDay = fc.integer({ min: -10, max: 7 * nWeeks + 10 }).map((k) => shifted(WEEK[0], k));
  return fc
    .record(
      {
        name: text,
        span,
        goal: fc.integer({ min: 0, max: 366 }),
        capFrom: anyDay,
        capDays: fc.nat(60),
        maxDays: fc.integer({ min: 1, max: 366 }),
        divisions: fc.shuffledSubarray([...divisionIds]),
        turnDays: fc.constantFrom('requested', 'possible', 'any'),
        turnWeight: fc.integer({ min: 0, max: 1_000_000 }),
        done: fc.subarray([...staffIds]),
        doneShare: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: ['span', 'goal', 'capFrom', 'capDays', 'maxDays', 'done', 'doneShare'] },
    )
    .map((r) => {
      const goal = r.goal > 0;
      const { from, to } = goal ? goalDates(r.span) : { from: r.capFrom, to: shifted(r.capFrom, r.capDays) };
      const cap = !goal || r.doneShare > 0.5;
      return {
        id: `pe${i}`,
        ...(r.name === undefined ? {} : { name: r.name }),
        from,
        to,
        ...(r.divisions === undefined ? {} : { divisions: r.divisions }),
        ...(goal ? { minDays: r.goal } : {}),
        ...(cap ? { maxDays: r.maxDays } : {}),
        ...(r.turnDays === undefined ? {} : { turnDays: r.turnDays }),
        ...(r.turnWeight === undefined ? {} : { turnWeight: r.turnWeight }),
        // Days done leave at least one day under the cap for a pin.
        ...(cap ? { done: Object.fromEntries(r.done.map((id) => [id, Math.floor(r.doneShare * (r.maxDays - 1))])) } : {}),
        span: goal ? r.span : undefined,
      };
    });
}

function goalDates(span: Raw): { from: string; to: string } {
  if (span.kind === 'all') return { from: WEEKS[0][0], to: WEEKS[2][6] };
  const week = WEEKS[span.week];
  if (span.kind === 'week') return { from: week[0], to: week[6] };
  const first = Math.min(span.first, 6);
  return { from: week[first], to: week[Math.min(6, first + span.length)] };
}

/** Keeps goal periods nested or disjoint: at most one goal a week besides the one over all weeks. */
function laminar(periods: readonly Raw[]): Raw[] {
  const taken = new Set<string>();
  return periods.map(({ span, ...period }) => {
    if (!span) return period;
    const key = span.kind === 'all' ? 'all' : `week ${span.week}`;
    if (!taken.has(key)) {
      taken.add(key);
      return period;
    }
    const cap: Raw = { ...period, maxDays: period.maxDays ?? 366 };
    delete cap.minDays;
    return cap;
  });
}

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
  | 'counter-ref'
  // The extension's
  | 'date'
  | 'place-id'
  | 'place-ref'
  | 'period-days'
  | 'turn-days';

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
    s.requests.forEach((q: Raw, j: number) => {
      if ('place' in q) add([...at, 'requests', j, 'place'], 'place-ref', false);
    });
    if ('possible' in s) {
      add([...at, 'possible'], 'array', false);
      s.possible.forEach((d: Raw, j: number) => {
        add([...at, 'possible', j], 'object', false);
        add([...at, 'possible', j, 'day'], 'day');
        if ('place' in d) add([...at, 'possible', j, 'place'], 'place-ref', false);
      });
    }
  });
  extensionSlotsOf(p, add, countOrMap);
  return slots;
}

/** The places of the extension's top-level fields (none without them). */
function extensionSlotsOf(
  p: Raw,
  add: (segments: Segment[], kind: Kind, required?: boolean) => void,
  countOrMap: (segments: Segment[], value: unknown, required: boolean) => void,
): void {
  if ('weeks' in p) {
    add(['weeks'], 'array', false);
    p.weeks.forEach((week: string[], w: number) => {
      add(['weeks', w], 'array', false);
      week.forEach((_, j) => add(['weeks', w, j], 'day-entry', false));
    });
  }
  if ('places' in p) {
    add(['places'], 'array', false);
    p.places.forEach((place: Raw, i: number) => {
      add(['places', i], 'object', false);
      add(['places', i, 'id'], 'place-id');
      add(['places', i, 'name'], 'string');
      countOrMap(['places', i, 'desks'], place.desks, true);
      if ('licence' in place) add(['places', i, 'licence'], 'boolean', false);
    });
  }
  if ('periods' in p) {
    add(['periods'], 'array', false);
    p.periods.forEach((period: Raw, i: number) => {
      const at: Segment[] = ['periods', i];
      add(at, 'object', false);
      add([...at, 'id'], 'id');
      if ('name' in period) add([...at, 'name'], 'string', false);
      add([...at, 'from'], 'date');
      add([...at, 'to'], 'date');
      if ('divisions' in period) {
        add([...at, 'divisions'], 'array', false);
        period.divisions.forEach((_: unknown, j: number) => add([...at, 'divisions', j], 'division-ref', false));
      }
      for (const field of ['minDays', 'maxDays']) if (field in period) add([...at, field], 'period-days', false);
      if ('turnDays' in period) add([...at, 'turnDays'], 'turn-days', false);
      if ('turnWeight' in period) add([...at, 'turnWeight'], 'count', false);
      if ('done' in period) {
        add([...at, 'done'], 'object', false);
        for (const key of Object.keys(period.done)) add([...at, 'done', { key }], 'period-days', false);
      }
    });
  }
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
  date: [20261123, null, [], {}, '', '2026-02-30', '2026-W49'],
  'place-id': [1, null, false, [], {}, 'home'],
  'place-ref': [1, null, true, [], {}],
  'period-days': ['1', null, true, [], {}, 367],
  'turn-days': ['some', 'Any', 1, null, {}],
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
    if (slot.kind === 'count' || slot.kind === 'integer' || slot.kind === 'count-or-map' || slot.kind === 'period-days') {
      put('non-integer', segs, 2.5);
      put('unsafe integer', segs, 2 ** 53 + 2);
    }
    if (slot.kind === 'count' || slot.kind === 'count-or-map' || slot.kind === 'period-days') put('negative', segs, -1 - (segs.length % 3));
    if (slot.kind === 'id' || slot.kind === 'place-id') put('empty id', segs, '');
    if (slot.kind === 'place-ref') put('unknown place', segs, 'no-such-place');
    if (slot.kind === 'division-ref') put('unknown division', segs, 'no-such-division');
    if (slot.kind === 'counter-ref') put('unknown counter', segs, 'no-such-counter');
    if (slot.kind === 'day') put('unknown day', segs, NOT_A_DAY_OF_THE_WEEK);
    if (slot.kind === 'count-or-map' && typeof getAt(p, segs) === 'object') {
      put('map entry for an unknown day', [...segs, { key: NOT_A_DAY_OF_THE_WEEK }], 1);
    }
    if (slot.kind === 'object' && pathOf(segs).endsWith('pinned')) {
      put('pin on an unknown day', [...segs, { key: NOT_A_DAY_OF_THE_WEEK }], 'office');
    }
    if (slot.kind === 'object' && pathOf(segs).endsWith('done')) put('done for an unknown person', [...segs, { key: 'no-such-staff' }], 1);
  }

  for (const list of ['divisions', 'counters', 'staff', 'places', 'periods']) {
    const items: Raw[] = p[list] ?? [];
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
  const tooMany = p.weeks ? 42 : 7;
  out.push({
    name: `${tooMany + 1} days`,
    path: `days[${tooMany}]`,
    apply: (q) => {
      q.days = range(tooMany + 1).map((k) => shifted(WEEK[0], k));
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
    if (s.possible) appendCopy('duplicate possible day', 'possible', '.day');
    if (s.possible?.length > 0 && s.requests.length > 0)
      put('possible day requested', ['staff', i, 'possible', 0, 'day'], s.requests[0].day);
  });
  out.push(...extensionMutationsOf(p));
  return out;
}

/** The mutations that break the extension's rules between fields (none without its fields). */
function extensionMutationsOf(p: Raw): Mutation[] {
  const out: Mutation[] = [];
  const edit = (name: string, path: string, change: (q: Raw) => void): void => {
    out.push({
      name,
      path,
      apply: (q) => {
        change(q);
        return q;
      },
    });
  };
  if (p.weeks?.[0]?.length > 1) edit('a week reversed', 'weeks[0][0]', (q) => q.weeks[0].reverse());
  if (p.weeks?.length > 0)
    edit('the last day in no week', 'weeks', (q) => {
      const last: string[] = q.weeks[q.weeks.length - 1];
      last.pop();
      if (last.length === 0) q.weeks.pop(); // an empty week would be refused for being empty
    });
  (p.periods ?? []).forEach((period: Raw, i: number) => {
    edit('to before from', `periods[${i}].to`, (q) => (q.periods[i].to = '2000-01-01'));
    if (period.divisions?.length > 0)
      edit('a division twice', `periods[${i}].divisions[${period.divisions.length}]`, (q) =>
        q.periods[i].divisions.push(period.divisions[0]),
      );
  });
  const teleworker = p.staff.find((s: Raw) => s.canTelework);
  const week = (p.weeks ?? []).find((w: string[]) => w.length >= 3);
  if (teleworker && week) {
    // Two goals for everyone, inside one week, that cross.
    const n = (p.periods ?? []).length;
    edit('two goals that cross', `periods[${n + 1}]`, (q) => {
      q.periods = [
        ...(q.periods ?? []),
        { id: 'cross-a', from: week[0], to: week[1], minDays: 1 },
        { id: 'cross-b', from: week[1], to: week[2], minDays: 1 },
      ];
    });
  }
  pinMutations(p).forEach((m) => out.push(m));
  if (p.weeks?.length >= 2 && p.weeks[0].length >= 2 && teleworker) {
    const n = (p.periods ?? []).length;
    edit('a goal that cuts a week', `periods[${n}].from`, (q) => {
      q.periods = [...(q.periods ?? []), { id: 'cut', from: p.weeks[0][1], to: p.weeks[1][p.weeks[1].length - 1], minDays: 1 }];
    });
  }
  return out;
}

/** Pins that break a place's desks or a period's cap (the problems above keep both). */
function pinMutations(p: Raw): Mutation[] {
  const out: Mutation[] = [];
  const at = (i: number, day: string): string => `staff[${i}].pinned[${JSON.stringify(day)}]`;
  const free = (s: Raw, from = '0000-01-01', to = '9999-12-31'): string | undefined =>
    s.canTelework ? p.days.find((d: string) => d >= from && d <= to && !s.absent.includes(d)) : undefined;
  const i = p.staff.findIndex((s: Raw) => free(s) !== undefined);
  if (i >= 0 && p.places?.length > 0) {
    const day = free(p.staff[i]) as string;
    out.push({
      name: 'a pin at a place without desks',
      path: at(i, day),
      apply: (q) => {
        const s = q.staff[i];
        const place = q.places[0];
        s.pinned = { [day]: 'telework' };
        place.desks = 0;
        const request = s.requests.find((r: Raw) => r.day === day);
        if (request) request.place = place.id;
        else s.possible = [...(s.possible ?? []).filter((d: Raw) => d.day !== day), { day, place: place.id }];
        return q;
      },
    });
  }
  (p.periods ?? []).forEach((period: Raw, k: number) => {
    if (period.maxDays === undefined) return;
    const j = p.staff.findIndex(
      (s: Raw) => (!period.divisions || period.divisions.includes(s.division)) && free(s, period.from, period.to),
    );
    if (j < 0) return;
    const day = free(p.staff[j], period.from, period.to) as string;
    out.push({
      name: 'a pin beyond a cap',
      path: at(j, day),
      apply: (q) => {
        q.staff[j].pinned = { [day]: 'telework' };
        q.periods[k].done = { ...q.periods[k].done, [q.staff[j].id]: period.maxDays };
        return q;
      },
    });
  });
  return out;
}
