/**
 * Every task the worker thread can run, by name (the command's name). Each task's module is
 * loaded when the task runs: a one-off `rotation solve` need not load the generators (about
 * 50 ms of its start).
 */
import type { checkTask } from './check';
import type { explainTask } from './explain';
import type { generateTask } from './generate';
import type { solveTask } from './solve';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, see above */
export const TASKS = {
  solve: ((...args) => (require('./solve') as typeof import('./solve')).solveTask(...args)) as typeof solveTask,
  explain: ((...args) => (require('./explain') as typeof import('./explain')).explainTask(...args)) as typeof explainTask,
  check: ((...args) => (require('./check') as typeof import('./check')).checkTask(...args)) as typeof checkTask,
  generate: ((...args) => (require('./generate') as typeof import('./generate')).generateTask(...args)) as typeof generateTask,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export type TaskName = keyof typeof TASKS;

export type InputOf<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
