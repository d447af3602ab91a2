/**
 * `rotation solve PROBLEM.json [--out ROSTER.json]`: validate the problem,
 * solve it, write the roster (atomically), and summarise the result. With
 * `--out` the summary goes to stdout; without it the roster goes to stdout
 * and the summary to stderr, so `rotation solve p.json > r.json` works too.
 */
import { PinConflictError, solve } from '../../engine';
import type { Problem, Roster } from '../../domain/rotation';
import { writeRoster } from '../../domain/serialize';
import { readProblem, readRoster } from './documents';
import { writeAtomically } from './files';
import { Lang, messagesFor } from './messages';
import { table } from './table';
import { EXIT, invalid, TaskInput, TaskOutput } from './task';

export interface SolveInput extends TaskInput {
  readonly problemFile: string;
  readonly outFile?: string;
  /** A roster to stay close to (fewest telework changes among optimal rosters). */
  readonly previousFile?: string;
  readonly timeLimitSeconds?: number;
}

export function solveTask(input: SolveInput): TaskOutput {
  const started = performance.now();
  const { lang } = input;
  const problem = readProblem(input.problemFile, lang);
  if (!problem.ok) return invalid(problem.lines);
  const warnings = [...problem.warnings];
  let previous: Roster | undefined;
  if (input.previousFile !== undefined) {
    const read = readRoster(input.previousFile, lang);
    if (!read.ok) return invalid([...warnings, ...read.lines]);
    previous = read.value;
    warnings.push(...read.warnings);
  }

  const solveStarted = performance.now();
  let roster: Roster;
  try {
    roster = solve(problem.value, {
      previous,
      timeLimitMs: input.timeLimitSeconds === undefined ? undefined : input.timeLimitSeconds * 1000,
    });
  } catch (error) {
    // The validator rejects conflicting pins first, so this is a second line of defence.
    if (error instanceof PinConflictError) return invalid([`${input.problemFile}: ${error.message}`]);
    throw error;
  }
  const solveMillis = performance.now() - solveStarted;
  const text = writeRoster(roster);

  if (input.outFile !== undefined) {
    const written = writeAtomically(input.outFile, text, lang);
    if (!written.ok) return invalid([written.message]);
  }
  const summary = summarise(problem.value, roster, lang, solveMillis, performance.now() - started, input.outFile);
  return input.outFile !== undefined
    ? { exitCode: EXIT.ok, stdout: summary.join('\n') + '\n', stderr: warnings }
    : { exitCode: EXIT.ok, stdout: text, stderr: [...warnings, ...summary] };
}

/** Requests in the problem, and those the roster grants (telework on a requested day). */
export function requestFigures(problem: Problem, roster: Roster): { requested: number; granted: number } {
  const requested = new Set<string>();
  for (const s of problem.staff) for (const r of s.requests) requested.add(`${s.id}\u0000${r.day}`);
  let granted = 0;
  for (const a of roster.assignments) {
    if (a.mode === 'telework' && requested.has(`${a.staff}\u0000${a.day}`)) granted++;
  }
  return { requested: requested.size, granted };
}

function summarise(
  problem: Problem,
  roster: Roster,
  lang: Lang,
  solveMillis: number,
  totalMillis: number,
  outFile: string | undefined,
): string[] {
  const m = messagesFor(lang).summary;
  const { requested, granted } = requestFigures(problem, roster);
  const missing = roster.shortfalls.reduce((sum, s) => sum + s.missing, 0);
  const rows: [string, string][] = [
    [m.status, messagesFor(lang).status(roster.status)],
    [m.objective, String(roster.objective)],
    [m.requests, m.granted(granted, requested)],
    [m.shortfalls, roster.shortfalls.length === 0 ? m.noShortfall : m.shortfallFigures(roster.shortfalls.length, missing)],
    [m.time, m.timeFigures(solveMillis, totalMillis)],
  ];
  if (outFile !== undefined) rows.push([m.wrote, outFile]);
  return table(rows);
}
