/**
 * Backing up and restoring the embedded SQLite database (`rotation admin
 * backup` and `restore`) with SQLite's online backup API, which copies the
 * committed state as of one moment while the app goes on serving and
 * writing. (A copy of the .sqlite file is not a backup: in WAL mode the
 * latest commits are in the -wal file beside it until a checkpoint.)
 *
 * All pages are copied in one step, in one read transaction of the source:
 * copied in small steps, a backup restarts whenever the app writes between
 * two of them, and may never finish on a busy day.
 *
 * A backup is written under a temporary name beside the target, made one
 * self-contained file (rollback journal instead of WAL), checked
 * (integrity_check), and only then given its name, so a file with the
 * backup's name is always whole. A restore checks the file first (a SQLite
 * database, undamaged, with this app's tables and migrations, none of them
 * from a newer version) and copies it into the database file through the
 * same API, which takes SQLite's locks rather than replacing the file under
 * a process that has it open. Migrations of this build that the backup
 * predates run at the next start.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS_TABLE } from './data-source';
import { MIGRATIONS } from './migrations';
import { sqliteDriver } from './sqlite-driver';

/** Tables every database of this app has (its first migration made them). */
const CORE_TABLES = ['divisions', 'counters', 'staff', 'accounts', 'rosters', 'assignments', 'policy', 'audit_log', 'sessions'];

/** Pages per backup step: all of them (better-sqlite3 takes at most 2^31 - 1). */
const ALL_PAGES = 0x7fffffff;

/** What a checked database file holds. */
export interface DatabaseFacts {
  readonly file: string;
  readonly bytes: number;
  /** Migrations applied, oldest first. */
  readonly migrations: readonly string[];
  /** Migrations of this build it has not had yet (the next start applies them). */
  readonly pending: number;
}

export type BackupProblem =
  | { readonly code: 'no-file'; readonly file: string }
  | { readonly code: 'no-directory'; readonly file: string }
  | { readonly code: 'same-file'; readonly file: string }
  | { readonly code: 'exists'; readonly file: string }
  | { readonly code: 'not-sqlite'; readonly file: string }
  | { readonly code: 'damaged'; readonly file: string; readonly detail: string }
  | { readonly code: 'not-this-app'; readonly file: string; readonly missing: readonly string[] }
  | { readonly code: 'newer-version'; readonly file: string; readonly unknown: readonly string[] }
  /** Restore: the database has data (and, with `inUse`, a -wal file: the app may be running). */
  | { readonly code: 'has-data'; readonly file: string; readonly inUse: boolean };

export type BackupResult = { readonly ok: true; readonly facts: DatabaseFacts } | { readonly ok: false; readonly problem: BackupProblem };

const failed = (problem: BackupProblem): BackupResult => ({ ok: false, problem });

/**
 * Copies the database `source` to `target` (a new file unless `force`),
 * safe while the app serves and writes. Nothing is left under `target` if it fails.
 */
