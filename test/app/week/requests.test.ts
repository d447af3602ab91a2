/**
 * A staff member's request save at the deadline rush: before the deadline it
 * holds only the person's lock of the week (saves never queue behind each
 * other or behind a solve of the week); after it, an urgent request holds
 * the week's lock like the chief's approvals, also when the deadline passes
 * while the save waits.
 */
import { DateTime } from 'luxon';
import { In } from 'typeorm';
import { actorOf } from '../../../src/app/accounts/accounts';
import { Actor } from '../../../src/app/accounts/actor';
import { saveRequests } from '../../../src/app/week/requests';
import { weekdaysOf } from '../../../src/domain/calendar';
import { AccountEntity, AuditEntity, TeleworkRequestEntity } from '../../../src/persistence/entities';
import { DATABASES, NEXT_WEEK, NOW, startTestApp, TestApp } from '../../support/web';

const WEEK = NEXT_WEEK;
const [, TUE, WED, THU] = weekdaysOf(WEEK);
/** The week's deadline: Thursday noon of the week before (the demo's policy). */
const DEADLINE = DateTime.fromISO('2026-11-19T12:00', { zone: 'Asia/Tokyo' });

describe.each(DATABASES)('saving requests at the deadline on %s', (kind) => {
  let t: TestApp;
  let staff: Actor[];

  beforeAll(async () => {
    t = await startTestApp(kind);
    const accounts = await t.db.manager.find(AccountEntity, {
      where: { role: 'staff' },
      relations: { staff: true },
      order: { loginId: 'ASC' },
    });
    const office = accounts.filter((a) => a.staff?.jobType === '一般事務').slice(0, 3);
    staff = await Promise.all(office.map(async (a) => (await actorOf(t.db.manager, a.id))!));
    // Without the demo's requests of the week.
    await t.db.write((m) => m.delete(TeleworkRequestEntity, { staffId: In(office.map((a) => a.staffId)), day: In(weekdaysOf(WEEK)) }));
  });
  afterAll(async () => t.close());

  const requestsOf = (actor: Actor) =>
    t.db.manager.find(TeleworkRequestEntity, { where: { staffId: actor.staffId, day: In(weekdaysOf(WEEK)) }, order: { day: 'ASC' } });

  it('makes an urgent request when the deadline passes while the save waits', async () => {
    const [me] = staff;
    let calls = 0;
    // The first look at the clock is before the deadline, every later one after it.
    const clock = () => (calls++ === 0 ? DEADLINE.minus({ milliseconds: 1 }) : DEADLINE.plus({ minutes: 1 }));
    const result = await saveRequests(t.db, me, WEEK, { [THU]: { rank: '1', reason: 'childcare' } }, clock);
    expect(result).toEqual({ urgent: true, saved: 1, possible: 0 });
    expect((await requestsOf(me)).map((r) => [r.day, r.status])).toEqual([[THU, 'pending']]);
    const logged = await t.db.manager.findOneByOrFail(AuditEntity, { actor: me.loginId, action: 'urgent-request' });
    expect(logged.entityId).toBe(`${me.staffId}|${WEEK}`);
  });

  if (kind === 'postgres') {
    it('saves before the deadline while the week is locked, and waits for the lock after it', async () => {
      const [, early, late] = staff;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const taken = new Promise<void>((resolve) => (locked = resolve));
      // Another write holding the week's lock, as a chief's re-solve does.
      const holder = t.db.write(async () => {
        locked();
        await held;
      }, [WEEK]);
      await taken;
      try {
        const before = await Promise.race([
          saveRequests(t.db, early, WEEK, { [TUE]: { rank: '1', reason: 'other' } }, () => NOW),
          new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 10_000)),
        ]);
        expect(before).toEqual({ urgent: false, saved: 1, possible: 0 });
        let done = false;
        const after = saveRequests(t.db, late, WEEK, { [WED]: { rank: '1', reason: 'other' } }, () => DEADLINE.plus({ minutes: 1 })).then(
          (r) => ((done = true), r),
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(done).toBe(false);
        release();
        expect(await after).toEqual({ urgent: true, saved: 1, possible: 0 });
      } finally {
        release();
        await holder;
      }
      expect((await requestsOf(early)).map((r) => [r.day, r.status])).toEqual([[TUE, 'active']]);
      expect((await requestsOf(late)).map((r) => [r.day, r.status])).toEqual([[WED, 'pending']]);
    });
  }
});
