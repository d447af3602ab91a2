/**
 * Presolve: the problem as dense, indexed arrays, with pins folded in.
 *
 * Everything the engine decides is a person-day: telework or not (and, if
 * present, which counter). Pinned-telework days are decided before the model
 * is built: they consume the person's maximum, the day's licences and the
 * division's terminals, take the person out of that day's counter coverage,
 * and take the first spread-bonus steps. Pinned-office days simply lose their
 * telework option. What remains for the model are the free options.
 */
import { counterMin, IsoDate, licencesOn, maxDaysOf, Problem, shortfallPenaltyOf, spreadBonusOf, terminalsOf } from '../domain/rotation';
import { EngineProblem } from './horizon';
import { Extension, NO_EXTENSION, prepareExtension } from './period-groups';

export const PIN_NONE = 0;
export const PIN_OFFICE = 1;
export const PIN_TELEWORK = 2;

/**
 * How a person's spread bonus enters the network. Past the end of `spreadBonus` steps count 0,
 * so a list ending below zero makes the bonus non-concave; the network then uses the relaxed
 * regime (steps in decreasing order, an upper bound) and branch and bound splits the person
 * into "at most L days" (concave, exact) and "more than L days" (the bonus is constant there).
 */
export const REGIME_RELAXED = 0;
export const REGIME_AT_MOST_L = 1;
export const REGIME_MORE_THAN_L = 2;

export interface RegimeOverlay {
  readonly staff: number;
  readonly regime: typeof REGIME_AT_MOST_L | typeof REGIME_MORE_THAN_L;
}

/** Extra pins laid over the problem's own (branch and bound, explanations). */
export interface PinOverlay {
  readonly staff: number;
  readonly day: number;
  readonly mode: typeof PIN_OFFICE | typeof PIN_TELEWORK;
}

export interface Prepared {
  readonly problem: Problem;
  readonly days: readonly IsoDate[];
  readonly dayCount: number;
  readonly staffCount: number;
  readonly divisionCount: number;
  readonly counterCount: number;
  readonly staffDivision: Int32Array;
  readonly staffMax: Int32Array;
  /** Per person-day (i * dayCount + d): 1 when absent. */
  readonly absent: Uint8Array;
  /** Per person-day: PIN_NONE / PIN_OFFICE / PIN_TELEWORK. */
  readonly pin: Uint8Array;
  /** Per person-day: request weight, or -1 when not requested. */
  readonly weight: Float64Array;
  /** Per person-day: 1 when the model may grant telework there (a free option). */
  readonly option: Uint8Array;
  /** Telework days fixed by pins, per person. */
  readonly pinnedTelework: Int32Array;
  /** Per person: counters qualified for (indices). */
  readonly quals: readonly Int32Array[];
  /** Per counter: division index. */
  readonly counterDivision: Int32Array;
  /** Per counter-day (c * dayCount + d): required staff. */
  readonly counterMinimum: Int32Array;
  /** Per counter: staff qualified (indices). */
  readonly qualified: readonly Int32Array[];
  /** Per day: licences left after pinned telework (Infinity = unlimited). */
  readonly licencesLeft: Float64Array;
  /** Per division-day (D * dayCount + d): terminals left after pins (Infinity = unlimited). */
  readonly terminalsLeft: Float64Array;
  readonly spreadBonus: readonly number[];
  /** Per person: REGIME_*; only matters where the bonus is non-concave for them. */
  readonly bonusRegime: Uint8Array;
  readonly penalty: number;
  readonly staffIndex: ReadonlyMap<string, number>;
  readonly counterIndex: ReadonlyMap<string, number>;
  readonly divisionIndex: ReadonlyMap<string, number>;
  /** Weeks, periods and places (period-groups.ts); NO_EXTENSION for a plain week. */
  readonly ext: Extension;
}

/** The g-th spread-bonus step (0-based); entries past the list count 0. */
export function bonusStep(prep: Prepared, g: number): number {
  return g < prep.spreadBonus.length ? prep.spreadBonus[g] : 0;
}

/**
 * Indexes a valid problem. Returns null when the pins (the problem's and the
 * overlay's together) cannot all hold; a validated problem's own pins always can.
 */
