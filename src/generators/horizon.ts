/**
 * Several weeks of one organisation as one problem with periods and places
 * (docs/format-periods.md): the weeks of a weekly generator (town, city, coupled …) merged,
 * with knobs for a trial period (goal, scope, where turns may fall), a monthly cap that cuts
 * weeks, days already worked, satellite offices and their desks, and the share of staff who
 * mark possible days. Pure and deterministic in its arguments and seed.
 */
import { Counter, IsoDate, Period, Place, Problem, Staff, TurnDays } from '../domain/rotation';
import { Rng } from './random';

export interface HorizonKnobs {
  /** Weeks of the trial period, from the first (0: no trial). */
  readonly trialWeeks: number;
  /** Days each person in scope should telework in the trial. */
  readonly trialMinDays: number;
  /** Share of divisions in the trial's scope (1: the whole organisation, no `divisions` list). */
  readonly trialScope: number;
  readonly turnDays: TurnDays;
  /** A cap per calendar month that ends inside the horizon (0: none), with days done before it. */
  readonly monthlyCap: number;
  /** Satellite offices (on the internal network), and their desks a day. */
  readonly places: number;
  readonly desks: readonly [number, number];
  /** Share of requests made for a satellite office, when there are offices. */
  readonly placeShare: number;
  /** Share of staff who can telework and mark possible days (1–3 a week) on days they did not request. */
  readonly possibleShare: number;
}

export const HORIZON_DEFAULT_KNOBS: HorizonKnobs = {
  trialWeeks: 2,
  trialMinDays: 1,
  trialScope: 1,
  turnDays: 'possible',
  monthlyCap: 6,
  places: 2,
  desks: [2, 6],
  placeShare: 0.15,
  possibleShare: 0.6,
};

/**
 * Merges week problems of one organisation (same divisions, counters and staff, in order) into
 * one problem with `weeks`, then adds periods, places and possible days by the knobs.
 */
export function horizonProblem(weekProblems: readonly Problem[], seed: number, knobs: HorizonKnobs = HORIZON_DEFAULT_KNOBS): Problem {
  if (weekProblems.length === 0) throw new Error('horizonProblem: no weeks');
  const first = weekProblems[0];
  for (const p of weekProblems) {
    if (p.staff.length !== first.staff.length || p.staff.some((s, i) => s.id !== first.staff[i].id)) {
      throw new Error(`horizonProblem: ${p.name} has other staff than ${first.name}`);
    }
  }
  const rng = Rng.derive(seed, 'horizon');
  const days = weekProblems.flatMap((p) => p.days);
  const weeks = weekProblems.map((p) => [...p.days]);

  const counters: Counter[] = first.counters.map((c, ci) => {
    const min: Record<IsoDate, number> = {};
    for (const p of weekProblems) {
      const counter = p.counters[ci];
      for (const day of p.days) {
        const m = typeof counter.min === 'number' ? counter.min : (counter.min[day] ?? 0);
        if (m > 0) min[day] = m;
      }
    }
    return { ...c, min };
  });
  const licences: Record<IsoDate, number> = {};
  let limited = false;
  for (const p of weekProblems) {
    const l = p.policy.licencesPerDay;
    for (const day of p.days) {
      const n = l === undefined ? undefined : typeof l === 'number' ? l : l[day];
      if (n !== undefined) {
        licences[day] = n;
        limited = true;
      }
    }
  }

  const places: Place[] = Array.from({ length: knobs.places }, (_, i) => ({
    id: `sat-${i + 1}`,
    name: `サテライトオフィス${i + 1}`,
    desks: rng.int(knobs.desks[0], knobs.desks[1]),
  }));

  const staff: Staff[] = first.staff.map((s0, i) => {
    const pinnedEntries = weekProblems.flatMap((p) => Object.entries(p.staff[i].pinned ?? {}));
    const pinnedDays = new Set(pinnedEntries.map(([day]) => day));
    // Pinned days stay at home: the weeks' pins were drawn within licences and terminals, not desks.
    const requests = weekProblems.flatMap((p) =>
      p.staff[i].requests.map((r) =>
        places.length > 0 && !pinnedDays.has(r.day) && rng.chance(knobs.placeShare) ? { ...r, place: rng.pick(places).id } : r,
      ),
    );
    const absent = weekProblems.flatMap((p) => p.staff[i].absent);
    const requested = new Set([...requests.map((r) => r.day), ...pinnedDays]);
    const possible: { day: IsoDate; place?: string }[] = [];
    if (s0.canTelework && rng.chance(knobs.possibleShare)) {
      for (const week of weeks) {
        const open = week.filter((d) => !requested.has(d) && !absent.includes(d));
        for (const day of rng.shuffle(open).slice(0, rng.int(1, 3))) {
          possible.push(places.length > 0 && rng.chance(knobs.placeShare) ? { day, place: rng.pick(places).id } : { day });
        }
      }
      possible.sort((a, b) => (a.day < b.day ? -1 : 1));
    }
    const { pinned: _pinned, possible: _possible, ...rest } = s0;
    return {
      ...rest,
      requests,
      absent,
      ...(pinnedEntries.length > 0 ? { pinned: Object.fromEntries(pinnedEntries) } : {}),
      ...(possible.length > 0 ? { possible } : {}),
    };
  });

  const periods: Period[] = [];
  if (knobs.trialWeeks > 0) {
    const trialDays = weeks.slice(0, knobs.trialWeeks).flat();
    const scope =
      knobs.trialScope >= 1
        ? undefined
        : rng.sample(
            first.divisions.map((d) => d.id),
            Math.max(1, Math.round(first.divisions.length * knobs.trialScope)),
          );
    periods.push({
      id: 'trial',
      name: '試行期間',
      from: trialDays[0],
      to: trialDays[trialDays.length - 1],
      ...(scope ? { divisions: scope } : {}),
      minDays: knobs.trialMinDays,
      turnDays: knobs.turnDays,
    });
  }
  if (knobs.monthlyCap > 0) {
    // The first month that begins inside the horizon, or else the month of its first day.
    const start = days.find((d) => d.endsWith('-01')) ?? `${days[0].slice(0, 8)}01`;
    const end = monthEnd(start);
    const done: Record<string, number> = {};
    // Days worked in the month before the horizon begins, leaving room for the person's pins.
    if (start < days[0]) {
      for (const s of staff) {
        if (!s.canTelework || !rng.chance(0.5)) continue;
        const pinned = Object.entries(s.pinned ?? {}).filter(([day, mode]) => mode === 'telework' && day >= start && day <= end).length;
        const most = Math.min(4, knobs.monthlyCap - pinned);
        if (most > 0) done[s.id] = rng.int(0, most);
      }
    }
    periods.push({
      id: start.slice(0, 7),
      name: `${Number(start.slice(5, 7))}月の上限`,
      from: start,
      to: end,
      maxDays: knobs.monthlyCap,
      ...(Object.keys(done).length ? { done } : {}),
    });
  }

  return {
    format: first.format,
    name: `${first.name}..${weekProblems[weekProblems.length - 1].name.split(' ').pop()}`,
    days,
    ...(weeks.length > 1 ? { weeks } : {}),
    policy: { ...first.policy, ...(limited ? { licencesPerDay: licences } : {}) },
    divisions: first.divisions,
    counters,
    staff,
    ...(places.length > 0 ? { places } : {}),
    ...(periods.length > 0 ? { periods } : {}),
  };
}

