/**
 * The rotation interchange format, version 1 (`shared/formats/rotation-v1.md`).
 *
 * These are the parsed, validated shapes. Everything that crosses the engine's
 * boundary (CLI files, the web app, HR simulations) uses them. Readers must
 * ignore fields they do not know, so the types only name the fields of the
 * contract plus the optional extensions this project writes.
 */

/** ISO date `YYYY-MM-DD`, in the Asia/Tokyo calendar. */
export type IsoDate = string;

export const PROBLEM_FORMAT = 'rotation-problem/1';
export const ROSTER_FORMAT = 'rotation-roster/1';
export const DEFAULT_SHORTFALL_PENALTY = 100000;

/**
 * The bounds of the format as this project reads it (README, docs/format.md).
 * They keep the engine exact: with at most 100,000 staff and 7 days there are
 * at most 700,000 person-days, so request weights and spread bonuses add up to
 * at most 1.4·10^12, the missing staff to at most 10,000 counters × 7 days ×
 * 10,000 = 7·10^8 and the penalty term to 7·10^14 — every objective, and every
 * sum the engine forms on the way (network costs, potentials, Lagrangian
 * prices), stays far inside 2^53 ≈ 9·10^15; every count fits an Int32Array.
 */
export const LIMITS = {
  /** Entries of `staff`. */
  staff: 100_000,
  /** Entries of `divisions`, and of `counters`. */
  divisions: 10_000,
  counters: 10_000,
  /** Characters of an id (divisions, counters, staff). */
  idLength: 64,
  /** maxTeleworkDays, terminals and counter minimums: 0 … 10,000. */
  count: 10_000,
  /** licencesPerDay: 0 … 100,000 (as many as the largest staff; the web app's policy form allows that much). */
  licences: 100_000,
  /** Request weights and shortfallPenalty: 0 … 1,000,000; spreadBonus entries: −1,000,000 … 1,000,000. */
  weight: 1_000_000,
  /** Entries of `spreadBonus` (a week has at most 7 days, so later entries could never count). */
  spreadBonusEntries: 7,
  /** Extension (docs/format-periods.md): entries of `weeks` (each at most 7 days, so `days` at most 42). */
  weeks: 6,
  /** Entries of `places`; desks per place-day 0 … 10,000 (`count`). */
  places: 1_000,
  /**
   * Entries of `periods`; minDays, maxDays and `done` values 0 … 366; turnWeight 0 … 1,000,000. A person's turn
   * bonus is at most 20 × 366 × 10^6 ≈ 7.3·10^9, 7.3·10^14 for 100,000 staff: still inside 2^53.
   */
  periods: 20,
  periodDays: 366,
} as const;

export interface Policy {
  /** Most telework days a staff member may get in this week (integer ≥ 0). */
  readonly maxTeleworkDays: number;
  /** Most staff teleworking on one day across the organisation; a number for every day,
   *  or per day (a day not named is unlimited); absent = unlimited. */
  readonly licencesPerDay?: number | Readonly<Record<IsoDate, number>>;
  /** Non-increasing; the g-th granted day of a person adds `spreadBonus[g-1]`. Default []. */
  readonly spreadBonus?: readonly number[];
  /** Charged per missing person per counter per day. Default 100000. */
  readonly shortfallPenalty?: number;
}

export interface Division {
  readonly id: string;
  readonly name: string;
  /** Most staff of this division teleworking on one day; absent = unlimited. */
  readonly terminals?: number;
}

export interface Counter {
  readonly id: string;
  readonly division: string;
  readonly name: string;
  /** Staff required at this counter: every day, or per day (a day not named needs 0). */
  readonly min: number | Readonly<Record<IsoDate, number>>;
}

export interface TeleworkRequest {
  readonly day: IsoDate;
  readonly weight: number;
  /** Extension (docs/format-periods.md): where; a place id, absent or `"home"` = at home. */
  readonly place?: string;
}

/** Extension: a day the person would telework to take a turn in a period, without asking for it. */
export interface PossibleDay {
  readonly day: IsoDate;
  /** A place id; absent or `"home"` = at home. */
  readonly place?: string;
}

/** The id that means "at home" wherever a place is named. */
export const HOME = 'home';

/** Extension: a satellite office or branch office with desks for telework. */
export interface Place {
  readonly id: string;
  readonly name: string;
  /** Desks for telework: every day, or per day (a day not named has none). */
  readonly desks: number | Readonly<Record<IsoDate, number>>;
  /** True when a day there needs a remote-access licence and a terminal, as at home. Default false (internal network). */
  readonly licence?: boolean;
}

export type TurnDays = 'requested' | 'possible' | 'any';

/** Extension: a period over some days (two weeks of trial, a month) with a goal and a cap per person. */
export interface Period {
  readonly id: string;
  readonly name?: string;
  /** First and last date of the period (inclusive); its days in this problem are the `days` between. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Divisions whose staff the period applies to; absent = every division. */
  readonly divisions?: readonly string[];
  /** Goal: each person in scope who can telework teleworks at least this many days in the period. */
  readonly minDays?: number;
  /** Cap: telework days in the period per person, `done` included. */
  readonly maxDays?: number;
  /** Where the engine may give turns besides requests and pins. Default `"possible"`. */
  readonly turnDays?: TurnDays;
  /** Gain per day counted toward the goal (up to minDays a person). Default 1000. */
  readonly turnWeight?: number;
  /** Staff id → telework days already worked in the period outside this problem's days. */
  readonly done?: Readonly<Record<string, number>>;
}

