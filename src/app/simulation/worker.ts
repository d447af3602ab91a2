/**
 * A simulation worker thread: runs the jobs the pool sends, one at a time,
 * and posts progress and results back. It lives until the pool ends it.
 */
import { parentPort } from 'node:worker_threads';
import { Job, runJob } from './jobs';

export type ToWorker<J = Job> = { readonly id: number; readonly job: J };

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly done: number }
  | { readonly type: 'result'; readonly id: number; readonly output: unknown }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly stack?: string };

if (parentPort) {
  const port = parentPort;
  port.on('message', ({ id, job }: ToWorker) => {
    try {
      const output = runJob(job, (done) => port.postMessage({ type: 'progress', id, done } satisfies FromWorker));
      port.postMessage({ type: 'result', id, output } satisfies FromWorker);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'error', id, message, stack: error instanceof Error ? error.stack : undefined } satisfies FromWorker);
    }
  });
}
