/**
 * The app's calendar: ISO weeks in Asia/Tokyo, the request deadline of a
 * week, and names of closed days. Dates cross the edges as ISO strings.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';
import { IsoDate } from '../domain/rotation';
import { isYearEndClosure, remembered, weekStart, ZONE } from '../domain/calendar';

export { ZONE };

/** The clock the app reads; tests pass their own. */
export type Clock = () => DateTime;
export const systemClock: Clock = () => DateTime.now().setZone(ZONE);

const WEEK = /^(\d{4})-W(\d{2})$/;

/** A valid ISO week string such as `2026-W48`, or null. */
export function parseWeek(text: unknown): string | null {
  if (typeof text !== 'string' || !WEEK.test(text)) return null;
  const monday = DateTime.fromISO(text, { zone: ZONE });
  return monday.isValid && monday.toFormat("kkkk-'W'WW") === text ? text : null;
}

/** Today's date in Tokyo: days before it are the past, which no re-solve changes. */
export function todayOf(clock: Clock): IsoDate {
  return clock().setZone(ZONE).toISODate()!;
}

export function weekOfInstant(t: DateTime): string {
  return t.setZone(ZONE).toFormat("kkkk-'W'WW");
}

const shifted = remembered((key: string) => {
  const [week, by] = key.split('|');
  return weekStart(week)
    .plus({ weeks: Number(by) })
    .toFormat("kkkk-'W'WW");
});

export function shiftWeek(week: string, by: number): string {
  return by === 0 ? week : shifted(`${week}|${by}`);
}

/** `2026-W48` → `2026年11月23日〜11月27日`. */
export const weekLabel: (week: string) => string = remembered((week: string) => {
  const monday = weekStart(week);
  const friday = monday.plus({ days: 4 });
  return `${monday.year}年${monday.month}月${monday.day}日〜${friday.month}月${friday.day}日（第${monday.weekNumber}週）`;
});

export interface DeadlinePolicy {
  readonly deadlineWeekday: number;
  readonly deadlineTime: string;
}

/** Requests for a week close at the policy's weekday and time of the week before. */
export function requestDeadline(week: string, policy: DeadlinePolicy): DateTime {
  return deadlineOf(`${week}|${policy.deadlineWeekday}|${policy.deadlineTime}`);
}

const deadlineOf = remembered((key: string) => {
  const [week, weekday, time] = key.split('|');
  const [hour, minute] = time.split(':').map(Number);
  return weekStart(week)
    .minus({ weeks: 1 })
    .plus({ days: Number(weekday) - 1 })
    .set({ hour, minute, second: 0, millisecond: 0 });
});

/** `11月19日(木) 12:00`. */
export function instantJa(t: DateTime): string {
  const z = t.setZone(ZONE);
  const wd = ['月', '火', '水', '木', '金', '土', '日'][z.weekday - 1];
  return `${z.month}月${z.day}日(${wd}) ${z.toFormat('HH:mm')}`;
}

/** 祝日 name, or 年末年始 for 12/29–1/3; undefined on an ordinary day. */
export function holidayName(day: IsoDate): string | undefined {
  const h = (holidayJp.holidays as Record<string, { name: string } | undefined>)[day];
  if (h) return h.name;
  return isYearEndClosure(day) ? '年末年始' : undefined;
}
