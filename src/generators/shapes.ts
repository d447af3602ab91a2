import type { Counter, Division, IsoDate, Policy, Problem } from '../domain/rotation';
import { PROBLEM_FORMAT } from '../domain/rotation';
import { workingDays } from '../domain/calendar';
import { finishStaff, newStaff, serialId, type StaffDraft } from './draft';
import { staffName } from './names';
import { PinLedger, drawPins } from './pins';
import { Rng } from './random';
import { TOWN_DIVISIONS } from './town';

/**
 * Small random instances (1–60 staff, 1–5 divisions) of many shapes, for
 * testing the engine against an exact oracle. Each shape stresses one part of
 * the format; every instance is valid per rotation-v1.md, pins included.
 */
export type ShapeName =
  | 'tiny'
  | 'no-counters'
  | 'everyone-absent'
  | 'licences-zero'
  | 'terminals'
  | 'pins'
  | 'caregivers'
  | 'uncoverable'
  | 'cross-division'
  | 'short-week-3'
  | 'short-week-4'
  | 'licences-per-day-object'
  | 'tight-counters'
  | 'mixed'
  | 'negative-spread'
  | 'zero-weights';

export const SHAPES: ShapeName[] = [
  'tiny',
  'no-counters',
  'everyone-absent',
  'licences-zero',
  'terminals',
  'pins',
  'caregivers',
  'uncoverable',
  'cross-division',
  'short-week-3',
  'short-week-4',
  'licences-per-day-object',
  'tight-counters',
  'mixed',
  'negative-spread',
  'zero-weights',
];

/** The knobs a shape turns; `baseKnobs` draws ordinary values. */
interface Knobs {
  staff: number;
  divisions: number;
  dayCount: number;
  counters: 'none' | 'some';
  minimum: 'normal' | 'tight' | 'uncoverable';
  absence: 'normal' | 'everyone';
  licences: 'none' | 'number' | 'zero' | 'object';
  terminals: 'none' | 'some' | 'tight' | 'all';
  crossShare: number;
  caregivers: boolean;
  pins: number;
  spread: 'normal' | 'negative';
  weights: 'normal' | 'zero';
  penalty: 'default' | 'small';
  maxDays: number;
}

/** The ordinary week the shapes are cut from (Mon 2026-12-07 … Fri 12-11). */
const WEEK = '2026-W50';

export function shapeProblem(seed: number, shape?: ShapeName): Problem {
  const name = shape ?? SHAPES[((seed % SHAPES.length) + SHAPES.length) % SHAPES.length];
  const rng = Rng.derive(seed, `shape:${name}`);
  const knobs = { ...baseKnobs(rng), ...SHAPE_KNOBS[name](rng) };
  return build(rng, `shape-${name} seed-${seed}`, knobs);
}

function baseKnobs(rng: Rng): Knobs {
  const staff = rng.int(2, rng.chance(0.5) ? 15 : 60);
  return {
    staff,
    divisions: rng.int(1, Math.min(5, staff)),
    dayCount: rng.chance(0.8) ? 5 : 4,
    counters: 'some',
    minimum: 'normal',
    absence: 'normal',
    licences: rng.pick(['none', 'number', 'number', 'object'] as const),
    terminals: rng.pick(['none', 'none', 'some'] as const),
    crossShare: rng.chance(0.3) ? 0.05 : 0,
    caregivers: rng.chance(0.2),
    pins: rng.chance(0.2) ? rng.int(1, 3) : 0,
    spread: 'normal',
    weights: 'normal',
    penalty: 'default',
    maxDays: rng.chance(0.05) ? 0 : rng.pick([1, 2, 2, 2, 3, 4, 5]),
  };
}

