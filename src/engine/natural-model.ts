/**
 * The "natural model" of a rotation problem: the obvious mixed-integer program,
 * written once as plain arrays so that any MIP solver can be handed the same
 * model (HiGHS as the oracle, javascript-lp-solver as a baseline).
 *
 * Maximise
 *   Σ weight·t  +  Σ spreadBonus[g-1]·y[s,g]  −  penalty·Σ m
 * over
 *   t[s,d] ∈ {0,1}    telework, only where it is possible (requested or pinned);
 *                     a pinned telework day has t fixed to 1
 *   a[s,c,d] ∈ {0,1}  person s serves counter c on day d (only where min[c,d] > 0)
 *   m[c,d] ∈ ℤ≥0      people missing at counter c on day d (only where min > 0)
 *   y[s,g] ∈ [0,1]    person s reached g telework days; the LP fills them in order
 *                     while the steps spreadBonus[0..G_s-1] (0 past the list) are
 *                     non-increasing, otherwise (a negative last entry followed by
 *                     zeros) y is integral with y[s,g] ≤ y[s,g-1] rows
 * with one row per rule, each row tagged with the rule id it enforces.
 *
 * The extension for weeks, periods and places (docs/format-periods.md) adds:
 *   - the weekly maximum and the spread columns per person and week;
 *   - t[s,d] also on turn days, at the turn-day weight −(max(0, spreadBonus[0]) + 1);
 *   - licence and terminal rows over the days at home and at places with
 *     `licence: true` only, a desks row per place and day;
 *   - a cap row per period with maxDays and person in scope:
 *     Σ_{d in the period} t[s,d] ≤ max(0, maxDays − done);
 *   - per period with a goal and person in scope a column u[p,s] in
 *     [0, max(0, minDays − done)] at turnWeight, with u − Σ_{d in the period} t[s,d] ≤ 0,
 *     and turnWeight · min(minDays, done) in `objectiveOffset`.
 * A problem without the extension gets exactly the model it always had.
 *
 * Everything is stored in typed arrays (columns, CSR rows) so a 50,000-staff
 * week builds in well under a second. Rows and columns that cannot matter are
 * not generated: counter variables on days a counter needs nobody, a person-day
 * row holding a single variable, limit rows that can never bind. A counter-day
 * nobody is qualified for costs a constant, `objectiveOffset`.
 *
 * The problem is assumed valid (see the format); pins that cannot hold make the
 * model infeasible rather than being silently dropped.
 */
import { Problem, counterMin, desksOn, licencesOn, maxDaysOf, shortfallPenaltyOf, spreadBonusOf, terminalsOf } from '../domain/rotation';
import { AT_HOME, dayOrThrow, readExtension } from './natural-model-periods';

/** Column kinds, stored as small integers in `colKind`. */
export const ColumnKind = {
  /** t[s,d]: staff s teleworks on day d. */
  telework: 0,
  /** a[s,c,d]: staff s serves counter c on day d. */
  counter: 1,
  /** m[c,d]: people missing at counter c on day d. */
  shortfall: 2,
  /** y[s,g]: staff s was granted at least g telework days (in a week, with the extension's weeks). */
  spread: 3,
  /** u[p,s]: telework days of staff s counted toward the goal of period p, beyond the days done before. */
  goal: 4,
} as const;
export type ColumnKind = (typeof ColumnKind)[keyof typeof ColumnKind];

/** Row kinds, stored as small integers in `rowKind`; names are the rule ids. */
export const RowKind = {
  /** t[s,d] + Σ_c a[s,c,d] ≤ 1: one entry per person and day, at most one counter. */
  'one-entry-per-day': 0,
  /** Σ_d t[s,d] ≤ max days of s. */
  'max-telework-days': 1,
  /** Σ_s t[s,d] ≤ licences on d. */
  licences: 2,
  /** Σ_{s in division} t[s,d] ≤ terminals of the division. */
  terminals: 3,
  /** Σ_s a[s,c,d] + m[c,d] ≥ min[c,d]. */
  'counter-minimum': 4,
  /** Σ_g y[s,g] − Σ_d t[s,d] = 0: ties the spread bonus to the days granted. */
  'spread-bonus': 5,
  /** y[s,g] ≤ y[s,g-1]: only where the bonus is not concave (a negative last step). */
  'spread-order': 6,
  /** Σ_{s at the place} t[s,d] ≤ desks of the place on d. */
  desks: 7,
  /** Σ_{d in the period} t[s,d] ≤ max(0, maxDays − done). */
  'period-cap': 8,
  /** u[p,s] − Σ_{d in the period} t[s,d] ≤ 0: only days teleworked count toward a goal. */
  'period-goal': 9,
} as const;
export type RowKind = (typeof RowKind)[keyof typeof RowKind];
export const ROW_KIND_NAMES = Object.keys(RowKind) as (keyof typeof RowKind)[];

