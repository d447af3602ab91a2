/**
 * The worker thread that runs a command's task (commands/tasks.ts), so that
 * the main thread stays free to draw the progress line. It runs one task,
 * given in `workerData`, posts its output and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TASKS, TaskName } from './commands/tasks';
import type { TaskOutput } from './commands/task';

export interface WorkerRequest {
  readonly task: TaskName;
  readonly input: unknown;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly output: TaskOutput }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string };

/** Progress messages are posted at most this often (the last step always is). */
const PROGRESS_EVERY_MS = 100;

function run(port: NonNullable<typeof parentPort>, request: WorkerRequest): void {
  let lastPosted = 0;
  const progress = (done: number, total: number): void => {
    const now = performance.now();
    if (done < total && now - lastPosted < PROGRESS_EVERY_MS) return;
    lastPosted = now;
    port.postMessage({ type: 'progress', done, total } satisfies WorkerMessage);
  };
  try {
    const task = TASKS[request.task] as (input: unknown, report: typeof progress) => TaskOutput;
    const output = task(request.input, progress);
    port.postMessage({ type: 'result', output } satisfies WorkerMessage);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? error.stack : undefined;
    port.postMessage({ type: 'error', message, stack } satisfies WorkerMessage);
  }
}

if (parentPort) run(parentPort, workerData as WorkerRequest);
