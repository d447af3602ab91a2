/**
 * The app's one handle on the database. Reads go through `manager`; every
 * change runs in `write`, one transaction that either commits whole or leaves
 * nothing behind.
 *
 * SQLite (better-sqlite3) gets two connections to the file: one for writes
 * and one, query-only, for reads. In WAL mode a read sees the last committed
 * state and never a transaction that is still open (and may yet roll back),
 * and reads go on while a write holds the lock. Writes queue on a mutex in
 * the process, and each takes SQLite's write lock as its first statement
 * (like `BEGIN IMMEDIATE`), so that several app processes on one file wait
 * for each other (the 5 s busy timeout) instead of failing on a snapshot
 * another process has since written over.
 *
 * PostgreSQL uses a pool (`DATABASE_POOL_SIZE`, default 20) and serialises
 * writes that touch one ISO week with a transaction-scoped advisory lock, so
 * several app processes can share a database; licences are shared by the
 * whole organisation, which is why the lock is per week and not per division.
 * Writes for the same keys queue in the process before they take a
 * connection: at the request deadline, chiefs' re-solves waiting for one
 * week's lock would otherwise hold the pool's connections while they wait,
 * and every page of the process would wait for a connection behind them.
 */
import { Mutex } from 'async-mutex';
import { DataSource, EntityManager } from 'typeorm';
import { databaseKind, dataSourceOptions, DatabaseKind, MIGRATIONS_TABLE, readerOptions } from './data-source';

export interface OpenOptions {
  /**
   * Bring the schema up to date (default). Off for the worker processes of
   * `npm start`, whose primary process migrates once before starting them.
   */
  readonly migrate?: boolean;
}

export class Database {
  private readonly mutex = new Mutex();
  /** PostgreSQL: the writes of this process waiting for or holding each lock key. */
  private readonly queues = new Map<string, { readonly mutex: Mutex; users: number }>();

  private constructor(
    /** The connection (SQLite) or pool (PostgreSQL) that writes. */
    readonly source: DataSource,
    /** Where reads go: SQLite's query-only connection, or the same pool. */
    private readonly reader: DataSource,
    readonly kind: DatabaseKind,
  ) {}

  /** Connects and (unless told not to) brings the schema up to date. */
  static async open(env: NodeJS.ProcessEnv = process.env, options: OpenOptions = {}): Promise<Database> {
    const kind = databaseKind(env);
    const source = new DataSource(dataSourceOptions(env));
    await source.initialize();
    try {
      if (options.migrate ?? true) await source.runMigrations({ transaction: 'each' });
      if (kind === 'postgres') return new Database(source, source, kind);
      const reader = new DataSource(readerOptions(env));
      await reader.initialize();
      return new Database(source, reader, kind);
    } catch (e) {
      await source.destroy();
      throw e;
    }
  }

  /** For reads: committed data only. Every change goes through `write`. */
  get manager(): EntityManager {
    return this.reader.manager;
  }

  /** Runs `work` in one transaction; `lockKeys` (such as an ISO week) are held until it ends. */
  async write<T>(work: (m: EntityManager) => Promise<T>, lockKeys: readonly string[] = []): Promise<T> {
    if (this.kind === 'sqlite') {
      return this.mutex.runExclusive(() =>
        this.source.transaction(async (m) => {
          // A statement that writes takes the write lock now, before anything is read.
          await m.query(`DELETE FROM "${MIGRATIONS_TABLE}" WHERE 0`);
          return work(m);
        }),
      );
    }
    const keys = [...new Set(lockKeys)].sort();
    return this.inTurn(keys, () =>
      this.source.transaction(async (m) => {
        for (const key of keys) await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
        return work(m);
      }),
    );
  }

  /** Runs `work` once this process's earlier writes for the same keys have ended (keys in sorted order, so no two wait on each other). */
  private async inTurn<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const held: (() => void)[] = [];
    const entries = keys.map((key) => {
      let entry = this.queues.get(key);
      if (!entry) this.queues.set(key, (entry = { mutex: new Mutex(), users: 0 }));
      entry.users++;
      return [key, entry] as const;
    });
    try {
      for (const [, entry] of entries) held.push(await entry.mutex.acquire());
      return await work();
    } finally {
      for (const release of held.reverse()) release();
      for (const [key, entry] of entries) if (--entry.users === 0) this.queues.delete(key);
    }
  }

  /**
   * For `/readyz`: the database answers (within `timeoutMs`) and every
   * migration this build knows is applied. The reason names no address or credential.
   */
  async readiness(timeoutMs = 2000): Promise<{ readonly ready: true } | { readonly ready: false; readonly reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      const rows = await Promise.race([this.manager.query<{ name: string }[]>(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`), timeout]);
      if (rows === 'timeout') return { ready: false, reason: `the database did not answer within ${timeoutMs} ms` };
      const applied = new Set(rows.map((r) => r.name));
      const pending = this.source.migrations.filter((m) => !applied.has(m.name ?? m.constructor.name)).length;
      return pending ? { ready: false, reason: `${pending} migration(s) not applied` } : { ready: true };
    } catch {
      return { ready: false, reason: 'the database cannot be reached' };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.reader !== this.source && this.reader.isInitialized) await this.reader.destroy();
    if (this.source.isInitialized) await this.source.destroy();
  }
}
