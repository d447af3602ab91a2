/**
 * Exhaustive optimum of a tiny problem: every subset of telework options is
 * tried, and each day's counter coverage is a maximum bipartite matching found
 * by plain augmenting paths. Shares nothing with the engine; usable up to
 * about 16 free options.
 */
import { Assignment, Problem, Shortfall } from '../../src/domain/rotation';
import { RuleId } from '../../src/domain/rules';
import { checkRoster } from '../../src/engine/check';

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
      const present = p.staff.map((s, i) => !s.absent.includes(days[d]) && !tw.has(`${i}/${d}`));
      const { slots, owner } = coverCounters(p, days[d], present);
      obj -= penalty * (slots.length - owner.size);
    }
    return obj;
  }
}

/**
 * A day's counters staffed as fully as they can be: one slot per person a counter needs, and a maximum
 * matching of the present, qualified staff to the slots by plain augmenting paths (`owner`: staff index → slot).
 */
export function coverCounters(p: Problem, day: string, present: readonly boolean[]): { slots: string[]; owner: Map<number, number> } {
  const min = (c: Problem['counters'][number]) => (typeof c.min === 'number' ? c.min : (c.min[day] ?? 0));
  const slots: string[] = [];
  for (const c of p.counters) for (let k = 0; k < min(c); k++) slots.push(c.id);
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
  for (let sl = 0; sl < slots.length; sl++) tryAssign(sl, new Set());
  return { slots, owner };
}

/** Staff missing at the counters on day `d` when `tw` ("i/d") telework. */
export function missingOn(p: Problem, d: number, tw: ReadonlySet<string>): number {
  const present = p.staff.map((s, i) => !s.absent.includes(p.days[d]) && !tw.has(`${i}/${d}`));
  const { slots, owner } = coverCounters(p, p.days[d], present);
  return slots.length - owner.size;
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

/** Rules about what a roster writes rather than what it decides: the exhaustive search leaves them to the checker's score. */
const UNWRITTEN: readonly RuleId[] = ['place', 'turns-short', 'objective'];

/**
 * Exhaustive optimum of a tiny problem, the format's extension included, scored by the independent checker:
 * every pattern of telework over the person-days where anyone could telework (able to, not absent, not pinned
 * to the office; pinned telework always) is written as a roster, each day's counters staffed by a maximum
 * matching; a pattern counts when the checker finds no broken rule but those the roster leaves unwritten, and
 * scores what the checker says its assignments deserve. Undefined when no pattern keeps the rules; usable up
 * to about 14 free person-days.
 */
export function bruteForceByChecker(p: Problem): number | undefined {
  const cells: [number, number][] = [];
  const fixed = new Set<string>();
  p.staff.forEach((s, i) =>
    p.days.forEach((day, d) => {
      const pin = s.pinned?.[day];
      if (s.absent.includes(day) || pin === 'office' || !s.canTelework) return;
      if (pin === 'telework') fixed.add(`${i}/${d}`);
      else cells.push([i, d]);
    }),
  );
  if (cells.length > 14) throw new Error(`bruteForceByChecker: ${cells.length} free person-days is too many`);
  let best: number | undefined;
  for (let mask = 0; mask < 1 << cells.length; mask++) {
    const tw = new Set(fixed);
    cells.forEach(([i, d], b) => {
      if (mask & (1 << b)) tw.add(`${i}/${d}`);
    });
    const report = checkRoster(p, rosterOf(p, tw));
    if (report.violations.some((v) => !UNWRITTEN.includes(v.rule))) continue;
    if (best === undefined || report.objective > best) best = report.objective;
  }
  return best;
}

/** The roster of a telework pattern (`staff index/day index`), counters by maximum matching. */
function rosterOf(p: Problem, tw: ReadonlySet<string>): Parameters<typeof checkRoster>[1] {
  const assignments: Assignment[] = [];
  const shortfalls: Shortfall[] = [];
  const counterOf = new Map<string, string>();
  p.days.forEach((day, d) => {
    const present = p.staff.map((s, i) => !s.absent.includes(day) && !tw.has(`${i}/${d}`));
    const { slots, owner } = coverCounters(p, day, present);
    for (const [i, slot] of owner) counterOf.set(`${i}/${d}`, slots[slot]);
    for (const c of p.counters) {
      const missing = slots.filter((id) => id === c.id).length - [...owner.values()].filter((slot) => slots[slot] === c.id).length;
      if (missing > 0) shortfalls.push({ counter: c.id, day, missing });
    }
  });
  p.staff.forEach((s, i) =>
    p.days.forEach((day, d) => {
      const counter = counterOf.get(`${i}/${d}`);
      if (s.absent.includes(day)) assignments.push({ staff: s.id, day, mode: 'absent' });
      else if (tw.has(`${i}/${d}`)) assignments.push({ staff: s.id, day, mode: 'telework' });
      else assignments.push(counter ? { staff: s.id, day, mode: 'office', counter } : { staff: s.id, day, mode: 'office' });
    }),
  );
  return { format: 'rotation-roster/1', problem: p.name, status: 'feasible', objective: 0, assignments, shortfalls };
}
