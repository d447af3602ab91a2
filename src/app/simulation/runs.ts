/**
 * HR's simulation runs in the web app: a study from the form is stored as a
 * queued run, and one runner per process executes queued runs one at a time
 * on the app's own organisation (`runStudy`, on worker threads when built;
 * the workers stay warm for the next run).
 *
 * Live progress stays in memory and reaches the database at most every
 * ~500 ms. A run is cancelled by writing `cancelled` and aborting its
 * AbortController; a runner that finds its run no longer `running` when it
 * saves progress or its heartbeat stops too (so a cancel from another process
 * also ends it).
 *
 * While a run goes, its process writes a heartbeat every few seconds. A
 * `running` run whose heartbeat is older than STALE_MS lost its process (a
 * restart, a crash): it is shown as failed at once and marked failed when a
 * runner next starts or looks for work. Runs still beating belong to another
 * app process on the same PostgreSQL database and are left alone; queued
 * runs wait for whichever runner is free, across restarts too.
 */
import { EntityManager, IsNull, LessThan } from 'typeorm';
import { DateTime } from 'luxon';
import { PROBLEM_FORMAT, Problem } from '../../domain/rotation';
import type { Study } from '../../domain/scenario';
import { weekdayOf, workingDays } from '../../domain/calendar';
import { writeProblem } from '../../domain/serialize';
import { checkStudyReferences, parseStudy } from '../../domain/validate-study';
import { Database } from '../../persistence/database';
import { CounterEntity, DivisionEntity, SimulationRunEntity, SimulationStatus } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { shiftWeek } from '../calendar';
import { conflict, invalid, notFound } from '../errors';
import { SimulationInput, simulationFormData, studyOfInput } from './study-form';
import type { ResolvedDemand } from './demand';
import { loadOrganisation, loadReplayWeeks } from './organisation-db';
import type { SimOrganisation } from './organisation';
import { CancelledError, defaultThreads, JobPool } from './pool';
import { runStudy, StudyProgress, StudyResult } from './run-study';

export const RESTART_MESSAGE = '計算していたサーバーが停止したため中断されました（再起動など）';
export const NO_REPLAY_MESSAGE =
  '保存された在宅勤務の希望がないため、「保存された希望を繰り返す」では実行できません。「アンケートの傾向から作る」を選んでください。';

export const STATUS_LABELS: Readonly<Record<SimulationStatus, string>> = {
  queued: '待機中',
  running: '実行中',
  done: '完了',
  cancelled: '中止',
  failed: '失敗',
};

const ACTIVE: readonly SimulationStatus[] = ['queued', 'running'];
const LOCK = 'simulations';

export interface RunProgress {
  readonly status: SimulationStatus;
  readonly done: number;
  readonly total: number;
  /** Known only while the run is live in this process. */
  readonly phase: StudyProgress['phase'] | null;
}

export interface RunSummary {
  readonly id: number;
  readonly name: string;
  readonly status: SimulationStatus;
  readonly statusLabel: string;
  readonly progress: RunProgress;
  readonly error: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface RunDetail extends RunSummary {
  readonly study: Study;
  readonly result: StudyResult | null;
  /** Names of the counters and divisions the study may name, by id. */
  readonly names: { readonly counters: Readonly<Record<string, string>>; readonly divisions: Readonly<Record<string, string>> };
}

/** An expected failure of a run, shown to HR as it is. */
class RunFailure extends Error {}

const now = () => new Date().toISOString();

/** How long the runner's workers stay warm after a run (HR compares studies in bursts). */
export const WARM_WORKERS_MS = 15 * 60_000;
/** A running run's process writes its heartbeat this often… */
export const HEARTBEAT_MS = 10_000;
/** …and a run without one for this long has lost its process. */
export const STALE_MS = 6 * HEARTBEAT_MS;

/** Whether a `running` run has lost its process (no heartbeat for STALE_MS). */
export function isStale(run: Pick<SimulationRunEntity, 'status' | 'heartbeatAt'>, at: number = Date.now()): boolean {
  return run.status === 'running' && (run.heartbeatAt === null || Date.parse(run.heartbeatAt) < at - STALE_MS);
}

export interface RunnerOptions {
  /** Worker threads (default: one per core; 0 in this thread). */
  readonly threads?: number;
  /** Least time between progress writes. */
  readonly saveEveryMs?: number;
  /** Time between heartbeats (default HEARTBEAT_MS). */
  readonly heartbeatMs?: number;
  /** Where failures are reported (the web app: its log; default stderr). */
  readonly logError?: (message: string, error: unknown) => void;
}

export class SimulationRunner {
  private readonly live = new Map<number, StudyProgress>();
  private current: { readonly id: number; readonly controller: AbortController } | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private started: Promise<void> = Promise.resolve();
  private saving: Promise<void> | null = null;
  private savedAt = 0;
  /** Made at the first run and kept, so that the next run finds its workers warm. */
  private pool: JobPool | null = null;

