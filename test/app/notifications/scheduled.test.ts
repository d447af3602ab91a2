/**
 * Notices the clock triggers: the deadline reminder (only within 24 hours
 * before the deadline, only to staff who can telework and have not asked,
 * once per person and week) and "ready to publish" to a division's chiefs
 * (after the deadline, for a draft that differs from what is published, once
 * per division, week and revision); old notifications are removed.
 */
import 'reflect-metadata';
import { DateTime } from 'luxon';
import { In } from 'typeorm';
import { actorOf } from '../../../src/app/accounts/accounts';
import { ZONE } from '../../../src/app/calendar';
import { seedDemoTown } from '../../../src/app/demo/seed';
import { chiefsOf, notify } from '../../../src/app/notifications/notify';
import { runScheduledNotices } from '../../../src/app/notifications/scheduled';
import { canTelework } from '../../../src/app/organisation/policy';
import { generateDivision } from '../../../src/app/week/rosters';
import {
  AbsenceEntity,
  AccountEntity,
  NotificationEntity,
  PeriodEntity,
  PolicyEntity,
  PossibleDayEntity,
  RosterEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../../src/persistence/entities';
import { DATABASES, NEXT_WEEK, NOW, openTestDatabase, PASSWORD, testClock, TestDatabase, THIS_WEEK } from '../../support/web';

const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
/** Next week (2026-W48): Monday 11/23 is a holiday; requests close Thursday 11/19 12:00. */
const W48_DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];

