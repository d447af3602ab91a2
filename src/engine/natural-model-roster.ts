/**
 * Turns a solution of the natural model back into a roster. Only the t and a
 * columns are read: shortfalls and the objective are recomputed from the
 * assignments, so a solver's rounding or a slack m column cannot leak into the
 * roster.
 */
import { Assignment, Problem, ROSTER_FORMAT, Roster, RosterStatus, Shortfall, shortfallPenaltyOf, spreadBonusOf } from '../domain/rotation';
import { ColumnKind, NaturalModel, counterNeeds } from './natural-model';

/** What an adapter that solves the natural model returns. */
export interface SolvedRoster {
  readonly roster: Roster;
  /** The objective the solver reported (plus the model's constant offset). */
  readonly objective: number;
  readonly status: RosterStatus;
  /** Wall time of the whole solve: model, solver input, solver, roster. */
  readonly millis: number;
  /** Part of `millis` spent writing and reading the solver's input format. */
  readonly lpMillis?: number;
  /** Proven upper bound on the objective, when the solver reports one. */
  readonly bound?: number;
}

/**
 * Builds the roster for column values `values` (indexed like the model's
 * columns). Throws if the values break the one-entry-per-day rule, which a
 * solver's answer never should.
 */
export function rosterFromSolution(problem: Problem, model: NaturalModel, values: ArrayLike<number>, status: RosterStatus): Roster {
  const numDays = problem.days.length;
  const slots = problem.staff.length * numDays;
  const telework = new Uint8Array(slots);
  const counterAt = new Int32Array(slots).fill(-1);

  for (let j = 0; j < model.numCols; j++) {
    if (!(values[j] > 0.5)) continue;
    const kind = model.colKind[j];
    if (kind !== ColumnKind.telework && kind !== ColumnKind.counter) continue;
    const slot = model.colStaff[j] * numDays + model.colDay[j];
    if (kind === ColumnKind.telework) telework[slot] = 1;
    else if (counterAt[slot] >= 0) throw clash(problem, slot);
    else counterAt[slot] = model.colCounter[j];
    if (telework[slot] && counterAt[slot] >= 0) throw clash(problem, slot);
  }

  const assignments: Assignment[] = [];
  const served = new Int32Array(problem.counters.length * numDays);
  let requestWeights = 0;
  let spreadBonuses = 0;
  const bonus = spreadBonusOf(problem.policy);
  problem.staff.forEach((staff, s) => {
    const absent = new Set(staff.absent);
    const weightOn = new Map(staff.requests.map((r) => [r.day, r.weight]));
    let granted = 0;
    problem.days.forEach((day, d) => {
      const slot = s * numDays + d;
      if (absent.has(day)) {
        assignments.push({ staff: staff.id, day, mode: 'absent' });
      } else if (telework[slot]) {
        assignments.push({ staff: staff.id, day, mode: 'telework' });
        granted++;
        requestWeights += weightOn.get(day) ?? 0;
      } else if (counterAt[slot] >= 0) {
        const c = counterAt[slot];
        assignments.push({ staff: staff.id, day, mode: 'office', counter: problem.counters[c].id });
        served[c * numDays + d]++;
      } else {
        assignments.push({ staff: staff.id, day, mode: 'office' });
      }
    });
    for (let g = 0; g < granted; g++) spreadBonuses += bonus[g] ?? 0;
  });

  const need = counterNeeds(problem);
  const shortfalls: Shortfall[] = [];
  let missingTotal = 0;
  problem.counters.forEach((counter, c) => {
    problem.days.forEach((day, d) => {
      const missing = Math.max(0, need[c * numDays + d] - served[c * numDays + d]);
      if (missing > 0) {
        shortfalls.push({ counter: counter.id, day, missing });
        missingTotal += missing;
      }
    });
  });

  return {
    format: ROSTER_FORMAT,
    problem: problem.name,
    status,
    objective: requestWeights + spreadBonuses - shortfallPenaltyOf(problem.policy) * missingTotal,
    assignments,
    shortfalls,
  };
}

function clash(problem: Problem, slot: number): Error {
  const numDays = problem.days.length;
  const staff = problem.staff[Math.floor(slot / numDays)].id;
  const day = problem.days[slot % numDays];
  return new Error(`one-entry-per-day: the solution gives ${staff} two entries on ${day}`);
}
