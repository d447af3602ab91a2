/**
 * A maximum assignment of present staff to counter slots on one day (a
 * bipartite b-matching: counter c has min(c, d) slots).
 *
 * Any maximum matching is a correct base for the coverage network (network.ts
 * explains why); which one we pick only changes how much rerouting the flow
 * needs and how stable counter assignments look. So slots go first to the
 * person who held them in the previous roster, then to people who will be in
 * the office anyway (no telework option that day), then to the rest, and
 * augmenting paths (Kuhn) make the result maximum.
 */
import { availableOn, Prepared } from './prepare';

export interface DayMatching {
  /** Per person: counter index served in the base matching, or -1. */
  readonly counterOf: Int32Array;
  /** Per counter: slots filled. */
  readonly filled: Int32Array;
}

export function baseMatching(prep: Prepared, d: number, previous?: Int32Array): DayMatching {
  const nd = prep.dayCount;
  const counterOf = new Int32Array(prep.staffCount).fill(-1);
  const filled = new Int32Array(prep.counterCount);
  const need = (c: number) => prep.counterMinimum[c * nd + d];
  const eligible = (p: number) => availableOn(prep, p, d);

  // Greedy fill in order of preference.
  const passes: ((p: number) => boolean)[] = [
    (p) => previous !== undefined && previous[p] >= 0,
    (p) => prep.option[p * nd + d] === 0,
    () => true,
  ];
  passes.forEach((accept, pass) => {
    for (let c = 0; c < prep.counterCount; c++) {
      const q = prep.qualified[c];
      for (let k = 0; k < q.length && filled[c] < need(c); k++) {
        const p = q[k];
        if (counterOf[p] >= 0 || !eligible(p) || !accept(p)) continue;
        if (pass === 0 && previous![p] !== c) continue;
        counterOf[p] = c;
        filled[c]++;
      }
    }
  });

  // Augment to a maximum matching.
  const stamp = new Int32Array(prep.staffCount);
  let round = 0;
  const augment = (c: number): boolean => {
    const q = prep.qualified[c];
    for (let k = 0; k < q.length; k++) {
      const p = q[k];
      if (stamp[p] === round || counterOf[p] === c || !eligible(p)) continue;
      stamp[p] = round;
      if (counterOf[p] < 0 || augment(counterOf[p])) {
        if (counterOf[p] >= 0) filled[counterOf[p]]--;
        counterOf[p] = c;
        filled[c]++;
        return true;
      }
    }
    return false;
  };
  for (let c = 0; c < prep.counterCount; c++) {
    while (filled[c] < need(c)) {
      round++;
      if (!augment(c)) break;
    }
  }
  return { counterOf, filled };
}
