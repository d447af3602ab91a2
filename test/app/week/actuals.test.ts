/**
 * What actually happened (実績) on the demo town's published week: recorded
 * only for days that have begun, never changing the published version, and
 * correcting the fairness ledger of the following weeks.
 */
import { actorOf } from '../../../src/app/accounts/accounts';
import { recordActual } from '../../../src/app/week/actuals';
import { loadWeek } from '../../../src/app/week/problem';
import { AccountEntity, ActualDayEntity, AuditEntity, RosterEntity, RosterPublicationEntity } from '../../../src/persistence/entities';
import { DATABASES, NEXT_WEEK, startTestApp, TestApp, testClock, THIS_WEEK } from '../../support/web';

describe.each(DATABASES)('actuals on %s', (kind) => {
  let t: TestApp;
  const clock = testClock().clock; // Wednesday 2026-11-18
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  it('corrects the ledger: a denied day teleworked after all, and planned telework called in', async () => {
    const m = t.db.manager;
    const rows = await m.findBy(RosterEntity, { week: THIS_WEEK });
    const pubs = [];
    for (const r of rows)
      pubs.push({ row: r, pub: await m.findOneByOrFail(RosterPublicationEntity, { rosterId: r.id, version: r.publishedVersion }) });
    const denied = pubs.flatMap((p) => p.pub.denials.map((d) => ({ division: p.row.divisionId, ...d }))).find((d) => d.day <= '2026-11-18');
    const granted = pubs
      .flatMap((p) => p.pub.assignments.map((a) => ({ division: p.row.divisionId, ...a })))
      .find((a) => a.mode === 'telework' && a.day <= '2026-11-18' && a.staff !== denied?.staff);
    expect(denied).toBeDefined();
    expect(granted).toBeDefined();
    const ledger = async () => (await loadWeek(m, NEXT_WEEK, null)).deniedBefore;
    const before = await ledger();
    const chief = async (division: string) =>
      (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId: `${division}-kacho` })).id))!;

    await recordActual(t.db, await chief(denied!.division), denied!.division, denied!.staff, denied!.day, 'telework', clock);
    await recordActual(t.db, await chief(granted!.division), granted!.division, granted!.staff, granted!.day, 'office', clock);
    const after = await ledger();
    expect(after.get(denied!.staff) ?? 0).toBe((before.get(denied!.staff) ?? 0) - 1);
    expect(after.get(granted!.staff) ?? 0).toBe((before.get(granted!.staff) ?? 0) + 1);
    // The published versions are untouched.
    for (const p of pubs) {
      const now = await m.findOneByOrFail(RosterPublicationEntity, { id: p.pub.id });
      expect(now.assignments).toEqual(p.pub.assignments);
    }
    expect(await m.countBy(AuditEntity, { action: 'record-actual' })).toBe(2);

    // Cleared, the ledger is as before.
    await recordActual(t.db, await chief(denied!.division), denied!.division, denied!.staff, denied!.day, 'clear', clock);
    await recordActual(t.db, await chief(granted!.division), granted!.division, granted!.staff, granted!.day, 'clear', clock);
    expect(await ledger()).toEqual(before);
  });

  it('refuses a day still to come, another division, and an unknown kind, storing nothing', async () => {
    const m = t.db.manager;
    const chief = (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' })).id))!;
    const person = chief.staffId;
    await expect(recordActual(t.db, chief, 'jumin', person, '2026-11-19', 'telework', clock)).rejects.toThrow('まだ来ていない日');
    await expect(recordActual(t.db, chief, 'zeimu', person, '2026-11-17', 'telework', clock)).rejects.toMatchObject({ status: 403 });
    await expect(recordActual(t.db, chief, 'jumin', person, '2026-11-17', 'holiday' as never, clock)).rejects.toThrow('実績の種類');
    expect(await m.count(ActualDayEntity)).toBe(0);
  });
});
