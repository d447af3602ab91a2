/**
 * Why was a request denied? For every requested day a roster does not grant,
 * the engine re-solves the week with that day forced to telework, staying as
 * close to the roster as the optimum allows, and reports the difference: what
 * else would have to change (other requests denied, counters left short) and
 * what it would cost. The rule that binds is read off that difference, so
 * the explanation is derived from the model, never guessed.
 *
 * Requests that can never be granted (absent, a role that cannot telework, a
 * pin, a maximum of zero, licences or terminals all taken by pins) are
 * explained without solving.
 */
import { Consequence, DenialExplanation, DenialReason } from '../domain/explanation';
import { IsoDate, Problem, Roster } from '../domain/rotation';
import { bundleSearch, BundleResult, BundleLimits, costSpan, FIX_IN, Fixes } from './bundles';
import { RotationNetwork } from './network';
import { bonusNonConcave, PIN_OFFICE, PIN_TELEWORK, prepare, Prepared } from './prepare';
import { evaluate, fromRoster } from './solution';
import { expand, expandRoster, isExtended, personId } from './horizon';
import { capBundles, solveWithPins } from './solve';

export interface ExplainOptions {
  /** Only this staff member's requests. */
  readonly staff?: string;
  /** Only this day. */
  readonly day?: IsoDate;
  readonly onProgress?: (done: number, total: number) => void;
}

export function explain(problem: Problem, roster: Roster, options: ExplainOptions = {}): DenialExplanation[] {
  const planned = isExtended(problem) ? expand(problem) : problem;
  const prep = prepare(planned);
  if (!prep) throw new Error(`${problem.name}: the pins cannot all hold`);
  const current = fromRoster(prep, expandRoster(planned, roster));
  const base = evaluate(prep, current);
  const nd = prep.dayCount;

  const denied: number[] = [];
  for (let i = 0; i < prep.staffCount; i++) {
    if (options.staff !== undefined && personId(planned.staff[i].id) !== options.staff) continue;
    for (let d = 0; d < nd; d++) {
      if (options.day !== undefined && prep.days[d] !== options.day) continue;
      const k = i * nd + d;
      if (prep.weight[k] >= 0 && !current.telework[k]) denied.push(k);
    }
  }

  let forcing: Forcing | null = null;
  const out: DenialExplanation[] = [];
  denied.forEach((k, n) => {
    options.onProgress?.(n, denied.length);
    const fixed = immediateReason(prep, k);
    if (fixed) {
      out.push(fixed);
      return;
    }
    forcing ??= new Forcing(prep, current);
    const forced = forcing.force(k);
    out.push(forced ? describe(prep, current, base.objective, base.missing, k, forced) : blockedByPins(prep, k));
  });
  options.onProgress?.(denied.length, denied.length);
  return planned === problem ? out : out.map(ownIds);
}

/** An explanation of person-weeks in the people's own ids. */
function ownIds(e: DenialExplanation): DenialExplanation {
  return {
    ...e,
    staff: personId(e.staff),
    consequences: e.consequences.map((c) => (c.kind === 'deny' || c.kind === 'grant' ? { ...c, staff: personId(c.staff) } : c)),
  };
}

/** Why a person in a period's scope did not reach its goal. */
export interface TurnExplanation {
  readonly period: string;
  readonly staff: string;
  /** Telework days in the period (done included) and the goal. */
  readonly days: number;
  readonly minDays: number;
  /**
   * `no-day`: no day of the period was open to them (nothing requested or marked possible, absent, pinned to the office);
   * otherwise the rule that stands in the way on the day where a turn would cost least.
   */
  readonly rule: DenialReason | 'no-day';
  /** That day's explanation (what granting it would change), when there was a day to try. */
  readonly cheapest?: DenialExplanation;
}

/**
 * Who cannot get their turn and why: for each person below a goal, every day of the period
 * still open to them is forced in (as for a denied request) and the least costly one tells the
 * rule that stands in the way.
 */