export function prepare(
  problem: EngineProblem,
  overlay: readonly PinOverlay[] = [],
  regimes: readonly RegimeOverlay[] = [],
): Prepared | null {
  const days = problem.days;
  const nd = days.length;
  const dayIndex = new Map<IsoDate, number>(days.map((d, i) => [d, i]));
  const divisionIndex = new Map<string, number>(problem.divisions.map((d, i) => [d.id, i]));
  const counterIndex = new Map<string, number>(problem.counters.map((c, i) => [c.id, i]));
  const staffIndex = new Map<string, number>(problem.staff.map((s, i) => [s.id, i]));
  const ns = problem.staff.length;
  const nc = problem.counters.length;

  const staffDivision = new Int32Array(ns);
  const staffMax = new Int32Array(ns);
  const absent = new Uint8Array(ns * nd);
  const pin = new Uint8Array(ns * nd);
  const weight = new Float64Array(ns * nd).fill(-1);
  const option = new Uint8Array(ns * nd);
  const pinnedTelework = new Int32Array(ns);
  const quals: Int32Array[] = [];
  const qualifiedLists: number[][] = problem.counters.map(() => []);

  problem.staff.forEach((s, i) => {
    staffDivision[i] = divisionIndex.get(s.division)!;
    staffMax[i] = maxDaysOf(problem, s);
    for (const a of s.absent) absent[i * nd + dayIndex.get(a)!] = 1;
    for (const r of s.requests) weight[i * nd + dayIndex.get(r.day)!] = r.weight;
    if (s.pinned) {
      for (const [day, mode] of Object.entries(s.pinned)) {
        const d = dayIndex.get(day);
        if (d !== undefined) pin[i * nd + d] = mode === 'telework' ? PIN_TELEWORK : PIN_OFFICE;
      }
    }
    const q = new Int32Array(s.counters.length);
    s.counters.forEach((cid, k) => {
      const c = counterIndex.get(cid)!;
      q[k] = c;
      qualifiedLists[c].push(i);
    });
    quals.push(q);
  });
  for (const o of overlay) pin[o.staff * nd + o.day] = o.mode;
  const ext = problem.periods || problem.places || problem.horizon ? prepareExtension(problem, days, absent, pin, weight) : NO_EXTENSION;
  if (!ext) return null;

  const licencesLeft = new Float64Array(nd);
  days.forEach((d, k) => (licencesLeft[k] = licencesOn(problem.policy, d)));
  const nDiv = problem.divisions.length;
  const terminalsLeft = new Float64Array(nDiv * nd);
  problem.divisions.forEach((div, D) => terminalsLeft.fill(terminalsOf(div), D * nd, D * nd + nd));

  for (let i = 0; i < ns; i++) {
    const s = problem.staff[i];
    for (let d = 0; d < nd; d++) {
      const k = i * nd + d;
      if (pin[k] === PIN_TELEWORK) {
        if (!s.canTelework || absent[k]) return null;
        pinnedTelework[i]++;
        if (ext.homeLike(k)) {
          licencesLeft[d]--;
          terminalsLeft[staffDivision[i] * nd + d]--;
        }
      } else if (pin[k] === PIN_OFFICE && absent[k]) {
        return null;
      } else if (pin[k] === PIN_NONE && s.canTelework && !absent[k] && (weight[k] >= 0 || ext.turnOption[k])) {
        option[k] = 1;
      }
    }
    if (pinnedTelework[i] > staffMax[i]) return null;
  }
  for (let d = 0; d < nd; d++) if (licencesLeft[d] < 0) return null;
  for (let k = 0; k < terminalsLeft.length; k++) if (terminalsLeft[k] < 0) return null;

  const counterDivision = new Int32Array(nc);
  const counterMinimum = new Int32Array(nc * nd);
  problem.counters.forEach((c, ci) => {
    counterDivision[ci] = divisionIndex.get(c.division)!;
    days.forEach((d, k) => (counterMinimum[ci * nd + k] = counterMin(c, d)));
  });

  const bonusRegime = new Uint8Array(ns);
  for (const r of regimes) bonusRegime[r.staff] = r.regime;

  return {
    problem,
    days,
    dayCount: nd,
    staffCount: ns,
    divisionCount: nDiv,
    counterCount: nc,
    staffDivision,
    staffMax,
    absent,
    pin,
    weight,
    option,
    pinnedTelework,
    quals,
    counterDivision,
    counterMinimum,
    qualified: qualifiedLists.map((l) => Int32Array.from(l)),
    licencesLeft,
    terminalsLeft,
    spreadBonus: spreadBonusOf(problem.policy),
    bonusRegime,
    penalty: shortfallPenaltyOf(problem.policy),
    staffIndex,
    counterIndex,
    divisionIndex,
    ext,
  };
}

/** Present in the office unless decided otherwise: neither absent nor pinned to telework. */
export function availableOn(prep: Prepared, i: number, d: number): boolean {
  const k = i * prep.dayCount + d;
  return prep.absent[k] === 0 && prep.pin[k] !== PIN_TELEWORK;
}

/** Spread-bonus steps the network may take for a person: from their pinned days up to their reach. */
export function bonusSteps(prep: Prepared, i: number): { from: number; to: number } {
  let free = 0;
  for (let d = 0; d < prep.dayCount; d++) free += prep.option[i * prep.dayCount + d];
  const from = prep.pinnedTelework[i];
  return { from, to: Math.min(prep.staffMax[i], from + free) };
}

/** True when this person's bonus over their reachable days is not concave (see REGIME_*). */
export function bonusNonConcave(prep: Prepared, i: number): boolean {
  const L = prep.spreadBonus.length;
  if (L === 0 || prep.spreadBonus[L - 1] >= 0) return false;
  const { from, to } = bonusSteps(prep, i);
  return from < L && to > L;
}
