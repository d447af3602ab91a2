/**
 * `rotation admin backup` and `restore` on SQLite: a backup taken while ten
 * other processes commit pairs of audit rows is a consistent snapshot (each
 * count between the counts before and after the backup, no pair split, the
 * commits still only in the -wal file included: a copy of the .sqlite file
 * alone would lose them), and restores into a sound database the app opens.
 * A restore refuses what is not a sound database of this app, a backup of
 * a newer version, and a database with data without --force; a backup does
 * not overwrite a file without --force; PostgreSQL is sent to pg_dump.
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { backupCommand, restoreCommand } from '../../src/cli/commands/admin-backup';
import { buildProgram } from '../../src/cli/rotation';
import type { TaskOutput } from '../../src/cli/commands/task';
import { Database } from '../../src/persistence/database';
import { nodeMajor, sqliteDriver } from '../../src/persistence/sqlite-driver';

const ROOT = join(__dirname, '../..');
const Sqlite = sqliteDriver();
/** The package sqliteDriver() loads on this Node.js, for the writer processes. */
const DRIVER = nodeMajor() >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';
const WRITERS = 10;

/** A writer process: pairs of audit rows, each pair in one transaction, until `stop` exists; its commits stay in the -wal file. */
const WRITER = `
const { existsSync } = require('node:fs');
const [driver, file, writer, stop] = process.argv.slice(1);
const Database = require(driver);
const db = new Database(file, { timeout: 20000 });
db.pragma('wal_autocheckpoint = 0');
const insert = db.prepare('INSERT INTO audit_log (at, actor, action, entity, entityId) VALUES (?, ?, ?, ?, ?)');
const pair = db.transaction((n) => {
  const at = new Date().toISOString();
  insert.run(at, 'backup-test', 'pair-a', 'test', writer + '-' + n);
  insert.run(at, 'backup-test', 'pair-b', 'test', writer + '-' + n);
});
let n = 0;
(function next() {
  if (existsSync(stop)) return db.close();
  pair.immediate(n++);
  setImmediate(next);
})();
`;

let dir: string;
const en = (env: NodeJS.ProcessEnv, force = false) => ({ force, lang: 'en' as const, env: { DATABASE_URL: '', ...env } });

/** A migrated, empty database of the app. */
async function migrated(file: string): Promise<void> {
  const db = await Database.open({ SQLITE_FILE: file, DATABASE_URL: '' });
  await db.close();
}

function count(db: BetterSqlite3.Database, sql: string): number {
  return db.prepare(sql).pluck().get() as number;
}

const PAIRS = "SELECT count(*) FROM audit_log WHERE actor = 'backup-test'";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rotation-backup-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a backup while ten processes write', () => {
  it('is a consistent snapshot with the commits still in the -wal file, and restores into a sound database', async () => {
    const file = join(dir, 'live.sqlite');
    await migrated(file);
    const stop = join(dir, 'stop');
    const writers: ChildProcess[] = [];
    const exits: Promise<number | null>[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const child = spawn(process.execPath, ['-e', WRITER, DRIVER, file, `w${i}`, stop], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      writers.push(child);
      exits.push(
        new Promise((resolve) =>
          child.on('exit', (code) => {
            if (err) console.error(err);
            resolve(code);
          }),
        ),
      );
    }
    const reader = new Sqlite(file, { readonly: true, timeout: 20000 });
    try {
      // Every writer has committed some pairs.
      while (
        new Set(reader.prepare("SELECT substr(entityId, 1, instr(entityId, '-')) FROM audit_log WHERE actor = 'backup-test'").pluck().all())
          .size < WRITERS
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const before = count(reader, PAIRS);
      const others = tableCounts(reader);

      // A copy of the .sqlite file alone lacks what is only in the -wal file.
      copyFileSync(file, join(dir, 'plain-copy.sqlite'));
      const plain = new Sqlite(join(dir, 'plain-copy.sqlite'), { readonly: true });
      expect(count(plain, PAIRS)).toBeLessThan(before);
      plain.close();

      const backup = join(dir, 'live-backup.sqlite');
      const made = await backupCommand(backup, en({ SQLITE_FILE: file }));
      const after = count(reader, PAIRS);
      writeFileSync(stop, '');
      expect(await Promise.all(exits)).toEqual(writers.map(() => 0));
      expect(made.exitCode).toBe(0);
      expect(made.stdout).toContain('integrity ok');
      // The writers went on while the backup ran.
      expect(after).toBeGreaterThan(before);
      // Only the backup file: no temporary, -wal or -shm file beside it.
      expect(readdirSync(dir).filter((f) => f.startsWith('live-backup'))).toEqual(['live-backup.sqlite']);

      const restoredFile = join(dir, 'restored', 'town.sqlite');
      const restored = await restoreCommand(backup, en({ SQLITE_FILE: restoredFile }));
      expect(restored).toMatchObject({ exitCode: 0 });
      const copy = new Sqlite(restoredFile, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = count(copy, PAIRS);
        expect(rows).toBeGreaterThanOrEqual(before);
        expect(rows).toBeLessThanOrEqual(after);
        // Never half a transaction.
        expect(count(copy, "SELECT count(*) FROM audit_log WHERE action = 'pair-a'")).toBe(rows / 2);
        expect(
          count(
            copy,
            "SELECT count(*) FROM (SELECT entityId FROM audit_log WHERE actor = 'backup-test' GROUP BY entityId HAVING count(*) <> 2 OR count(DISTINCT action) <> 2)",
          ),
        ).toBe(0);
        expect(tableCounts(copy)).toEqual(others);
      } finally {
        copy.close();
      }
      // The app opens the restored database, and it is ready.
      const db = await Database.open({ SQLITE_FILE: restoredFile, DATABASE_URL: '' });
      expect(await db.readiness()).toEqual({ ready: true });
      await db.close();
    } finally {
      writeFileSync(stop, '');
      reader.close();
      for (const w of writers) if (w.exitCode === null) w.kill('SIGKILL');
    }
  }, 120_000);
});