export async function backupSqlite(source: string, target: string, options: { readonly force?: boolean } = {}): Promise<BackupResult> {
  const from = resolve(source);
  const to = resolve(target);
  if (!existsSync(from)) return failed({ code: 'no-file', file: from });
  if (from === to) return failed({ code: 'same-file', file: to });
  if (!existsSync(dirname(to))) return failed({ code: 'no-directory', file: to });
  if (existsSync(to) && !options.force) return failed({ code: 'exists', file: to });
  const checked = inspect(from);
  if (!checked.ok) return checked;

  const temporary = `${to}.${process.pid}.tmp`;
  try {
    const db = open(from, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      await db.backup(temporary, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    // One file that needs no -wal beside it (the app turns WAL on again when it opens a restored copy).
    const written = open(temporary, { fileMustExist: true });
    try {
      written.pragma('journal_mode = DELETE');
    } finally {
      written.close();
    }
    const copy = inspect(temporary);
    if (!copy.ok) return copy;
    if (options.force) renameSync(temporary, to);
    else {
      try {
        // A link fails if the name was taken meanwhile: an existing file is never overwritten.
        linkSync(temporary, to);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return failed({ code: 'exists', file: to });
        throw e;
      }
    }
    syncDirectory(dirname(to));
    return { ok: true, facts: { ...copy.facts, file: to } };
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Copies the backup `source` into the database file `target`, after checking
 * that it is a sound database of this app. A database with data is replaced
 * only with `force`.
 */
export async function restoreSqlite(source: string, target: string, options: { readonly force?: boolean } = {}): Promise<BackupResult> {
  const from = resolve(source);
  const to = resolve(target);
  if (!existsSync(from)) return failed({ code: 'no-file', file: from });
  if (from === to) return failed({ code: 'same-file', file: to });
  const checked = inspect(from);
  if (!checked.ok) return checked;
  // A -wal file with something in it: the app is running (or stopped without closing the database).
  const inUse = existsSync(`${to}-wal`) && statSync(`${to}-wal`).size > 0;
  const state = targetState(to);
  if (state !== 'empty' && !options.force) return failed({ code: 'has-data', file: to, inUse });
  // Not a database at all (with --force): SQLite cannot write into it, so it goes first.
  if (state === 'not-sqlite') for (const f of [to, `${to}-wal`, `${to}-shm`]) rmSync(f, { force: true });

  mkdirSync(dirname(to), { recursive: true });
  const db = open(from, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(to, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  return inspect(to, { writable: true });
}

/**
 * Whether `file` is a sound database of this app, and what it holds. Read-only
 * unless `writable` (a file of ours: a connection that may write removes the
 * -wal and -shm files of a WAL database when it closes; a read-only one leaves them).
 */
export function inspect(file: string, options: { readonly writable?: boolean } = {}): BackupResult {
  let db: BetterSqlite3.Database;
  try {
    db = open(file, { readonly: !options.writable, fileMustExist: true, timeout: 5000 });
  } catch {
    return failed({ code: 'not-sqlite', file });
  }
  try {
    let integrity: string[];
    try {
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB') return failed({ code: 'not-sqlite', file });
      return failed({ code: 'damaged', file, detail: e instanceof Error ? e.message : String(e) });
    }
    if (integrity.length !== 1 || integrity[0] !== 'ok') return failed({ code: 'damaged', file, detail: integrity.slice(0, 3).join('; ') });
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = [MIGRATIONS_TABLE, ...CORE_TABLES].filter((t) => !tables.has(t));
    if (missing.length) return failed({ code: 'not-this-app', file, missing });
    const applied = db.prepare(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "id"`).pluck().all() as string[];
    const known = MIGRATIONS.sqlite.map((m) => new m().name);
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length) return failed({ code: 'newer-version', file, unknown });
    if (applied.length === 0) return failed({ code: 'not-this-app', file, missing: [known[0]] });
    const pending = known.filter((name) => !applied.includes(name)).length;
    return { ok: true, facts: { file, bytes: statSync(file).size, migrations: applied, pending } };
  } finally {
    db.close();
  }
}

/** A database file with tables in it, none, or something else. */
function targetState(file: string): 'empty' | 'has-data' | 'not-sqlite' {
  if (!existsSync(file) || statSync(file).size === 0) return 'empty';
  let db: BetterSqlite3.Database | null = null;
  try {
    db = open(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
    return tables > 0 ? 'has-data' : 'empty';
  } catch {
    return 'not-sqlite';
  } finally {
    db?.close();
  }
}

/** The new name survives a power cut too. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A connection through the build of better-sqlite3 this Node.js runs (sqlite-driver.ts). */
function open(file: string, options: BetterSqlite3.Options): BetterSqlite3.Database {
  const Sqlite = sqliteDriver();
  return new Sqlite(file, options);
}
