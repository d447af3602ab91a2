/**
 * Exhaustive optimum of a tiny problem with weeks, periods and places (docs/format-periods.md):
 * every subset of the possible telework days (requested, pinned, turn days) is tried against
 * every rule, read straight from the specification. Shares nothing with the engine; usable up to
 * about 16 free options.
 */
import { Period, Problem, Staff } from '../../src/domain/rotation';
import { Rng } from '../../src/generators/random';
import { missingOn } from './brute-force';

export function bruteForceExtension(p: Problem): number {
  const days = p.days;
  const weeks = p.weeks ?? [p.days];
  const penalty = p.policy.shortfallPenalty ?? 100000;
  const bonus = p.policy.spreadBonus ?? [];
  const turnDayWeight = -(Math.max(0, bonus[0] ?? 0) + 1);
  const periods = p.periods ?? [];
  const places = new Map((p.places ?? []).map((pl) => [pl.id, pl]));
  const lic = (day: string): number => {
    const l = p.policy.licencesPerDay;
    if (l === undefined) return Infinity;
    return typeof l === 'number' ? l : (l[day] ?? Infinity);
  };
  const desks = (id: string, day: string) => {
    const d = places.get(id)!.desks;
    return typeof d === 'number' ? d : (d[day] ?? 0);
  };
  const inScope = (s: Staff, per: (typeof periods)[number]) => s.canTelework && (!per.divisions || per.divisions.includes(s.division));
  const placeOf = (s: Staff, day: string) =>
    s.requests.find((r) => r.day === day)?.place ?? s.possible?.find((q) => q.day === day)?.place ?? 'home';
  const homeLike = (place: string) => place === 'home' || places.get(place)!.licence === true;
  const isTurnDay = (s: Staff, day: string) =>
    periods.some(
      (per) =>
        (per.minDays ?? 0) > 0 &&
        inScope(s, per) &&
        day >= per.from &&
        day <= per.to &&
        (per.turnDays === 'any' || ((per.turnDays ?? 'possible') === 'possible' && (s.possible ?? []).some((q) => q.day === day))),
    );
  const fixed: [number, number][] = [];
  const free: [number, number][] = [];
  p.staff.forEach((s, i) =>
    days.forEach((day, d) => {
      if (s.absent.includes(day)) return;
      const pin = s.pinned?.[day];
      if (pin === 'telework') fixed.push([i, d]);
      else if (pin !== 'office' && s.canTelework && (s.requests.some((r) => r.day === day) || isTurnDay(s, day))) free.push([i, d]);
    }),
  );
  if (free.length > 16) throw new Error(`bruteForceExtension: ${free.length} options is too many`);
  let best = -Infinity;
  for (let mask = 0; mask < 1 << free.length; mask++) {
    const tw = new Set<string>(fixed.map(([i, d]) => `${i}/${d}`));
    free.forEach(([i, d], b) => {
      if (mask & (1 << b)) tw.add(`${i}/${d}`);
    });
    const v = value(tw);
    if (v > best) best = v;
  }
  return best;

  function value(tw: Set<string>): number {
    let obj = 0;
    for (let i = 0; i < p.staff.length; i++) {
      const s = p.staff[i];
      for (const week of weeks) {
        let g = 0;
        for (const day of week) {
          if (!tw.has(`${i}/${days.indexOf(day)}`)) continue;
          g++;
          const r = s.requests.find((q) => q.day === day);
          if (r) obj += r.weight;
          else if (s.pinned?.[day] !== 'telework') obj += turnDayWeight;
        }
        if (g > (s.maxTeleworkDays ?? p.policy.maxTeleworkDays)) return -Infinity;
        for (let k = 0; k < g; k++) obj += bonus[k] ?? 0;
      }
      for (const per of periods) {
        if (!inScope(s, per)) continue;
        let n = 0;
        days.forEach((day, d) => {
          if (day >= per.from && day <= per.to && tw.has(`${i}/${d}`)) n++;
        });
        const done = per.done?.[s.id] ?? 0;
        if (per.maxDays !== undefined && n > Math.max(0, per.maxDays - done)) return -Infinity;
        if ((per.minDays ?? 0) > 0) obj += (per.turnWeight ?? 1000) * Math.min(per.minDays!, done + n);
      }
    }
    for (let d = 0; d < days.length; d++) {
      let n = 0;
      const perDiv = new Map<string, number>();
      const perPlace = new Map<string, number>();
      p.staff.forEach((s, i) => {
        if (!tw.has(`${i}/${d}`)) return;
        const place = placeOf(s, days[d]);
        if (place !== 'home') perPlace.set(place, (perPlace.get(place) ?? 0) + 1);
        if (!homeLike(place)) return;
        n++;
        perDiv.set(s.division, (perDiv.get(s.division) ?? 0) + 1);
      });
      if (n > lic(days[d])) return -Infinity;
      for (const div of p.divisions) if ((perDiv.get(div.id) ?? 0) > (div.terminals ?? Infinity)) return -Infinity;
      for (const [id, used] of perPlace) if (used > desks(id, days[d])) return -Infinity;
      obj -= penalty * missingOn(p, d, tw);
    }
    return obj;
  }
}

