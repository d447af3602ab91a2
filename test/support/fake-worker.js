/**
 * A stand-in for the simulation worker (src/app/simulation/worker.ts) that
 * speaks the same messages, for the pool's tests under ts-jest (where the
 * compiled worker does not exist). Jobs:
 * - { kind: 'spin', steps, msPerStep, value }: busy for steps × msPerStep ms,
 *   reporting each step; returns { value, threadId };
 * - { kind: 'throw', message }: fails with the message;
 * - { kind: 'exit', code }: ends the worker's thread;
 * - anything else (a real scenario job): fails with "fake worker: <kind>".
 */
const { parentPort, threadId } = require('node:worker_threads');

function busy(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

parentPort.on('message', ({ id, job }) => {
  if (job.kind === 'spin') {
    for (let i = 1; i <= job.steps; i++) {
      busy(job.msPerStep);
      parentPort.postMessage({ type: 'progress', id, done: i });
    }
    parentPort.postMessage({ type: 'result', id, output: { value: job.value, threadId } });
  } else if (job.kind === 'exit') {
    process.exit(job.code);
  } else {
    parentPort.postMessage({ type: 'error', id, message: job.kind === 'throw' ? job.message : `fake worker: ${job.kind}` });
  }
});