describe.each(DATABASES)('scheduled notices (%s)', (kind) => {
  let t: TestDatabase;
  const time = testClock();
  const run = () => runScheduledNotices(t.db, time.clock);
  const ofKind = (kind: string, extra: Record<string, unknown> = {}) =>
    t.db.manager.find(NotificationEntity, { where: { kind: kind as NotificationEntity['kind'], ...extra }, order: { staffId: 'ASC' } });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedDemoTown(t.db, NOW, PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => time.set(NOW));

  /** Who should be reminded for W48, worked out from the data. */
  async function expectedReminded(): Promise<string[]> {
    const m = t.db.manager;
    const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
    const staff = await m.find(StaffEntity, { where: { active: true } });
    const accounts = new Set((await m.find(AccountEntity)).map((a) => a.staffId));
    const asked = new Set((await m.find(TeleworkRequestEntity, { where: { day: In(W48_DAYS) } })).map((r) => r.staffId));
    const leave = new Map<string, number>();
    for (const a of await m.find(AbsenceEntity, { where: { day: In(W48_DAYS.slice(1)) } }))
      leave.set(a.staffId, (leave.get(a.staffId) ?? 0) + 1);
    return staff
      .filter(
        (s) =>
          accounts.has(s.id) &&
          canTelework(policy, s) &&
          (s.maxTeleworkDays ?? policy.maxTeleworkDays) > 0 &&
          !asked.has(s.id) &&
          (leave.get(s.id) ?? 0) < 4,
      )
      .map((s) => s.id)
      .sort();
  }

  test('the deadline reminder goes, within 24 hours of the deadline, only to staff who can telework and have not asked; once', async () => {
    // Wednesday 10:00: the deadline is 26 hours away.
    expect((await run()).deadlineNear).toBe(0);

    const expected = await expectedReminded();
    expect(expected.length).toBeGreaterThan(10);
    time.set(at('2026-11-18T13:00'));
    expect((await run()).deadlineNear).toBe(expected.length);
    const sent = await ofKind('deadline-near');
    expect(sent.map((n) => n.staffId)).toEqual(expected);
    expect(sent[0]).toMatchObject({
      title: '在宅勤務の希望の締切が近づいています（2026年11月23日〜11月27日（第48週））',
      link: `/me/weeks/${NEXT_WEEK}`,
      dedupeKey: `deadline-near:${NEXT_WEEK}`,
      readAt: null,
    });
    expect(sent[0].body).toContain('11月19日(木) 12:00 です');

    // Nobody who asked, and nobody whose job never teleworks.
    const policy = await t.db.manager.findOneByOrFail(PolicyEntity, { id: 1 });
    const askers = (await t.db.manager.find(TeleworkRequestEntity, { where: { day: In(W48_DAYS) } })).map((r) => r.staffId);
    expect(askers.length).toBeGreaterThan(0);
    const firefighters = (await t.db.manager.find(StaffEntity, { where: { jobType: In(policy.nonTeleworkJobTypes) } })).map((s) => s.id);
    expect(firefighters.length).toBeGreaterThan(0);
    const reminded = new Set(sent.map((n) => n.staffId));
    for (const id of [...askers, ...firefighters]) expect(reminded.has(id)).toBe(false);

    // Once per person and week.
    time.set(at('2026-11-18T18:00'));
    expect((await run()).deadlineNear).toBe(0);

    // Someone withdraws every request: they are reminded too, and only they.
    const withdrew = askers.find((id) => !firefighters.includes(id))!;
    await t.db.source.manager.delete(TeleworkRequestEntity, { staffId: withdrew, day: In(W48_DAYS) });
    expect((await run()).deadlineNear).toBe(1);
    expect((await ofKind('deadline-near', { staffId: withdrew })).map((n) => n.dedupeKey)).toEqual([`deadline-near:${NEXT_WEEK}`]);

    // After the deadline nothing more.
    await t.db.source.manager.delete(TeleworkRequestEntity, {
      staffId: askers.find((id) => id !== withdrew && !firefighters.includes(id)),
      day: In(W48_DAYS),
    });
    time.set(at('2026-11-19T12:01'));
    expect((await run()).deadlineNear).toBe(0);
  });

  test("a day offered for a trial's turn (可能日) is an answer; those who gave none are told how to take their turn", async () => {
    const m = t.db.manager;
    const week = '2026-W49';
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
    const asked = new Set((await m.find(TeleworkRequestEntity, { where: { day: In(days) } })).map((r) => r.staffId));
    const accounts = new Set((await m.find(AccountEntity)).map((a) => a.staffId));
    const [offers, silent] = (await m.find(StaffEntity, { where: { divisionId: 'jumin', active: true }, order: { id: 'ASC' } }))
      .filter((s) => accounts.has(s.id) && !asked.has(s.id))
      .map((s) => s.id);
    expect(silent).toBeDefined();
    await t.db.write(async (w) => {
      await w.delete(AbsenceEntity, { staffId: In([offers, silent]), day: In(days) });
      await w.insert(PossibleDayEntity, { staffId: offers, day: days[2], placeId: null, createdAt: NOW.toISO()! });
      await w.insert(PeriodEntity, {
        name: '試行期間',
        fromDay: days[0],
        toDay: '2026-12-11',
        divisionIds: 'jumin',
        minDays: 1,
        maxDays: null,
        turnDays: 'possible',
        revision: 1,
        updatedBy: 'jinji',
        updatedAt: NOW.toISO()!,
      });
    });
    // Wednesday 13:00 before the Thursday-noon deadline of W49.
    time.set(at('2026-11-25T13:00'));
    await run();
    const sent = await ofKind('deadline-near', { dedupeKey: `deadline-near:${week}` });
    const to = new Map(sent.map((n) => [n.staffId, n]));
    expect(to.has(offers)).toBe(false);
    expect(to.get(silent)?.body).toContain('期間「試行期間」（2026-11-30〜2026-12-11）で、全員が順番に在宅勤務をします。');
    // Outside the trial's division the reminder is as it was.
    const other = sent.find((n) => !n.body.includes('試行期間'));
    expect(other?.body).toContain('在宅勤務をしない週は、このままで構いません。');
  });

  test('ready to publish goes to the chiefs of a division whose draft differs from what is published, after the deadline; once per revision', async () => {
    const m = t.db.manager;
    const chief = (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' })).id))!;
    const chiefs = await chiefsOf(m, 'jumin');
    expect(chiefs).toContain(chief.staffId);
    const before = (await ofKind('ready-to-publish')).length;

    // This week is published; the chief changes it (a draft again).
    const row = await m.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
    expect(row.publishedVersion).toBeGreaterThan(0);
    await t.db.source.manager.update(RosterEntity, { id: row.id }, { status: 'draft', revision: row.revision + 1 });
    expect((await run()).readyToPublish).toBe(chiefs.length);
    const notices = (await ofKind('ready-to-publish')).slice(before);
    expect(notices.map((n) => n.staffId).sort()).toEqual(chiefs);
    expect(notices[0]).toMatchObject({
      title: '住民課の勤務表（2026年11月16日〜11月20日（第47週））に公開していない変更があります',
      link: `/divisions/jumin/weeks/${THIS_WEEK}`,
      dedupeKey: `ready-to-publish:jumin:${THIS_WEEK}:r${row.revision + 1}`,
    });
    expect(notices[0].body).toContain(`公開中の第${row.publishedVersion}版と異なる下書き`);

    // Once per revision; a new revision is news again.
    expect((await run()).readyToPublish).toBe(0);
    await t.db.source.manager.update(RosterEntity, { id: row.id }, { revision: row.revision + 2 });
    expect((await run()).readyToPublish).toBe(chiefs.length);
    await t.db.source.manager.update(RosterEntity, { id: row.id }, { status: 'published' });

    // Next week's first draft: nothing before its deadline, then "can be published".
    await generateDivision(t.db, chief, 'jumin', NEXT_WEEK, null, time.clock);
    expect((await run()).readyToPublish).toBe(0);
    time.set(at('2026-11-19T13:00'));
    expect((await run()).readyToPublish).toBe(chiefs.length);
    const next = await ofKind('ready-to-publish', { dedupeKey: `ready-to-publish:jumin:${NEXT_WEEK}:r1` });
    expect(next.map((n) => n.staffId).sort()).toEqual(chiefs);
    expect(next[0].title).toBe('住民課の勤務表（2026年11月23日〜11月27日（第48週））を公開できます');
    expect(next[0].body).toContain('締切（11月19日(木) 12:00）を過ぎました');

    // Only chiefs are told.
    const all = await ofKind('ready-to-publish');
    const roles = new Map(
      (await m.find(AccountEntity, { where: { staffId: In(all.map((n) => n.staffId)) } })).map((a) => [a.staffId, a.role]),
    );
    expect([...roles.values()].every((r) => r === 'chief')).toBe(true);

    // A week that is over is not news.
    time.set(at('2026-11-30T09:00'));
    expect((await run()).readyToPublish).toBe(0);
  });

  test('old notifications are removed: read ones after 180 days, all after 400; pending mail stays', async () => {
    const me = (await t.db.manager.findOneByOrFail(StaffEntity, { id: 't0083' })).id;
    const ago = (days: number) => NOW.minus({ days }).toUTC().toISO()!;
    await t.db.write((m) =>
      notify(
        m,
        [1, 2, 3, 4].map((i) => ({ staffId: me, kind: 'bcp' as const, title: `古い通知${i}`, body: '本文' })),
      ),
    );
    const rows = await t.db.manager.find(NotificationEntity, { where: { staffId: me, kind: 'bcp' }, order: { id: 'ASC' } });
    await t.db.source.manager.update(NotificationEntity, { id: rows[0].id }, { createdAt: ago(181), readAt: ago(180), mailState: 'none' });
    await t.db.source.manager.update(NotificationEntity, { id: rows[1].id }, { createdAt: ago(181), readAt: null, mailState: 'none' });
    await t.db.source.manager.update(NotificationEntity, { id: rows[2].id }, { createdAt: ago(401), readAt: null, mailState: 'sent' });
    await t.db.source.manager.update(NotificationEntity, { id: rows[3].id }, { createdAt: ago(401), readAt: null, mailState: 'pending' });
    expect((await run()).removed).toBe(2);
    const left = await t.db.manager.find(NotificationEntity, { where: { staffId: me, kind: 'bcp' }, order: { id: 'ASC' } });
    expect(left.map((n) => n.title)).toEqual(['古い通知2', '古い通知4']);
  });
});
