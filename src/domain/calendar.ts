import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';
import type { IsoDate } from './rotation';

/**
 * The office calendar: which days of an ISO week (Asia/Tokyo) the town hall
 * is open. Offices close on weekends, national holidays (including 振替休日
 * and 国民の休日, from @holiday-jp/holiday_jp) and over the New Year
 * (12/29–1/3); each municipality adds its own closure days by ordinance.
 */
export const ZONE = 'Asia/Tokyo';

export interface Closures {
  /** Close 12/29–1/3 (年末年始). Default true. */
  readonly yearEnd?: boolean;
  /** Further closure days set by ordinance. */
  readonly extra?: readonly IsoDate[];
}

/** A list of dates is shorthand for `{ extra: dates }`. */
export type ClosureInput = Closures | readonly IsoDate[];

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/**
 * Dates without a time of day (`2026-11-23`) are civil dates: they are read in
 * UTC, which gives the same date and weekday as in Tokyo without the Intl
 * time-zone lookup that Asia/Tokyo costs on every parse (a season's
 * simulation reads hundreds of thousands of dates). Instants — the clock, a
 * request deadline — stay in ZONE.
 */
const CIVIL = { zone: 'utc' } as const;

function civilDate(day: IsoDate): DateTime {
  return DateTime.fromISO(day, CIVIL);
}

/**
 * A pure function of a short string, remembered: week and date arithmetic in
 * luxon costs microseconds each (more in Asia/Tokyo), and every page of the
 * app asks the same few weeks again. Bounded, so a long simulation cannot
 * grow it without limit. Only for immutable results (strings, luxon DateTimes).
 */
export function remembered<K, V>(fn: (key: K) => V, size = 4_000): (key: K) => V {
  const seen = new Map<K, V>();
  return (key: K) => {
    let value = seen.get(key);
    if (value === undefined) {
      value = fn(key);
      if (seen.size >= size) seen.clear();
      seen.set(key, value);
    }
    return value;
  };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a civil date, without luxon. */
function weekdayOfCivil(day: IsoDate): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function monday(week: string, zone: typeof CIVIL | { zone: string }): DateTime {
  if (!WEEK_PATTERN.test(week)) throw new Error(`not an ISO week (YYYY-Www): ${week}`);
  const start = DateTime.fromISO(week, zone);
  if (!start.isValid) throw new Error(`no such ISO week: ${week}`);
  return start;
}

/** Monday 00:00 in Tokyo of an ISO week such as `2026-W48`. Throws on a malformed or out-of-range week. */
export const weekStart: (week: string) => DateTime = remembered((week: string) => monday(week, { zone: ZONE }));

/** Monday to Friday of an ISO week, as ISO dates. */
export function weekdaysOf(week: string): IsoDate[] {
  let days = weeks.get(week);
  if (days === undefined) {
    const start = monday(week, CIVIL);
    days = [0, 1, 2, 3, 4].map((i) => start.plus({ days: i }).toISODate() as IsoDate);
    if (weeks.size >= 2_000) weeks.clear();
    weeks.set(week, days);
  }
  return [...days];
}

/** Weeks already worked out (a simulation asks for each week's days once per scenario and person-week draw). */
const weeks = new Map<string, readonly IsoDate[]>();

/** The ISO week (`2026-W48`) a date belongs to. */
export const weekOf: (day: IsoDate) => string = remembered((day: IsoDate) => civilDate(day).toFormat("kkkk-'W'WW"));

/** A national holiday per @holiday-jp/holiday_jp (looked up by `YYYY-MM-DD` string). */
export function isNationalHoliday(day: IsoDate): boolean {
  return Object.prototype.hasOwnProperty.call(holidayJp.holidays, day);
}

export function isYearEndClosure(day: IsoDate): boolean {
  const md = day.slice(5);
  return md >= '12-29' || md <= '01-03';
}

function normalise(closures: ClosureInput | undefined): Required<Closures> {
  if (closures === undefined) return { yearEnd: true, extra: [] };
  if (Array.isArray(closures)) return { yearEnd: true, extra: closures as readonly IsoDate[] };
  const c = closures as Closures;
  return { yearEnd: c.yearEnd ?? true, extra: c.extra ?? [] };
}

/** Whether the office is open on a day. */
export function isOpenDay(day: IsoDate, closures?: ClosureInput): boolean {
  const c = normalise(closures);
  if (weekdayOfCivil(day) > 5) return false;
  if (isNationalHoliday(day)) return false;
  if (c.yearEnd && isYearEndClosure(day)) return false;
  return !c.extra.includes(day);
}

/** The open days of an ISO week, ascending. */
export function workingDays(week: string, closures?: ClosureInput): IsoDate[] {
  return weekdaysOf(week).filter((d) => isOpenDay(d, closures));
}

/**
 * An open day whose previous weekday was closed (a holiday or closure, not
 * just a weekend): the queue of the closed days arrives then.
 */
export function isFirstOpenDayAfterHoliday(day: IsoDate, closures?: ClosureInput): boolean {
  let d = civilDate(day).minus({ days: 1 });
  for (let i = 0; i < 14; i++, d = d.minus({ days: 1 })) {
    const iso = d.toISODate() as IsoDate;
    if (isOpenDay(iso, closures)) return false;
    if (d.weekday <= 5) return true;
  }
  return true;
}

/** First or last open day of its month (month start and end are busier). */
export function isMonthEdge(day: IsoDate, closures?: ClosureInput): boolean {
  const date = civilDate(day);
  const first = nextOpen(date.startOf('month'), 1, closures);
  const last = nextOpen(date.endOf('month').startOf('day'), -1, closures);
  return day === first || day === last;
}

function nextOpen(from: DateTime, step: 1 | -1, closures?: ClosureInput): IsoDate {
  let d = from;
  for (let i = 0; i < 31; i++, d = d.plus({ days: step })) {
    const iso = d.toISODate() as IsoDate;
    if (isOpenDay(iso, closures)) return iso;
  }
  return from.toISODate() as IsoDate;
}

/** Weekday 1 (Monday) … 7 (Sunday). */
export function weekdayOf(day: IsoDate): number {
  let weekday = weekdays.get(day);
  if (weekday === undefined) {
    weekday = civilDate(day).weekday;
    if (weekdays.size >= 10_000) weekdays.clear();
    weekdays.set(day, weekday);
  }
  return weekday;
}

/** Weekdays already worked out: a week's problem asks for the same few dates once per counter. */
const weekdays = new Map<string, number>();