/** What each shape changes. */
const SHAPE_KNOBS: Record<ShapeName, (rng: Rng) => Partial<Knobs>> = {
  tiny: (rng) => ({ staff: rng.int(1, 3), divisions: 1 }),
  'no-counters': () => ({ counters: 'none' }),
  'everyone-absent': () => ({ absence: 'everyone' }),
  'licences-zero': () => ({ licences: 'zero' }),
  terminals: () => ({ terminals: 'tight' }),
  pins: (rng) => ({ pins: rng.int(2, 12) }),
  caregivers: () => ({ caregivers: true }),
  uncoverable: () => ({ minimum: 'uncoverable' }),
  'cross-division': (rng) => ({ divisions: rng.int(2, 5), staff: rng.int(6, 40), crossShare: 0.5, terminals: 'all' }),
  'short-week-3': () => ({ dayCount: 3 }),
  'short-week-4': () => ({ dayCount: 4 }),
  'licences-per-day-object': () => ({ licences: 'object' }),
  'tight-counters': () => ({ minimum: 'tight' }),
  mixed: (rng) => ({
    dayCount: rng.int(3, 5),
    minimum: rng.pick(['normal', 'tight', 'uncoverable'] as const),
    licences: rng.pick(['number', 'object'] as const),
    terminals: 'some',
    crossShare: 0.2,
    caregivers: true,
    pins: rng.int(1, 6),
    spread: rng.pick(['normal', 'negative'] as const),
    penalty: 'small',
    maxDays: rng.int(1, 3),
  }),
  'negative-spread': (rng) => ({ spread: 'negative', maxDays: rng.int(3, 5) }),
  'zero-weights': () => ({ weights: 'zero' }),
};

function build(rng: Rng, name: string, k: Knobs): Problem {
  const days = pickDays(rng, k.dayCount);
  const divisions = makeDivisions(rng, k);
  const staff = makeStaff(rng, k, divisions);
  const counters = k.counters === 'none' ? [] : makeCounters(rng, divisions);
  qualify(rng, staff, counters, k.crossShare);
  const withMins = counters.map((c) => ({ ...c, min: minimumOf(rng, c.id, staff, days, k.minimum) }));
  if (k.minimum === 'uncoverable' && withMins.length > 0) {
    const i = rng.int(0, withMins.length - 1);
    const qualified = staff.filter((s) => s.counters.includes(withMins[i].id)).length;
    withMins[i] = { ...withMins[i], min: qualified + rng.int(1, 2) };
  }
  for (const person of staff) {
    person.absent = absences(rng, days, k.absence);
    person.requests = requests(rng, person, days, k.weights);
  }
  if (k.absence === 'everyone') everyoneAbsent(rng, staff, days);
  const policy = makePolicy(rng, k, days, staff.length);
  if (k.caregivers) for (const s of staff) if (rng.chance(0.4)) s.maxTeleworkDays = rng.int(0, 5);
  drawPins(rng, staff, new PinLedger(policy, divisions, days), days, k.pins);
  const order = new Map(counters.map((c, i) => [c.id, i]));
  return {
    format: PROBLEM_FORMAT,
    name,
    days,
    policy,
    divisions,
    counters: withMins,
    staff: staff.map((s) => finishStaff(s, order)),
  };
}

function pickDays(rng: Rng, count: number): IsoDate[] {
  const week = workingDays(WEEK);
  const keep = new Set(rng.sample(week, Math.min(count, week.length)));
  return week.filter((d) => keep.has(d));
}

function makeDivisions(rng: Rng, k: Knobs): Division[] {
  return rng.sample(TOWN_DIVISIONS, k.divisions).map((d) => {
    const terminals =
      k.terminals === 'tight'
        ? rng.int(0, 2)
        : k.terminals === 'all'
          ? rng.int(1, 3)
          : k.terminals === 'some' && rng.chance(0.4)
            ? rng.int(0, 4)
            : undefined;
    return terminals === undefined ? { id: d.id, name: d.name } : { id: d.id, name: d.name, terminals };
  });
}

function makeStaff(rng: Rng, k: Knobs, divisions: readonly Division[]): StaffDraft[] {
  return Array.from({ length: k.staff }, (_, i) => {
    const division = i < divisions.length ? divisions[i] : rng.pick(divisions);
    return newStaff(serialId('p', i + 1, 2), division.id, staffName(rng), rng.chance(0.85));
  });
}

