/**
 * Periods and places, read into the engine's terms (docs/format-periods.md).
 *
 * **Periods.** For each person, the periods that apply to them, their weeks (person-weeks of
 * horizon.ts) and their days make a family of sets of days. Where that family is laminar
 * (any two sets nested or disjoint) it is a tree, and a tree of caps with concave gains is a flow
 * network: a period's node sits between its parent (the source, or a larger period) and its
 * children, and its arcs carry the goal (the first units gain `turnWeight`) and the cap (no more
 * arcs than the cap leaves). A period of whole weeks sits above the person-week nodes; a period
 * inside one week sits below its person-week node, above the entries of its days. Goals always
 * fit the tree (the validator refuses a goal period that cuts a week or crosses another goal);
 * a cap that cuts the tree (a month across weeks) becomes a side constraint instead.
 *
 * **Places.** Each person-day's place is fixed by the problem (the request's, else the possible
 * day's, else home). A day at home or at a `licence: true` place takes a licence and a terminal;
 * a day at an office on the internal network takes a desk instead. The network cannot tell
 * units apart after the coverage graph, so desks, and the licences and terminals where office
 * days mix in, are side constraints (network.ts).
 */
import { DEFAULT_TURN_WEIGHT, desksOn, HOME, IsoDate, Period, turnDayWeightOf, weeksOf } from '../domain/rotation';
import { EngineProblem } from './horizon';

/** A period as a node of a person's tree. */
export interface PeriodGroup {
  /** Enclosing group (index into `groups`), or -1: the source for an upper group, the person-week node for a lower one. */
  readonly parent: number;
  /** True when the group lies inside one week, below that person-week's node. */
  readonly lower: boolean;
  /** Person-weeks (staff indices of the prepared problem) it covers. */
  readonly members: Int32Array;
  /** Its days (indices). */
  readonly days: Int32Array;
  /** Telework days counted before the model decides: `done` and pinned days. */
  readonly start: number;
  /** Units that earn `turnWeight` (what the goal still lacks after `start`). */
  readonly goalUnits: number;
  readonly turnWeight: number;
  readonly minDays: number;
  /** Units the cap still allows (Infinity without a cap). */
  readonly capLeft: number;
}

/** A cap outside the tree: the person's free options among these person-days, at most `cap`. */
export interface PeriodCap {
  readonly personDays: Int32Array;
  readonly cap: number;
}

export interface Extension {
  readonly active: boolean;
  /** Per person-day: an unrequested day the model may give for a goal. */
  readonly turnOption: Uint8Array;
  /** Weight of a telework day given on an unrequested turn day (negative). */
  readonly turnDayWeight: number;
  /** Per person-day: place index, or -1 at home. */
  readonly placeOf: Int32Array;
  readonly placeCount: number;
  /** Per place: 1 when a day there takes a licence and a terminal. */
  readonly placeLicence: Uint8Array;
  /** Per place-day (p * days + d): desks left after pins. */
  readonly desksLeft: Float64Array;
  readonly groups: readonly PeriodGroup[];
  /** Per person-week: the innermost upper group above it, or -1. */
  readonly staffGroup: Int32Array;
  /** Per person-day: the innermost lower group its entry leaves from, or -1. */
  readonly dayGroup: Int32Array;
  readonly caps: readonly PeriodCap[];
  /** The most the goals can add for one unit (Σ turnWeight of goal periods). */
  readonly turnGain: number;
  /** True when the person-day takes a licence and a terminal (home, or a licence place). */
  homeLike(k: number): boolean;
}

export const NO_EXTENSION: Extension = {
  active: false,
  turnOption: new Uint8Array(0),
  turnDayWeight: 0,
  placeOf: new Int32Array(0),
  placeCount: 0,
  placeLicence: new Uint8Array(0),
  desksLeft: new Float64Array(0),
  groups: [],
  staffGroup: new Int32Array(0),
  dayGroup: new Int32Array(0),
  caps: [],
  turnGain: 0,
  homeLike: () => true,
};

const PIN_TELEWORK = 2;
const PIN_OFFICE = 1;

