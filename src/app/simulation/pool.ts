/**
 * Runs simulation jobs on worker threads (one per core by default), so that a
 * study uses both cores of the machine and the caller's event loop stays free
 * (the web app keeps serving while HR's study runs).
 *
 * A pool can live as long as its process: its workers stay warm between
 * studies (V8 has compiled the engine in them already), which is what makes
 * a second worker pay off on a small machine — a fresh worker spends its
 * first few scenarios compiling, and on two cores that compiling competes with
 * the other worker (docs/benchmark-simulation.md). Workers start on demand,
 * end after `idleMs` without work, and never keep the process alive while idle.
 *
 * Each job can be cancelled through its own signal: a queued job is dropped, a
 * running one ends with its worker (a fresh worker takes the worker's place
 * for the next job). Cancelled jobs reject with `CancelledError`.
 *
 * Worker threads need the compiled worker (dist/…/worker.js). Where it is
 * missing (the TypeScript sources run under ts-jest) or `threads` is 0, jobs
 * run in this thread, one per turn of the event loop.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Job, JobOutput, runJob } from './jobs';
import type { FromWorker, ToWorker } from './worker';

export class CancelledError extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('the simulation was cancelled');
    this.name = 'CancelledError';
  }
}

export interface JobOptions {
  /** Called with the steps done so far (weeks of a scenario, changes of an insight job). */
  readonly onProgress?: (done: number) => void;
  readonly signal?: AbortSignal;
}

export interface PoolOptions {
  /** The worker script (default: the compiled simulation worker). */
  readonly script?: string;
  /** Workers with nothing to do end after this long (default: never). */
  readonly idleMs?: number;
}

interface Pending {
  readonly id: number;
  readonly job: unknown;
  readonly options: JobOptions;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  /** Removes the abort listener. */
  readonly release: () => void;
}

const WORKER_SCRIPT = join(__dirname, 'worker.js');

/** Workers for a pool that lives with the process (the web app's): one per core, or 0 when the compiled worker is missing. */
export function defaultThreads(): number {
  return existsSync(WORKER_SCRIPT) ? Math.max(1, availableParallelism()) : 0;
}

/**
 * Workers for a pool made for one study (`rotation simulate`): one per core
 * but one, left to V8's compiler and collector, which warm the fresh workers
 * up. On two cores a second fresh worker made a town study of five scenarios
 * slower, not faster (docs/benchmark-simulation.md); `--threads` overrides.
 */
export function freshPoolThreads(): number {
  const threads = defaultThreads();
  return threads === 0 ? 0 : Math.max(1, threads - 1);
}

export class JobPool {
  private readonly script: string;
  private readonly idleMs: number | undefined;
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  /** Workers started over the pool's life (a test can tell a warm worker from a new one). */
  spawned = 0;

  constructor(
    readonly threads: number,
    options: PoolOptions = {},
  ) {
    this.script = options.script ?? WORKER_SCRIPT;
    this.idleMs = options.idleMs;
    if (threads > 0 && !existsSync(this.script)) throw new Error(`worker threads need ${this.script}; run npm run build`);
  }

  /**
   * Starts every worker now, so that they load the engine while the caller
   * still prepares the jobs (the CLI builds the organisation meanwhile).
   */
  start(): this {
    while (!this.closed && this.workers.size < this.threads) this.rest(this.spawn());
    this.dispatch();
    return this;
  }

  run<J extends Job>(job: J, options?: JobOptions): Promise<JobOutput<J>>;
  run(job: unknown, options?: JobOptions): Promise<unknown>;
  run(job: unknown, options: JobOptions = {}): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('the job pool was closed'));
      if (options.signal?.aborted) return reject(new CancelledError());
      const id = this.nextId++;
      const onAbort = () => this.cancel(id);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const pending: Pending = { id, job, options, resolve, reject, release: () => options.signal?.removeEventListener('abort', onAbort) };
      if (this.threads === 0) return this.runHere(pending);
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Ends the workers; jobs still queued or running are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const error = new Error('the job pool was closed');
    for (const p of [...this.queue, ...this.running.values()]) this.settle(p, error);
    this.queue.length = 0;
    this.running.clear();
    this.clearIdleTimer();
    for (const w of this.workers) void w.terminate();
    this.workers.clear();
    this.idle.length = 0;
  }

  private runHere(p: Pending): void {
    setImmediate(() => {
      try {
        if (this.closed) throw new Error('the job pool was closed');
        const output = runJob(p.job as Job, (done) => {
          if (p.options.signal?.aborted) throw new CancelledError();
          p.options.onProgress?.(done);
        });
        this.settle(p, null, output);
      } catch (error) {
        this.settle(p, error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    this.spawned++;
    worker.on('message', (message: FromWorker) => this.receive(worker, message));
    worker.on('error', (error) => this.lose(worker, error));
    worker.on('exit', (code) => this.lose(worker, new Error(`a simulation worker stopped unexpectedly (exit code ${code})`)));
    this.workers.add(worker);
    return worker;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers.size < this.threads ? this.spawn() : undefined);
      if (!worker) break;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage({ id: pending.id, job: pending.job } satisfies ToWorker<unknown>);
    }
    this.clearIdleTimer();
    if (this.running.size === 0 && this.queue.length === 0 && this.idleMs !== undefined && this.workers.size > 0) {
      this.idleTimer = setTimeout(() => this.retireIdle(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private receive(worker: Worker, message: FromWorker): void {
    const pending = this.running.get(worker);
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'progress') return pending.options.onProgress?.(message.done);
    this.running.delete(worker);
    this.rest(worker);
    if (message.type === 'result') this.settle(pending, null, message.output);
    else {
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      this.settle(pending, error);
    }
    this.dispatch();
  }

  /** A worker back to the idle list, no longer keeping the process alive. */
  private rest(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
  }

  private cancel(id: number): void {
    const queued = this.queue.findIndex((p) => p.id === id);
    if (queued >= 0) {
      const [p] = this.queue.splice(queued, 1);
      this.settle(p, new CancelledError());
    }
    for (const [worker, p] of this.running) {
      if (p.id !== id) continue;
      this.running.delete(worker);
      this.forget(worker);
      void worker.terminate();
      this.settle(p, new CancelledError());
    }
    this.dispatch();
  }

  /** A worker that failed or exited: its job fails, and a new worker will take its place. */
  private lose(worker: Worker, error: Error): void {
    if (!this.workers.has(worker)) return;
    this.forget(worker);
    const pending = this.running.get(worker);
    this.running.delete(worker);
    if (pending) this.settle(pending, error);
    if (!this.closed) this.dispatch();
  }

  private forget(worker: Worker): void {
    this.workers.delete(worker);
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
  }

  private retireIdle(): void {
    this.idleTimer = null;
    for (const worker of this.idle.splice(0)) {
      this.workers.delete(worker);
      void worker.terminate();
    }
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private settle(p: Pending, error: Error | null, output?: unknown): void {
    p.release();
    if (error) p.reject(error);
    else p.resolve(output);
  }
}