export type PinnedMode = 'office' | 'telework';

export interface Staff {
  readonly id: string;
  readonly division: string;
  readonly name: string;
  readonly canTelework: boolean;
  readonly maxTeleworkDays?: number;
  readonly counters: readonly string[];
  readonly requests: readonly TeleworkRequest[];
  readonly absent: readonly IsoDate[];
  readonly pinned?: Readonly<Record<IsoDate, PinnedMode>>;
  /** Extension: days this person would telework for a period's turn (not requested). */
  readonly possible?: readonly PossibleDay[];
}

export interface Problem {
  readonly format: typeof PROBLEM_FORMAT;
  readonly name: string;
  readonly days: readonly IsoDate[];
  readonly policy: Policy;
  readonly divisions: readonly Division[];
  readonly counters: readonly Counter[];
  readonly staff: readonly Staff[];
  /** Extension: how `days` fall into weeks (the weekly maximum and spread bonus count per week); absent = one week. */
  readonly weeks?: readonly (readonly IsoDate[])[];
  /** Extension: satellite offices and branch offices. */
  readonly places?: readonly Place[];
  /** Extension: periods with goals and caps per person. */
  readonly periods?: readonly Period[];
}

export type Mode = 'office' | 'telework' | 'absent';

export interface Assignment {
  readonly staff: string;
  readonly day: IsoDate;
  readonly mode: Mode;
  /** Only on `office` entries: the counter this person serves that day. */
  readonly counter?: string;
  /** Extension: on `telework` entries away from home, the place id. */
  readonly place?: string;
}

/** Extension of the roster: a person in a period's scope who did not reach its goal. */
export interface TurnShort {
  readonly period: string;
  readonly staff: string;
  /** Telework days in the period, `done` included. */
  readonly days: number;
  readonly minDays: number;
}

export interface Shortfall {
  readonly counter: string;
  readonly day: IsoDate;
  readonly missing: number;
}

export type RosterStatus = 'optimal' | 'feasible';

export interface Roster {
  readonly format: typeof ROSTER_FORMAT;
  readonly problem: string;
  readonly status: RosterStatus;
  readonly objective: number;
  readonly assignments: readonly Assignment[];
  readonly shortfalls: readonly Shortfall[];
  /** Extension: everyone in a period's scope below its goal (present when the problem has goals). */
  readonly turnsShort?: readonly TurnShort[];
  /** Project extension (optional, ignored by other readers): how the roster was found. */
  readonly stats?: SolveStats;
}

/** Project extension of the roster: figures about the solve. */
export interface SolveStats {
  readonly engine: string;
  readonly millis: number;
  readonly requested: number;
  readonly granted: number;
  /** Upper bound proven on the objective (equals `objective` when optimal). */
  readonly bound: number;
  readonly [key: string]: unknown;
}

/** The weekly maximum that applies to one person. */
export function maxDaysOf(problem: Problem, staff: Staff): number {
  return staff.maxTeleworkDays ?? problem.policy.maxTeleworkDays;
}

/** Required staff at a counter on a day. */
export function counterMin(counter: Counter, day: IsoDate): number {
  return typeof counter.min === 'number' ? counter.min : (counter.min[day] ?? 0);
}

/** Licences available on a day; `Infinity` when unlimited. */
export function licencesOn(policy: Policy, day: IsoDate): number {
  const l = policy.licencesPerDay;
  if (l === undefined) return Infinity;
  if (typeof l === 'number') return l;
  return l[day] ?? Infinity;
}

/** Default gain per day counted toward a period's goal. */
export const DEFAULT_TURN_WEIGHT = 1000;

/** The weeks of a problem: `weeks`, or all of `days` as one week. */
export function weeksOf(problem: Problem): readonly (readonly IsoDate[])[] {
  return problem.weeks ?? [problem.days];
}

/** Desks of a place on a day. */
export function desksOn(place: Place, day: IsoDate): number {
  return typeof place.desks === 'number' ? place.desks : (place.desks[day] ?? 0);
}

/**
 * What a telework day given on an unrequested turn day weighs: −(spreadBonus[0] if positive, else 0) − 1,
 * so that it never pays for itself and is given only to bring someone toward a period's goal.
 */
export function turnDayWeightOf(policy: Policy): number {
  const first = spreadBonusOf(policy)[0] ?? 0;
  return -(Math.max(0, first) + 1);
}

export function terminalsOf(division: Division): number {
  return division.terminals ?? Infinity;
}

export function shortfallPenaltyOf(policy: Policy): number {
  return policy.shortfallPenalty ?? DEFAULT_SHORTFALL_PENALTY;
}

export function spreadBonusOf(policy: Policy): readonly number[] {
  return policy.spreadBonus ?? [];
}
