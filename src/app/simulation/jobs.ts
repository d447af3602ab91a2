/**
 * The units of work a simulation hands to worker threads: a whole scenario
 * (its weeks depend on each other through the fairness ledger) or the
 * re-solves of one sampled week for the insights. Input and output are plain
 * data, so they cross to a worker and back by structured cloning.
 */
import { InsightTask, WeekGain, weekGains } from './insights';
import { ScenarioOutcome, ScenarioTask, simulateScenario } from './simulate-scenario';

export type Job = { readonly kind: 'scenario'; readonly task: ScenarioTask } | { readonly kind: 'insight'; readonly task: InsightTask };

export type JobOutput<J extends Job> = J extends { kind: 'scenario' } ? ScenarioOutcome : WeekGain[];

/** Runs a job; `progress(done)` counts weeks (scenario) or changes (insight). */
export function runJob(job: Job, progress: (done: number) => void): ScenarioOutcome | WeekGain[] {
  return job.kind === 'scenario' ? simulateScenario(job.task, progress) : weekGains(job.task, progress);
}

/** Steps a job reports through `progress`. */
export function stepsOf(job: Job): number {
  return job.kind === 'scenario' ? job.task.weeks.length : job.task.changes.length;
}
