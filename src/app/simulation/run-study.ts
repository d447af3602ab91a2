/**
 * A study from start to end: every scenario over the period (in parallel,
 * one job per scenario), then the insights on sampled weeks of the baseline
 * (one job per week). Progress counts simulated weeks and re-solved changes.
 */
import { setMaxListeners } from 'node:events';
import type { IsoDate } from '../../domain/rotation';
import { STUDY_RESULT_FORMAT, Study } from '../../domain/scenario';
import { workingDays } from '../../domain/calendar';
import { shiftWeek } from '../calendar';
import type { ResolvedDemand } from './demand';
import { Insight, insightChanges, summariseInsights } from './insights';
import type { ScenarioResult } from './kpis';
import type { SimOrganisation } from './organisation';
import type { Job } from './jobs';
import { CancelledError, freshPoolThreads, JobPool } from './pool';
import type { KeptWeek, ScenarioTask, SimWeek } from './simulate-scenario';

export interface StudyProgress {
  readonly phase: 'simulate' | 'insights';
  readonly done: number;
  readonly total: number;
}

export interface StudyOptions {
  /** Worker threads of a pool made for this study (default: one per core but one; 0 runs in this thread). */
  readonly threads?: number;
  /** A pool to run on instead (the web app keeps one, so its workers stay warm); left open. */
  readonly pool?: JobPool;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: StudyProgress) => void;
}

export interface StudyResult {
  readonly format: typeof STUDY_RESULT_FORMAT;
  readonly name: string;
  readonly organisation: { readonly name: string; readonly staff: number; readonly divisions: number; readonly counters: number };
  readonly start: string;
  readonly weeks: number;
  readonly seed: number;
  readonly demand: { readonly source: 'survey' | 'replay'; readonly replayWeeks: number };
  /** The baseline first, then the scenarios in the study's order. */
  readonly scenarios: readonly ScenarioResult[];
  readonly insights: readonly Insight[] | null;
  /** How the run went (not part of what a seed determines). */
  readonly run: { readonly millis: number; readonly threads: number };
}

/** The simulated weeks: `count` ISO weeks from `start`, with their open days. */
export function studyWeeks(start: string, count: number, closures: readonly IsoDate[]): SimWeek[] {
  return Array.from({ length: count }, (_, i) => {
    const week = shiftWeek(start, i);
    return { week, days: workingDays(week, closures) };
  });
}

/** Up to `n` week indexes spread evenly over the open weeks. */
export function sampleWeeks(weeks: readonly SimWeek[], n: number): number[] {
  const open = weeks.map((w, i) => (w.days.length > 0 ? i : -1)).filter((i) => i >= 0);
  if (open.length <= n) return open;
  return Array.from({ length: n }, (_, k) => open[Math.floor(((k + 0.5) * open.length) / n)]);
}

export async function runStudy(
  study: Study,
  org: SimOrganisation,
  demand: ResolvedDemand,
  options: StudyOptions = {},
): Promise<StudyResult> {
  const started = performance.now();
  const weeks = studyWeeks(study.start, study.weeks, org.closures);
  const keep = study.insights ? sampleWeeks(weeks, study.insights.weeks) : [];
  const scenarios = [study.baseline, ...study.scenarios];
  const pool = options.pool ?? new JobPool(Math.min(options.threads ?? freshPoolThreads(), Math.max(scenarios.length, keep.length)));
  // One job failing (or the caller cancelling) stops the study's other jobs.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per job
  const cancel = () => stop.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) stop.abort();
  let failure: unknown = null;
  const run = <J extends Job>(job: J, onProgress: (done: number) => void) =>
    pool.run(job, { onProgress, signal: stop.signal }).catch((error: unknown) => {
      if (!(error instanceof CancelledError)) failure ??= error;
      stop.abort();
      throw error;
    });
  try {
    let total = scenarios.length * weeks.length;
    const done = new Map<string, number>();
    const report = (phase: StudyProgress['phase']) =>
      options.onProgress?.({ phase, done: [...done.values()].reduce((a, b) => a + b, 0), total });
    const tasks = scenarios.map((scenario, i): ScenarioTask => ({
      org,
      seed: study.seed,
      demand,
      weeks,
      seasons: demand.seasons,
      baseline: study.baseline,
      scenario,
      keep: i === 0 ? keep : [],
    }));
    report('simulate');
    const outcomes = await Promise.all(
      tasks.map((task, i) =>
        run({ kind: 'scenario', task }, (n) => {
          done.set(`s${i}`, n);
          report('simulate');
        }),
      ),
    );
    let insights: Insight[] | null = null;
    if (study.insights) {
      const kept: KeptWeek[] = [...outcomes[0].kept].sort((a, b) => a.index - b.index);
      const changes = insightChanges(org, kept);
      total += kept.length * changes.length;
      report('insights');
      const gains = await Promise.all(
        kept.map(({ problem, roster }, i) =>
          run({ kind: 'insight', task: { problem, roster, changes } }, (n) => {
            done.set(`i${i}`, n);
            report('insights');
          }),
        ),
      );
      insights = summariseInsights(org, kept, changes, gains);
    }
    return {
      format: STUDY_RESULT_FORMAT,
      name: study.name,
      organisation: { name: org.name, staff: org.staff.length, divisions: org.divisions.length, counters: org.counters.length },
      start: study.start,
      weeks: study.weeks,
      seed: study.seed,
      demand: { source: demand.source, replayWeeks: demand.replayWeeks?.length ?? 0 },
      scenarios: outcomes.map((o) => o.result),
      insights,
      run: { millis: Math.round(performance.now() - started), threads: pool.threads },
    };
  } catch (error) {
    // Jobs stopped because another failed report that failure, not their cancelling.
    throw failure ?? error;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    if (!options.pool) pool.close();
  }
}
