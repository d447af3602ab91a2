/**
 * Reading problem and roster files for the commands: a missing file, text
 * that is not JSON and a document that breaks the format all become lines to
 * print (`problem.json: staff[3].division: …`), one per issue.
 */
import type { Problem, Roster } from '../../domain/rotation';
import { parseProblem, parseRoster, ParseResult, ValidationIssue } from '../../domain/validate';
import { readText } from './files';
import { Lang, messagesFor } from './messages';

export type DocumentResult<T> = { ok: true; value: T } | { ok: false; lines: string[] };

export function readProblem(file: string, lang: Lang): DocumentResult<Problem> {
  return readDocument(file, lang, parseProblem);
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
  const warnings = mismatch ? [messagesFor(lang).problemMismatch(roster.value.problem, problem.value.name)] : [];
  return { ok: true, problem: problem.value, roster: roster.value, warnings };
}

export function readRoster(file: string, lang: Lang): DocumentResult<Roster> {
  return readDocument(file, lang, parseRoster);
}

function readDocument<T>(file: string, lang: Lang, parse: (text: string) => ParseResult<T>): DocumentResult<T> {
  const text = readText(file, lang);
  if (!text.ok) return { ok: false, lines: [text.message] };
  const parsed = parse(text.value);
  if (parsed.ok) return parsed;
  return { ok: false, lines: parsed.issues.map((issue) => `${file}: ${issueText(issue, lang)}`) };
}

export function issueText(issue: ValidationIssue, lang: Lang): string {
  return lang === 'ja' ? issue.messageJa : issue.message;
}
