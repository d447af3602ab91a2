/**
 * The monthly tally (月次集計) and the telework allowance (在宅勤務等手当), with
 * no I/O: the HR page, its CSV and the season simulation all count with these.
 *
 * The national rule (人事院規則9-151, from April 2024) pays a monthly amount
 * to staff "ordered to telework more than 10 days a month on average" over a
 * period of at least 6 months (「1か月当たり平均10日を超えて」). Here:
 *
 * - the days that count (`ordered`) are the days the published roster granted
 *   as telework AND that were actually teleworked (worked-as-ordered): a day
 *   ordered but then worked at the office or taken as leave does not count,
 *   and neither does a day teleworked without being ordered (recorded only
 *   as an actual day);
 * - the average is over the `periodMonths` months ending with the month shown,
 *   a month with nothing published counting 0 days (so no one qualifies before
 *   the rule's period has been tallied);
 * - "more than" is strict: an average of exactly 10.0 does not qualify. The
 *   comparison is made on whole days (sum > threshold × months), so no
 *   rounding of the average decides it.
 */
import { DateTime } from 'luxon';
import { ZONE } from './calendar';
import type { IsoDate } from './rotation';

export interface AllowanceRule {
  /** The average must be MORE than this many days a month. */
  readonly thresholdDays: number;
  /** Over this many months, ending with the month tallied. */
  readonly periodMonths: number;
  /** Paid per qualifying month, in yen. */
  readonly amountYen: number;
}

/** The national rule: more than 10 days a month on average over 6 months, 3,000 yen a month. */
export const NATIONAL_ALLOWANCE_RULE: AllowanceRule = { thresholdDays: 10, periodMonths: 6, amountYen: 3000 };

/** What HR may set: [min, max] of each field. */
export const ALLOWANCE_LIMITS: Readonly<Record<keyof AllowanceRule, readonly [number, number]>> = {
  thresholdDays: [0, 23],
  periodMonths: [1, 24],
  amountYen: [0, 100_000],
};

/** `2026-11`. */
export type IsoMonth = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month of an ISO `YYYY-MM` text, or null (years 2000–2099). */
export function parseMonth(text: unknown): IsoMonth | null {
  if (typeof text !== 'string') return null;
  const match = MONTH.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  return year >= 2000 && year <= 2099 ? text : null;
}

export function monthStart(month: IsoMonth): DateTime {
  return DateTime.fromISO(`${month}-01`, { zone: ZONE });
}

/** The month a day falls in (a week spanning two months counts each day in its own). */
export function monthOf(day: IsoDate): IsoMonth {
  return day.slice(0, 7);
}

/** The `n` months ending with `month`, oldest first. */
export function monthsEnding(month: IsoMonth, n: number): IsoMonth[] {
  const last = monthStart(month);
  return Array.from({ length: n }, (_, i) => last.minus({ months: n - 1 - i }).toFormat('yyyy-MM'));
}

/** Every calendar day of the month. */
export function daysOfMonth(month: IsoMonth): IsoDate[] {
  const first = monthStart(month);
  return Array.from({ length: first.daysInMonth! }, (_, i) => first.plus({ days: i }).toISODate()!);
}

/** The ISO weeks with at least one day in the month (5 or 6), in order. */
export function weeksOfMonth(month: IsoMonth): string[] {
  return [...new Set(daysOfMonth(month).map((d) => DateTime.fromISO(d, { zone: ZONE }).toFormat("kkkk-'W'WW")))];
}

export function monthLabel(month: IsoMonth): string {
  const start = monthStart(month);
  return `${start.year}年${start.month}月`;
}

export type DayMode = 'office' | 'telework' | 'absent';

/** One person's working day: what the latest published version said, and what happened. */
export interface PersonDay {
  readonly granted: DayMode;
  /** The recorded actual day, else the published mode (no record = as published). */
  readonly worked: DayMode;
  /** Telework granted at a place (サテライトオフィス, 支所), not at home: not 在宅勤務 for the allowance. */
  readonly atPlace?: boolean;
}

export interface MonthCounts {
  /** Telework days in the published roster (許可). */
  readonly granted: number;
  /** Days actually teleworked (実績). */
  readonly worked: number;
  /** Days granted and teleworked at home: the days the allowance (在宅勤務等手当) counts. */
  readonly ordered: number;
  /** Days actually at the office. */
  readonly office: number;
  /** Days on leave. */
  readonly absent: number;
}

export const NO_DAYS: MonthCounts = { granted: 0, worked: 0, ordered: 0, office: 0, absent: 0 };

export function countDays(days: Iterable<PersonDay>): MonthCounts {
  let granted = 0;
  let worked = 0;
  let ordered = 0;
  let office = 0;
  let absent = 0;
  for (const d of days) {
    if (d.granted === 'telework') granted++;
    if (d.worked === 'telework') worked++;
    if (d.granted === 'telework' && d.worked === 'telework' && !d.atPlace) ordered++;
    if (d.worked === 'office') office++;
    if (d.worked === 'absent') absent++;
  }
  return { granted, worked, ordered, office, absent };
}

export function addCounts(a: MonthCounts, b: MonthCounts): MonthCounts {
  return {
    granted: a.granted + b.granted,
    worked: a.worked + b.worked,
    ordered: a.ordered + b.ordered,
    office: a.office + b.office,
    absent: a.absent + b.absent,
  };
}

export interface AllowanceOutcome {
  /** Counted days over the period, divided by its months (not rounded). */
  readonly average: number;
  readonly qualifies: boolean;
  /** The rule's amount when the person qualifies, else 0. */
  readonly amountYen: number;
}

/**
 * Whether a person qualifies for the month ending the period. `orderedByMonth`
 * holds the counted days of each month of the period, oldest first; a missing
 * month counts 0.
 */
export function allowanceFor(rule: AllowanceRule, orderedByMonth: readonly number[]): AllowanceOutcome {
  const months = rule.periodMonths;
  const total = orderedByMonth.slice(-months).reduce((s, n) => s + n, 0);
  const qualifies = total > rule.thresholdDays * months;
  return { average: total / months, qualifies, amountYen: qualifies ? rule.amountYen : 0 };
}

/** The allowance cost of a month: qualifying people × amount. */
export function allowanceCost(
  rule: AllowanceRule,
  outcomes: readonly AllowanceOutcome[],
): { readonly qualifying: number; readonly costYen: number } {
  const qualifying = outcomes.filter((o) => o.qualifies).length;
  return { qualifying, costYen: qualifying * rule.amountYen };
}

/**
 * An average written for people: two decimals, cut down (10.166… → 10.16), so
 * a qualifying 10.004 never shows as a rounded-up figure; 「対象」 says the rest.
 */
export function averageText(average: number): string {
  return (Math.floor(average * 100 + 1e-9) / 100).toFixed(2);
}