/** Rows in every table but the audit log. */
function tableCounts(db: BetterSqlite3.Database): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log') ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, count(db, `SELECT count(*) FROM "${t}"`)]));
}

describe('rotation admin backup', () => {
  it('does not overwrite a file without --force', async () => {
    const file = join(dir, 'b.sqlite');
    await migrated(file);
    const target = join(dir, 'b-backup.sqlite');
    writeFileSync(target, 'keep me');
    const refused = await backupCommand(target, en({ SQLITE_FILE: file }));
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr?.[0]).toContain('exists already');
    expect(readdirSync(dir).filter((f) => f.startsWith('b-backup'))).toEqual(['b-backup.sqlite']);
    expect((await backupCommand(target, en({ SQLITE_FILE: file }, true))).exitCode).toBe(0);
    const db = new Sqlite(target, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('says when there is no database', async () => {
    const out = await backupCommand(join(dir, 'x.sqlite'), en({ SQLITE_FILE: join(dir, 'none.sqlite') }));
    expect(out.exitCode).toBe(2);
    expect(out.stderr?.[0]).toContain('There is no database');
  });

  it('sends PostgreSQL to pg_dump and pg_restore, without the password', async () => {
    const env = { DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/rotation' };
    const backup = await backupCommand(join(dir, 'pg.dump'), en(env));
    expect(backup.exitCode).toBe(2);
    expect(backup.stderr?.join('\n')).toMatch(/pg_dump.*docs\/deploy\.md/);
    const restore = await restoreCommand(join(dir, 'pg.dump'), en(env));
    expect(restore.stderr?.join('\n')).toContain('pg_restore');
    expect([...(backup.stderr ?? []), ...(restore.stderr ?? [])].join('\n')).not.toContain('s3cret');
    expect(existsSync(join(dir, 'pg.dump'))).toBe(false);
  });

  it('is a subcommand of rotation admin', async () => {
    const file = join(dir, 'cli.sqlite');
    await migrated(file);
    const outputs: TaskOutput[] = [];
    const saved = { SQLITE_FILE: process.env.SQLITE_FILE, DATABASE_URL: process.env.DATABASE_URL };
    process.env.SQLITE_FILE = file;
    process.env.DATABASE_URL = '';
    try {
      await buildProgram((o) => outputs.push(o)).parseAsync([
        'node',
        'rotation',
        '--lang',
        'ja',
        'admin',
        'backup',
        join(dir, 'cli-backup.sqlite'),
      ]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect(outputs).toHaveLength(1);
    expect(outputs[0].exitCode).toBe(0);
    expect(outputs[0].stdout).toContain('バックアップしました');
    expect(existsSync(join(dir, 'cli-backup.sqlite'))).toBe(true);
  });
});

describe('rotation admin restore', () => {
  let backup: string;

  beforeAll(async () => {
    const file = join(dir, 'source.sqlite');
    await migrated(file);
    backup = join(dir, 'source-backup.sqlite');
    expect((await backupCommand(backup, en({ SQLITE_FILE: file }))).exitCode).toBe(0);
  });

  const refusal = async (file: string, target = join(dir, 'never.sqlite')) => {
    const out = await restoreCommand(file, en({ SQLITE_FILE: target }));
    expect(out.exitCode).toBe(2);
    expect(existsSync(target)).toBe(false);
    return out.stderr?.join('\n') ?? '';
  };

  it('refuses a file that is not a SQLite database', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'これはデータベースではありません。'.repeat(200));
    expect(await refusal(file)).toContain('is not a SQLite database');
  });

  it('refuses a SQLite database of another schema', async () => {
    const file = join(dir, 'other.sqlite');
    const other = new Sqlite(file);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    other.close();
    expect(await refusal(file)).toMatch(/is not a database of this app \(no migrations, divisions/);
  });

  it('refuses a backup of a newer version of the app', async () => {
    const file = join(dir, 'newer.sqlite');
    copyFileSync(backup, file);
    const newer = new Sqlite(file);
    newer.prepare('INSERT INTO migrations (timestamp, name) VALUES (?, ?)').run(9999999999999, 'Future9999999999999');
    newer.close();
    expect(await refusal(file)).toContain('newer version of this app (migrations Future9999999999999)');
  });

  it('refuses a missing file', async () => {
    expect(await refusal(join(dir, 'missing.sqlite'))).toContain('does not exist');
  });

  it('replaces a database that has data only with --force', async () => {
    const target = join(dir, 'in-use.sqlite');
    await migrated(target);
    const db = new Sqlite(target);
    db.prepare("INSERT INTO divisions (id, name) VALUES ('keep', 'まだある課')").run();
    db.close();

    const refused = await restoreCommand(backup, en({ SQLITE_FILE: target }));
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr?.[0]).toContain('has data');
    expect(refused.stderr?.[0]).toContain('--force');
    const kept = new Sqlite(target, { readonly: true });
    expect(count(kept, 'SELECT count(*) FROM divisions')).toBe(1);
    kept.close();

    const forced = await restoreCommand(backup, en({ SQLITE_FILE: target }, true));
    expect(forced.exitCode).toBe(0);
    const replaced = new Sqlite(target, { readonly: true });
    expect(count(replaced, 'SELECT count(*) FROM divisions')).toBe(0);
    expect(replaced.pragma('integrity_check', { simple: true })).toBe('ok');
    replaced.close();
  });
});
