/**
 * Where the app keeps its data: PostgreSQL when `DATABASE_URL` is a
 * `postgres://` (or `postgresql://`) URL, otherwise the embedded SQLite file
 * `data/rotation.sqlite` (or `SQLITE_FILE`). Both use the same entities; each
 * has its own migrations folder, and the schema is never synchronised outside
 * tests.
 *
 * SQLite runs in WAL mode with synchronous=FULL (a committed change survives
 * a power cut) and waits up to 5 s for a lock instead of failing at once;
 * reads use a second, query-only connection (`readerOptions`). PostgreSQL
 * connections come from a pool of DATABASE_POOL_SIZE (default 20).
 */
import { sqliteDriver } from './sqlite-driver';
import 'reflect-metadata';
import * as path from 'path';
import type { DataSourceOptions } from 'typeorm';
import { projectRoot } from '../project-root';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type DatabaseKind = keyof typeof MIGRATIONS;

/**
 * PostgreSQL for a postgres:// or postgresql:// DATABASE_URL, SQLite when it
 * is unset or empty. Anything else is refused rather than read as "SQLite":
 * a mistyped URL must not start the app on an empty demo database. (The
 * message names the scheme only: the URL may hold a password.)
 */
export function databaseKind(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  const url = env.DATABASE_URL ?? '';
  if (url === '') return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    `DATABASE_URL must be a postgres:// or postgresql:// URL, or unset for the embedded SQLite file; it ${scheme ? `starts with "${scheme}:"` : 'is not a URL'}`,
  );
}

export const MIGRATIONS_TABLE = 'migrations';

/** Connections in the PostgreSQL pool: DATABASE_POOL_SIZE, 1–1,000 (default 20). */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.DATABASE_POOL_SIZE ?? '';
  if (text === '') return 20;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not "${text}"`);
  return n;
}

export function dataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  const kind = databaseKind(env);
  const common = {
    entities: ENTITIES,
    migrations: [...MIGRATIONS[kind]],
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    logging: env.DB_LOG === '1',
  };
  if (kind === 'postgres') {
    return { ...common, type: 'postgres', url: env.DATABASE_URL, poolSize: poolSize(env) };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    driver: sqliteDriver(),
    database: sqliteFile(env),
    timeout: 5000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    },
  };
}

/** The SQLite file: SQLITE_FILE, or data/rotation.sqlite in the project. */
export function sqliteFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SQLITE_FILE ?? path.join(projectRoot(), 'data', 'rotation.sqlite');
}

/** SQLite's connection for reads: the same file, refusing any write (`query_only`). */
export function readerOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  return {
    type: 'better-sqlite3',
    driver: sqliteDriver(),
    database: sqliteFile(env),
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    logging: env.DB_LOG === '1',
    timeout: 5000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('query_only = ON');
    },
  };
}
