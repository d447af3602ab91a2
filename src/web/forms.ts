/** Reading form fields: always strings, never arrays or objects smuggled in by a crafted body. */
import { AppError } from '../app/errors';
import { parseWeek } from '../app/calendar';
import { SeenRevision } from '../app/week/rosters';

export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export function weekParam(value: unknown): string {
  const week = parseWeek(value);
  if (!week) throw new AppError('not-found', 404, `週の指定（${String(value).slice(0, 20)}）が正しくありません。例: 2026-W48`);
  return week;
}

export function dayParam(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new AppError('not-found', 404, '日付の指定が正しくありません。');
  return value;
}

/** The roster revision a form was built from: `none` when there was no roster yet. */
export function revisionField(body: unknown): SeenRevision {
  const text = field(body, 'revision');
  if (text === 'none') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new AppError('invalid', 422, 'フォームの版番号がありません。画面を読み込み直してください。');
  return n;
}

/** A query string value, cut to a sane length; anything but one string is ''. */
export function queryText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 100) : '';
}

/** Checkbox groups and select-multiple arrive as one string, an array, or (with indices) an object. */
export function fieldList(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v && typeof v === 'object') return Object.values(v).filter((x): x is string => typeof x === 'string');
  return [];
}

/** A rejected form (422) or a save against an older revision (409): shown again with what was typed. */
export function isFormError(e: unknown): e is AppError {
  return e instanceof AppError && (e.code === 'invalid' || e.code === 'conflict');
}

/** `message` and `problems` as partials/problems shows them. */
export function problemLocals(error?: AppError): { message?: string; problems?: readonly string[] } {
  if (!error) return {};
  return error.problems.length
    ? { message: error.message, problems: error.problems }
    : { message: '次の点を確認してください。', problems: [error.message] };
}
