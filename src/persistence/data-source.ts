/**
 * Where the app keeps its data: PostgreSQL when `DATABASE_URL` is a
 * `postgres://` (or `postgresql://`) URL, otherwise the embedded SQLite file
 * `data/rotation.sqlite` (or `SQLITE_FILE`). Both use the same entities; each
 * has its own migrations folder, and the schema is never synchronised outside
 * tests.
 *
 * SQLite runs in WAL mode with synchronous=FULL (a committed change survives
 * a power cut) and waits up to 5 s for a lock instead of failing at once.
 */
import 'reflect-metadata';
import * as path from 'path';
import type { DataSourceOptions } from 'typeorm';
import { projectRoot } from '../project-root';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type DatabaseKind = keyof typeof MIGRATIONS;

export function databaseKind(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}

export function dataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  const kind = databaseKind(env);
  const common = {
    entities: ENTITIES,
    migrations: [...MIGRATIONS[kind]],
    synchronize: false,
    migrationsRun: false,
    logging: env.DB_LOG === '1',
  };
  if (kind === 'postgres') {
    return { ...common, type: 'postgres', url: env.DATABASE_URL };
  }
  const file = env.SQLITE_FILE ?? path.join(projectRoot(), 'data', 'rotation.sqlite');
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    timeout: 5000,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    },
  };
}
