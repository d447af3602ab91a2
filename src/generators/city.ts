import type { Counter, Division, IsoDate, Problem } from '../domain/rotation';
import { DEFAULT_SHORTFALL_PENALTY, PROBLEM_FORMAT } from '../domain/rotation';
import { isFirstOpenDayAfterHoliday, isMonthEdge, weekdayOf, workingDays } from '../domain/calendar';
import { CITY_DEPARTMENTS, wardOf, type CatalogueDivision, type Demand, type Profile } from './catalogue';
import { MOVING_SEASON_PEAK, isTaxSeason, movingSeasonFactor } from './demand';
import { finishStaff, newStaff, serialId, type StaffDraft } from './draft';
import { staffName } from './names';
import { PinLedger, drawPins } from './pins';
import { qualifyDivision } from './qualify';
import { Rng } from './random';
import { chooseCaregivers, drawWeek, weekModel } from './survey';

/**
 * A city-like organisation of any size (town-data.md, "A city of ~2,900
 * staff"; the figures are estimates): divisions of lognormal size (mean ~29)
 * taken from a 100-division catalogue in 14 departments and repeated per ward
 * when the organisation is larger; ~25% of staff cannot telework; counter
 * minimum ≈ visitors per hour × 2 minutes ÷ 60, at least 1.
 */
export const CITY = {
  meanDivisionSize: 29,
  /** Spread of division sizes in log space. */
  sizeSigma: 0.75,
  cannotTeleworkShare: 0.25,
  /** How much of a profile's staff cannot telework, before calibrating to the share above. */
  profileWeight: { office: 0.05, mixed: 0.4, field: 1 } as Readonly<Record<Profile, number>>,
  /** Visitors per hour at a counter: lognormal mean; registry counters see 1.5× more. */
  visitorsPerHour: 35,
  registryVisitors: 1.5,
  minutesPerVisitor: 2,
  /** At an ordinary peak (after a holiday, month edge) counters take at most this share of the division. */
  counterShareCap: 0.5,
  /** Share of staff also trained for a counter of a sibling division. */
  crossTrainedShare: 0.003,
  /** Share of divisions with shared terminals. */
  terminalShare: 0.1,
  maxTeleworkDays: 2,
  spreadBonus: [20, 10],
} as const;

/** Visitors relative to an ordinary day (Mondays and the day after a holiday are busiest: ~1.9×). */
export const DAY_FACTORS = {
  weekday: [1.3, 1.0, 0.9, 0.95, 1.1],
  afterHoliday: 1.9,
  monthEdge: 1.2,
  taxSeason: 1.5,
} as const;

export interface CitySpec {
  readonly name: string;
  readonly staff: number;
  readonly licencesPerDay: number;
  readonly seed: number;
  readonly week: string;
  /** Staff id prefix, e.g. `c` → `c00001`. */
  readonly idPrefix: string;
  readonly pins: number;
}

interface Unit {
  readonly id: string;
  readonly name: string;
  readonly department: string;
  readonly entry: CatalogueDivision;
  readonly size: number;
}

interface CityCounter {
  readonly id: string;
  readonly division: string;
  readonly name: string;
  readonly demand: Demand;
  readonly visitorsPerHour: number;
}

/** The city of 2,896 staff with 300 licences a day. */
export function cityProblem(week: string, seed = 1): Problem {
  return buildCity({ name: `city-2900 ${week}`, staff: 2896, licencesPerDay: 300, seed, week, idPrefix: 'c', pins: 5 });
}

export function buildCity(spec: CitySpec): Problem {
  const days = workingDays(spec.week);
  const rng = Rng.derive(spec.seed, `city-org:${spec.staff}`);
  const units = layOut(rng, spec.staff);
  const width = Math.max(5, String(spec.staff).length);
  const staff: StaffDraft[] = [];
  const counters: CityCounter[] = [];
  const grounded = groundedCounts(units);
  for (const [u, unit] of units.entries()) {
    const out = new Set(rng.sample(range(unit.size), grounded[u]));
    const members = range(unit.size).map((i) =>
      newStaff(serialId(spec.idPrefix, staff.length + i + 1, width), unit.id, staffName(rng), !out.has(i)),
    );
    staff.push(...members);
    const own = countersOf(rng, unit);
    counters.push(...own);
    qualifyDivision(
      rng,
      members,
      own.map((c) => ({ id: c.id, share: c.visitorsPerHour, target: minimumAt(c, peakFactor(c.demand)) + 1 })),
      0.6 + 0.2 * rng.float(),
    );
  }
  crossTrain(rng, staff, units, counters, Math.max(1, Math.round(spec.staff * CITY.crossTrainedShare)));
  const caregivers = chooseCaregivers(rng, staff);
  const divisions = withTerminals(rng, units, staff);

  const week = Rng.derive(spec.seed, `city-week:${spec.staff}:${spec.week}`);
  drawWeek(week, staff, weekModel(days), caregivers);
  const policy = {
    maxTeleworkDays: CITY.maxTeleworkDays,
    licencesPerDay: spec.licencesPerDay,
    spreadBonus: [...CITY.spreadBonus],
    shortfallPenalty: DEFAULT_SHORTFALL_PENALTY,
  };
  drawPins(week, staff, new PinLedger(policy, divisions, days), days, spec.pins);
  const factors = days.map((d) => dayFactors(d));
  const order = new Map(counters.map((c, i) => [c.id, i]));
  return {
    format: PROBLEM_FORMAT,
    name: spec.name,
    days,
    policy,
    divisions,
    counters: counters.map((c) => toCounter(c, days, factors)),
    staff: staff.map((s) => finishStaff(s, order)),
  };
}