export function explainTurns(problem: Problem, roster: Roster): TurnExplanation[] {
  const short = roster.turnsShort ?? [];
  if (short.length === 0) return [];
  const planned = expand(problem);
  const prep = prepare(planned);
  if (!prep) throw new Error(`${problem.name}: the pins cannot all hold`);
  const current = fromRoster(prep, expandRoster(planned, roster));
  const base = evaluate(prep, current);
  const nd = prep.dayCount;
  const periods = new Map((problem.periods ?? []).map((p) => [p.id, p]));
  let forcing: Forcing | null = null;
  return short.map((t) => {
    const period = periods.get(t.period)!;
    const open: number[] = [];
    for (let i = 0; i < prep.staffCount; i++) {
      if (personId(planned.staff[i].id) !== t.staff) continue;
      for (let d = 0; d < nd; d++) {
        const k = i * nd + d;
        const day = prep.days[d];
        if (day < period.from || day > period.to || current.telework[k]) continue;
        if (prep.weight[k] >= 0 || (prep.ext.active && prep.ext.turnOption[k])) open.push(k);
      }
    }
    let cheapest: DenialExplanation | undefined;
    for (const k of open) {
      const fixed = immediateReason(prep, k);
      let e: DenialExplanation;
      if (fixed) e = fixed;
      else {
        forcing ??= new Forcing(prep, current);
        const forced = forcing.force(k);
        e = forced ? describe(prep, current, base.objective, base.missing, k, forced) : blockedByPins(prep, k);
      }
      if (!cheapest || (e.cost !== null && (cheapest.cost === null || e.cost < cheapest.cost))) cheapest = e;
    }
    const entry = { period: t.period, staff: t.staff, days: t.days, minDays: t.minDays };
    return cheapest ? { ...entry, rule: cheapest.rule, cheapest: ownIds(cheapest) } : { ...entry, rule: 'no-day' };
  });
}

interface Forced {
  readonly telework: Uint8Array;
  readonly counter: Int32Array;
  readonly counterMissing: Int32Array;
  readonly objective: number;
}

/** Time a forced request may take before its best week so far stands. */
const FORCE_LIMIT_MS = 60000;

/**
 * Forces one free option at a time into the optimum nearest the roster. On a pure network
 * this is a warm re-solve with the entry arc made overwhelmingly attractive; with side
 * constraints (pooled terminals) it is the caps' branch and bound with the option fixed in, on
 * one network and LP kept from request to request; with a non-concave bonus, a full solve
 * with a pin.
 */
class Forcing {
  private readonly net: RotationNetwork;
  private readonly huge: number;
  /** The network alone is not exact here (pooled terminals or a non-concave bonus). */
  private readonly needsSearch: boolean;
  /** The caps' search on this network, when the caps are all that makes the network inexact. */
  private readonly search: ((limits: BundleLimits, fixes?: Fixes) => BundleResult) | null = null;
  private readonly entries: Int32Array = new Int32Array(0);

  constructor(
    private readonly prep: Prepared,
    private readonly current: { telework: Uint8Array; counter: Int32Array },
  ) {
    this.net = new RotationNetwork(prep, { stability: current });
    this.net.solve();
    let total = 1;
    for (let e = 0; e < this.net.flow.arcs; e++) {
      const cap = Math.min(this.net.flow.arcCap(e), prep.staffCount * prep.dayCount + 1);
      total += Math.abs(this.net.flow.arcCost(e)) * cap;
    }
    this.huge = total;
    let nonConcave = false;
    for (let i = 0; i < prep.staffCount && !nonConcave; i++) nonConcave = bonusNonConcave(prep, i);
    this.needsSearch = nonConcave || this.net.sideConstraints.length > 0;
    if (this.needsSearch && !nonConcave) {
      const problem = capBundles(this.net);
      this.entries = problem.decisions;
      this.search = bundleSearch(problem);
    }
  }

  force(k: number): Forced | null {
    const { prep, net } = this;
    if (this.search) return this.forceWithCaps(k);
    if (this.needsSearch) {
      const roster = solveWithPins(
        prep.problem,
        [{ staff: Math.floor(k / prep.dayCount), day: k % prep.dayCount, mode: PIN_TELEWORK }],
        this.current,
      );
      if (!roster) return null;
      const ev = evaluate(roster.prep, roster.sol);
      return { telework: roster.sol.telework, counter: roster.sol.counter, counterMissing: ev.missing, objective: ev.objective };
    }
    const arc = net.entryArc[k];
    const original = net.flow.arcCost(arc);
    net.flow.setCost(arc, -this.huge);
    net.solve();
    const granted = net.flow.flow(arc) > 0;
    const sol = net.extract();
    net.flow.setCost(arc, original);
    net.solve();
    if (!granted) return null;
    const ev = evaluate(prep, sol);
    return { telework: sol.telework, counter: sol.counter, counterMissing: ev.missing, objective: ev.objective };
  }

