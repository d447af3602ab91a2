/**
 * Exhaustive optimum of a tiny problem: every subset of telework options is
 * tried, and each day's counter coverage is a maximum bipartite matching found
 * by plain augmenting paths. Shares nothing with the engine; usable up to
 * about 16 free options.
 */
import { Problem } from '../../src/domain/rotation';

export function bruteForceOptimum(p: Problem): number {
  const days = p.days;
  const penalty = p.policy.shortfallPenalty ?? 100000;
  const bonus = p.policy.spreadBonus ?? [];
  const lic = (day: string): number => {
    const l = p.policy.licencesPerDay;
    if (l === undefined) return Infinity;
    return typeof l === 'number' ? l : (l[day] ?? Infinity);
  };
  const fixed: [number, number][] = [];
  const free: [number, number][] = [];
  p.staff.forEach((s, i) =>
    days.forEach((day, d) => {
      if (s.absent.includes(day)) return;
      const pin = s.pinned?.[day];
      if (pin === 'telework') fixed.push([i, d]);
      else if (pin !== 'office' && s.canTelework && s.requests.some((r) => r.day === day)) free.push([i, d]);
    }),
  );
  if (free.length > 16) throw new Error(`bruteForceOptimum: ${free.length} options is too many`);
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
      let g = 0;
      days.forEach((day, d) => {
        if (!tw.has(`${i}/${d}`)) return;
        g++;
        const r = s.requests.find((q) => q.day === day);
        if (r) obj += r.weight;
      });
      if (g > (s.maxTeleworkDays ?? p.policy.maxTeleworkDays)) return -Infinity;
      for (let k = 0; k < g; k++) obj += bonus[k] ?? 0;
    }
    for (let d = 0; d < days.length; d++) {
      let n = 0;
      const perDiv = new Map<string, number>();
      p.staff.forEach((s, i) => {
        if (!tw.has(`${i}/${d}`)) return;
        n++;
        perDiv.set(s.division, (perDiv.get(s.division) ?? 0) + 1);
      });
      if (n > lic(days[d])) return -Infinity;
      for (const div of p.divisions) if ((perDiv.get(div.id) ?? 0) > (div.terminals ?? Infinity)) return -Infinity;
      obj -= penalty * missingOn(p, d, tw);
    }
    return obj;
  }
}

/** Staff missing at the counters on day `d` when `tw` ("i/d") telework: slots less a maximum matching of present qualified people. */
export function missingOn(p: Problem, d: number, tw: ReadonlySet<string>): number {
  const day = p.days[d];
  const slots: string[] = [];
  for (const c of p.counters) {
    const min = typeof c.min === 'number' ? c.min : (c.min[day] ?? 0);
    for (let k = 0; k < min; k++) slots.push(c.id);
  }
  const present = p.staff.map((s, i) => !s.absent.includes(day) && !tw.has(`${i}/${d}`));
  const owner = new Map<number, number>();
  const tryAssign = (slot: number, seen: Set<number>): boolean => {
    for (let i = 0; i < p.staff.length; i++) {
      if (!present[i] || seen.has(i) || !p.staff[i].counters.includes(slots[slot])) continue;
      seen.add(i);
      const o = owner.get(i);
      if (o === undefined || tryAssign(o, seen)) {
        owner.set(i, slot);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let sl = 0; sl < slots.length; sl++) if (tryAssign(sl, new Set())) matched++;
  return slots.length - matched;
}

/** Shrinks a generated problem until it has at most `max` free telework options. */
export function tiny(p: Problem, max: number): Problem {
  let budget = max;
  const staff = p.staff.map((s) => {
    const requests = s.requests.filter((r) => {
      const usable = s.canTelework && !s.absent.includes(r.day) && s.pinned?.[r.day] !== 'office' && s.pinned?.[r.day] !== 'telework';
      if (!usable) return true;
      if (budget <= 0) return false;
      budget--;
      return true;
    });
    return { ...s, requests };
  });
  return { ...p, staff };
}