/** Reads weeks, periods and places; null when the pins break a desk limit or a period's cap. */
export function prepareExtension(
  problem: EngineProblem,
  days: readonly IsoDate[],
  absent: Uint8Array,
  pin: Uint8Array,
  weight: Float64Array,
): Extension | null {
  const nd = days.length;
  const ns = problem.staff.length;
  const horizon = problem.horizon;
  const original = horizon?.original ?? problem;
  const personOf = horizon?.personOf ?? Int32Array.from({ length: ns }, (_, i) => i);
  const weekOf = horizon?.weekOf ?? new Int32Array(ns);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const weeks = weeksOf(original);
  const weekOfDay = new Int32Array(nd);
  weeks.forEach((list, w) => list.forEach((d) => (weekOfDay[dayIndex.get(d)!] = w)));

  // Places of person-days.
  const places = problem.places ?? [];
  const placeIndex = new Map(places.map((p, i) => [p.id, i]));
  const placeLicence = Uint8Array.from(places, (p) => (p.licence ? 1 : 0));
  const placeOf = new Int32Array(ns * nd).fill(-1);
  const possibleDay = new Uint8Array(ns * nd);
  problem.staff.forEach((s, i) => {
    for (const p of s.possible ?? []) {
      const d = dayIndex.get(p.day)!;
      possibleDay[i * nd + d] = 1;
      placeOf[i * nd + d] = p.place === undefined || p.place === HOME ? -1 : placeIndex.get(p.place)!;
    }
    for (const r of s.requests) {
      if (r.place !== undefined && r.place !== HOME) placeOf[i * nd + dayIndex.get(r.day)!] = placeIndex.get(r.place)!;
      else placeOf[i * nd + dayIndex.get(r.day)!] = -1;
    }
  });
  const homeLike = (k: number) => placeOf[k] < 0 || placeLicence[placeOf[k]] === 1;
  const desksLeft = new Float64Array(places.length * nd);
  places.forEach((p, o) => days.forEach((day, d) => (desksLeft[o * nd + d] = desksOn(p, day))));
  for (let k = 0; k < ns * nd; k++) {
    if (pin[k] === PIN_TELEWORK && !absent[k] && placeOf[k] >= 0 && --desksLeft[placeOf[k] * nd + (k % nd)] < 0) return null;
  }

  // Periods: each person's tree.
  const turnOption = new Uint8Array(ns * nd);
  const groups: PeriodGroup[] = [];
  const caps: PeriodCap[] = [];
  const staffGroup = new Int32Array(ns).fill(-1);
  const dayGroup = new Int32Array(ns * nd).fill(-1);
  const periods = problem.periods ?? [];
  let turnGain = 0;
  for (const p of periods) if ((p.minDays ?? 0) > 0) turnGain += p.turnWeight ?? DEFAULT_TURN_WEIGHT;
  // Person-weeks of each person.
  const weeksOfPerson: number[][] = original.staff.map(() => []);
  for (let i = 0; i < ns; i++) weeksOfPerson[personOf[i]].push(i);
  const periodDays = periods.map((p) => {
    const list: number[] = [];
    days.forEach((day, d) => {
      if (day >= p.from && day <= p.to) list.push(d);
    });
    return list;
  });
  for (let n = 0; n < original.staff.length; n++) {
    const person = original.staff[n];
    if (!person.canTelework) continue;
    const applying = periods
      .map((p, j) => ({ p, j, days: periodDays[j] }))
      .filter(({ p, days: ds }) => ds.length > 0 && (!p.divisions || p.divisions.includes(person.division)));
    if (applying.length === 0) continue;
    // Which periods join the tree: every goal (the validator keeps goals within weeks and nested),
    // then each cap that crosses neither a week nor a period already in.
    const isGoal = (p: Period) => (p.minDays ?? 0) > 0;
    const fitsWeeks = (ds: readonly number[]) => {
      const set = new Set(ds);
      const weekSets = new Set(ds.map((d) => weekOfDay[d]));
      const wholeWeeks = [...weekSets].every((w) => weeks[w].every((day) => set.has(dayIndex.get(day)!)));
      return wholeWeeks || weekSets.size === 1;
    };
    const inTree = new Set<number>();
    const treeSets: Set<number>[] = [];
    for (const goalPass of [true, false]) {
      for (const { p, j, days: ds } of applying) {
        if (isGoal(p) !== goalPass) continue;
        const set = new Set(ds);
        if (fitsWeeks(ds) && treeSets.every((t) => nestedOrDisjoint(t, set))) {
          inTree.add(j);
          treeSets.push(set);
        } else if (goalPass) {
          throw new Error(`period ${p.id}: a goal period must not cut a week or cross another goal (the validator refuses it)`);
        }
      }
    }
    // Larger sets first (so parents come before children); a goal before a cap of the same days.
    applying.sort((a, b) => b.days.length - a.days.length || Number(isGoal(b.p)) - Number(isGoal(a.p)) || a.j - b.j);
    const accepted: { set: Set<number>; group: number; days: number[] }[] = [];
    for (const { p, j, days: ds } of applying) {
      const set = new Set(ds);
      const weekSets = new Set(ds.map((d) => weekOfDay[d]));
      const wholeWeeks = [...weekSets].every((w) => weeks[w].every((day) => set.has(dayIndex.get(day)!)));
      const lower = !wholeWeeks && weekSets.size === 1;
      const laminar = inTree.has(j);
      const members = weeksOfPerson[n].filter((i) => weekSets.has(weekOf[i]));
      // Telework already counted: done, and pinned days in the period.
      let pinned = 0;
      for (const i of members) for (const d of ds) if (pin[i * nd + d] === PIN_TELEWORK && !absent[i * nd + d]) pinned++;
      const done = p.done?.[person.id] ?? 0;
      const capLeft = p.maxDays === undefined ? Infinity : Math.max(0, p.maxDays - done) - pinned;
      if (capLeft < 0) return null;
      const minDays = p.minDays ?? 0;
      if (!laminar) {
        if (Number.isFinite(capLeft)) {
          const personDays: number[] = [];
          for (const i of members) for (const d of ds) personDays.push(i * nd + d);
          caps.push({ personDays: Int32Array.from(personDays), cap: capLeft });
        }
        continue;
      }
      // The parent: the smallest accepted group containing this one on the same side of the
      // person-week nodes (sets come largest first, so the last such is the smallest); a lower
      // group with none hangs from its person-week node.
      let parent = -1;
      for (const a of accepted) if (groups[a.group].lower === lower && isSubset(set, a.set)) parent = a.group;
      const start = done + pinned;
      const turnWeight = p.turnWeight ?? DEFAULT_TURN_WEIGHT;
      groups.push({
        parent,
        lower,
        members: Int32Array.from(members),
        days: Int32Array.from(ds),
        start,
        goalUnits: Math.max(0, Math.min(minDays - start, capLeft)),
        turnWeight,
        minDays,
        capLeft,
      });
      const g = groups.length - 1;
      accepted.push({ set, group: g, days: ds });
      if (lower) for (const i of members) for (const d of ds) dayGroup[i * nd + d] = g;
      else for (const i of members) staffGroup[i] = g;
      // Turn days this goal opens.
      if (minDays > 0 && p.turnDays !== 'requested') {
        for (const i of members) {
          for (const d of ds) {
            const k = i * nd + d;
            // A day the problem pins weighs 0, never a turn day's weight (pins of branch and
            // bound on top of the problem's leave it a turn day).
            if (absent[k] || pin[k] === PIN_OFFICE || weight[k] >= 0 || problem.staff[i].pinned?.[days[d]] === 'telework') continue;
            if (p.turnDays === 'any' || possibleDay[k]) turnOption[k] = 1;
          }
        }
      }
    }
  }
  return {
    active: true,
    turnOption,
    turnDayWeight: turnDayWeightOf(problem.policy),
    placeOf,
    placeCount: places.length,
    placeLicence,
    desksLeft,
    groups,
    staffGroup,
    dayGroup,
    caps,
    turnGain,
    homeLike,
  };
}

function nestedOrDisjoint(a: Set<number>, b: Set<number>): boolean {
  let common = 0;
  for (const x of b) if (a.has(x)) common++;
  return common === 0 || common === a.size || common === b.size;
}

function isSubset(a: Set<number>, b: Set<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
