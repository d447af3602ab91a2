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
import { weekdaysOf } from '../../domain/calendar';

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
  // Trial periods: consecutive blocks of weeks, each person's telework days counted within one.
  const trial = model.trial;
  let done: Record<string, number> = {};
  let short: number | null = null;
  for (const [index, { week, days }] of weeks.entries()) {
    const block = trial ? Math.floor(index / trial.weeks) : 0;
    if (trial && index % trial.weeks === 0) {
      done = {};
      short = null;
    }
    if (days.length === 0) {
      tally.closedWeek(week);
      ledger.push(new Int32Array(org.staff.length));
    } else {
      const wishes = drawWeekDemand(seed, demand, week, index, days, org.staff, profiles);
      const span = trial ? weeks.slice(block * trial.weeks, (block + 1) * trial.weeks) : [];
      const trialWeek = trial
        ? { from: weekdaysOf(span[0].week)[0], to: weekdaysOf(span[span.length - 1].week).at(-1)!, done: { ...done } }
        : undefined;
      const problem = weekProblem(model, week, days, wishes, profiles, ledger.counts, trialWeek);
      const roster = yield problem;
      ledger.push(tally.add(week, problem, roster));
      if (keep.has(index)) kept.push({ index, problem, roster });
      if (trial) {
        for (const a of roster.assignments) if (a.mode === 'telework') done[a.staff] = (done[a.staff] ?? 0) + 1;
        short = roster.turnsShort?.length ?? 0;
      }
    }
    // The end of a trial period: who reached its goal (everyone short at its last solved week is short).
    if (trial && (index % trial.weeks === trial.weeks - 1 || index === weeks.length - 1)) tally.trialPeriod(short);
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
