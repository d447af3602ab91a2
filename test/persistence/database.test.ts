/**
 * The database layer on SQLite and PostgreSQL: migrations match the
 * entities, writes are all-or-nothing and parallel writes never collide,
 * and the session and rate-limit stores keep their state in the database.
 */
import { SessionData } from 'express-session';
import { AuditEntity, DivisionEntity, SessionEntity } from '../../src/persistence/entities';
import { DatabaseRateLimitStore } from '../../src/persistence/rate-limit-store';
import { DatabaseSessionStore } from '../../src/persistence/session-store';
import { DATABASES, openTestDatabase, TestDatabase } from '../support/web';

describe.each(DATABASES)('database on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
  });
  afterAll(async () => t.close());

  it('has a schema exactly as the entities describe it (the migrations are complete)', async () => {
    const pending = await t.db.source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await t.db.source.showMigrations()).toBe(false);
  });

  if (kind === 'sqlite') {
    it('runs SQLite in WAL mode with synchronous=FULL and foreign keys', async () => {
      const writer = t.db.source.manager;
      expect(await writer.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await writer.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
      expect(await writer.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    });

    it('reads through a second, query-only connection: a write outside `write` is refused', async () => {
      expect(await t.db.manager.query('PRAGMA query_only')).toEqual([{ query_only: 1 }]);
      await expect(t.db.manager.insert(DivisionEntity, { id: 'ro', name: '読取課', terminals: null, sortOrder: 0 })).rejects.toThrow(
        /readonly/,
      );
      expect(await t.db.manager.countBy(DivisionEntity, { id: 'ro' })).toBe(0);
    });
  }

  it('reads see committed data only, never a write still in progress, and reads go on while it runs', async () => {
    let inside!: () => void;
    const reached = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const writing = t.db.write(async (m) => {
      await m.insert(DivisionEntity, { id: 'pending', name: '書込中課', terminals: null, sortOrder: 0 });
      inside();
      await held;
    });
    await reached;
    // The write holds its lock and has not committed: a read neither waits nor sees it.
    expect(await t.db.manager.countBy(DivisionEntity, { id: 'pending' })).toBe(0);
    finish();
    await writing;
    expect(await t.db.manager.countBy(DivisionEntity, { id: 'pending' })).toBe(1);
  });

  it('saves nothing of a write that fails half-way', async () => {
    await expect(
      t.db.write(async (m) => {
        await m.insert(DivisionEntity, { id: 'half', name: '途中課', terminals: null, sortOrder: 0 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await t.db.manager.countBy(DivisionEntity, { id: 'half' })).toBe(0);
  });

  it('enforces foreign keys', async () => {
    await expect(
      t.db.write((m) =>
        m.query(`INSERT INTO counters (id, "divisionId", name, "minByWeekday", "sortOrder") VALUES ('x', 'nowhere', 'x', '[]', 0)`),
      ),
    ).rejects.toThrow();
  });

  it('runs many parallel writes without "transaction within a transaction"', async () => {
    const writes = Array.from({ length: 40 }, (_, i) =>
      t.db.write(
        async (m) => {
          const n = await m.count(AuditEntity);
          await m.insert(AuditEntity, {
            at: new Date().toISOString(),
            actor: 'test',
            action: 'parallel',
            entity: 'x',
            entityId: String(i),
            before: null,
            after: String(n),
          });
        },
        ['2026-W48'],
      ),
    );
    await Promise.all(writes);
    expect(await t.db.manager.countBy(AuditEntity, { action: 'parallel' })).toBe(40);
    // Each write saw every earlier one: the key serialised them, each count is distinct.
    const seen = (await t.db.manager.findBy(AuditEntity, { action: 'parallel' })).map((a) => a.after);
    expect(new Set(seen).size).toBe(40);
  });

  it('lets a write for another key go ahead while one waits for its lock, without taking a connection to wait', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const first = t.db.write(async () => {
      started();
      await held;
    }, ['2026-W50']);
    await holding;
    // Many writes queue behind the held week; a write to another week is not stuck behind them.
    const queued = Array.from({ length: 30 }, () => t.db.write(() => Promise.resolve(), ['2026-W50']));
    const other = await Promise.race([
      t.db.write(async (m) => m.count(AuditEntity), ['2026-W51']).then(() => 'done'),
      new Promise((resolve) => setTimeout(() => resolve('stuck'), 5_000)),
    ]);
    // SQLite has one writer connection: the other week waits there, and only there.
    expect(other).toBe(kind === 'postgres' ? 'done' : 'stuck');
    release();
    await Promise.all([first, ...queued]);
  });

  it('keeps sessions in the database, and forgets expired and destroyed ones', async () => {
    const store = new DatabaseSessionStore(t.db);
    const call = <T>(f: (cb: (err: unknown, v?: T) => void) => void) =>
      new Promise<T | undefined>((ok, ko) =>
        f((err, v) => (err ? ko(err instanceof Error ? err : new Error('session store failed', { cause: err })) : ok(v))),
      );
    const data = { cookie: { expires: new Date(Date.now() + 60_000), originalMaxAge: 60_000 }, accountId: 7 } as unknown as SessionData;
    await call<void>((cb) => store.set('s1', data, cb));
    expect(await call<SessionData | null>((cb) => store.get('s1', cb))).toMatchObject({ accountId: 7 });
    // A second store (another app process) sees the same session.
    const other = new DatabaseSessionStore(t.db);
    expect(await call<SessionData | null>((cb) => other.get('s1', cb))).toMatchObject({ accountId: 7 });
    const old = { cookie: { expires: new Date(Date.now() - 1000), originalMaxAge: 1 }, accountId: 8 } as unknown as SessionData;
    await call<void>((cb) => store.set('s2', old, cb));
    expect(await call<SessionData | null>((cb) => store.get('s2', cb))).toBeNull();
    await call<void>((cb) => store.destroy('s1', cb));
    expect(await call<SessionData | null>((cb) => store.get('s1', cb))).toBeNull();
    expect(await t.db.manager.countBy(SessionEntity, { sid: 's1' })).toBe(0);
  });

  it('counts login attempts in the database, per client, within the window', async () => {
    const store = new DatabaseRateLimitStore(t.db);
    store.init({ windowMs: 60_000 } as never);
    expect((await store.increment('1.2.3.4')).totalHits).toBe(1);
    expect((await store.increment('1.2.3.4')).totalHits).toBe(2);
    expect((await store.increment('5.6.7.8')).totalHits).toBe(1);
    await store.decrement('1.2.3.4');
    expect((await store.increment('1.2.3.4')).totalHits).toBe(2);
    await store.resetKey('1.2.3.4');
    expect((await store.increment('1.2.3.4')).totalHits).toBe(1);
  });
});
