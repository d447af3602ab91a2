/**
 * Small random problems with the format's extension (docs/format-periods.md),
 * for tests: 2–3 weeks, 1–3 divisions, 4–15 staff, counters with some
 * cross-division qualifications, terminals, licences, 0–2 places with desks
 * (one of two with `licence: true`), requests and possible days at places,
 * 1–3 periods (goals over whole weeks or inside one week, caps that may cut
 * weeks, days already done) and pins that keep the problem valid.
 *
 * Deterministic: the same seed and shape always give the same problem. Built
 * as plain objects (no validator involved), valid by construction: goals do
 * not cut weeks and goal periods are nested or disjoint; pinned telework fits
 * every weekly maximum, licence, terminal, desk and cap.
 */
import { weekdaysOf } from '../../src/domain/calendar';
import {
  HOME,
  IsoDate,
  PROBLEM_FORMAT,
  Period,
  Place,
  Problem,
  Staff,
  TurnDays,
  desksOn,
  licencesOn,
  maxDaysOf,
  terminalsOf,
} from '../../src/domain/rotation';
import { Rng } from '../../src/generators';

export interface ExtensionShape {
  /** Entries of `weeks` (2–3 by default). */
  readonly weeks: number;
  /** Days in each week, the first of Monday … Friday (2–5 by default, drawn per week). */
  readonly daysPerWeek?: number;
  /** 1–3 by default. */
  readonly divisions: number;
  /** 4–15 by default. */
  readonly staff: number;
  /** Places: 0–2 by default. */
  readonly places: number;
  /** Periods: 1–3 by default. */
  readonly periods: number;
}

/** A random problem of the extension; `shape` fixes any of its sizes. */
export function extensionProblem(seed: number, shape: Partial<ExtensionShape> = {}): Problem {
  const rng = Rng.derive(seed, 'extension-problem');
  const size: ExtensionShape = {
    weeks: shape.weeks ?? rng.int(2, 3),
    daysPerWeek: shape.daysPerWeek,
    divisions: shape.divisions ?? rng.int(1, 3),
    staff: shape.staff ?? rng.int(4, 15),
    places: shape.places ?? rng.int(0, 2),
    periods: shape.periods ?? rng.int(1, 3),
  };
  const weeks = Array.from({ length: size.weeks }, (_, w) => weekdaysOf(`2026-W${49 + w}`).slice(0, size.daysPerWeek ?? rng.int(2, 5)));
  const days = weeks.flat();

  const divisions = Array.from({ length: size.divisions }, (_, v) => ({
    id: `d${v}`,
    name: `課${v}`,
    ...(rng.chance(0.4) ? { terminals: rng.int(0, 3) } : {}),
  }));
  const counters = divisions.flatMap((division, v) =>
    Array.from({ length: rng.int(1, 2) }, (_, k) => ({
      id: `c${v}-${k}`,
      division: division.id,
      name: `窓口${v}-${k}`,
      min: rng.chance(0.5) ? rng.int(0, 2) : Object.fromEntries(days.filter(() => rng.chance(0.6)).map((day) => [day, rng.int(0, 2)])),
    })),
  );
  const places = makePlaces(rng, size.places, days);
  const wherever = (): { place?: string } => {
    if (places.length === 0 || rng.chance(0.5)) return {};
    return { place: rng.chance(0.2) ? HOME : rng.pick(places).id };
  };

  const staff = Array.from({ length: size.staff }, (_, i): Staff => {
    const division = rng.pick(divisions).id;
    const own = counters.filter((c) => c.division === division && rng.chance(0.6)).map((c) => c.id);
    const other = counters.filter((c) => c.division !== division);
    if (other.length > 0 && rng.chance(0.15)) own.push(rng.pick(other).id);
    const absent = days.filter(() => rng.chance(0.08));
    const requested = days.filter(() => rng.chance(0.4));
    return {
      id: `s${i}`,
      division,
      name: `職員${i}`,
      canTelework: rng.chance(0.85),
      ...(rng.chance(0.15) ? { maxTeleworkDays: rng.int(0, 3) } : {}),
      counters: own,
      requests: requested.map((day) => ({ day, weight: rng.int(0, 60), ...wherever() })),
      absent,
      possible: days.filter((day) => !requested.includes(day) && rng.chance(0.25)).map((day) => ({ day, ...wherever() })),
    };
  });

  const policy = {
    maxTeleworkDays: rng.int(1, 3),
    ...(rng.chance(0.6)
      ? {
          licencesPerDay: rng.chance(0.5)
            ? rng.int(1, 4)
            : Object.fromEntries(days.filter(() => rng.chance(0.7)).map((day) => [day, rng.int(0, 4)])),
        }
      : {}),
    spreadBonus: Array.from({ length: rng.int(0, 3) }, () => rng.int(-10, 30)).sort((a, b) => b - a),
    ...(rng.chance(0.5) ? { shortfallPenalty: rng.int(5, 60) } : {}),
  };
  const problem: Problem = {
    format: PROBLEM_FORMAT,
    name: `extension-${seed}`,
    days,
    weeks,
    policy,
    ...(places.length > 0 ? { places } : {}),
    periods: makePeriods(rng, size.periods, weeks, divisions, staff),
    divisions,
    counters,
    staff,
  };
  return { ...problem, staff: addPins(rng, problem) };
}