export interface NaturalModelCounts {
  readonly variables: number;
  readonly integers: number;
  readonly constraints: number;
  readonly nonzeros: number;
  /** Staff with no variable at all (no counter to staff, no telework possible). */
  readonly skippedStaff: number;
}

/**
 * A maximisation MIP: `rowLower ≤ A·x ≤ rowUpper`, `colLower ≤ x ≤ colUpper`,
 * objective `colCost·x + objectiveOffset`. `A` is stored by rows (CSR). Bounds
 * may be ±Infinity.
 */
export interface NaturalModel {
  readonly numCols: number;
  readonly numRows: number;
  readonly numNonzeros: number;
  readonly objectiveOffset: number;

  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 for an integer column. */
  readonly colInteger: Uint8Array;
  readonly colKind: Uint8Array;
  /** Staff index (telework, counter, spread columns), else -1. */
  readonly colStaff: Int32Array;
  /** Day index (telework, counter, shortfall columns), else -1. */
  readonly colDay: Int32Array;
  /** Counter index (counter, shortfall columns), else -1. */
  readonly colCounter: Int32Array;
  /** g of a spread column (1-based), else 0. */
  readonly colRank: Int32Array;
  /** Week index of a spread column when the problem states `weeks`, period index of a goal column, else -1. */
  readonly colRef: Int32Array;

  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** CSR: entries of row i are at rowStart[i] … rowStart[i+1]-1. */
  readonly rowStart: Int32Array;
  readonly rowIndex: Int32Array;
  readonly rowValue: Float64Array;
  readonly rowKind: Uint8Array;
  /** Staff index of per-person rows, else -1. */
  readonly rowStaff: Int32Array;
  /** Day index of per-day rows, else -1. */
  readonly rowDay: Int32Array;
  /**
   * Counter index (counter-minimum), division index (terminals), place index (desks), period index
   * (period-cap, period-goal), week index (max-telework-days and spread rows when the problem states
   * `weeks`), else -1.
   */
  readonly rowRef: Int32Array;

  readonly counts: NaturalModelCounts;
}

