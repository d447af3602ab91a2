import type { Counter, Division, IsoDate, Problem } from '../domain/rotation';
import { counterMin } from '../domain/rotation';
import { buildCity } from './city';
import { finishStaff, type StaffDraft } from './draft';
import { PinLedger } from './pins';
import { Rng } from './random';
import { LICENCE_SHARE } from './scaled';

/**
 * Organisations whose divisions are coupled, for measuring the engine where
 * it is hardest (issue 15). The city generator (city.ts) gives the divisions,
 * counters, staff and requests; the knobs then turn up what links divisions
 * and makes their caps bind:
 *
 * - staff also qualified for a counter of another division (兼務・応援): most
 *   within their department, some anywhere in the organisation;
 * - divisions sharing 1–4 telework terminals;
 * - counter minimums from ample to more than the qualified staff can cover;
 * - licences that vary by day around 10% of staff;
 * - 4-day weeks (a week with a public holiday);
 * - office pins on ~2% of staff and a few telework pins;
 * - caregivers with a personal maximum of 3 days.
 *
 * Seeded and deterministic: the same staff, seed and knobs give the same bytes.
 */
export interface CoupledKnobs {
  /** Share of staff also qualified for a counter of another division, 0–0.2. */
  readonly crossShare: number;
  /** Share of divisions with shared terminals (1–4 each), 0–1. */
  readonly terminalShare: number;
  /** Counter minimums: 0 ample (×0.6) … 1 tight (×1.6, some counters beyond their qualified staff). */
  readonly tightness: number;
  /** Licences per day vary by up to ± this share of the mean, 0–0.2. */
  readonly licenceSwing: number;
  /** 4: a week with a public holiday (2026-W48); 5: an ordinary week (2026-W50). */
  readonly dayCount: 4 | 5;
  /** Office pins, as a share of staff (~0.02). */
  readonly officePins: number;
  /** Telework pins, as a share of staff. */
  readonly teleworkPins: number;
  /** Caregivers get a personal maximum of 3 telework days. */
  readonly caregiverMax: number;
}

/** The knobs of the measured instances: 5% cross-qualified, 30% of divisions with terminals, tight. */
export const COUPLED_DEFAULT_KNOBS: CoupledKnobs = {
  crossShare: 0.05,
  terminalShare: 0.3,
  tightness: 0.8,
  licenceSwing: 0.2,
  dayCount: 5,
  officePins: 0.02,
  teleworkPins: 0.005,
  caregiverMax: 3,
};

/** Knobs drawn across the family's ranges for `seed` (the benchmark and the tests sweep seeds). */
export function coupledKnobs(seed: number): CoupledKnobs {
  const rng = Rng.derive(seed, 'coupled-knobs');
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    crossShare: round(0.2 * rng.float()),
    terminalShare: round(rng.float()),
    tightness: round(rng.float()),
    licenceSwing: round(0.2 * rng.float()),
    dayCount: rng.chance(0.3) ? 4 : 5,
    officePins: 0.02,
    teleworkPins: round(0.01 * rng.float()),
    caregiverMax: 3,
  };
}

/** A short label of the knobs, for tables and problem names. */
export function describeKnobs(k: CoupledKnobs): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    `cross ${pct(k.crossShare)}`,
    `terminals ${pct(k.terminalShare)}`,
    `tight ${k.tightness.toFixed(2)}`,
    `licences ±${pct(k.licenceSwing)}`,
    `${k.dayCount}-day`,
    `pins ${pct(k.officePins)}+${pct(k.teleworkPins)}`,
  ].join(', ');
}

export function coupledProblem(staffCount: number, seed: number, knobs: CoupledKnobs = coupledKnobs(seed)): Problem {
  if (!Number.isSafeInteger(staffCount) || staffCount < 1) throw new Error(`staff must be a positive integer: ${staffCount}`);
  checkKnobs(knobs);
  const week = knobs.dayCount === 4 ? '2026-W48' : '2026-W50';
  const base = buildCity({
    name: `coupled-${staffCount} seed-${seed} ${week}`,
    staff: staffCount,
    licencesPerDay: Math.max(1, Math.round(staffCount * LICENCE_SHARE)),
    seed,
    week,
    idPrefix: 's',
    pins: 0,
  });
  if (base.days.length !== knobs.dayCount) throw new Error(`${week} has ${base.days.length} working days, not ${knobs.dayCount}`);
  const rng = Rng.derive(seed, `coupled:${staffCount}`);
  const staff: StaffDraft[] = base.staff.map((s) => ({
    ...s,
    counters: [...s.counters],
    requests: [...s.requests],
    absent: [...s.absent],
    ...(s.pinned ? { pinned: { ...s.pinned } } : {}),
  }));

  // Caregivers (the city's personal maximum is 4) get at most 3 days.
  for (const s of staff) if (s.maxTeleworkDays !== undefined) s.maxTeleworkDays = Math.min(s.maxTeleworkDays, knobs.caregiverMax);

  crossQualify(rng, staff, base.divisions, base.counters, knobs.crossShare);
  const counters = tighten(rng, base.counters, base.days, staff, knobs.tightness);
  const divisions = shareTerminals(rng, base.divisions, staff, knobs.terminalShare);
  const policy = { ...base.policy, licencesPerDay: swingLicences(rng, base.days, staffCount, knobs.licenceSwing) };

  const ledger = new PinLedger(policy, divisions, base.days);
  const pinCount = (share: number) => Math.round(staffCount * share);
  placePins(rng, staff, base.days, ledger, pinCount(knobs.officePins), 'office');
  placePins(rng, staff, base.days, ledger, pinCount(knobs.teleworkPins), 'telework');

  const order = new Map(counters.map((c, i) => [c.id, i]));
  return {
    ...base,
    name: `coupled-${staffCount} seed-${seed} ${week}`,
    policy,
    divisions,
    counters,
    staff: staff.map((s) => finishStaff(s, order)),
  };
}