  /** The best week with option k, by the caps' search; its entries then drawn into the network. */
  private forceWithCaps(k: number): Forced | null {
    const { prep, net, entries } = this;
    const arc = net.entryArc[k];
    const result = this.search!({ nodeLimit: 20000, deadline: performance.now() + FORCE_LIMIT_MS }, [[arc, FIX_IN]]);
    const used = result.used;
    if (!used) return null;
    // The entries the week leaves out closed and the forced one drawn in: the network's optimum
    // is then that week, or one as good.
    const flow = net.flow;
    const big = 2 * costSpan(flow, entries.length + 1) + 1;
    const saved = Float64Array.from(entries, (a) => flow.arcCost(a));
    entries.forEach((a, i) => {
      if (a === arc) flow.setCost(a, saved[i] - big);
      else if (!used[i]) flow.setCost(a, saved[i] + big);
    });
    net.solve();
    const granted = flow.flow(arc) > 0;
    const sol = net.extract();
    entries.forEach((a, i) => flow.setCost(a, saved[i]));
    if (!granted) return null;
    const ev = evaluate(prep, sol);
    return { telework: sol.telework, counter: sol.counter, counterMissing: ev.missing, objective: ev.objective };
  }
}

function immediateReason(prep: Prepared, k: number): DenialExplanation | null {
  const { problem } = prep;
  const nd = prep.dayCount;
  const i = Math.floor(k / nd);
  const d = k % nd;
  const s = problem.staff[i];
  const base = { staff: s.id, day: prep.days[d], weight: prep.weight[k], cost: null, tie: false, consequences: [] };
  if (prep.absent[k]) return { ...base, rule: 'absent' };
  if (!s.canTelework) return { ...base, rule: 'can-telework' };
  if (prep.pin[k] === PIN_OFFICE) return { ...base, rule: 'pins' };
  if (prep.staffMax[i] === 0) return { ...base, rule: 'max-telework-days' };
  if (prep.pinnedTelework[i] >= prep.staffMax[i]) return { ...base, rule: 'pins' };
  if (prep.licencesLeft[d] <= 0) return { ...base, rule: 'licences' };
  const D = prep.staffDivision[i];
  if (prep.terminalsLeft[D * nd + d] <= 0) return { ...base, rule: 'terminals', division: problem.divisions[D].id };
  return null;
}

/** Forcing found no feasible week: the day's capacity is held by pins elsewhere in a pooled group. */
function blockedByPins(prep: Prepared, k: number): DenialExplanation {
  const nd = prep.dayCount;
  const i = Math.floor(k / nd);
  const s = prep.problem.staff[i];
  return {
    staff: s.id,
    day: prep.days[k % nd],
    weight: prep.weight[k],
    rule: 'pins',
    cost: null,
    tie: false,
    consequences: [],
  };
}

function describe(
  prep: Prepared,
  current: { telework: Uint8Array },
  currentObjective: number,
  currentMissing: Int32Array,
  k: number,
  forced: Forced,
): DenialExplanation {
  const { problem } = prep;
  const nd = prep.dayCount;
  const i = Math.floor(k / nd);
  const d = k % nd;
  const D = prep.staffDivision[i];
  const consequences: Consequence[] = [];
  const sameDayDenied: number[] = [];
  let ownOtherDayDenied = false;
  for (let kk = 0; kk < forced.telework.length; kk++) {
    if (kk === k || forced.telework[kk] === current.telework[kk]) continue;
    const who = problem.staff[Math.floor(kk / nd)].id;
    const day = prep.days[kk % nd];
    const weight = Math.max(0, prep.weight[kk]);
    if (current.telework[kk]) {
      consequences.push({ kind: 'deny', staff: who, day, weight });
      if (Math.floor(kk / nd) === i) ownOtherDayDenied = true;
      if (kk % nd === d) sameDayDenied.push(kk);
    } else {
      consequences.push({ kind: 'grant', staff: who, day, weight });
    }
  }
  let shortCounter: string | undefined;
  for (let c = 0; c < prep.counterCount; c++) {
    for (let dd = 0; dd < nd; dd++) {
      const diff = forced.counterMissing[c * nd + dd] - currentMissing[c * nd + dd];
      const counter = problem.counters[c].id;
      if (diff > 0) {
        consequences.push({ kind: 'shortfall', counter, day: prep.days[dd], missing: diff });
        shortCounter ??= counter;
      } else if (diff < 0) {
        consequences.push({ kind: 'cover', counter, day: prep.days[dd], missing: -diff });
      }
    }
  }
  const cost = currentObjective - forced.objective;
  const base = { staff: problem.staff[i].id, day: prep.days[d], weight: prep.weight[k], cost, tie: cost === 0, consequences };
  const improves = cost < 0 ? { improves: true } : {};
  if (ownOtherDayDenied && teleworkDays(prep, current.telework, i) >= prep.staffMax[i])
    return { ...base, ...improves, rule: 'max-telework-days' };
  if (ownOtherDayDenied && periodFull(prep, current.telework, k)) return { ...base, ...improves, rule: 'period-cap' };
  const place = prep.ext.active ? prep.ext.placeOf[k] : -1;
  if (place >= 0 && sameDayDenied.some((kk) => prep.ext.placeOf[kk] === place) && placeFull(prep, current.telework, place, d)) {
    return { ...base, ...improves, rule: 'desks', place: prep.problem.places![place].id };
  }
  if (shortCounter !== undefined) return { ...base, ...improves, rule: 'counter-minimum', counter: shortCounter };
  if (sameDayDenied.length > 0 && dayFull(prep, current.telework, d)) return { ...base, ...improves, rule: 'licences' };
  const sameDivision = sameDayDenied.some((kk) => prep.staffDivision[Math.floor(kk / nd)] === D);
  if (sameDivision && divisionDayFull(prep, current.telework, D, d)) {
    return { ...base, ...improves, rule: 'terminals', division: problem.divisions[D].id };
  }
  // Someone else goes back to the office although licences and terminals have room: to keep a
  // counter staffed, the one they serve in the forced week.
  const covering = sameDayDenied.map((kk) => forced.counter[kk]).find((c) => c >= 0);
  if (covering !== undefined) return { ...base, ...improves, rule: 'counter-minimum', counter: problem.counters[covering].id };
  if (sameDayDenied.length > 0) return { ...base, ...improves, rule: 'licences' };
  if (ownOtherDayDenied) return { ...base, ...improves, rule: 'max-telework-days' };
  return { ...base, ...improves, rule: 'spread-bonus' };
}

