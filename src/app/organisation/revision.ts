/**
 * Revisions of the things HR edits (staff, counters, per-day overrides): a
 * form carries the revision it was built from, and a save against an older
 * one is refused (409) and changes nothing. The save itself is an
 * `UPDATE … WHERE revision = :seen` whose affected count is checked inside
 * the transaction, so two concurrent saves cannot both pass.
 */
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AppError, invalid } from '../errors';

/** The revision a form was built from; `none` (a new thing) gives null. */
export function readRevision(text: string, allowNone = false): number | null {
  if (allowNone && text === 'none') return null;
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < 1) throw invalid('フォームの版番号がありません。画面を読み込み直してください。');
  return n;
}

/** Someone else saved `what` after the form was opened: nothing was saved. */
export function staleConflict(what: string, lines: readonly string[] = []): AppError {
  return new AppError(
    'conflict',
    409,
    `${what}は、あなたがこの画面を開いた後に別の人が更新しました。あなたの変更は保存していません。入力内容は下に残っています。最新の内容を確認してから、もう一度保存してください。`,
    lines,
  );
}

/**
 * Writes `values` and counts the revision up, only if the row is still at
 * `seen`; false (and nothing written) when someone else saved first.
 */
export async function saveAtRevision<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  where: string,
  params: Record<string, unknown>,
  seen: number,
  values: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const result = await m
    .createQueryBuilder()
    .update(entity)
    .set({ ...values, revision: () => 'revision + 1' })
    .where(`${where} AND revision = :seen`, { ...params, seen })
    .execute();
  return result.affected === 1;
}

/** A duplicate key refused by the database (SQLite or PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const raw = err?.driverError?.code ?? err?.code;
  const code = typeof raw === 'string' ? raw : '';
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') || code.startsWith('SQLITE_CONSTRAINT_UNIQUE');
}