/** Divisions of lognormal size summing to `staff`, drawn from the catalogue (repeated per ward if needed). */
function layOut(rng: Rng, staff: number): Unit[] {
  const n = Math.max(1, Math.round(staff / CITY.meanDivisionSize));
  const catalogue = CITY_DEPARTMENTS.flatMap((dept) => dept.divisions.map((entry) => ({ dept: dept.name, entry })));
  const picked: { dept: string; entry: CatalogueDivision; copy: number }[] = [];
  const copies = Math.floor(n / catalogue.length);
  for (let copy = 0; copy < copies; copy++) picked.push(...catalogue.map((c) => ({ ...c, copy })));
  const rest = n - picked.length;
  const chosen = new Set(rng.sample(range(catalogue.length), rest));
  catalogue.forEach((c, i) => chosen.has(i) && picked.push({ ...c, copy: copies }));
  const sizes = apportion(
    staff,
    picked.map(() => rng.lognormal(CITY.meanDivisionSize, CITY.sizeSigma)),
  );
  return picked.map(({ dept, entry, copy }, i) => {
    const [wardId, wardName] = copy === 0 ? ['', ''] : wardOf(copy);
    return {
      id: copy === 0 ? entry.id : `${wardId}-${entry.id}`,
      name: copy === 0 ? `${dept} ${entry.name}` : `${wardName} ${dept} ${entry.name}`,
      department: copy === 0 ? dept : `${wardName} ${dept}`,
      entry,
      size: sizes[i],
    };
  });
}

/**
 * Cannot-telework head-count per division: every field role, then the rest
 * of the organisation-wide share spread over mixed and office divisions by
 * their profile weight.
 */
function groundedCounts(units: readonly Unit[]): number[] {
  const total = units.reduce((a, u) => a + u.size, 0);
  const target = Math.round(total * CITY.cannotTeleworkShare);
  const field = units.reduce((a, u) => a + (u.entry.profile === 'field' ? u.size : 0), 0);
  const weights = units.map((u) => (u.entry.profile === 'field' ? 0 : u.size * CITY.profileWeight[u.entry.profile]));
  const spread = apportionCapped(
    Math.max(0, target - field),
    weights,
    units.map((u) => u.size),
  );
  return units.map((u, i) => (u.entry.profile === 'field' ? u.size : spread[i]));
}

/** 1–3 counters for a counter division; visitors scaled down so ordinary peaks fit the division. */
function countersOf(rng: Rng, unit: Unit): CityCounter[] {
  const entry = unit.entry;
  if (entry.counters.length === 0 || !entry.demand) return [];
  const k = unit.size < 8 ? 1 : rng.int(1, entry.counters.length);
  const demand = entry.demand;
  const boost = demand === 'registry' ? CITY.registryVisitors : 1;
  let visitors = entry.counters.slice(0, k).map(() => rng.lognormal(CITY.visitorsPerHour * boost, 0.5));
  const ordinaryPeak = DAY_FACTORS.afterHoliday * DAY_FACTORS.monthEdge;
  const need = visitors.reduce((a, v) => a + (v * ordinaryPeak * CITY.minutesPerVisitor) / 60, 0);
  const cap = Math.max(k, unit.size * CITY.counterShareCap);
  if (need > cap) visitors = visitors.map((v) => (v * cap) / need);
  return entry.counters.slice(0, k).map((c, i) => ({
    id: `${unit.id}-${c.id}`,
    division: unit.id,
    name: c.name,
    demand,
    visitorsPerHour: Math.round(visitors[i] * 10) / 10,
  }));
}

interface DayFactors {
  readonly base: number;
  readonly edge: boolean;
  readonly moving: number;
  readonly tax: boolean;
}

