import type { StaffDraft } from './draft';
import type { Rng } from './random';

/** A counter as qualification sees it: its id, share of the work and how many must be trained. */
export interface CounterNeed {
  readonly id: string;
  readonly share: number;
  /** Qualified head-count wanted (peak minimum plus a spare); capped at the division's size. */
  readonly target: number;
}

/**
 * Not every member staffs every counter: a share of the division (60–80%
 * unless told) is trained for one or two of its counters, weighted by the
 * counter's share of the work; then counters short of their target train
 * more members, preferring those who already know only one counter.
 */
export function qualifyDivision(rng: Rng, members: readonly StaffDraft[], counters: readonly CounterNeed[], share: number): void {
  if (counters.length === 0 || members.length === 0) return;
  const shares = counters.map((c) => c.share);
  const trained = rng.sample(members, Math.max(1, Math.round(members.length * share)));
  for (const person of trained) {
    const k = counters.length >= 2 && rng.chance(0.5) ? 2 : 1;
    for (const i of rng.weightedOrder(shares, k)) person.counters.push(counters[i].id);
  }
  for (const counter of counters) {
    const target = Math.min(counter.target, members.length);
    let have = members.filter((m) => m.counters.includes(counter.id)).length;
    const candidates = rng.shuffle(members.filter((m) => !m.counters.includes(counter.id))).sort((a, b) => rank(a) - rank(b));
    for (const person of candidates) {
      if (have >= target) break;
      person.counters.push(counter.id);
      have++;
    }
  }
}

/** Fill order for a short counter: members knowing one counter, then none, then two or more. */
function rank(person: StaffDraft): number {
  const n = person.counters.length;
  return n === 1 ? 0 : n === 0 ? 1 : 2;
}