/** Builds the natural model of a (validated) problem. */
export function buildNaturalModel(problem: Problem): NaturalModel {
  const numDays = problem.days.length;
  const dayIndex = new Map(problem.days.map((day, i) => [day, i]));
  const counterIndex = new Map(problem.counters.map((c, i) => [c.id, i]));
  const divisionIndex = new Map(problem.divisions.map((d, i) => [d.id, i]));
  const need = counterNeeds(problem);
  const penalty = shortfallPenaltyOf(problem.policy);
  const bonus = spreadBonusOf(problem.policy);
  const ext = readExtension(problem, dayIndex);
  const places = problem.places ?? [];

  const cols = new ColumnBuilder();
  const rows = new RowBuilder();
  // Telework and counter columns, remembered for the organisation-wide rows.
  const tCols = new Grow(Int32Array);
  const tGroupDay = new Grow(Int32Array);
  const tGroupDivisionDay = new Grow(Int32Array);
  const tGroupPlaceDay = new Grow(Int32Array);
  const aCols = new Grow(Int32Array);
  const aGroupCounterDay = new Grow(Int32Array);

  // Per-person scratch, reused across staff.
  const absent = new Uint8Array(numDays);
  const pin = new Uint8Array(numDays); // 0 none, 1 office, 2 telework
  const weight = new Float64Array(numDays);
  const requested = new Uint8Array(numDays);
  const turn = new Uint8Array(numDays);
  const placeOf = new Int32Array(numDays);
  const tOfDay = new Int32Array(numDays);
  const dayEntries: number[] = [];
  const tOfPerson: number[] = [];
  const tDays: number[] = []; // the day of each of tOfPerson

  let skippedStaff = 0;
  let objectiveOffset = 0;
  problem.staff.forEach((staff, s) => {
    absent.fill(0);
    pin.fill(0);
    weight.fill(0);
    requested.fill(0);
    tOfDay.fill(-1);
    for (const day of staff.absent) absent[dayOrThrow(dayIndex, day)] = 1;
    for (const request of staff.requests) {
      const d = dayOrThrow(dayIndex, request.day);
      requested[d] = 1;
      weight[d] = request.weight;
    }
    for (const [day, mode] of Object.entries(staff.pinned ?? {})) {
      pin[dayOrThrow(dayIndex, day)] = mode === 'office' ? 1 : 2;
    }
    ext.turnDaysOf(staff, turn);
    ext.placesOf(staff, placeOf);
    const maxDays = maxDaysOf(problem, staff);
    const division = divisionIndex.get(staff.division) ?? -1;
    const qualified = [...new Set(staff.counters)].map((id) => counterIndex.get(id) ?? -1).filter((c) => c >= 0);
    const firstCol = cols.length;

    tOfPerson.length = 0;
    tDays.length = 0;
    for (let d = 0; d < numDays; d++) {
      const open = requested[d] === 1 || turn[d] === 1;
      const possible = staff.canTelework && !absent[d] && pin[d] !== 1 && (pin[d] === 2 || (open && maxDays > 0));
      if (!possible) continue;
      // A day neither requested nor pinned is a turn day.
      const cost = requested[d] === 1 || pin[d] === 2 ? weight[d] : ext.turnDayWeight;
      const j = cols.add(ColumnKind.telework, pin[d] === 2 ? 1 : 0, 1, cost, true, s, d, -1, 0);
      tOfDay[d] = j;
      tOfPerson.push(j);
      tDays.push(d);
      tCols.push(j);
      // Licences and terminals count the days at home and at places with `licence: true`; desks every place.
      const place = placeOf[d];
      const licensed = place === AT_HOME || ext.placeLicence[place] === 1;
      tGroupDay.push(licensed ? d : -1);
      tGroupDivisionDay.push(division < 0 || !licensed ? -1 : division * numDays + d);
      tGroupPlaceDay.push(place === AT_HOME ? -1 : place * numDays + d);
    }

    for (let d = 0; d < numDays; d++) {
      if (absent[d] || pin[d] === 2) continue;
      dayEntries.length = 0;
      if (tOfDay[d] >= 0) dayEntries.push(tOfDay[d]);
      for (const c of qualified) {
        if (need[c * numDays + d] <= 0) continue;
        const j = cols.add(ColumnKind.counter, 0, 1, 0, true, s, d, c, 0);
        dayEntries.push(j);
        aCols.push(j);
        aGroupCounterDay.push(c * numDays + d);
      }
      if (dayEntries.length > 1) rows.addUnit(RowKind['one-entry-per-day'], -Infinity, 1, dayEntries, s, d, -1);
    }

    for (let w = 0; w < ext.numWeeks; w++) {
      const week = ext.numWeeks === 1 ? tOfPerson : tOfPerson.filter((_, k) => ext.weekOf[tDays[k]] === w);
      addWeek(cols, rows, week, maxDays, bonus, s, ext.hasWeeks ? w : -1);
    }

    ext.periods.forEach((period, p) => {
      if (!period.inScope(staff)) return;
      const members = tOfPerson.filter((_, k) => period.days[tDays[k]] === 1);
      const done = period.doneOf(staff);
      if (period.cap !== undefined) {
        const cap = Math.max(0, period.cap - done);
        if (members.length > cap) rows.addUnit(RowKind['period-cap'], -Infinity, cap, members, s, -1, p);
      }
      if (period.goal <= 0) return;
      objectiveOffset += period.turnWeight * Math.min(period.goal, done);
      const room = Math.max(0, period.goal - done);
      if (room === 0 || members.length === 0 || period.turnWeight === 0) return;
      const u = cols.add(ColumnKind.goal, 0, room, period.turnWeight, false, s, -1, -1, 0, p);
      rows.begin();
      rows.entry(u, 1);
      for (const j of members) rows.entry(j, -1);
      rows.end(RowKind['period-goal'], -Infinity, 0, s, -1, p);
    });

    if (cols.length === firstCol) skippedStaff++;
  });

  // Organisation-wide rows. A limit row is only written when it can bind.
  const t = tCols.view();
  forEachGroup(t, tGroupDay.view(), numDays, (d, members) => {
    const limit = licencesOn(problem.policy, problem.days[d]);
    if (members.length > limit) rows.addUnit(RowKind.licences, -Infinity, limit, members, -1, d, -1);
  });
  forEachGroup(t, tGroupDivisionDay.view(), problem.divisions.length * numDays, (key, members) => {
    const division = Math.floor(key / numDays);
    const limit = terminalsOf(problem.divisions[division]);
    if (members.length > limit) rows.addUnit(RowKind.terminals, -Infinity, limit, members, -1, key % numDays, division);
  });
  forEachGroup(t, tGroupPlaceDay.view(), places.length * numDays, (key, members) => {
    const place = Math.floor(key / numDays);
    const limit = desksOn(places[place], problem.days[key % numDays]);
    if (members.length > limit) rows.addUnit(RowKind.desks, -Infinity, limit, members, -1, key % numDays, place);
  });

  const byCounterDay = groups(aCols.view(), aGroupCounterDay.view(), problem.counters.length * numDays);
  for (let key = 0; key < need.length; key++) {
    const min = need[key];
    if (min <= 0) continue;
    const c = Math.floor(key / numDays);
    const d = key % numDays;
    const members = byCounterDay.members(key);
    if (members.length === 0) {
      objectiveOffset -= penalty * min; // nobody can ever staff it
      continue;
    }
    const m = cols.add(ColumnKind.shortfall, 0, min, -penalty, true, -1, d, c, 0);
    rows.begin();
    for (let k = 0; k < members.length; k++) rows.entry(members[k], 1);
    rows.entry(m, 1);
    rows.end(RowKind['counter-minimum'], min, Infinity, -1, d, c);
  }

  return assemble(cols, rows, objectiveOffset, skippedStaff);
}