/** True when a period with a cap around person-day k is full for that person in the roster. */
function periodFull(prep: Prepared, telework: Uint8Array, k: number): boolean {
  const ext = prep.ext;
  if (!ext.active) return false;
  const nd = prep.dayCount;
  const d = k % nd;
  const full = (members: Int32Array, days: Int32Array, cap: number) => {
    let n = 0;
    for (const i of members) for (const dd of days) if (prep.pin[i * nd + dd] !== PIN_TELEWORK) n += telework[i * nd + dd];
    return n >= cap;
  };
  for (const g of ext.groups) {
    if (!Number.isFinite(g.capLeft) || !g.days.includes(d) || !g.members.includes(Math.floor(k / nd))) continue;
    if (full(g.members, g.days, g.capLeft)) return true;
  }
  for (const c of ext.caps) {
    if (!c.personDays.includes(k)) continue;
    let n = 0;
    for (const pk of c.personDays) if (prep.pin[pk] !== PIN_TELEWORK) n += telework[pk];
    if (n >= c.cap) return true;
  }
  return false;
}

/** True when every desk of a place is taken on day d. */
function placeFull(prep: Prepared, telework: Uint8Array, place: number, d: number): boolean {
  const nd = prep.dayCount;
  let n = 0;
  for (let i = 0; i < prep.staffCount; i++) {
    const k = i * nd + d;
    if (prep.ext.placeOf[k] === place && prep.pin[k] !== PIN_TELEWORK) n += telework[k];
  }
  return n >= prep.ext.desksLeft[place * nd + d];
}

function dayFull(prep: Prepared, telework: Uint8Array, d: number): boolean {
  let n = 0;
  for (let i = 0; i < prep.staffCount; i++) n += telework[i * prep.dayCount + d];
  return n >= prep.licencesLeft[d] + pinnedOn(prep, d);
}

function pinnedOn(prep: Prepared, d: number): number {
  let n = 0;
  for (let i = 0; i < prep.staffCount; i++) if (prep.pin[i * prep.dayCount + d] === PIN_TELEWORK) n++;
  return n;
}

function teleworkDays(prep: Prepared, telework: Uint8Array, i: number): number {
  let n = 0;
  for (let d = 0; d < prep.dayCount; d++) n += telework[i * prep.dayCount + d];
  return n;
}

function divisionDayFull(prep: Prepared, telework: Uint8Array, D: number, d: number): boolean {
  const nd = prep.dayCount;
  const cap = prep.problem.divisions[D].terminals;
  if (cap === undefined) return false;
  let n = 0;
  for (let i = 0; i < prep.staffCount; i++) if (prep.staffDivision[i] === D) n += telework[i * nd + d];
  return n >= cap;
}