/** A problem small enough for exhaustive search: 2 weeks of 2 days, at most 3 staff (at most 12 person-days). */
export function tinyExtensionProblem(seed: number): Problem {
  const rng = Rng.derive(seed, 'tiny-extension-problem');
  return extensionProblem(seed, { weeks: 2, daysPerWeek: 2, staff: rng.int(1, 3), divisions: rng.int(1, 2) });
}

function makePlaces(rng: Rng, count: number, days: readonly IsoDate[]): Place[] {
  const desks = () =>
    rng.chance(0.5) ? rng.int(0, 2) : Object.fromEntries(days.filter(() => rng.chance(0.7)).map((day) => [day, rng.int(0, 2)]));
  const places: Place[] = [];
  if (count >= 1)
    places.push({ id: 'kita', name: '北支所サテライト', desks: desks(), ...(count === 1 && rng.chance(0.5) ? { licence: true } : {}) });
  if (count >= 2) places.push({ id: 'cowork', name: '駅前コワーキング', desks: desks(), licence: true });
  return places;
}

/**
 * Periods: a goal over whole weeks (it may reach before and after the problem), a goal inside one week, or a
 * cap over any run of days (it may cut weeks); a goal sometimes has a cap too. The first period has a goal; a
 * later goal that would overlap an earlier one without nesting becomes a cap.
 */