function checkKnobs(k: CoupledKnobs): void {
  const within = (name: string, x: number, lo: number, hi: number) => {
    if (!(x >= lo && x <= hi)) throw new Error(`${name} must be between ${lo} and ${hi}: ${x}`);
  };
  within('crossShare', k.crossShare, 0, 0.2);
  within('terminalShare', k.terminalShare, 0, 1);
  within('tightness', k.tightness, 0, 1);
  within('licenceSwing', k.licenceSwing, 0, 0.2);
  within('officePins', k.officePins, 0, 0.2);
  within('teleworkPins', k.teleworkPins, 0, 0.2);
  within('caregiverMax', k.caregiverMax, 0, 7);
  if (k.dayCount !== 4 && k.dayCount !== 5) throw new Error(`dayCount must be 4 or 5: ${String(k.dayCount)}`);
}

/**
 * Scales every counter's minimums by 0.6–1.6 with the tightness; above 0.5, a
 * share of the counters (up to a quarter) asks on some days for one more person
 * than are qualified for it, so they cannot be covered whoever stays in.
 */
function tighten(
  rng: Rng,
  counters: readonly Counter[],
  days: readonly IsoDate[],
  staff: readonly StaffDraft[],
  tightness: number,
): Counter[] {
  const qualified = new Map<string, number>();
  for (const s of staff) for (const c of s.counters) qualified.set(c, (qualified.get(c) ?? 0) + 1);
  const factor = 0.6 + tightness;
  const beyond = Math.max(0, tightness - 0.5) / 2;
  return counters.map((c) => {
    const q = qualified.get(c.id) ?? 0;
    const over = rng.chance(beyond);
    const mins = days.map((d) => {
      const scaled = Math.max(1, Math.round(counterMin(c, d) * factor));
      return over && rng.chance(0.6) ? q + 1 : Math.min(scaled, Math.max(1, q));
    });
    const same = mins.every((m) => m === mins[0]);
    return { ...c, min: same ? mins[0] : Object.fromEntries(days.map((d, i) => [d, mins[i]])) };
  });
}

/** `share` of staff also serve a counter of another division: 70% in their department, the rest anywhere. */
function crossQualify(
  rng: Rng,
  staff: readonly StaffDraft[],
  divisions: readonly Division[],
  counters: readonly Counter[],
  share: number,
): void {
  const target = Math.round(staff.length * share);
  if (target === 0 || counters.length === 0) return;
  // The city names a division `<department> <division>`; the ward prefix stays with the department.
  const nameOf = new Map(divisions.map((d) => [d.id, d.name]));
  const department = (division: string) => (nameOf.get(division) ?? '').split(' ').slice(0, -1).join(' ');
  const byDepartment = new Map<string, Counter[]>();
  for (const c of counters) {
    const key = department(c.division);
    byDepartment.set(key, [...(byDepartment.get(key) ?? []), c]);
  }
  const candidates = rng.shuffle(staff.filter((s) => s.canTelework || rng.chance(0.3)));
  let placed = 0;
  for (const person of candidates) {
    if (placed >= target) break;
    const near = (byDepartment.get(department(person.division)) ?? []).filter((c) => c.division !== person.division);
    const pool = near.length > 0 && rng.chance(0.7) ? near : counters.filter((c) => c.division !== person.division);
    const options = pool.filter((c) => !person.counters.includes(c.id));
    if (options.length === 0) continue;
    person.counters.push(rng.pick(options).id);
    placed++;
  }
}

/** `share` of the divisions with anyone able to telework share 1–4 terminals. */
function shareTerminals(rng: Rng, divisions: readonly Division[], staff: readonly StaffDraft[], share: number): Division[] {
  const able = new Set(staff.filter((s) => s.canTelework).map((s) => s.division));
  return divisions.map((d) => {
    const { terminals: _ignored, ...plain } = d;
    if (!able.has(d.id) || !rng.chance(share)) return plain;
    return { ...plain, terminals: rng.int(1, 4) };
  });
}

/** Licences per day: ~10% of staff, each day off by up to ±swing. */
function swingLicences(rng: Rng, days: readonly IsoDate[], staffCount: number, swing: number): Record<IsoDate, number> {
  const mean = staffCount * LICENCE_SHARE;
  return Object.fromEntries(days.map((d) => [d, Math.max(1, Math.round(mean * (1 + swing * (2 * rng.float() - 1))))]));
}

/** Pins on requested days where possible (a chief's usual pins), kept consistent by the ledger. */
function placePins(
  rng: Rng,
  staff: readonly StaffDraft[],
  days: readonly IsoDate[],
  ledger: PinLedger,
  count: number,
  mode: 'office' | 'telework',
): void {
  let placed = 0;
  for (let attempt = 0; attempt < count * 30 && placed < count && staff.length > 0; attempt++) {
    const person = rng.pick(staff);
    const requested = person.requests.map((r) => r.day);
    const day = requested.length > 0 && rng.chance(0.8) ? rng.pick(requested) : rng.pick(days);
    if (ledger.pin(person, day, mode)) placed++;
  }
}
