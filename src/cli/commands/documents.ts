/**
 * Reading problem and roster files for the commands: a missing file, text
 * that is not JSON and a document that breaks the format all become lines to
 * print (`problem.json: staff[3].division: …`), one per issue.
 */
import type { Problem, Roster } from '../../domain/rotation';
import { parseProblemWithWarnings, parseRosterWithWarnings, ParseResultWithWarnings, ValidationIssue } from '../../domain/validate';
import { readText } from './files';
import { Lang, messagesFor } from './messages';

/** The document, or the lines to print; `warnings` are lines to print on stderr either way (unknown fields). */
export type DocumentResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; lines: string[] };

export function readProblem(file: string, lang: Lang): DocumentResult<Problem> {
  return readDocument(file, lang, parseProblemWithWarnings);
}

/** A problem and a roster for it, with a warning when the roster names another problem. */
export function readProblemAndRoster(
  problemFile: string,
  rosterFile: string,
  lang: Lang,
): { ok: true; problem: Problem; roster: Roster; warnings: string[] } | { ok: false; lines: string[] } {
  const problem = readProblem(problemFile, lang);
  if (!problem.ok) return problem;
  const roster = readRoster(rosterFile, lang);
  if (!roster.ok) return roster;
  const mismatch = roster.value.problem !== problem.value.name;
  const warnings = [...problem.warnings, ...roster.warnings];
  if (mismatch) warnings.push(messagesFor(lang).problemMismatch(roster.value.problem, problem.value.name));
  return { ok: true, problem: problem.value, roster: roster.value, warnings };
}

export function readRoster(file: string, lang: Lang): DocumentResult<Roster> {
  return readDocument(file, lang, parseRosterWithWarnings);
}

function readDocument<T>(file: string, lang: Lang, parse: (text: string) => ParseResultWithWarnings<T>): DocumentResult<T> {
  const text = readText(file, lang);
  if (!text.ok) return { ok: false, lines: [text.message] };
  const parsed = parse(text.value);
  const warnings = parsed.warnings.map((issue) => messagesFor(lang).warning(`${file}: ${issueText(issue, lang)}`));
  if (parsed.ok) return { ok: true, value: parsed.value, warnings };
  // With issues, the unknown fields come first: a misspelt required field shows as both.
  return { ok: false, lines: [...warnings, ...parsed.issues.map((issue) => `${file}: ${issueText(issue, lang)}`)] };
}

export function issueText(issue: ValidationIssue, lang: Lang): string {
  return lang === 'ja' ? issue.messageJa : issue.message;
}