function makePeriods(
  rng: Rng,
  count: number,
  weeks: readonly (readonly IsoDate[])[],
  divisions: readonly { id: string }[],
  staff: readonly Staff[],
): Period[] {
  const days = weeks.flat();
  const goals: [number, number][] = []; // first and last day index of each goal
  const periods: Period[] = [];
  for (let k = 0; k < count; k++) {
    const kind = rng.pick(k === 0 ? (['weeks', 'week'] as const) : (['weeks', 'week', 'cap'] as const)); // the first has a goal
    let first: number;
    let last: number;
    if (kind === 'weeks') {
      const w0 = rng.int(0, weeks.length - 1);
      const w1 = rng.int(w0, weeks.length - 1);
      first = days.indexOf(weeks[w0][0]);
      last = days.indexOf(weeks[w1][weeks[w1].length - 1]);
    } else if (kind === 'week') {
      const week = rng.pick(weeks);
      first = days.indexOf(rng.pick(week));
      last = rng.int(first, days.indexOf(week[week.length - 1]));
    } else {
      first = rng.int(0, days.length - 1);
      last = rng.int(first, days.length - 1);
    }
    const goal = kind !== 'cap' && goals.every(([a, b]) => last < a || b < first || (a <= first && last <= b) || (first <= a && b <= last));
    if (goal) goals.push([first, last]);
    const reach = kind === 'weeks' || kind === 'cap';
    const from = reach && first === 0 && rng.chance(0.3) ? shift(days[0], -14) : days[first];
    const to = reach && last === days.length - 1 && rng.chance(0.3) ? shift(days[last], 20) : days[last];
    const scope = rng.chance(0.5) ? {} : { divisions: rng.sample(divisions, rng.int(1, divisions.length)).map((d) => d.id) };
    const done = Object.fromEntries(staff.filter(() => rng.chance(0.3)).map((s) => [s.id, rng.int(0, 3)]));
    periods.push({
      id: `p${k}`,
      ...(rng.chance(0.5) ? { name: `期間${k}` } : {}),
      from,
      to,
      ...scope,
      ...(goal ? { minDays: rng.int(1, 3) } : {}),
      ...(!goal || rng.chance(0.3) ? { maxDays: rng.int(0, 4) } : {}),
      ...(goal && rng.chance(0.8) ? { turnDays: rng.pick<TurnDays>(['requested', 'possible', 'any']) } : {}),
      ...(goal && rng.chance(0.5) ? { turnWeight: rng.int(0, 2000) } : {}),
      ...(Object.keys(done).length > 0 ? { done } : {}),
    });
  }
  return periods;
}

/** Pins to the office (not on absent days) and to telework where every limit still holds for the pins alone. */
function addPins(rng: Rng, problem: Problem): Staff[] {
  const pinned = problem.staff.map((): Record<IsoDate, 'office' | 'telework'> => ({}));
  const telework: { s: number; day: IsoDate }[] = [];
  problem.staff.forEach((st, s) => {
    for (const day of problem.days) {
      if (st.absent.includes(day) || !rng.chance(0.12)) continue;
      if (!st.canTelework || rng.chance(0.6)) {
        pinned[s][day] = 'office';
        continue;
      }
      telework.push({ s, day });
      if (pinsFit(problem, telework)) pinned[s][day] = 'telework';
      else telework.pop();
    }
  });
  return problem.staff.map((st, s) => (Object.keys(pinned[s]).length > 0 ? { ...st, pinned: pinned[s] } : st));
}

/** Whether telework on these person-days alone keeps every limit of the problem. */
function pinsFit(problem: Problem, pins: readonly { s: number; day: IsoDate }[]): boolean {
  const count = new Map<string, number>();
  const over = (key: string, limit: number) => {
    const n = (count.get(key) ?? 0) + 1;
    count.set(key, n);
    return n > limit;
  };
  for (const { s, day } of pins) {
    const st = problem.staff[s];
    const place = placeOfDay(st, day);
    const week = (problem.weeks ?? [problem.days]).findIndex((w) => w.includes(day));
    const division = problem.divisions.find((d) => d.id === st.division)!;
    const licensed = place === undefined || place.licence === true;
    if (over(`max ${s} ${week}`, maxDaysOf(problem, st))) return false;
    if (licensed && over(`licences ${day}`, licencesOn(problem.policy, day))) return false;
    if (licensed && over(`terminals ${division.id} ${day}`, terminalsOf(division))) return false;
    if (place && over(`desks ${place.id} ${day}`, desksOn(place, day))) return false;
    for (const period of problem.periods ?? []) {
      const inScope = !period.divisions || period.divisions.includes(st.division);
      if (period.maxDays === undefined || !inScope || day < period.from || day > period.to) continue;
      if (over(`cap ${period.id} ${s}`, Math.max(0, period.maxDays - (period.done?.[st.id] ?? 0)))) return false;
    }
  }
  return true;

  function placeOfDay(st: Staff, day: IsoDate): Place | undefined {
    const request = st.requests.find((r) => r.day === day);
    const id = request ? request.place : st.possible?.find((p) => p.day === day)?.place;
    return problem.places?.find((p) => p.id === id);
  }
}

/** The ISO date `days` after `day`. */
function shift(day: IsoDate, days: number): IsoDate {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
