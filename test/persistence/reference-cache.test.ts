/**
 * The reference version and what is kept by it: every committed change to a
 * reference table raises the version, whichever connection or process makes
 * it, and nothing else does; a kept read is reused only at the same version,
 * never inside a transaction, and is frozen.
 */
import { EntityManager } from 'typeorm';
import { seedDemoTown } from '../../src/app/demo/seed';
import { loadWeekBase } from '../../src/app/week/problem';
import { Database } from '../../src/persistence/database';
import { ActualDayEntity, ClosureDayEntity, CounterEntity, StaffEntity } from '../../src/persistence/entities';
import { cachedReference, REFERENCE_TABLES, referenceVersion } from '../../src/persistence/reference-cache';
import { DATABASES, NEXT_WEEK, NOW, openTestDatabase, PASSWORD, TestDatabase } from '../support/web';

/** A second app process on the same database. */
async function secondProcess(t: TestDatabase): Promise<Database> {
  const source = t.db.source.options;
  return Database.open(source.type === 'postgres' ? { DATABASE_URL: String(source.url) } : { SQLITE_FILE: String(source.database) }, {
    migrate: false,
  });
}

/** A row-level change to every row of the table that leaves its values as they are. */
async function touch(m: EntityManager, table: string): Promise<void> {
  const meta = m.connection.entityMetadatas.find((e) => e.tableName === table)!;
  const column = table === 'rosters' ? 'publishedVersion' : meta.primaryColumns[0].databaseName;
  await m.query(`UPDATE "${table}" SET "${column}" = "${column}"`);
}

describe.each(DATABASES)('the reference version on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedDemoTown(t.db, NOW, PASSWORD);
    // Rows in the tables the demo leaves empty.
    await t.db.write(async (m) => {
      await m.insert(ClosureDayEntity, { day: '2026-12-28', name: '臨時閉庁' });
      const staff = await m.findOneByOrFail(StaffEntity, { active: true });
      await m.insert(ActualDayEntity, {
        staffId: staff.id,
        day: '2026-11-16',
        mode: 'office',
        recordedBy: 'test',
        recordedAt: NOW.toISO()!,
      });
    });
  }, 120_000);
  afterAll(async () => t.close());

  it('has a trigger on every reference table, and on no other', async () => {
    const rows: { table: string }[] =
      kind === 'postgres'
        ? await t.db.manager.query(
            `SELECT DISTINCT tgrelid::regclass::text AS "table" FROM pg_trigger WHERE tgname LIKE 'reference_version_%'`,
          )
        : await t.db.manager.query(
            `SELECT DISTINCT tbl_name AS "table" FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reference_version_%'`,
          );
    expect(rows.map((r) => r.table.replace(/"/g, '')).sort()).toEqual([...REFERENCE_TABLES].sort());
  });

  it.each(REFERENCE_TABLES)('rises with a committed change to %s', async (table) => {
    const before = await referenceVersion(t.db.manager);
    const count: { n: number | string }[] = await t.db.manager.query(`SELECT COUNT(*) AS n FROM "${table}"`);
    expect(Number(count[0].n)).toBeGreaterThan(0);
    await t.db.write((m) => touch(m, table));
    expect(await referenceVersion(t.db.manager)).toBeGreaterThan(before);
  });

  it('rises with rows added and removed, once per transaction on PostgreSQL', async () => {
    const v0 = await referenceVersion(t.db.manager);
    await t.db.write(async (m) => {
      await m.insert(ClosureDayEntity, { day: '2027-01-04', name: '臨時閉庁' });
      await touch(m, 'staff');
      await touch(m, 'policy');
    });
    const v1 = await referenceVersion(t.db.manager);
    if (kind === 'postgres') expect(v1).toBe(v0 + 1);
    else expect(v1).toBeGreaterThan(v0);
    await t.db.write((m) => m.delete(ClosureDayEntity, { day: '2027-01-04' }));
    expect(await referenceVersion(t.db.manager)).toBeGreaterThan(v1);
  });

  it('stays with drafts, requests, pins, sessions and with a write that rolls back', async () => {
    const v0 = await referenceVersion(t.db.manager);
    for (const table of ['assignments', 'telework_requests', 'pins', 'absences', 'sessions', 'audit_log']) {
      await t.db.write((m) =>
        m.query(`UPDATE "${table}" SET "${table === 'sessions' ? 'sid' : 'id'}" = "${table === 'sessions' ? 'sid' : 'id'}"`),
      );
    }
    await t.db.write((m) => m.query(`UPDATE "rosters" SET "revision" = "revision", "status" = "status"`));
    await expect(
      t.db.write(async (m) => {
        await touch(m, 'staff');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await referenceVersion(t.db.manager)).toBe(v0);
  });

  it('reuses a read at the same version, reads again after a change from another process, and never inside a transaction', async () => {
    let loads = 0;
    const load = async () => (loads++, { names: (await t.db.manager.find(CounterEntity)).map((c) => c.name) });
    const a = await cachedReference(t.db.manager, 'test|names', load);
    const [b, c] = await Promise.all([
      cachedReference(t.db.manager, 'test|names', load),
      cachedReference(t.db.manager, 'test|names', load),
    ]);
    expect(loads).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(Object.isFrozen(a) && Object.isFrozen(a.names)).toBe(true);

    const other = await secondProcess(t);
    try {
      const counter = await other.manager.findOneByOrFail(CounterEntity, {});
      await other.write((m) => m.update(CounterEntity, { id: counter.id }, { name: `${counter.name}（改）` }));
    } finally {
      await other.close();
    }
    const d = await cachedReference(t.db.manager, 'test|names', load);
    expect(loads).toBe(2);
    expect(d.names.some((n) => n.endsWith('（改）'))).toBe(true);

    await t.db.write(async (m) => {
      await cachedReference(m, 'test|names', load);
      await cachedReference(m, 'test|names', load);
    });
    expect(loads).toBe(4);
  });

  it("gives a week's base with the counter minimum HR has just changed", async () => {
    const first = await loadWeekBase(t.db.manager, NEXT_WEEK, ['jumin']);
    const counter = first.counters.find((c) => c.divisionId === 'jumin')!;
    expect(await loadWeekBase(t.db.manager, NEXT_WEEK, ['jumin'])).toBe(first);
    const raised = counter.minByWeekday.map((n) => n + 1);
    await t.db.write((m) => m.update(CounterEntity, { id: counter.id }, { minByWeekday: raised }));
    const again = await loadWeekBase(t.db.manager, NEXT_WEEK, ['jumin']);
    expect(again).not.toBe(first);
    expect(again.counters.find((c) => c.id === counter.id)!.minByWeekday).toEqual(raised);
    // A frozen base refuses a change instead of passing it on to the next request.
    expect(() => ((again.staff[0] as { name: string }).name = 'x')).toThrow(TypeError);
  });
});
