/**
 * The revision guard itself: `UPDATE … WHERE revision = :seen` writes only
 * when the row is still at the revision the form was built from (checked by
 * the affected count), and a duplicate key is recognised on both databases.
 */
import { isUniqueViolation, readRevision, saveAtRevision } from '../../../src/app/organisation/revision';
import { CounterEntity, DivisionEntity } from '../../../src/persistence/entities';
import { DATABASES, openTestDatabase, TestDatabase } from '../../support/web';

describe('readRevision', () => {
  it('reads a positive integer, `none` only where allowed, and refuses anything else with a 422', () => {
    expect(readRevision('3')).toBe(3);
    expect(readRevision('none', true)).toBeNull();
    for (const bad of ['', 'none', '0', '-1', '1.5', 'x']) expect(() => readRevision(bad)).toThrow(/版番号/);
  });
});

describe.each(DATABASES)('saveAtRevision on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await t.db.source.manager.insert(DivisionEntity, { id: 'd1', name: '課', terminals: null, sortOrder: 1 });
    await t.db.source.manager.insert(CounterEntity, {
      id: 'c1',
      divisionId: 'd1',
      name: '窓口',
      minByWeekday: [1, 1, 1, 1, 1, 0, 0],
      sortOrder: 1,
    });
  });
  afterAll(async () => t.close());

  it('writes and counts up at the seen revision, and writes nothing at an older one', async () => {
    const row = () => t.db.manager.findOneByOrFail(CounterEntity, { id: 'c1' });
    expect((await row()).revision).toBe(1);
    expect(
      await t.db.write((m) =>
        saveAtRevision(m, CounterEntity, 'id = :id', { id: 'c1' }, 1, { name: 'A', minByWeekday: [2, 1, 1, 1, 1, 0, 0] }),
      ),
    ).toBe(true);
    expect(await row()).toMatchObject({ name: 'A', revision: 2, minByWeekday: [2, 1, 1, 1, 1, 0, 0] });
    expect(await t.db.write((m) => saveAtRevision(m, CounterEntity, 'id = :id', { id: 'c1' }, 1, { name: 'B' }))).toBe(false);
    expect(await row()).toMatchObject({ name: 'A', revision: 2 });
  });

  it('recognises a duplicate key', async () => {
    const error = await t.db.source.manager
      .insert(CounterEntity, { id: 'c1', divisionId: 'd1', name: '重複', minByWeekday: [0, 0, 0, 0, 0, 0, 0], sortOrder: 2 })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });
});