/**
 * A person's weekly maximum and spread bonus over `tOfWeek`, their telework columns of one week (of the
 * whole problem without `weeks`); `week` is the week's index when the problem states weeks, else -1.
 */
function addWeek(
  cols: ColumnBuilder,
  rows: RowBuilder,
  tOfWeek: readonly number[],
  maxDays: number,
  bonus: readonly number[],
  s: number,
  week: number,
): void {
  if (tOfWeek.length > maxDays) {
    rows.addUnit(RowKind['max-telework-days'], -Infinity, maxDays, tOfWeek, s, -1, week);
  }

  const ranks = Math.min(maxDays, tOfWeek.length);
  const steps = Array.from({ length: ranks }, (_, g) => bonus[g] ?? 0);
  if (!steps.some((b) => b !== 0)) return;
  // Entries past the list count 0, so a list ending below zero is not concave: then the
  // LP would take a 0 step before the negative one, and y must be integral and in order.
  const concave = steps.every((b, g) => g === 0 || b <= steps[g - 1]);
  const firstY = cols.length;
  for (let g = 1; g <= ranks; g++) cols.add(ColumnKind.spread, 0, 1, steps[g - 1], !concave, s, -1, -1, g, week);
  rows.begin();
  for (let g = 0; g < ranks; g++) rows.entry(firstY + g, 1);
  for (const j of tOfWeek) rows.entry(j, -1);
  rows.end(RowKind['spread-bonus'], 0, 0, s, -1, week);
  if (!concave) {
    for (let g = 1; g < ranks; g++) {
      rows.begin();
      rows.entry(firstY + g, 1);
      rows.entry(firstY + g - 1, -1);
      rows.end(RowKind['spread-order'], -Infinity, 0, s, -1, week);
    }
  }
}

/** Raw counts of a model (what the benchmark prints). */
export function naturalModelCounts(model: NaturalModel): NaturalModelCounts {
  return model.counts;
}

