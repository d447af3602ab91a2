/** Every task the worker thread can run, by name (the command's name). */
import { checkTask } from './check';
import { explainTask } from './explain';
import { generateTask } from './generate';
import { solveTask } from './solve';

export const TASKS = {
  solve: solveTask,
  explain: explainTask,
  check: checkTask,
  generate: generateTask,
};

export type TaskName = keyof typeof TASKS;

export type InputOf<N extends TaskName> = Parameters<(typeof TASKS)[N]>[0];
