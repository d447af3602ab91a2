/**
 * Turns a solution of the natural model back into a roster. Only the t and a
 * columns are read: shortfalls, the objective and (with the extension's goals)
 * `turnsShort` are recomputed from the assignments, so a solver's rounding or a
 * slack m or u column cannot leak into the roster. Telework entries away from
 * home carry their place.
 */
import {
  Assignment,
  Problem,
  ROSTER_FORMAT,
  Roster,
  RosterStatus,
  Shortfall,
  TurnShort,
  shortfallPenaltyOf,
  spreadBonusOf,
} from '../domain/rotation';
import { ColumnKind, NaturalModel, counterNeeds } from './natural-model';
import { AT_HOME, readExtension } from './natural-model-periods';

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
  const ext = readExtension(problem, new Map(problem.days.map((day, d) => [day, d])));
  const places = problem.places ?? [];
  const placeOf = new Int32Array(numDays);
  const turn = new Uint8Array(numDays);
  const perWeek = new Int32Array(ext.numWeeks);
  const shortIn: TurnShort[][] = ext.periods.map(() => []);
  let goals = 0;
  problem.staff.forEach((staff, s) => {
    const absent = new Set(staff.absent);
    const weightOn = new Map(staff.requests.map((r) => [r.day, r.weight]));
    ext.placesOf(staff, placeOf);
    ext.turnDaysOf(staff, turn);
    perWeek.fill(0);
    problem.days.forEach((day, d) => {
      const slot = s * numDays + d;
      if (absent.has(day)) {
        assignments.push({ staff: staff.id, day, mode: 'absent' });
      } else if (telework[slot]) {
        const place = placeOf[d];
        assignments.push({ staff: staff.id, day, mode: 'telework', ...(place === AT_HOME ? {} : { place: places[place].id }) });
        perWeek[ext.weekOf[d]]++;
        const pinned = staff.pinned?.[day] === 'telework';
        requestWeights += weightOn.get(day) ?? (turn[d] === 1 && !pinned ? ext.turnDayWeight : 0);
      } else if (counterAt[slot] >= 0) {
        const c = counterAt[slot];
        assignments.push({ staff: staff.id, day, mode: 'office', counter: problem.counters[c].id });
        served[c * numDays + d]++;
      } else {
        assignments.push({ staff: staff.id, day, mode: 'office' });
      }
    });
    for (const granted of perWeek) for (let g = 0; g < granted; g++) spreadBonuses += bonus[g] ?? 0;
    ext.periods.forEach((period, p) => {
      if (period.goal <= 0 || !period.inScope(staff)) return;
      let days = period.doneOf(staff);
      for (let d = 0; d < numDays; d++) if (period.days[d] === 1 && telework[s * numDays + d]) days++;
      goals += period.turnWeight * Math.min(period.goal, days);
      if (days < period.goal) shortIn[p].push({ period: period.period.id, staff: staff.id, days, minDays: period.goal });
    });
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
    objective: requestWeights + spreadBonuses + goals - shortfallPenaltyOf(problem.policy) * missingTotal,
    assignments,
    shortfalls,
    ...(ext.hasGoals ? { turnsShort: shortIn.flat() } : {}),
  };
}

function clash(problem: Problem, slot: number): Error {
  const numDays = problem.days.length;
  const staff = problem.staff[Math.floor(slot / numDays)].id;
  const day = problem.days[slot % numDays];
  return new Error(`one-entry-per-day: the solution gives ${staff} two entries on ${day}`);
}