  constructor(
    private readonly db: Database,
    private readonly options: RunnerOptions = {},
  ) {}

  private logError(message: string, error: unknown): void {
    (this.options.logError ?? ((m, e) => console.error(`${m}:`, e)))(message, error);
  }

  /** Marks the runs whose process stopped as failed, then runs what is queued. */
  start(): Promise<void> {
    this.started = this.recover().then(
      () => undefined,
      (error) => this.logError('simulation runs could not be recovered', error),
    );
    this.kick();
    return this.started;
  }

  /** Resolves once the runs of a previous process are marked; new runs wait for it. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  /** Marks `running` runs without a recent heartbeat failed; how many. */
  async recover(): Promise<number> {
    return this.db.write(
      async (m) => {
        const stale = new Date(Date.now() - STALE_MS).toISOString();
        const result = await m.update(
          SimulationRunEntity,
          [
            { status: 'running', heartbeatAt: IsNull() },
            { status: 'running', heartbeatAt: LessThan(stale) },
          ],
          { status: 'failed', error: RESTART_MESSAGE, finishedAt: now() },
        );
        return result.affected ?? 0;
      },
      [LOCK],
    );
  }

  /** Runs queued runs until none is left (does nothing while already doing so). */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error) => this.logError('simulation runner stopped', error))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when nothing is running or queued in this process. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  progress(id: number): StudyProgress | undefined {
    return this.live.get(id);
  }

  /** Ends the workers (a run in progress fails); for shutting the app down. */
  close(): void {
    this.pool?.close();
    this.pool = null;
  }

  /** Stops the run if this process is running it. */
  abort(id: number): boolean {
    if (this.current?.id !== id) return false;
    this.current.controller.abort();
    return true;
  }

  private async drain(): Promise<void> {
    await this.started;
    await this.recover();
    for (;;) {
      this.again = false;
      const run = await this.claimNext();
      if (run === 'none') return;
      if (run !== 'taken') await this.execute(run);
    }
  }

  /** The oldest queued run, now marked running; `taken` when another process claimed it first. */
  private claimNext(): Promise<SimulationRunEntity | 'none' | 'taken'> {
    return this.db.write(
      async (m) => {
        const run = await m.findOne(SimulationRunEntity, { where: { status: 'queued' }, order: { id: 'ASC' } });
        if (!run) return 'none';
        const claimed = await m.update(
          SimulationRunEntity,
          { id: run.id, status: 'queued' },
          { status: 'running', startedAt: now(), heartbeatAt: now(), progressDone: 0, progressTotal: 0 },
        );
        return claimed.affected ? run : 'taken';
      },
      [LOCK],
    );
  }

  private async execute(run: SimulationRunEntity): Promise<void> {
    const controller = new AbortController();
    this.current = { id: run.id, controller };
    this.live.set(run.id, { phase: 'simulate', done: 0, total: 0 });
    let last: StudyProgress = { phase: 'simulate', done: 0, total: 0 };
    const heartbeat = setInterval(() => this.beat(run.id, controller), this.options.heartbeatMs ?? HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const parsed = parseStudy(run.studyJson);
      if (!parsed.ok) throw new RunFailure(`保存された条件を読めませんでした: ${parsed.issues[0]?.messageJa ?? ''}`);
      const study = parsed.value;
      const m = this.db.manager;
      const org = await loadOrganisation(m);
      const refs = checkStudyReferences(study, {
        divisions: new Set(org.divisions.map((d) => d.id)),
        counters: new Set(org.counters.map((c) => c.id)),
      });
      if (refs.length) throw new RunFailure(`作成後に課・窓口が変わりました: ${refs.map((r) => r.messageJa).join('／')}`);
      const demand = await resolveDemand(m, study);
      this.pool ??= new JobPool(this.options.threads ?? defaultThreads(), { idleMs: WARM_WORKERS_MS });
      const result = await runStudy(study, org, demand, {
        pool: this.pool,
        signal: controller.signal,
        onProgress: (p) => {
          last = p;
          this.progressed(run.id, p, controller);
        },
      });
      await this.finish(run.id, 'done', { resultJson: JSON.stringify(result), progressDone: last.total, progressTotal: last.total });
    } catch (error) {
      if (error instanceof CancelledError || controller.signal.aborted)
        await this.finish(run.id, 'cancelled', { progressDone: last.done, progressTotal: last.total });
      else {
        if (!(error instanceof RunFailure)) this.logError(`simulation run ${run.id} failed`, error);
        const why = error instanceof Error ? error.message : String(error);
        await this.finish(run.id, 'failed', { error: error instanceof RunFailure ? why : `計算中にエラーが起きました（${why}）` });
      }
    } finally {
      clearInterval(heartbeat);
      this.current = null;
      this.live.delete(run.id);
    }
  }

  /** The run's heartbeat; a run no longer `running` (cancelled elsewhere) stops. */
  private beat(id: number, controller: AbortController): void {
    void this.db
      .write((m) => m.update(SimulationRunEntity, { id, status: 'running' }, { heartbeatAt: now() }), [LOCK])
      .then((r) => {
        if (!r.affected) controller.abort();
      })
      .catch((error) => this.logError(`heartbeat of simulation run ${id} not saved`, error));
  }

  private progressed(id: number, p: StudyProgress, controller: AbortController): void {
    this.live.set(id, p);
    const t = Date.now();
    if (this.saving || t - this.savedAt < (this.options.saveEveryMs ?? 500)) return;
    this.savedAt = t;
    this.saving = this.db
      .write(
        (m) =>
          m.update(SimulationRunEntity, { id, status: 'running' }, { progressDone: p.done, progressTotal: p.total, heartbeatAt: now() }),
        [LOCK],
      )
      .then((r) => {
        // Cancelled (or marked failed) elsewhere: stop computing.
        if (!r.affected) controller.abort();
      })
      .catch((error) => this.logError(`progress of simulation run ${id} not saved`, error))
      .finally(() => (this.saving = null));
  }

  /** The run's outcome, unless it was already cancelled or marked failed meanwhile. */
  private async finish(id: number, status: SimulationStatus, values: Partial<SimulationRunEntity>): Promise<void> {
    await this.saving;
    try {
      await this.db.write(
        (m) => m.update(SimulationRunEntity, { id, status: 'running' }, { ...values, status, finishedAt: now() }),
        [LOCK],
      );
    } catch (error) {
      this.logError(`simulation run ${id} could not be saved as ${status}`, error);
    }
  }
}

