/**
 * Which build of better-sqlite3 this Node.js runs. The supported lines,
 * Node.js 22 and 24, use better-sqlite3 13 (Node-API): better-sqlite3 12
 * aborts the process on Node.js 24 when the garbage collector frees a
 * statement at the wrong moment (`Assertion failed: (env) != nullptr` in
 * RemoveEnvironmentCleanupHook: Node 24's ObjectWrap, which 13 no longer
 * uses); it is the dependency `better-sqlite3-napi` (npm:better-sqlite3@13,
 * prebuilt, nothing to compile). Node.js 20 (end of life since 2026-04-30, not
 * supported) crashes in 13 instead, so there, and only there, the optional
 * dependency `better-sqlite3` (12, compiled at install; it is also the
 * version TypeORM names) is loaded, so that the demo still starts on a
 * machine that has nothing newer.
 *
 * Modules are loaded on first use: loading 13 on Node.js 20 is what crashes.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDriver = typeof BetterSqlite3;

/** The Node.js major version this process runs. */
export const nodeMajor = (): number => Number(process.versions.node.split('.')[0]);

let loaded: SqliteDriver | null = null;

export function sqliteDriver(): SqliteDriver {
  if (loaded) return loaded;
  const load = createRequire(__filename);
  if (nodeMajor() >= 22) return (loaded = load('better-sqlite3-napi') as SqliteDriver);
  try {
    return (loaded = load('better-sqlite3') as SqliteDriver);
  } catch {
    throw new Error(
      `SQLite needs Node.js 22 or 24 (this is Node.js ${process.versions.node}, end of life); on Node.js 20 the optional package better-sqlite3 12 must be installed (npm install compiles it)`,
    );
  }
}
