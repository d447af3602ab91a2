/**
 * Reading problem and roster files: JSON text (or an already parsed value) in,
 * a typed value or the list of issues out. Nothing here throws except the
 * `…OrThrow` variants, which throw a `FormatError`.
 */
import type { Problem, Roster } from './rotation';
import { type ValidationIssue, ROOT_PATH } from './json-path';
import { checkProblem } from './validate-problem';
import { checkRoster } from './validate-roster';

export type { ValidationIssue, IssueCode } from './json-path';
export { MAX_ISSUES, ISSUE_CODES } from './json-path';
export { validateProblem, isIsoDate, MAX_DAYS, MAX_DAYS_WITH_WEEKS, PROBLEM_FIELDS, EXTENSION_ISSUE_CODES } from './validate-problem';
export { validateRoster, ROSTER_FIELDS } from './validate-roster';
export { LIMITS } from './rotation';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * A parse result with `warnings`: the fields the format does not know. They are
 * allowed and ignored, but often a typo
 * (`policy.licensesPerDay: unknown field; did you mean licencesPerDay?`).
 */
export type ParseResultWithWarnings<T> = ParseResult<T> & { readonly warnings: ValidationIssue[] };

/** A problem or roster file that breaks the format; `issues` says where and why. */
export class FormatError extends Error {
  readonly code = 'invalid-format';

  constructor(readonly issues: readonly ValidationIssue[]) {
    super(summarise(issues));
    this.name = 'FormatError';
  }
}

function summarise(issues: readonly ValidationIssue[]): string {
  const [first] = issues;
  if (!first) return 'invalid format';
  return issues.length === 1 ? first.message : `${first.message} (and ${issues.length - 1} more issues)`;
}

/**
 * Reads a problem. A string is taken as JSON text; anything else as an already
 * parsed JSON value.
 */
export function parseProblem(input: unknown): ParseResult<Problem> {
  return withoutWarnings(parseProblemWithWarnings(input));
}

/** `parseProblem`, and the warnings about unknown fields (an empty list when there are none). */
export function parseProblemWithWarnings(input: unknown): ParseResultWithWarnings<Problem> {
  const json = readJson(input);
  if (!json.ok) return { ...json, warnings: [] };
  const { problem, issues, warnings } = checkProblem(json.value);
  return problem ? { ok: true, value: problem, warnings } : { ok: false, issues, warnings };
}

export function parseProblemOrThrow(input: unknown): Problem {
  return valueOrThrow(parseProblem(input));
}

/** Reads a roster's structure. A string is taken as JSON text; anything else as a parsed JSON value. */
export function parseRoster(input: unknown): ParseResult<Roster> {
  return withoutWarnings(parseRosterWithWarnings(input));
}

/** `parseRoster`, and the warnings about unknown fields (an empty list when there are none). */
export function parseRosterWithWarnings(input: unknown): ParseResultWithWarnings<Roster> {
  const json = readJson(input);
  if (!json.ok) return { ...json, warnings: [] };
  const { roster, issues, warnings } = checkRoster(json.value);
  return roster ? { ok: true, value: roster, warnings } : { ok: false, issues, warnings };
}

export function parseRosterOrThrow(input: unknown): Roster {
  return valueOrThrow(parseRoster(input));
}

/** The result as `parseProblem` / `parseRoster` have always returned it. */
function withoutWarnings<T>(result: ParseResultWithWarnings<T>): ParseResult<T> {
  return result.ok ? { ok: true, value: result.value } : { ok: false, issues: result.issues };
}

function valueOrThrow<T>(result: ParseResult<T>): T {
  if (result.ok) return result.value;
  throw new FormatError(result.issues);
}

function readJson(input: unknown): ParseResult<unknown> {
  if (typeof input !== 'string') return { ok: true, value: input };
  // A byte order mark is common in files saved by Windows editors and carries no meaning.
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, issues: [syntaxIssue(text, error)] };
  }
}

/**
 * V8's messages do not always give the offset of a JSON syntax error, so the
 * text is scanned again to find the first offending character.
 */