function monthEnd(first: IsoDate): IsoDate {
  const y = Number(first.slice(0, 4));
  const m = Number(first.slice(5, 7));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${first.slice(0, 8)}${String(last).padStart(2, '0')}`;
}

/** Knobs drawn across their ranges for one seed of a family (desks scale with the staff). */
export function horizonKnobs(seed: number, staff: number): HorizonKnobs {
  const rng = Rng.derive(seed, 'horizon-knobs');
  const deskScale = Math.max(1, Math.round(staff / 400));
  return {
    trialWeeks: rng.int(1, 4),
    trialMinDays: rng.int(1, 3),
    trialScope: rng.pick([0.3, 0.6, 1]),
    turnDays: rng.pick(['possible', 'possible', 'any', 'requested'] as const),
    monthlyCap: rng.pick([0, 4, 6, 8]),
    places: rng.int(0, 4),
    desks: [deskScale, 4 * deskScale],
    placeShare: rng.pick([0, 0.1, 0.3]),
    possibleShare: rng.pick([0.2, 0.5, 0.9]),
  };
}

export function describeHorizonKnobs(k: HorizonKnobs): string {
  return (
    `trial ${k.trialWeeks} wk ≥${k.trialMinDays} d (${k.trialScope === 1 ? 'all' : `${k.trialScope * 100}% of divisions`}, ${k.turnDays}), ` +
    `month cap ${k.monthlyCap || '–'}, ${k.places} offices ${k.desks[0]}–${k.desks[1]} desks, ` +
    `${k.placeShare * 100}% at offices, ${k.possibleShare * 100}% mark possible days`
  );
}

/**
 * A week repeated `count` times, a week apart: the same organisation, absences and pins moved
 * by whole weeks, and in each later week half the staff asking for other days (same number and
 * weights) — the weeks of a family member for horizonProblem.
 */
export function repeatedWeeks(week: Problem, count: number, seed: number): Problem[] {
  const out: Problem[] = [week];
  for (let w = 1; w < count; w++) {
    const rng = Rng.derive(seed, `repeat:${w}`);
    const shift = (day: IsoDate) => addDays(day, 7 * w);
    const days = week.days.map(shift);
    const perDay = <T>(map: Readonly<Record<IsoDate, T>>) => Object.fromEntries(Object.entries(map).map(([d, v]) => [shift(d), v]));
    const { licencesPerDay } = week.policy;
    out.push({
      ...week,
      name: `${week.name} +${w}w`,
      days,
      policy: { ...week.policy, ...(typeof licencesPerDay === 'object' ? { licencesPerDay: perDay(licencesPerDay) } : {}) },
      counters: week.counters.map((c) => (typeof c.min === 'object' ? { ...c, min: perDay(c.min) } : c)),
      staff: week.staff.map((s) => {
        const pinned = s.pinned ? perDay(s.pinned) : undefined;
        let requests = s.requests.map((r) => ({ ...r, day: shift(r.day) }));
        if (rng.chance(0.5) && !pinned) {
          const chosen = rng.shuffle(days).slice(0, requests.length).sort();
          requests = requests.map((r, k) => ({ ...r, day: chosen[k] }));
        }
        return { ...s, requests, absent: s.absent.map(shift), ...(pinned ? { pinned } : {}) };
      }),
    });
  }
  return out;
}

function addDays(day: IsoDate, n: number): IsoDate {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
