/**
 * One scenario over the period, week after week, as the app would run it:
 * HR's organisation-wide solve each week, with request weights raised for
 * people denied in the last `fairnessWeeks` weeks (the fairness ledger).
 */
import type { IsoDate, Problem, Roster } from '../../domain/rotation';
import type { Scenario, ScenarioChanges, CounterRule } from '../../domain/scenario';
import { solve } from '../../engine';
import { drawProfiles, drawWeekDemand, ResolvedDemand } from './demand';
import { ScenarioResult, Tally } from './kpis';
import type { SimOrganisation } from './organisation';
import { scenarioModel, weekProblem } from './scenario-model';

export interface SimWeek {
  readonly week: string;
  /** Open days (holidays and closures removed); empty for a closed week. */
  readonly days: readonly IsoDate[];
}

export interface ScenarioTask {
  readonly org: SimOrganisation;
  readonly seed: number;
  readonly demand: ResolvedDemand;
  readonly weeks: readonly SimWeek[];
  readonly seasons: readonly CounterRule[];
  readonly baseline: ScenarioChanges;
  readonly scenario: Scenario;
  /** Week indexes whose problem and roster come back with the result (for the insights). */
  readonly keep: readonly number[];
}

export interface KeptWeek {
  readonly index: number;
  readonly problem: Problem;
  readonly roster: Roster;
}

export interface ScenarioOutcome {
  readonly result: ScenarioResult;
  readonly kept: readonly KeptWeek[];
}

/** Requests denied per person in the last `weeks` weeks. */
export class DenialLedger {
  private readonly window: Int32Array[] = [];
  readonly counts: Int32Array;

  constructor(
    size: number,
    private readonly weeks: number,
  ) {
    this.counts = new Int32Array(size);
  }

  push(denied: Int32Array): void {
    if (this.weeks <= 0) return;
    this.window.push(denied);
    for (let i = 0; i < denied.length; i++) this.counts[i] += denied[i];
    if (this.window.length > this.weeks) {
      const old = this.window.shift()!;
      for (let i = 0; i < old.length; i++) this.counts[i] -= old[i];
    }
  }
}

/**
 * The scenario as a sequence of weeks: yields each week's problem, takes its
 * roster back, and returns the outcome. Whoever drives it chooses the solver
 * (the engine here; the benchmark drives it with HiGHS too).
 */
export function* scenarioWeeks(task: ScenarioTask, onWeek: (done: number) => void = () => {}): Generator<Problem, ScenarioOutcome, Roster> {
  const { org, seed, demand, weeks } = task;
  const model = scenarioModel(org, task.seasons, task.baseline, task.scenario);
  const profiles = drawProfiles(seed, demand, org.staff);
  const tally = new Tally(model);
  const ledger = new DenialLedger(org.staff.length, model.policy.fairnessWeeks);
  const keep = new Set(task.keep);
  const kept: KeptWeek[] = [];
  for (const [index, { week, days }] of weeks.entries()) {
    if (days.length === 0) {
      tally.closedWeek(week);
      ledger.push(new Int32Array(org.staff.length));
    } else {
      const wishes = drawWeekDemand(seed, demand, week, index, days, org.staff, profiles);
      const problem = weekProblem(model, week, days, wishes, profiles, ledger.counts);
      const roster = yield problem;
      ledger.push(tally.add(week, problem, roster));
      if (keep.has(index)) kept.push({ index, problem, roster });
    }
    onWeek(index + 1);
  }
  return { result: tally.finish(), kept };
}

/** Runs the scenario with the engine; `onWeek(done)` after every week (it may throw to stop the run). */
export function simulateScenario(task: ScenarioTask, onWeek: (done: number) => void = () => {}): ScenarioOutcome {
  const steps = scenarioWeeks(task, onWeek);
  let step = steps.next();
  while (!step.done) step = steps.next(solve(step.value));
  return step.value;
}