function syntaxIssue(text: string, error: unknown): ValidationIssue {
  const found = findSyntaxError(text);
  if (!found) {
    // JSON.parse failed for a reason other than syntax (for instance nesting too deep to parse).
    const reason = error instanceof Error ? error.message : 'unknown error';
    return {
      path: ROOT_PATH,
      code: 'json-syntax',
      message: `${ROOT_PATH}: could not be read as JSON: ${reason}`,
      messageJa: `${ROOT_PATH}: JSON として読み取れませんでした: ${reason}`,
    };
  }
  const { line, column } = lineAndColumn(text, found.offset);
  return {
    path: ROOT_PATH,
    code: 'json-syntax',
    message: `${ROOT_PATH}: invalid JSON at line ${line}, column ${column}: ${found.en}`,
    messageJa: `${ROOT_PATH}: JSON の構文エラーです（${line} 行 ${column} 列）: ${found.ja}`,
  };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

interface SyntaxFault {
  readonly offset: number;
  readonly en: string;
  readonly ja: string;
}

type ScanState = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after-value';

/** The first syntax error of a JSON text (RFC 8259 grammar, as JSON.parse reads it), or undefined. */
export function findSyntaxError(text: string): SyntaxFault | undefined {
  const stack: string[] = [];
  let state: ScanState = 'value';
  let i = 0;
  const fault = (en: string, ja: string): SyntaxFault => ({ offset: i, en, ja });
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  for (;;) {
    skipSpace();
    const c = text[i];
    if (state === 'after-value') {
      const open = stack[stack.length - 1];
      if (open === undefined) {
        return i < text.length ? fault('unexpected text after the JSON value', 'JSON の値の後に余分な文字があります') : undefined;
      }
      const close = open === '{' ? '}' : ']';
      if (c === ',') {
        i++;
        state = open === '{' ? 'key' : 'value';
      } else if (c === close) {
        i++;
        stack.pop();
      } else if (c === undefined) {
        return fault('unexpected end of input', '入力が途中で終わっています');
      } else {
        return fault(`expected ',' or '${close}', found ${shown(c)}`, `',' または '${close}' が必要ですが ${shown(c)} があります`);
      }
      continue;
    }
    if (c === undefined) return fault('unexpected end of input', '入力が途中で終わっています');
    if (state === 'key' || state === 'key-or-close') {
      if (c === '}' && state === 'key-or-close') {
        i++;
        stack.pop();
        state = 'after-value';
        continue;
      }
      if (c !== '"') {
        return fault(
          `expected a property name in double quotes, found ${shown(c)}`,
          `二重引用符で囲んだプロパティ名が必要ですが ${shown(c)} があります`,
        );
      }
      const bad = scanString();
      if (bad) return bad;
      skipSpace();
      if (text[i] !== ':') return fault("expected ':' after the property name", "プロパティ名の後に ':' が必要です");
      i++;
      state = 'value';
      continue;
    }
    // state is 'value' or 'value-or-close'
    if (c === ']' && state === 'value-or-close') {
      i++;
      stack.pop();
      state = 'after-value';
      continue;
    }
    if (c === '{' || c === '[') {
      i++;
      stack.push(c);
      state = c === '{' ? 'key-or-close' : 'value-or-close';
      continue;
    }
    const bad = c === '"' ? scanString() : c === '-' || (c >= '0' && c <= '9') ? scanNumber() : scanLiteral();
    if (bad) return bad;
    state = 'after-value';
  }

  function scanString(): SyntaxFault | undefined {
    i++; // opening quote
    for (;;) {
      const c = text[i];
      if (c === undefined) return fault('unterminated string', '文字列が閉じられていません');
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          i += 6;
        } else {
          return fault('invalid escape in string', '文字列のエスケープが不正です');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        return fault('control character in string', '文字列に制御文字が含まれています');
      } else {
        i++;
      }
    }
  }

  function scanNumber(): SyntaxFault | undefined {
    const pattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    pattern.lastIndex = i;
    const m = pattern.exec(text);
    if (!m) return fault('invalid number', '数値の書き方が不正です');
    i += m[0].length;
    return undefined;
  }

  function scanLiteral(): SyntaxFault | undefined {
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    const c = text[i];
    return fault(`unexpected ${shown(c)}`, `予期しない ${shown(c)} があります`);
  }
}

function shown(c: string): string {
  return JSON.stringify(c);
}
