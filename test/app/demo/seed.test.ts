/**
 * The demo town goes only into an empty database: never over a
 * municipality's own data, and then `npm start` lists no demo accounts.
 */
import { seedDemoTown } from '../../../src/app/demo/seed';
import { AccountEntity, DivisionEntity, StaffEntity } from '../../../src/persistence/entities';
import { NOW, openTestDatabase, PASSWORD, TestDatabase } from '../../support/web';

describe('the demo town', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase('sqlite');
  });
  afterEach(async () => t.close());

  it("is not seeded into a database with the town's own first account, nor listed", async () => {
    await t.db.write(async (m) => {
      await m.insert(DivisionEntity, { id: 'jinji', name: '人事課', terminals: null, sortOrder: 0 });
      await m.insert(StaffEntity, { id: 'h001', name: '人事 太郎', divisionId: 'jinji', jobType: '一般事務' });
      await m.insert(AccountEntity, { loginId: 'hr-admin', passwordHash: 'x', role: 'hr', staffId: 'h001', icalToken: 'token' });
    });
    const result = await seedDemoTown(t.db, NOW, PASSWORD);
    expect(result).toMatchObject({ seeded: false, accounts: [] });
    expect(await t.db.manager.count(AccountEntity)).toBe(1);
    expect(await t.db.manager.count(DivisionEntity)).toBe(1);
  });

  it('is seeded into an empty database once, and then only listed', async () => {
    const first = await seedDemoTown(t.db, NOW, PASSWORD);
    expect(first.seeded).toBe(true);
    const accounts = await t.db.manager.count(AccountEntity);
    const again = await seedDemoTown(t.db, NOW, PASSWORD);
    expect(again.seeded).toBe(false);
    expect(again.accounts.map((a) => a.loginId)).toContain('jinji');
    expect(await t.db.manager.count(AccountEntity)).toBe(accounts);
  }, 60_000);
});
