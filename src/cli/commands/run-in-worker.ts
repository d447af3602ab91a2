/**
 * Runs a task in a worker thread (solve-worker.ts) while the main thread
 * shows the progress line. Whatever goes wrong in the worker (an exception,
 * a crash, running out of memory) comes back as an output with exit code 3,
 * never as an exception; the stack is shown only with DEBUG=1.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ProgressLine } from '../progress';
import type { WorkerMessage, WorkerRequest } from '../solve-worker';
import { messagesFor } from './messages';
import { EXIT, TaskOutput } from './task';
import type { InputOf, TaskName } from './tasks';

export function runInWorker<N extends TaskName>(task: N, input: InputOf<N>): Promise<TaskOutput> {
  const m = messagesFor(input.lang);
  const line = new ProgressLine(m.activity[task]);
  const request: WorkerRequest = { task, input };
  return new Promise<TaskOutput>((resolve) => {
    let settled = false;
    const finish = (output: TaskOutput): void => {
      if (settled) return;
      settled = true;
      line.stop();
      resolve(output);
    };
    const failure = (message: string, stack?: string): TaskOutput => ({
      exitCode: EXIT.internal,
      stderr: [m.internal(message), ...(process.env.DEBUG && stack ? [stack] : [])],
    });

    const worker = new Worker(join(__dirname, '..', 'solve-worker.js'), { workerData: request });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') line.update(message.done, message.total);
      else if (message.type === 'result') finish(message.output);
      else finish(failure(message.message, message.stack));
    });
    worker.on('error', (error) => finish(failure(error.message, error.stack)));
    worker.on('exit', (code) => finish(failure(`the worker stopped (exit code ${code}) without an answer`)));
  });
}
