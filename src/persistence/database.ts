/**
 * The app's one handle on the database. Reads go straight to the data source;
 * every change runs in `write`, one transaction that either commits whole or
 * leaves nothing behind.
 *
 * SQLite (better-sqlite3) has a single connection, so two overlapping
 * transactions would collide ("cannot start a transaction within a
 * transaction"): writes queue on a mutex. PostgreSQL serialises writes that
 * touch one ISO week with a transaction-scoped advisory lock, so several app
 * processes can share a database; licences are shared by the whole
 * organisation, which is why the lock is per week and not per division.
 */
import { Mutex } from 'async-mutex';
import { DataSource, EntityManager } from 'typeorm';
import { databaseKind, dataSourceOptions, DatabaseKind } from './data-source';

export class Database {
  private readonly mutex = new Mutex();

  private constructor(
    readonly source: DataSource,
    readonly kind: DatabaseKind,
  ) {}

  /** Connects and brings the schema up to date. */
  static async open(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
    const source = new DataSource(dataSourceOptions(env));
    await source.initialize();
    await source.runMigrations({ transaction: 'each' });
    return new Database(source, databaseKind(env));
  }

  get manager(): EntityManager {
    return this.source.manager;
  }

  /** Runs `work` in one transaction; `lockKeys` (such as an ISO week) are held until it ends. */
  async write<T>(work: (m: EntityManager) => Promise<T>, lockKeys: readonly string[] = []): Promise<T> {
    if (this.kind === 'sqlite') return this.mutex.runExclusive(() => this.source.transaction(work));
    return this.source.transaction(async (m) => {
      for (const key of [...new Set(lockKeys)].sort()) {
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      }
      return work(m);
    });
  }

  async close(): Promise<void> {
    if (this.source.isInitialized) await this.source.destroy();
  }
}