/** Short solver-safe column name: kind letter + index (`t12`, `a345`, `m7`, `y9`, `u4`). */
export function solverColumnName(model: NaturalModel, j: number): string {
  return 'tamyu'[model.colKind[j]] + j;
}

/** Short solver-safe row name. */
export function solverRowName(i: number): string {
  return 'r' + i;
}

/** Readable column name, for debugging and explanations (`t[s0001,2026-11-23]`, `y[s0001,week2,1]`). */
export function columnName(problem: Problem, model: NaturalModel, j: number): string {
  const staff = problem.staff[model.colStaff[j]]?.id;
  const day = problem.days[model.colDay[j]];
  const counter = problem.counters[model.colCounter[j]]?.id;
  const ref = model.colRef[j];
  switch (model.colKind[j]) {
    case ColumnKind.telework:
      return `t[${staff},${day}]`;
    case ColumnKind.counter:
      return `a[${staff},${counter},${day}]`;
    case ColumnKind.shortfall:
      return `m[${counter},${day}]`;
    case ColumnKind.goal:
      return `u[${problem.periods?.[ref]?.id},${staff}]`;
    default:
      return ref >= 0 ? `y[${staff},week${ref + 1},${model.colRank[j]}]` : `y[${staff},${model.colRank[j]}]`;
  }
}

/** Readable row name: the rule id and what it is about (`licences[2026-11-23]`, `period-cap[trial,s0001]`). */
export function rowName(problem: Problem, model: NaturalModel, i: number): string {
  const kind = model.rowKind[i] as RowKind;
  const ref = model.rowRef[i];
  const keys: string[] = [];
  if (kind === RowKind['period-cap'] || kind === RowKind['period-goal']) keys.push(problem.periods![ref].id);
  if (model.rowStaff[i] >= 0) keys.push(problem.staff[model.rowStaff[i]].id);
  if (kind === RowKind['counter-minimum']) keys.push(problem.counters[ref].id);
  if (kind === RowKind.terminals) keys.push(problem.divisions[ref].id);
  if (kind === RowKind.desks) keys.push(problem.places![ref].id);
  if (ref >= 0 && WEEK_ROWS.has(kind)) keys.push(`week${ref + 1}`);
  if (model.rowDay[i] >= 0) keys.push(problem.days[model.rowDay[i]]);
  return `${ROW_KIND_NAMES[kind]}[${keys.join(',')}]`;
}

/** Rows per person and week: their `rowRef` is the week when the problem states `weeks`. */
const WEEK_ROWS = new Set<RowKind>([RowKind['max-telework-days'], RowKind['spread-bonus'], RowKind['spread-order']]);

/** min[c,d] for every counter and day, at index c·days + d. */
export function counterNeeds(problem: Problem): Int32Array {
  const numDays = problem.days.length;
  const need = new Int32Array(problem.counters.length * numDays);
  problem.counters.forEach((counter, c) => {
    problem.days.forEach((day, d) => {
      need[c * numDays + d] = counterMin(counter, day);
    });
  });
  return need;
}

// ---------------------------------------------------------------------------
// Compact builders

type NumberArray = Float64Array | Int32Array | Uint8Array;
type NumberArrayClass<T extends NumberArray> = new (length: number) => T;