function dayFactors(day: IsoDate): DayFactors {
  const weekday = DAY_FACTORS.weekday[weekdayOf(day) - 1] ?? 1;
  return {
    base: Math.max(weekday, isFirstOpenDayAfterHoliday(day) ? DAY_FACTORS.afterHoliday : 0),
    edge: isMonthEdge(day),
    moving: movingSeasonFactor(day),
    tax: isTaxSeason(day),
  };
}

/** Visitors relative to an ordinary day: the busier of weekday and after-holiday, times the busier of month edge and season. */
function factorOn(demand: Demand, f: DayFactors): number {
  const season = demand === 'registry' ? f.moving : demand === 'tax' && f.tax ? DAY_FACTORS.taxSeason : 1;
  return f.base * Math.max(f.edge ? DAY_FACTORS.monthEdge : 1, season);
}

function peakFactor(demand: Demand): number {
  const season = demand === 'registry' ? MOVING_SEASON_PEAK : demand === 'tax' ? DAY_FACTORS.taxSeason : 1;
  return DAY_FACTORS.afterHoliday * Math.max(DAY_FACTORS.monthEdge, season);
}

/** Counter minimum ≈ visitors per hour × 2 minutes ÷ 60, at least 1. */
function minimumAt(counter: CityCounter, factor: number): number {
  return Math.max(1, Math.round((counter.visitorsPerHour * factor * CITY.minutesPerVisitor) / 60));
}

function toCounter(c: CityCounter, days: readonly IsoDate[], factors: readonly DayFactors[]): Counter {
  const mins = factors.map((f) => minimumAt(c, factorOn(c.demand, f)));
  const same = mins.every((m) => m === mins[0]);
  const min: number | Record<IsoDate, number> = same && mins.length > 0 ? mins[0] : Object.fromEntries(days.map((d, i) => [d, mins[i]]));
  return { id: c.id, division: c.division, name: c.name, min };
}

/** A few staff also serve a counter of another division of their department. */
function crossTrain(rng: Rng, staff: readonly StaffDraft[], units: readonly Unit[], counters: readonly CityCounter[], count: number): void {
  const departmentOf = new Map(units.map((u) => [u.id, u.department]));
  const byDepartment = new Map<string, CityCounter[]>();
  for (const c of counters) {
    const dept = departmentOf.get(c.division) ?? '';
    byDepartment.set(dept, [...(byDepartment.get(dept) ?? []), c]);
  }
  let placed = 0;
  for (let attempt = 0; attempt < count * 50 && placed < count && staff.length > 0; attempt++) {
    const person = rng.pick(staff);
    const options = (byDepartment.get(departmentOf.get(person.division) ?? '') ?? []).filter(
      (c) => c.division !== person.division && !person.counters.includes(c.id),
    );
    if (options.length === 0) continue;
    person.counters.push(rng.pick(options).id);
    placed++;
  }
}

/** ~10% of divisions share terminals: 10–30% of their teleworkable staff, 2–8. */
function withTerminals(rng: Rng, units: readonly Unit[], staff: readonly StaffDraft[]): Division[] {
  const able = new Map<string, number>();
  for (const s of staff) if (s.canTelework) able.set(s.division, (able.get(s.division) ?? 0) + 1);
  return units.map((u) => {
    const n = able.get(u.id) ?? 0;
    if (n < 6 || !rng.chance(CITY.terminalShare)) return { id: u.id, name: u.name };
    const terminals = Math.min(8, Math.max(2, Math.round(n * (0.1 + 0.2 * rng.float()))));
    return { id: u.id, name: u.name, terminals };
  });
}

/** Split `total` in proportion to `weights`, at least 1 each when the total allows (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const floor = total >= n ? 1 : 0;
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const quotas = weights.map((w) => (rest * w) / sum);
  const out = quotas.map((q) => floor + Math.floor(q));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => ({ i, f: q - Math.floor(q) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k].i]++;
  return out;
}

/** `apportion` with no share above its cap (the overflow goes to the others). */
function apportionCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let left = Math.min(
    total,
    caps.reduce((a, b) => a + b, 0),
  );
  let open = weights.map((w, i) => (w > 0 && caps[i] > 0 ? i : -1)).filter((i) => i >= 0);
  while (left > 0 && open.length > 0) {
    const add = apportionFree(
      left,
      open.map((i) => weights[i]),
    );
    open.forEach((i, k) => (out[i] += add[k]));
    let over = 0;
    for (const i of open) {
      if (out[i] > caps[i]) {
        over += out[i] - caps[i];
        out[i] = caps[i];
      }
    }
    left = over;
    open = open.filter((i) => out[i] < caps[i]);
  }
  return out;
}

/** Largest-remainder split without a floor of 1. */
function apportionFree(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const quotas = weights.map((w) => (total * w) / sum);
  const out = quotas.map((q) => Math.floor(q));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => ({ i, f: q - Math.floor(q) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % out.length, left--) out[order[k].i]++;
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