/** The study's demand with the weeks to replay read from the stored requests. */
async function resolveDemand(m: EntityManager, study: Study): Promise<ResolvedDemand> {
  const { replay: _files, ...model } = study.demand;
  if (model.source !== 'replay') return model;
  const replayWeeks = await loadReplayWeeks(m);
  if (replayWeeks.length === 0) throw new RunFailure(NO_REPLAY_MESSAGE);
  return { ...model, replayWeeks };
}

// ── Use cases ──────────────────────────────────────────────────────────────

/** Everything but the study and the results, which can be large. */
const SUMMARY_COLUMNS = {
  id: true,
  name: true,
  status: true,
  error: true,
  progressDone: true,
  progressTotal: true,
  createdBy: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  heartbeatAt: true,
} as const;

function progressOf(run: SimulationRunEntity, runner: SimulationRunner): RunProgress {
  const live = run.status === 'running' ? runner.progress(run.id) : undefined;
  if (live) return { status: run.status, done: live.done, total: live.total, phase: live.phase };
  return { status: run.status, done: run.progressDone, total: run.progressTotal, phase: null };
}

/**
 * A run as HR sees it: one whose process stopped is failed, whether or not a
 * runner has marked it yet (a run of this process beats, so it is never stale).
 */
function asSeen(run: SimulationRunEntity): SimulationRunEntity {
  return isStale(run) ? Object.assign(new SimulationRunEntity(), run, { status: 'failed', error: RESTART_MESSAGE }) : run;
}