function makeCounters(rng: Rng, divisions: readonly Division[]): Omit<Counter, 'min'>[] {
  const out: Omit<Counter, 'min'>[] = [];
  for (const d of divisions) {
    const n = rng.int(out.length === 0 && d === divisions[divisions.length - 1] ? 1 : 0, 2);
    for (let i = 1; i <= n; i++) out.push({ id: `${d.id}-w${i}`, division: d.id, name: `${i}番窓口` });
  }
  return out;
}

/** Own-division counters with chance 0.6 each; other divisions' counters with `crossShare`. */
function qualify(rng: Rng, staff: readonly StaffDraft[], counters: readonly Omit<Counter, 'min'>[], crossShare: number): void {
  for (const person of staff) {
    for (const c of counters) {
      const own = c.division === person.division;
      if (rng.chance(own ? 0.6 : crossShare)) person.counters.push(c.id);
    }
  }
}

function minimumOf(rng: Rng, id: string, staff: readonly StaffDraft[], days: readonly IsoDate[], mode: Knobs['minimum']): Counter['min'] {
  const qualified = staff.filter((s) => s.counters.includes(id)).length;
  const draw = () => (mode === 'tight' ? Math.max(0, qualified - rng.int(0, 1)) : rng.int(0, 2));
  if (rng.chance(0.5)) return draw();
  const min: Record<IsoDate, number> = {};
  for (const d of days) if (rng.chance(0.85)) min[d] = draw();
  return min;
}

function absences(rng: Rng, days: readonly IsoDate[], mode: Knobs['absence']): IsoDate[] {
  if (mode === 'everyone') return [];
  return days.filter(() => rng.chance(0.06));
}

/** Everyone absent all week, or everyone absent on one day on top of ordinary leave. */
function everyoneAbsent(rng: Rng, staff: readonly StaffDraft[], days: readonly IsoDate[]): void {
  const allWeek = rng.chance(0.5);
  const oneDay = rng.pick(days);
  for (const person of staff) {
    person.absent = allWeek ? days.slice() : days.filter((d) => d === oneDay || rng.chance(0.06));
  }
}

/** Requests on any day (even a day of leave, or from someone who cannot telework: the engine must cope). */
function requests(rng: Rng, person: StaffDraft, days: readonly IsoDate[], weights: Knobs['weights']) {
  if (!person.canTelework && !rng.chance(0.1)) return [];
  return days.filter(() => rng.chance(0.5)).map((day) => ({ day, weight: weights === 'zero' ? 0 : rng.pick([0, 5, 10, 20, 30, 45]) }));
}

function makePolicy(rng: Rng, k: Knobs, days: readonly IsoDate[], staff: number): Policy {
  const maxTeleworkDays = k.maxDays;
  const licencesPerDay =
    k.licences === 'none'
      ? undefined
      : k.licences === 'zero'
        ? 0
        : k.licences === 'number'
          ? rng.int(1, Math.max(1, Math.ceil(staff / 2)))
          : Object.fromEntries(days.filter(() => rng.chance(0.8)).map((d) => [d, rng.int(0, Math.max(1, Math.ceil(staff / 2)))]));
  const spreadBonus = k.spread === 'negative' ? negativeSpread(rng) : normalSpread(rng);
  return {
    maxTeleworkDays,
    ...(licencesPerDay === undefined ? {} : { licencesPerDay }),
    ...(spreadBonus.length > 0 ? { spreadBonus } : {}),
    ...(k.penalty === 'small' ? { shortfallPenalty: rng.int(5, 50) } : rng.chance(0.2) ? { shortfallPenalty: 100000 } : {}),
  };
}

/** 0–3 entries, non-negative, non-increasing. */
function normalSpread(rng: Rng): number[] {
  return Array.from({ length: rng.int(0, 3) }, () => rng.int(0, 20)).sort((a, b) => b - a);
}

/** Non-increasing with a negative tail, like [10, 0, -15]. */
function negativeSpread(rng: Rng): number[] {
  const head = rng.int(0, 20);
  const mid = rng.int(-5, head);
  const tail = rng.int(-30, Math.min(-1, mid));
  return rng.chance(0.3) ? [head, tail] : [head, mid, tail];
}
