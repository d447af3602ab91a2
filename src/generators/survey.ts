import type { IsoDate, TeleworkRequest } from '../domain/rotation';
import { weekdayOf } from '../domain/calendar';
import type { StaffDraft } from './draft';
import type { Rng } from './random';

/**
 * The request model: who asks, how many days, which weekdays, and the weight
 * the app would derive from rank, caregiving and past denials. Figures from
 * the surveys quoted in town-data.md ("Telework demand").
 */
export const SURVEY = {
  /** Share of staff able to telework who ask in a given week. */
  askShare: 0.6,
  /** Days wanted per week: 1 … 5 days (Tokyo survey of companies, 2024). */
  daysWanted: [34.7, 27.2, 10.5, 9.0, 18.5],
  /** Preferred weekdays, Mon … Fri (2022 survey); Tue and Thu split the remaining 9.2%. */
  weekdayPreference: [33.9, 4.6, 18.0, 4.6, 38.9],
  /** Weight of the 1st, 2nd, 3rd ranked request; later ranks get `laterRankWeight`. */
  rankWeights: [30, 20, 10],
  laterRankWeight: 5,
  /** Added to every request of a caregiver (childcare or care duties). */
  caregivingPriority: 15,
  /** Share of requesters carrying over past denials, and the most it adds. */
  carryOverShare: 0.15,
  carryOverMax: 10,
  /** Share of person-days on leave. */
  absenceShare: 0.03,
  /** Share of staff with caregiving duties, and their weekly maximum. */
  caregiverShare: 0.08,
  caregiverMaxDays: 4,
} as const;

/** Leave comes in blocks: lengths 1, 2, 3, 5 days with these chances. */
const LEAVE_BLOCKS: readonly { readonly days: number; readonly p: number }[] = [
  { days: 1, p: 0.6 },
  { days: 2, p: 0.25 },
  { days: 3, p: 0.1 },
  { days: 5, p: 0.05 },
];

/** The week as the request model sees it: days and how much each is preferred. */
export interface WeekModel {
  readonly days: readonly IsoDate[];
  readonly preference: readonly number[];
}

export function weekModel(days: readonly IsoDate[]): WeekModel {
  return { days, preference: days.map((d) => SURVEY.weekdayPreference[weekdayOf(d) - 1] ?? 0) };
}

/** Leave days of one person: `share` (~3%) of person-days, in blocks. */
export function drawAbsences(rng: Rng, week: WeekModel, share: number = SURVEY.absenceShare): IsoDate[] {
  const n = week.days.length;
  if (n === 0) return [];
  const meanBlock = LEAVE_BLOCKS.reduce((a, b) => a + Math.min(b.days, n) * b.p, 0);
  if (!rng.chance((share * n) / meanBlock)) return [];
  const len = Math.min(n, LEAVE_BLOCKS[rng.weighted(LEAVE_BLOCKS.map((b) => b.p))].days);
  const start = rng.int(0, n - len);
  return week.days.slice(start, start + len);
}

/**
 * The requests of one person: ~60% ask; days wanted from the survey; days
 * chosen by weekday preference among the days they are not on leave, the
 * first drawn ranked first.
 */
export function drawRequests(rng: Rng, person: StaffDraft, week: WeekModel, caregiver: boolean): TeleworkRequest[] {
  if (!person.canTelework || !rng.chance(SURVEY.askShare)) return [];
  const open = week.days.map((_, i) => i).filter((i) => !person.absent.includes(week.days[i]));
  if (open.length === 0) return [];
  const wanted = rng.weighted(SURVEY.daysWanted) + 1;
  const ranked = rng.weightedOrder(
    open.map((i) => week.preference[i]),
    Math.min(wanted, open.length),
  );
  const carry = rng.chance(SURVEY.carryOverShare) ? rng.int(0, SURVEY.carryOverMax) : 0;
  const bonus = (caregiver ? SURVEY.caregivingPriority : 0) + carry;
  return ranked.map((k, rank) => ({
    day: week.days[open[k]],
    weight: (SURVEY.rankWeights[rank] ?? SURVEY.laterRankWeight) + bonus,
  }));
}

/** Absences then requests for everyone, in staff order. */
export function drawWeek(rng: Rng, staff: readonly StaffDraft[], week: WeekModel, caregivers: ReadonlySet<string>): void {
  for (const person of staff) {
    person.absent = drawAbsences(rng, week);
    person.requests = drawRequests(rng, person, week, caregivers.has(person.id));
  }
}

/** ~8% of staff who can telework care for children or relatives: weekly maximum 4. */
export function chooseCaregivers(rng: Rng, staff: readonly StaffDraft[]): Set<string> {
  const able = staff.filter((s) => s.canTelework);
  const count = Math.min(able.length, Math.round(staff.length * SURVEY.caregiverShare));
  const chosen = new Set(rng.sample(able, count).map((s) => s.id));
  for (const s of staff) if (chosen.has(s.id)) s.maxTeleworkDays = SURVEY.caregiverMaxDays;
  return chosen;
}
