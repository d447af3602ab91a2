/**
 * `rotation check PROBLEM.json ROSTER.json [--all]`: does the roster keep
 * every rule of the format? Runs the independent checker (engine/check.ts),
 * which shares no code with the engine. Exit 0 when it does, 1 when it breaks
 * rules (one line per violation: rule id and message), 2 for invalid input.
 */
import { checkRoster, Violation } from '../../engine/check';
import { readProblemAndRoster } from './documents';
import { Lang, messagesFor } from './messages';
import { EXIT, invalid, TaskInput, TaskOutput } from './task';

export interface CheckInput extends TaskInput {
  readonly problemFile: string;
  readonly rosterFile: string;
  /** List every violation (default: the first 100). */
  readonly all: boolean;
}

const SHOWN = 100;

export function checkTask(input: CheckInput): TaskOutput {
  const { lang } = input;
  const m = messagesFor(lang);
  const read = readProblemAndRoster(input.problemFile, input.rosterFile, lang);
  if (!read.ok) return invalid(read.lines);
  const { problem, roster, warnings } = read;

  const report = checkRoster(problem, roster);
  const figures = [
    m.checkObjective(report.objective, roster.objective),
    m.checkRequests(report.granted, report.requested),
    m.checkShortfall(report.shortfall),
  ].map((line) => `  ${line}`);
  if (report.ok) return { exitCode: EXIT.ok, stdout: [m.checkOk, ...figures, ''].join('\n'), stderr: warnings };

  const shown = input.all ? report.violations : report.violations.slice(0, SHOWN);
  const lines = [m.checkFailed(report.violations.length), ...shown.map((v) => violationLine(v, lang))];
  if (shown.length < report.violations.length) lines.push(m.checkMore(report.violations.length - shown.length));
  return { exitCode: EXIT.violations, stdout: [...lines, ...figures, ''].join('\n'), stderr: warnings };
}

function violationLine(v: Violation, lang: Lang): string {
  return `  [${v.rule}] ${lang === 'ja' ? v.messageJa : v.message}`;
}