function summaryOf(run: SimulationRunEntity, runner: SimulationRunner): RunSummary {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    statusLabel: STATUS_LABELS[run.status] ?? run.status,
    progress: progressOf(run, runner),
    error: run.error,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

function runId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw notFound('このシミュレーションは見つかりません。');
  return id;
}

async function findRun(m: EntityManager, id: number, full: boolean): Promise<SimulationRunEntity> {
  const run = await m.findOne(SimulationRunEntity, { where: { id: runId(id) }, ...(full ? {} : { select: SUMMARY_COLUMNS }) });
  if (!run) throw notFound('このシミュレーションは見つかりません（削除された可能性があります）。');
  return asSeen(run);
}

/** Checks the form, stores the run as queued and wakes the runner; the new run's id. */
export async function createRun(db: Database, actor: Actor, input: SimulationInput, runner: SimulationRunner): Promise<number> {
  assertHr(actor);
  const built = studyOfInput(input, await simulationFormData(db.manager, actor));
  if (!built.ok) throw invalid('シミュレーションを開始できませんでした。次の項目を直してください。何も保存していません。', built.problems);
  const study = built.study;
  await runner.whenStarted();
  const id = await db.write(
    async (m) => {
      const row = await m.save(
        m.create(SimulationRunEntity, {
          name: study.name,
          status: 'queued',
          studyJson: JSON.stringify(study),
          resultJson: null,
          error: null,
          progressDone: 0,
          progressTotal: 0,
          createdBy: actor.loginId,
          createdAt: now(),
          startedAt: null,
          finishedAt: null,
        }),
      );
      await audit(m, actor.loginId, 'simulation-create', 'simulation', String(row.id), null, {
        name: study.name,
        start: study.start,
        weeks: study.weeks,
        scenarios: study.scenarios.map((s) => s.name),
      });
      return row.id;
    },
    [LOCK],
  );
  runner.kick();
  return id;
}

/** Every run, newest first (without studies and results). */
export async function listRuns(m: EntityManager, actor: Actor, runner: SimulationRunner): Promise<RunSummary[]> {
  assertHr(actor);
  const runs = await m.find(SimulationRunEntity, { select: SUMMARY_COLUMNS, order: { id: 'DESC' } });
  return runs.map((r) => summaryOf(asSeen(r), runner));
}

/** The run's study; one stored in a form this version cannot read (changed by hand, say) is refused with a message. */
function storedStudy(run: SimulationRunEntity): Study {
  const parsed = parseStudy(run.studyJson);
  if (parsed.ok) return parsed.value;
  throw conflict(
    `「${run.name}」の条件は、このバージョンでは読めない形で保存されています（${parsed.issues[0]?.messageJa ?? ''}）。一覧から削除して、作り直してください。`,
  );
}

export async function getRun(m: EntityManager, actor: Actor, id: number, runner: SimulationRunner): Promise<RunDetail> {
  assertHr(actor);
  const run = await findRun(m, id, true);
  const study = storedStudy(run);
  const counters = await m.find(CounterEntity);
  const divisions = await m.find(DivisionEntity);
  return {
    ...summaryOf(run, runner),
    study,
    result: run.resultJson ? (JSON.parse(run.resultJson) as StudyResult) : null,
    names: {
      counters: Object.fromEntries(counters.map((c) => [c.id, c.name])),
      divisions: Object.fromEntries(divisions.map((d) => [d.id, d.name])),
    },
  };
}

export async function runProgress(m: EntityManager, actor: Actor, id: number, runner: SimulationRunner): Promise<RunProgress> {
  assertHr(actor);
  return progressOf(await findRun(m, id, false), runner);
}

