/**
 * The natural model's reading of the extension for weeks, periods and places
 * (docs/format-periods.md): the week of each day, where each telework day is
 * spent, turn days, and each period's days, scope and `done`. The model
 * (natural-model.ts) and the roster it gives (natural-model-roster.ts) read
 * the extension through this one file. A problem without the extension reads
 * as one week, every day at home and no period, so its model is the one it
 * always was.
 */
import { DEFAULT_TURN_WEIGHT, HOME, IsoDate, Period, Problem, Staff, TurnDays, turnDayWeightOf, weeksOf } from '../domain/rotation';

/** A period as the natural model reads it. */
export interface ModelPeriod {
  readonly period: Period;
  /** 1 on the problem's days from `from` to `to`. */
  readonly days: Uint8Array;
  /** minDays; 0 without a goal. */
  readonly goal: number;
  /** maxDays; undefined without a cap. */
  readonly cap: number | undefined;
  readonly turnDays: TurnDays;
  readonly turnWeight: number;
  /** Whether the period applies to the person: of a listed division (any without the list), able to telework. */
  inScope(staff: Staff): boolean;
  /** Days the person already worked in the period outside this problem. */
  doneOf(staff: Staff): number;
}

export interface ModelExtension {
  /** Week of each day (an index into `weeks`; all 0 without them). */
  readonly weekOf: Int32Array;
  readonly numWeeks: number;
  /** True when the problem states its weeks (the model then names them). */
  readonly hasWeeks: boolean;
  readonly periods: readonly ModelPeriod[];
  /** True when a period has a goal: the roster then carries `turnsShort`. */
  readonly hasGoals: boolean;
  /** 1 for a place whose days take a licence and a terminal, as days at home do. */
  readonly placeLicence: Uint8Array;
  /** What a telework day on a turn day weighs when it is neither requested nor pinned. */
  readonly turnDayWeight: number;
  /** Fills `out` (one entry a day) with the place index of each of the person's days; −1 at home. */
  placesOf(staff: Staff, out: Int32Array): void;
  /** Fills `out` (one entry a day) with 1 on the person's turn days, else 0. */
  turnDaysOf(staff: Staff, out: Uint8Array): void;
}

/** The place index of a day at home. */
export const AT_HOME = -1;

export function readExtension(problem: Problem, dayIndex: ReadonlyMap<IsoDate, number>): ModelExtension {
  const numDays = problem.days.length;
  const weeks = weeksOf(problem);
  const weekOf = new Int32Array(numDays);
  weeks.forEach((week, w) => {
    for (const day of week) weekOf[dayOrThrow(dayIndex, day)] = w;
  });
  const places = problem.places ?? [];
  const placeIndex = new Map(places.map((place, i) => [place.id, i]));
  const periods = (problem.periods ?? []).map((period) => modelPeriod(problem, period));

  const at = (place: string | undefined): number => (place === undefined || place === HOME ? AT_HOME : placeOf(placeIndex, place));
  return {
    weekOf,
    numWeeks: weeks.length,
    hasWeeks: problem.weeks !== undefined,
    periods,
    hasGoals: periods.some((p) => p.goal > 0),
    placeLicence: Uint8Array.from(places, (place) => (place.licence ? 1 : 0)),
    turnDayWeight: turnDayWeightOf(problem.policy),
    placesOf(staff, out) {
      out.fill(AT_HOME);
      if (places.length === 0) return;
      for (const entry of staff.possible ?? []) out[dayOrThrow(dayIndex, entry.day)] = at(entry.place);
      for (const request of staff.requests) out[dayOrThrow(dayIndex, request.day)] = at(request.place); // a request's place wins
    },
    turnDaysOf(staff, out) {
      out.fill(0);
      for (const p of periods) {
        if (p.goal === 0 || p.turnDays === 'requested' || !p.inScope(staff)) continue;
        if (p.turnDays === 'possible') {
          for (const entry of staff.possible ?? []) {
            const d = dayOrThrow(dayIndex, entry.day);
            if (p.days[d]) out[d] = 1;
          }
          continue;
        }
        const absent = new Set(staff.absent);
        problem.days.forEach((day, d) => {
          if (p.days[d] && !absent.has(day) && staff.pinned?.[day] !== 'office') out[d] = 1;
        });
      }
    },
  };
}

function modelPeriod(problem: Problem, period: Period): ModelPeriod {
  const divisions = period.divisions ? new Set(period.divisions) : undefined;
  const done = new Map(Object.entries(period.done ?? {}));
  return {
    period,
    days: Uint8Array.from(problem.days, (day) => (day >= period.from && day <= period.to ? 1 : 0)),
    goal: period.minDays ?? 0,
    cap: period.maxDays,
    turnDays: period.turnDays ?? 'possible',
    turnWeight: period.turnWeight ?? DEFAULT_TURN_WEIGHT,
    inScope: (staff) => staff.canTelework && (divisions === undefined || divisions.has(staff.division)),
    doneOf: (staff) => done.get(staff.id) ?? 0,
  };
}

export function dayOrThrow(dayIndex: ReadonlyMap<IsoDate, number>, day: IsoDate): number {
  const d = dayIndex.get(day);
  if (d === undefined) throw new Error(`${day} is not one of days`);
  return d;
}

function placeOf(placeIndex: ReadonlyMap<string, number>, id: string): number {
  const p = placeIndex.get(id);
  if (p === undefined) throw new Error(`${id} is not one of places`);
  return p;
}
