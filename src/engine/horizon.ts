/**
 * Several weeks as one network (docs/format-periods.md).
 *
 * A problem with `weeks` is planned as one problem whose "staff" are person-weeks: each person
 * appears once per week, present only on that week's days (absent on the others), with that
 * week's requests, pins and possible days. Each person-week then has its own weekly maximum and
 * spread bonus, exactly as the engine treats a person in one week, and every day's counters,
 * licences and terminals see each person once. Periods tie a person's weeks together (prepare.ts
 * reads them through `horizon`), and the roster is folded back to one entry per person and day.
 *
 * A problem without `weeks` (or with one week) is planned as it is: nothing here runs for it.
 */
import { Assignment, HOME, IsoDate, Problem, Roster, Staff, TurnShort, weeksOf } from '../domain/rotation';

/** How a person-week problem maps back to its problem. */
export interface Horizon {
  readonly original: Problem;
  /** Per person-week: index of the person in `original.staff`. */
  readonly personOf: Int32Array;
  /** Per person-week: its week. */
  readonly weekOf: Int32Array;
}

/** A problem as the engine plans it; `horizon` only when it was expanded into person-weeks. */
export type EngineProblem = Problem & { readonly horizon?: Horizon };

/** True when the problem uses any field of the extension. */
export function isExtended(problem: Problem): boolean {
  return (
    (problem.weeks !== undefined && problem.weeks.length > 1) ||
    (problem.periods?.length ?? 0) > 0 ||
    (problem.places?.length ?? 0) > 0 ||
    problem.staff.some((s) => s.possible !== undefined || s.requests.some((r) => r.place !== undefined && r.place !== HOME))
  );
}

/** Separator of person-week ids (internal only; a person-week id never leaves the engine). */
const SEP = '\u0000#';

/** The problem as the engine plans it: person-weeks when there are several weeks, else itself. */
export function expand(problem: Problem): EngineProblem {
  const weeks = weeksOf(problem);
  if (weeks.length <= 1) return problem;
  const weekOfDay = new Map<IsoDate, number>();
  weeks.forEach((days, w) => days.forEach((d) => weekOfDay.set(d, w)));
  const ns = problem.staff.length;
  const personOf = new Int32Array(ns * weeks.length);
  const weekOf = new Int32Array(ns * weeks.length);
  const staff: Staff[] = [];
  problem.staff.forEach((s, i) => {
    const absent = new Set(s.absent);
    weeks.forEach((_, w) => {
      const inWeek = (day: IsoDate) => weekOfDay.get(day) === w;
      const pinned = s.pinned ? Object.fromEntries(Object.entries(s.pinned).filter(([day]) => inWeek(day))) : undefined;
      personOf[staff.length] = i;
      weekOf[staff.length] = w;
      staff.push({
        ...s,
        id: `${s.id}${SEP}${w}`,
        requests: s.requests.filter((r) => inWeek(r.day)),
        absent: problem.days.filter((d) => !inWeek(d) || absent.has(d)),
        pinned,
        possible: s.possible?.filter((p) => inWeek(p.day)),
      });
    });
  });
  return { ...problem, staff, horizon: { original: problem, personOf, weekOf } };
}

/** The roster of the expanded problem as a roster of the problem: one entry per person and day, places and goals filled in. */
export function collapse(problem: Problem, planned: EngineProblem, roster: Roster): Roster {
  let assignments: readonly Assignment[] = roster.assignments;
  const horizon = planned.horizon;
  if (horizon) {
    const nd = problem.days.length;
    const weekOfDay = new Int32Array(nd);
    weeksOf(problem).forEach((days, w) => days.forEach((d) => (weekOfDay[problem.days.indexOf(d)] = w)));
    const weeks = weeksOf(problem).length;
    const out = new Array<Assignment>(problem.staff.length * nd);
    problem.staff.forEach((s, i) => {
      for (let d = 0; d < nd; d++) {
        const flat = roster.assignments[(i * weeks + weekOfDay[d]) * nd + d];
        out[i * nd + d] = { ...flat, staff: s.id };
      }
    });
    assignments = out;
  }
  assignments = withPlaces(problem, assignments);
  const turnsShort = turnsShortOf(problem, assignments);
  return { ...roster, problem: problem.name, assignments, ...(turnsShort ? { turnsShort } : {}) };
}

/** The place of each person-day: the request's, else the possible day's, else home. */
export function placeOfDay(staff: Staff, day: IsoDate): string {
  return staff.requests.find((r) => r.day === day)?.place ?? staff.possible?.find((p) => p.day === day)?.place ?? HOME;
}

function withPlaces(problem: Problem, assignments: readonly Assignment[]): readonly Assignment[] {
  if (!problem.places?.length) return assignments;
  const staffOf = new Map(problem.staff.map((s) => [s.id, s]));
  return assignments.map((a) => {
    if (a.mode !== 'telework') return a;
    const place = placeOfDay(staffOf.get(a.staff)!, a.day);
    return place === HOME ? a : { ...a, place };
  });
}

/** Everyone in scope of a goal below it; undefined when the problem has no goal. */
export function turnsShortOf(problem: Problem, assignments: readonly Assignment[]): TurnShort[] | undefined {
  const goals = (problem.periods ?? []).filter((p) => (p.minDays ?? 0) > 0);
  if (goals.length === 0) return undefined;
  const telework = new Map<string, Set<IsoDate>>();
  for (const a of assignments) {
    if (a.mode !== 'telework') continue;
    let days = telework.get(a.staff);
    if (!days) telework.set(a.staff, (days = new Set()));
    days.add(a.day);
  }
  const short: TurnShort[] = [];
  for (const period of goals) {
    const scope = period.divisions ? new Set(period.divisions) : null;
    for (const s of problem.staff) {
      if (!s.canTelework || (scope && !scope.has(s.division))) continue;
      let days = period.done?.[s.id] ?? 0;
      for (const day of telework.get(s.id) ?? []) if (day >= period.from && day <= period.to) days++;
      if (days < period.minDays!) short.push({ period: period.id, staff: s.id, days, minDays: period.minDays! });
    }
  }
  return short;
}

/** A roster of the problem as a roster of its person-weeks (to stay close to it, or to explain it). */
export function expandRoster(planned: EngineProblem, roster: Roster): Roster {
  const horizon = planned.horizon;
  if (!horizon) return roster;
  const weekOfDay = new Map<IsoDate, number>();
  weeksOf(horizon.original).forEach((days, w) => days.forEach((d) => weekOfDay.set(d, w)));
  const assignments = roster.assignments.map((a) => {
    const w = weekOfDay.get(a.day);
    return w === undefined ? a : { ...a, staff: `${a.staff}${SEP}${w}` };
  });
  return { ...roster, assignments };
}

/** The person's id of a person-week id (unchanged for a plain id). */
export function personId(id: string): string {
  const at = id.indexOf(SEP);
  return at < 0 ? id : id.slice(0, at);
}