/** Cancels a queued or running run; a finished one cannot be cancelled. */
export async function cancelRun(db: Database, actor: Actor, id: number, runner: SimulationRunner): Promise<{ name: string }> {
  assertHr(actor);
  const run = await db.write(
    async (m) => {
      const row = await findRun(m, id, false);
      if (!ACTIVE.includes(row.status)) throw conflict(`「${row.name}」はすでに${STATUS_LABELS[row.status]}のため、中止できません。`);
      await m.update(SimulationRunEntity, { id: row.id }, { status: 'cancelled', finishedAt: now() });
      await audit(m, actor.loginId, 'simulation-cancel', 'simulation', String(row.id), { status: row.status }, { status: 'cancelled' });
      return row;
    },
    [LOCK],
  );
  runner.abort(run.id);
  return { name: run.name };
}

/** Deletes a finished run (done, cancelled or failed). */
export async function deleteRun(db: Database, actor: Actor, id: number): Promise<{ name: string }> {
  assertHr(actor);
  return db.write(
    async (m) => {
      const row = await findRun(m, id, false);
      if (ACTIVE.includes(row.status))
        throw conflict(`「${row.name}」は${STATUS_LABELS[row.status]}です。先に中止してから削除してください。`);
      await m.delete(SimulationRunEntity, { id: row.id });
      await audit(m, actor.loginId, 'simulation-delete', 'simulation', String(row.id), { name: row.name, status: row.status }, null);
      return { name: row.name };
    },
    [LOCK],
  );
}

export interface CliFiles {
  readonly studyFile: string;
  readonly study: string;
  readonly organisationFile: string;
  readonly organisation: string;
}

/**
 * The run's study for `rotation simulate`, with the app's organisation as a
 * problem file beside it (today's staff, counters and policy weights): save
 * both in one folder and run `npx rotation simulate <studyFile>`.
 */
export async function cliFiles(m: EntityManager, actor: Actor, id: number): Promise<CliFiles> {
  assertHr(actor);
  const run = await findRun(m, id, true);
  const stored = storedStudy(run);
  const org = await loadOrganisation(m);
  const organisationFile = `simulation-${run.id}-organisation.json`;
  const { nonTeleworkJobTypes: _grounded, caregiverMaxDays: _caregivers, ...policy } = org.policy;
  const study: Study = {
    ...stored,
    organisation: { problem: organisationFile },
    baseline: { ...stored.baseline, policy: { ...policy, ...stored.baseline.policy } },
  };
  return {
    studyFile: `simulation-${run.id}-study.json`,
    study: JSON.stringify(study, null, 2) + '\n',
    organisationFile,
    organisation: writeProblem(organisationProblem(org, stored.start)),
  };
}

/**
 * The organisation as one week's problem without requests. A week with all
 * five days open is used, so that every weekday's counter minimum is in it
 * (a problem file's counters carry minimums only for its days).
 */
function organisationProblem(org: SimOrganisation, start: string): Problem {
  let week = start;
  for (let i = 0; i < 53 && workingDays(week, org.closures).length < 5; i++) week = shiftWeek(week, 1);
  const days = workingDays(week, org.closures);
  const { policy } = org;
  return {
    format: PROBLEM_FORMAT,
    name: `${org.name}（${DateTime.now().toISODate()} 時点）`,
    days,
    policy: {
      maxTeleworkDays: policy.maxTeleworkDays,
      ...(policy.licencesPerDay === null ? {} : { licencesPerDay: policy.licencesPerDay }),
      spreadBonus: [...policy.spreadBonus],
    },
    divisions: org.divisions.map((d) => ({ id: d.id, name: d.name, ...(d.terminals === null ? {} : { terminals: d.terminals }) })),
    counters: org.counters.map((c) => ({
      id: c.id,
      division: c.division,
      name: c.name,
      min: Object.fromEntries(days.map((d) => [d, c.byWeekday[weekdayOf(d) - 1] ?? 0])),
    })),
    staff: org.staff.map((s) => ({
      id: s.id,
      division: s.division,
      name: s.name,
      canTelework: !policy.nonTeleworkJobTypes.includes(s.jobType),
      ...(s.maxTeleworkDays === null ? {} : { maxTeleworkDays: s.maxTeleworkDays }),
      counters: [...s.counters],
      requests: [],
      absent: [],
    })),
  };
}