/**
 * A tiny random problem of two weeks of two or three days with periods and places, at most
 * `maxOptions` free options; valid by construction (pins are kept within every limit).
 */
export function tinyExtension(seed: number, maxOptions = 14): Problem {
  const rng = new Rng(seed);
  const week1 = ['2026-11-30', '2026-12-01', '2026-12-02'].slice(0, rng.int(2, 3));
  const week2 = ['2026-12-07', '2026-12-08', '2026-12-09'].slice(0, rng.int(2, 3));
  const days = [...week1, ...week2];
  const divisions = [
    { id: 'a', name: 'A', ...(rng.chance(0.5) ? { terminals: rng.int(1, 2) } : {}) },
    { id: 'b', name: 'B', ...(rng.chance(0.3) ? { terminals: 1 } : {}) },
  ];
  const counters = [
    { id: 'ca', division: 'a', name: 'CA', min: rng.int(1, 2) },
    { id: 'cb', division: 'b', name: 'CB', min: rng.int(0, 1) },
  ];
  const places = rng.chance(0.7)
    ? [
        { id: 'sat', name: 'Sat', desks: rng.int(0, 2) },
        ...(rng.chance(0.4) ? [{ id: 'cow', name: 'Cow', desks: { [days[rng.int(0, days.length - 1)]]: 1 }, licence: true }] : []),
      ]
    : [];
  const placeIds = ['home', ...places.map((p) => p.id)];
  const n = rng.int(3, 5);
  let budget = maxOptions;
  const staff = Array.from({ length: n }, (_, i) => {
    const division = i % 3 === 2 ? 'b' : 'a';
    const quals = division === 'a' ? ['ca', ...(rng.chance(0.3) ? ['cb'] : [])] : ['cb', ...(rng.chance(0.3) ? ['ca'] : [])];
    const canTelework = rng.chance(0.9);
    const absent = days.filter(() => rng.chance(0.1));
    const open = days.filter((d) => !absent.includes(d));
    const requests: { day: string; weight: number; place?: string }[] = [];
    const possible: { day: string; place?: string }[] = [];
    for (const day of open) {
      const roll = rng.float();
      if (roll < 0.35 && budget > 0) {
        const place = rng.pick(placeIds);
        requests.push({ day, weight: rng.int(0, 40), ...(place !== 'home' ? { place } : {}) });
        budget--;
      } else if (roll < 0.6 && budget > 0) {
        const place = rng.pick(placeIds);
        possible.push({ day, ...(place !== 'home' ? { place } : {}) });
        budget--;
      }
    }
    return {
      id: `s${i}`,
      division,
      name: `S${i}`,
      canTelework,
      ...(rng.chance(0.2) ? { maxTeleworkDays: rng.int(0, 3) } : {}),
      counters: quals,
      requests,
      absent,
      ...(possible.length ? { possible } : {}),
    };
  });
  const periods: Period[] = [];
  const turnDays = rng.pick(['possible', 'possible', 'any', 'requested'] as const);
  if (rng.chance(0.8)) {
    periods.push({
      id: 'trial',
      from: rng.chance(0.7) ? days[0] : week2[0],
      to: days[days.length - 1],
      ...(rng.chance(0.5) ? { divisions: ['a'] } : {}),
      minDays: rng.int(1, 2),
      turnDays,
      turnWeight: rng.pick([0, 50, 1000]),
      ...(rng.chance(0.3) ? { done: { s0: 1 } } : {}),
    });
  }
  if (rng.chance(0.4)) {
    // A goal inside one week (nested in the trial, which covers whole weeks), sometimes capped.
    periods.push({
      id: 'inner',
      from: week2[0],
      to: week2[1],
      minDays: rng.int(1, 2),
      turnDays: rng.pick(['possible', 'any'] as const),
      turnWeight: rng.pick([30, 700]),
      ...(rng.chance(0.5) ? { maxDays: rng.int(0, 2) } : {}),
      ...(rng.chance(0.3) ? { done: { s2: 1 } } : {}),
    });
  }
  if (rng.chance(0.5)) {
    // A cap cutting the weeks (a month), or of whole weeks.
    const from = rng.chance(0.5) ? week1[1] : days[0];
    periods.push({ id: 'month', from, to: '2026-12-31', maxDays: rng.int(0, 3), ...(rng.chance(0.3) ? { done: { s1: 1 } } : {}) });
  }
  // "any" opens every open day of the trial: keep it only while the search stays small.
  const opened = staff.reduce((n, s) => n + (s.canTelework ? days.length - s.absent.length : 0), 0);
  for (let j = 0; j < periods.length; j++)
    if (periods[j].turnDays === 'any' && opened > 16) periods[j] = { ...periods[j], turnDays: 'possible' };
  return {
    format: 'rotation-problem/1',
    name: `tiny-ext-${seed}`,
    days,
    weeks: [week1, week2],
    policy: {
      maxTeleworkDays: rng.int(1, 2),
      ...(rng.chance(0.6) ? { licencesPerDay: rng.int(1, 3) } : {}),
      spreadBonus: rng.pick([[], [20, 10], [5], [30, -10]]),
    },
    divisions,
    counters,
    staff,
    ...(places.length ? { places } : {}),
    ...(periods.length ? { periods } : {}),
  };
}
