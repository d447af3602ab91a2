/**
 * Who asks for telework, which days, and who is on leave, week by week.
 *
 * Every draw comes from a stream of its own person (and week), derived from
 * the study's seed: the same seed gives the same demand, and every scenario of
 * a study sees exactly the same requests and absences (common random
 * numbers), so differences between scenarios come from the policy alone.
 * Draws never depend on a scenario: someone who cannot telework in one
 * scenario still has wishes, they are just not asked for.
 */
import type { IsoDate } from '../../domain/rotation';
import type { DemandModel } from '../../domain/scenario';
import { drawAbsences } from '../../generators/survey';
import { weekdayOf, weekdaysOf } from '../../domain/calendar';
import { Rng } from '../../generators/random';
import type { SimStaff } from './organisation';

/** One stored week of requests: per staff id, the weekdays asked for (1 = Monday), first rank first. */
export type ReplayWeek = Readonly<Record<string, readonly number[]>>;

/** The demand model with its replayed weeks read (from problem files or the app's requests). */
export interface ResolvedDemand extends Omit<DemandModel, 'replay'> {
  readonly replayWeeks?: readonly ReplayWeek[];
}

/** What one person wants over the whole period. */
export interface Profile {
  readonly wantsTelework: boolean;
  readonly daysWanted: number;
  readonly caregiver: boolean;
  /** Uniform in [0, 1): the person would take a trial's turn when this is below the scenario's acceptShare. */
  readonly turnPropensity: number;
}

export interface PersonWeek {
  readonly absent: readonly IsoDate[];
  /** Requested days, first rank first. */
  readonly requests: readonly IsoDate[];
  /** 1–2 other open days the person would telework on to take a trial's turn (used only by a trial scenario). */
  readonly possible: readonly IsoDate[];
}

export function drawProfiles(seed: number, demand: ResolvedDemand, staff: readonly SimStaff[]): Profile[] {
  return staff.map((s) => {
    const rng = Rng.stream(seed, `profile:${s.id}`);
    const wantsTelework = rng.chance(demand.requesterShare);
    const daysWanted = rng.weighted(demand.daysWanted) + 1;
    const caregiver = demand.caregiverShare === undefined ? s.caregiver : rng.chance(demand.caregiverShare);
    // From a stream of its own, so that the draws above stay what they always were.
    const turnPropensity = Rng.stream(seed, `turn:${s.id}`).float();
    return { wantsTelework, daysWanted, caregiver, turnPropensity };
  });
}

/**
 * The week of everyone: leave is drawn on Monday … Friday and kept on open
 * days (so a holiday does not shift anyone's draws), then requests among the
 * open days the person is not on leave.
 */
export function drawWeekDemand(
  seed: number,
  demand: ResolvedDemand,
  week: string,
  weekIndex: number,
  openDays: readonly IsoDate[],
  staff: readonly SimStaff[],
  profiles: readonly Profile[],
): PersonWeek[] {
  const weekdays = weekdaysOf(week);
  const open = new Set(openDays);
  const model = { days: weekdays, preference: weekdays.map((d) => demand.weekdayPreference[weekdayOf(d) - 1] ?? 0) };
  const replay = demand.replayWeeks?.length ? demand.replayWeeks[weekIndex % demand.replayWeeks.length] : undefined;
  return staff.map((s, i) => {
    const rng = Rng.stream(seed, `week:${week}:${s.id}`);
    const absent = drawAbsences(rng, model, demand.absenceRate).filter((d) => open.has(d));
    const free = (d: IsoDate) => open.has(d) && !absent.includes(d);
    if (replay) {
      const asked = (replay[s.id] ?? []).map((wd) => weekdays[wd - 1]).filter((d) => d !== undefined && free(d));
      return { absent, requests: asked, possible: possibleDays(seed, week, s.id, model, free, asked) };
    }
    const profile = profiles[i];
    if (!rng.chance(demand.weeklyAskRate) || !profile.wantsTelework)
      return { absent, requests: [], possible: possibleDays(seed, week, s.id, model, free, []) };
    const candidates = weekdays.map((_, k) => k).filter((k) => free(weekdays[k]));
    const order = rng.weightedOrder(
      candidates.map((k) => model.preference[k]),
      Math.min(profile.daysWanted, candidates.length),
    );
    const requests = order.map((k) => weekdays[candidates[k]]);
    return { absent, requests, possible: possibleDays(seed, week, s.id, model, free, requests) };
  });
}

/** 1–2 open days not requested, by the weekday preference, from a stream of their own (the other draws stay as they were). */
function possibleDays(
  seed: number,
  week: string,
  id: string,
  model: { days: readonly IsoDate[]; preference: readonly number[] },
  free: (d: IsoDate) => boolean,
  requests: readonly IsoDate[],
): IsoDate[] {
  const rng = Rng.stream(seed, `possible:${week}:${id}`);
  const candidates = model.days.map((_, k) => k).filter((k) => free(model.days[k]) && !requests.includes(model.days[k]));
  if (candidates.length === 0) return [];
  const order = rng.weightedOrder(
    candidates.map((k) => model.preference[k] + 1),
    Math.min(rng.int(1, 2), candidates.length),
  );
  return order.map((k) => model.days[candidates[k]]).sort();
}

/** A problem file's requests as a week to replay: each person's days, heaviest request first. */
export function replayWeekOf(problem: {
  readonly staff: readonly { readonly id: string; readonly requests: readonly { readonly day: IsoDate; readonly weight: number }[] }[];
}): ReplayWeek {
  const out: Record<string, number[]> = {};
  for (const s of problem.staff) {
    if (s.requests.length === 0) continue;
    out[s.id] = [...s.requests].sort((a, b) => b.weight - a.weight || a.day.localeCompare(b.day)).map((r) => weekdayOf(r.day));
  }
  return out;
}
