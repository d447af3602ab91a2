/**
 * A decided week (telework and counter per person-day) and what it is worth.
 * Both the engine's search and its explanations evaluate decisions here, so
 * the objective is computed in exactly one place in the engine.
 */
import { Assignment, Roster, ROSTER_FORMAT, RosterStatus, Shortfall, SolveStats } from '../domain/rotation';
import { PersonDayFlow } from './network';
import { bonusNonConcave, bonusStep, bonusSteps, PIN_TELEWORK, Prepared, REGIME_MORE_THAN_L, REGIME_RELAXED } from './prepare';

export interface Evaluation {
  readonly objective: number;
  readonly granted: number;
  readonly requested: number;
  /** Per counter-day: staff missing. */
  readonly missing: Int32Array;
}

export function evaluate(prep: Prepared, sol: PersonDayFlow): Evaluation {
  const nd = prep.dayCount;
  const ext = prep.ext;
  let objective = 0;
  let granted = 0;
  let requested = 0;
  for (let i = 0; i < prep.staffCount; i++) {
    let days = 0;
    for (let d = 0; d < nd; d++) {
      const k = i * nd + d;
      const w = prep.weight[k];
      if (w >= 0) requested++;
      if (!sol.telework[k]) continue;
      days++;
      if (w >= 0) {
        objective += w;
        granted++;
      } else if (ext.active && ext.turnOption[k]) {
        objective += ext.turnDayWeight;
      }
    }
    for (let g = 0; g < days; g++) objective += bonusStep(prep, g);
  }
  // Goals: turnWeight for each day toward minDays, `done` and pins included (group.start).
  for (const group of ext.groups) {
    if (group.minDays <= 0) continue;
    let days = group.start;
    for (const i of group.members) {
      for (const d of group.days) {
        const k = i * nd + d;
        if (sol.telework[k] && prep.pin[k] !== PIN_TELEWORK) days++;
      }
    }
    objective += group.turnWeight * Math.min(group.minDays, days);
  }
  const assigned = new Int32Array(prep.counterCount * nd);
  for (let k = 0; k < sol.counter.length; k++) {
    const c = sol.counter[k];
    if (c >= 0) assigned[c * nd + (k % nd)]++;
  }
  const missing = new Int32Array(prep.counterCount * nd);
  let totalMissing = 0;
  for (let k = 0; k < missing.length; k++) {
    missing[k] = Math.max(0, prep.counterMinimum[k] - assigned[k]);
    totalMissing += missing[k];
  }
  objective -= prep.penalty * totalMissing;
  return { objective, granted, requested, missing };
}

export function toRoster(prep: Prepared, sol: PersonDayFlow, evaluation: Evaluation, status: RosterStatus, stats: SolveStats): Roster {
  const { problem } = prep;
  const nd = prep.dayCount;
  const assignments = new Array<Assignment>(prep.staffCount * nd);
  for (let i = 0; i < prep.staffCount; i++) {
    const staff = problem.staff[i].id;
    for (let d = 0; d < nd; d++) {
      const k = i * nd + d;
      const day = prep.days[d];
      if (prep.absent[k]) assignments[k] = { staff, day, mode: 'absent' };
      else if (sol.telework[k]) assignments[k] = { staff, day, mode: 'telework' };
      else if (sol.counter[k] >= 0) assignments[k] = { staff, day, mode: 'office', counter: problem.counters[sol.counter[k]].id };
      else assignments[k] = { staff, day, mode: 'office' };
    }
  }
  const shortfalls: Shortfall[] = [];
  for (let c = 0; c < prep.counterCount; c++) {
    for (let d = 0; d < nd; d++) {
      const missing = evaluation.missing[c * nd + d];
      if (missing > 0) shortfalls.push({ counter: problem.counters[c].id, day: prep.days[d], missing });
    }
  }
  return {
    format: ROSTER_FORMAT,
    problem: problem.name,
    status,
    objective: evaluation.objective,
    assignments,
    shortfalls,
    stats,
  };
}

/** Telework and counters of an existing roster, as person-day arrays (unknown ids ignored). */
export function fromRoster(prep: Prepared, roster: Roster): PersonDayFlow {
  const nd = prep.dayCount;
  const dayIndex = new Map(prep.days.map((d, i) => [d, i]));
  const telework = new Uint8Array(prep.staffCount * nd);
  const counter = new Int32Array(prep.staffCount * nd).fill(-1);
  for (const a of roster.assignments) {
    const i = prep.staffIndex.get(a.staff);
    const d = dayIndex.get(a.day);
    if (i === undefined || d === undefined) continue;
    const k = i * nd + d;
    if (a.mode === 'telework') telework[k] = 1;
    else if (a.mode === 'office' && a.counter !== undefined) counter[k] = prep.counterIndex.get(a.counter) ?? -1;
  }
  return { telework, counter };
}

/**
 * Where the network valued a week above its worth: persons in the relaxed bonus regime whose
 * day count the sorted-steps relaxation overvalues, and persons in the "more than L" regime
 * who did not get there (that branch is then infeasible).
 */
export interface BonusGap {
  /** Relaxed value − true value (≥ 0). */
  readonly gap: number;
  readonly overvalued: readonly number[];
  readonly unreachable: boolean;
}

export function bonusGap(prep: Prepared, sol: PersonDayFlow): BonusGap {
  const nd = prep.dayCount;
  const L = prep.spreadBonus.length;
  let gap = 0;
  let unreachable = false;
  const overvalued: number[] = [];
  for (let i = 0; i < prep.staffCount; i++) {
    if (!bonusNonConcave(prep, i)) continue;
    let g = 0;
    for (let d = 0; d < nd; d++) g += sol.telework[i * nd + d];
    if (prep.bonusRegime[i] === REGIME_MORE_THAN_L) {
      if (g <= L) unreachable = true;
      continue;
    }
    if (prep.bonusRegime[i] !== REGIME_RELAXED) continue;
    const { from, to } = bonusSteps(prep, i);
    const steps: number[] = [];
    for (let s = from; s < to; s++) steps.push(bonusStep(prep, s));
    steps.sort((a, b) => b - a);
    let relaxed = 0;
    let exact = 0;
    for (let s = 0; s < g - from; s++) {
      relaxed += steps[s];
      exact += bonusStep(prep, from + s);
    }
    if (relaxed > exact) {
      gap += relaxed - exact;
      overvalued.push(i);
    }
  }
  return { gap, overvalued, unreachable };
}
