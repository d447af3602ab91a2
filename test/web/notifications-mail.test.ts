/**
 * The app as `npm start` runs it, with SMTP: createApp starts the scheduled
 * notices and the outbox, a deadline reminder written by the scheduler is
 * mailed right after its commit, and closing the service stops both (the
 * database can be closed at once, and jest is not kept open).
 */
import 'reflect-metadata';
import { DateTime } from 'luxon';
import { In } from 'typeorm';
import { ZONE } from '../../src/app/calendar';
import { seedDemoTown } from '../../src/app/demo/seed';
import type { NotificationService } from '../../src/app/notifications/background';
import { canTelework } from '../../src/app/organisation/policy';
import { AccountEntity, NotificationEntity, PolicyEntity, StaffEntity, TeleworkRequestEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import { DATABASES, login, NOW, openTestDatabase, PASSWORD, testClock, TestDatabase } from '../support/web';
import { startSmtp, TestSmtp } from '../support/smtp';

describe.each(DATABASES)('notifications by e-mail from the running app (%s)', (kind) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedDemoTown(t.db, NOW, PASSWORD);
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    await t.close();
  });

  test('the scheduler reminds, the outbox mails it at once, and close stops both', async () => {
    // Someone who can telework and has not asked for next week.
    const policy = await t.db.manager.findOneByOrFail(PolicyEntity, { id: 1 });
    const asked = new Set(
      (
        await t.db.manager.find(TeleworkRequestEntity, { where: { day: In(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']) } })
      ).map((r) => r.staffId),
    );
    const me = (await t.db.manager.find(StaffEntity, { where: { active: true, divisionId: 'jumin' }, order: { id: 'ASC' } })).find(
      (s) => canTelework(policy, s) && !asked.has(s.id),
    )!;
    await t.db.source.manager.update(StaffEntity, { id: me.id }, { email: 'reminder@town.example.lg.jp' });

    // Wednesday 13:00: 23 hours before next week's deadline.
    const time = testClock(DateTime.fromISO('2026-11-18T13:00', { zone: ZONE }));
    const logs: string[] = [];
    const app = createApp({
      db: t.db,
      sessionSecret: 'test-secret-not-for-production',
      clock: time.clock,
      loginLimit: 1000,
      notifications: { mail: smtp.config(), outbox: { pollMs: 60_000 }, log: (l) => logs.push(l) },
    });
    const service = app.get('notifications') as NotificationService;
    try {
      expect(service.mailEnabled).toBe(true);
      const [mail] = await smtp.waitFor(1, 15_000);
      expect(mail.envelopeTo).toEqual(['reminder@town.example.lg.jp']);
      expect(mail.parsed.subject).toBe('【テレワーク輪番表】在宅勤務の希望の締切が近づいています（2026年11月23日〜11月27日（第48週））');
      expect(mail.parsed.text).toContain('11月19日(木) 12:00 です');
      expect(mail.parsed.text).toContain('https://rotation.town.example.lg.jp/me/weeks/2026-W48');
      // The server has it; the outbox records it a moment later.
      await service.outbox.idle();
      const row = await t.db.manager.findOneByOrFail(NotificationEntity, { staffId: me.id, kind: 'deadline-near' });
      expect(row.mailState).toBe('sent');
      // Everyone else reminded has no address: in the app only.
      const others = await t.db.manager.countBy(NotificationEntity, { kind: 'deadline-near', mailState: 'none' });
      expect(others).toBeGreaterThan(0);
      expect(await t.db.manager.countBy(NotificationEntity, { mailState: 'pending' })).toBe(0);

      // The page says e-mail is on, and counts the reminder.
      const account = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: me.id });
      const agent = await login(app, account.loginId);
      const page = await agent.get('/me');
      expect(page.text).not.toContain('メールを送っていません');
      expect(page.text).toContain('data-unread-count="1"');
      expect(logs).toEqual([]);
    } finally {
      await service.close();
    }
    // Closed: a new notice stays in the outbox.
    await t.db.source.manager.update(NotificationEntity, { staffId: me.id }, { mailState: 'pending', mailAttempts: 0, mailedAt: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received).toHaveLength(1);
  });
});