/** A typed array that doubles when full. */
class Grow<T extends NumberArray> {
  private data: T;
  length = 0;
  constructor(
    private readonly make: NumberArrayClass<T>,
    capacity = 1024,
  ) {
    this.data = new make(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /** The filled part, sharing storage (valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
  /** A right-sized copy. */
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

class ColumnBuilder {
  readonly cost = new Grow(Float64Array);
  readonly lower = new Grow(Float64Array);
  readonly upper = new Grow(Float64Array);
  readonly integer = new Grow(Uint8Array);
  readonly kind = new Grow(Uint8Array);
  readonly staff = new Grow(Int32Array);
  readonly day = new Grow(Int32Array);
  readonly counter = new Grow(Int32Array);
  readonly rank = new Grow(Int32Array);
  readonly ref = new Grow(Int32Array);
  get length(): number {
    return this.cost.length;
  }
  add(
    kind: ColumnKind,
    lower: number,
    upper: number,
    cost: number,
    integer: boolean,
    staff: number,
    day: number,
    counter: number,
    rank: number,
    ref = -1,
  ): number {
    const j = this.cost.length;
    this.kind.push(kind);
    this.lower.push(lower);
    this.upper.push(upper);
    this.cost.push(cost);
    this.integer.push(integer ? 1 : 0);
    this.staff.push(staff);
    this.day.push(day);
    this.counter.push(counter);
    this.rank.push(rank);
    this.ref.push(ref);
    return j;
  }
}

/** Rows are appended whole, so CSR is built directly. */
class RowBuilder {
  readonly start = new Grow(Int32Array);
  readonly index = new Grow(Int32Array);
  readonly value = new Grow(Float64Array);
  readonly lower = new Grow(Float64Array);
  readonly upper = new Grow(Float64Array);
  readonly kind = new Grow(Uint8Array);
  readonly staff = new Grow(Int32Array);
  readonly day = new Grow(Int32Array);
  readonly ref = new Grow(Int32Array);
  get length(): number {
    return this.kind.length;
  }
  begin(): void {
    this.start.push(this.index.length);
  }
  entry(col: number, value: number): void {
    this.index.push(col);
    this.value.push(value);
  }
  end(kind: RowKind, lower: number, upper: number, staff: number, day: number, ref: number): void {
    this.kind.push(kind);
    this.lower.push(lower);
    this.upper.push(upper);
    this.staff.push(staff);
    this.day.push(day);
    this.ref.push(ref);
  }
  /** A row whose coefficients are all 1. */
  addUnit(kind: RowKind, lower: number, upper: number, members: ArrayLike<number>, staff: number, day: number, ref: number): void {
    this.begin();
    for (let k = 0; k < members.length; k++) this.entry(members[k], 1);
    this.end(kind, lower, upper, staff, day, ref);
  }
}

/** Buckets `items` by `keys` (0 ≤ key < numKeys; negative keys are dropped), by counting sort. */
function groups(items: Int32Array, keys: Int32Array, numKeys: number) {
  const start = new Int32Array(numKeys + 1);
  for (let k = 0; k < keys.length; k++) if (keys[k] >= 0) start[keys[k] + 1]++;
  for (let g = 0; g < numKeys; g++) start[g + 1] += start[g];
  const fill = start.slice(0, numKeys);
  const sorted = new Int32Array(start[numKeys]);
  for (let k = 0; k < keys.length; k++) if (keys[k] >= 0) sorted[fill[keys[k]]++] = items[k];
  return { members: (key: number): Int32Array => sorted.subarray(start[key], start[key + 1]) };
}

function forEachGroup(items: Int32Array, keys: Int32Array, numKeys: number, visit: (key: number, members: Int32Array) => void): void {
  const grouped = groups(items, keys, numKeys);
  for (let key = 0; key < numKeys; key++) {
    const members = grouped.members(key);
    if (members.length > 0) visit(key, members);
  }
}

function assemble(cols: ColumnBuilder, rows: RowBuilder, objectiveOffset: number, skippedStaff: number): NaturalModel {
  rows.start.push(rows.index.length);
  const colInteger = cols.integer.done();
  let integers = 0;
  for (let j = 0; j < colInteger.length; j++) integers += colInteger[j];
  const numCols = cols.length;
  const numRows = rows.length;
  const numNonzeros = rows.index.length;
  return {
    numCols,
    numRows,
    numNonzeros,
    objectiveOffset,
    colCost: cols.cost.done(),
    colLower: cols.lower.done(),
    colUpper: cols.upper.done(),
    colInteger,
    colKind: cols.kind.done(),
    colStaff: cols.staff.done(),
    colDay: cols.day.done(),
    colCounter: cols.counter.done(),
    colRank: cols.rank.done(),
    colRef: cols.ref.done(),
    rowLower: rows.lower.done(),
    rowUpper: rows.upper.done(),
    rowStart: rows.start.done(),
    rowIndex: rows.index.done(),
    rowValue: rows.value.done(),
    rowKind: rows.kind.done(),
    rowStaff: rows.staff.done(),
    rowDay: rows.day.done(),
    rowRef: rows.ref.done(),
    counts: { variables: numCols, integers, constraints: numRows, nonzeros: numNonzeros, skippedStaff },
  };
}
