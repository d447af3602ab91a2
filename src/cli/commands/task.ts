/**
 * What a command does once its arguments are parsed. A task runs in a worker
 * thread (solve-worker.ts), so it receives and returns plain data: it does
 * its own file I/O and hands back what to print and the exit code. Expected
 * failures (unreadable or invalid input) are outputs with exit code 2, never
 * exceptions.
 */
import type { Lang } from './messages';

/** Exit codes of the `rotation` command. */
export const EXIT = {
  ok: 0,
  /** `check` found violations. */
  violations: 1,
  /** Bad usage or input: unreadable file, not JSON, invalid problem or roster. */
  invalid: 2,
  /** A bug: the worker failed unexpectedly. */
  internal: 3,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  cancelled: 130,
} as const;

export interface TaskOutput {
  readonly exitCode: number;
  /** Printed on stdout as is. */
  readonly stdout?: string;
  /** Printed on stderr, one line each (messages, warnings, a summary when stdout carries data). */
  readonly stderr?: readonly string[];
}

/** Reports `done` of `total` steps (explain: requests explained so far). */
export type ProgressReport = (done: number, total: number) => void;

export interface TaskInput {
  readonly lang: Lang;
}

export function invalid(lines: readonly string[]): TaskOutput {
  return { exitCode: EXIT.invalid, stderr: lines };
}
