/**
 * Runs simulation jobs on worker threads (one per core by default), so that a
 * study uses both cores of the machine and the caller's event loop stays free
 * (the web app keeps serving while HR's study runs). Cancelling ends the
 * workers at once and rejects every job with `CancelledError`.
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

interface Pending {
  readonly id: number;
  readonly job: Job;
  readonly onProgress: (done: number) => void;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
}

const WORKER_SCRIPT = join(__dirname, 'worker.js');

/** Worker threads available here: one per core, or 0 when the compiled worker is missing. */
export function defaultThreads(): number {
  return existsSync(WORKER_SCRIPT) ? Math.max(1, availableParallelism()) : 0;
}

export class JobPool {
  private readonly idle: Worker[] = [];
  private readonly workers: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private stopped: Error | null = null;

  constructor(
    readonly threads: number,
    private readonly signal?: AbortSignal,
  ) {
    if (threads > 0 && !existsSync(WORKER_SCRIPT)) throw new Error(`worker threads need ${WORKER_SCRIPT}; run npm run build`);
    for (let i = 0; i < threads; i++) this.spawn();
    signal?.addEventListener('abort', () => this.stop(new CancelledError()), { once: true });
    if (signal?.aborted) this.stop(new CancelledError());
  }

  run<J extends Job>(job: J, onProgress: (done: number) => void = () => {}): Promise<JobOutput<J>> {
    return new Promise<JobOutput<J>>((resolve, reject) => {
      if (this.stopped) return reject(this.stopped);
      const pending: Pending = { id: this.nextId++, job, onProgress, resolve: resolve as (o: unknown) => void, reject };
      if (this.threads === 0) return this.runHere(pending);
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Ends the workers; jobs still queued or running are rejected. */
  close(): void {
    this.stop(new Error('the job pool was closed'));
  }

  private runHere(p: Pending): void {
    setImmediate(() => {
      try {
        if (this.stopped) throw this.stopped;
        p.resolve(
          runJob(p.job, (done) => {
            if (this.signal?.aborted) throw new CancelledError();
            p.onProgress(done);
          }),
        );
      } catch (error) {
        p.reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private spawn(): void {
    const worker = new Worker(WORKER_SCRIPT);
    worker.on('message', (message: FromWorker) => this.receive(worker, message));
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => {
      if (!this.stopped) this.stop(new Error(`a simulation worker stopped unexpectedly (exit code ${code})`));
    });
    this.workers.push(worker);
    this.idle.push(worker);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage({ id: pending.id, job: pending.job } satisfies ToWorker);
    }
  }

  private receive(worker: Worker, message: FromWorker): void {
    const pending = this.running.get(worker);
    if (!pending || pending.id !== message.id) return;
    if (message.type === 'progress') return pending.onProgress(message.done);
    this.running.delete(worker);
    this.idle.push(worker);
    if (message.type === 'result') pending.resolve(message.output);
    else {
      const error = new Error(message.message);
      if (message.stack) error.stack = message.stack;
      pending.reject(error);
    }
    this.dispatch();
  }

  private stop(reason: Error): void {
    if (this.stopped) return;
    this.stopped = reason;
    for (const p of [...this.queue, ...this.running.values()]) p.reject(reason);
    this.queue.length = 0;
    this.running.clear();
    for (const w of this.workers) void w.terminate();
  }
}
