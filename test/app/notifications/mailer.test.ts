/**
 * The e-mail outbox against a real SMTP server on 127.0.0.1: what arrives
 * (subject, recipient, Japanese body, the absolute link), when nothing is
 * sent (opted out, no address, SMTP not configured) while the notice stays
 * in the app, retries then `failed`, a recipient refused for good, two
 * processes on one database sending each mail once, and a log without
 * credentials.
 */
import 'reflect-metadata';
import { In } from 'typeorm';
import { seedDemoTown } from '../../../src/app/demo/seed';
import { describeMailConfig } from '../../../src/app/notifications/mail-config';
import { Outbox, OutboxOptions } from '../../../src/app/notifications/mailer';
import { Notice, notify } from '../../../src/app/notifications/notify';
import { Database } from '../../../src/persistence/database';
import { AccountEntity, NotificationEntity, StaffEntity } from '../../../src/persistence/entities';
import { DATABASES, NOW, openTestDatabase, PASSWORD, TestDatabase } from '../../support/web';
import { SMTP_PASSWORD, SMTP_USER, startSmtp, TestSmtp } from '../../support/smtp';

const notice = (staffId: string, title: string, extra: Partial<Notice> = {}): Notice => ({
  staffId,
  kind: 'week-changed',
  title,
  body: `2026年11月23日〜11月27日（第48週）の勤務表が変わりました。\n11月25日(水)：出勤 → 在宅勤務`,
  link: '/me/weeks/2026-W48',
  ...extra,
});

describe.each(DATABASES)('e-mail outbox (%s)', (kind) => {
  let t: TestDatabase;
  let smtp: TestSmtp;
  let people: StaffEntity[];
  const outboxes: Outbox[] = [];
  const logs: string[] = [];

  const outbox = (config: ReturnType<TestSmtp['config']> | null, options: OutboxOptions = {}, db: Database = t.db) => {
    const o = new Outbox(db, config, { log: (l) => logs.push(l), pollMs: 60_000, ...options });
    outboxes.push(o);
    return o;
  };
  const write = (notices: Notice[]) => t.db.write((m) => notify(m, notices));
  const rowsOf = (staffId: string) => t.db.manager.find(NotificationEntity, { where: { staffId }, order: { id: 'ASC' } });
  const addressOf = (s: StaffEntity) => `${s.id}@town.example.lg.jp`;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedDemoTown(t.db, NOW, PASSWORD);
    smtp = await startSmtp();
    people = await t.db.manager.find(StaffEntity, { where: { divisionId: 'jumin', active: true }, order: { id: 'ASC' }, take: 30 });
    for (const s of people) await t.db.source.manager.update(StaffEntity, { id: s.id }, { email: addressOf(s) });
  });
  afterEach(async () => {
    for (const o of outboxes.splice(0)) await o.close();
    // Each test starts with an empty outbox.
    await t.db.source.manager.update(NotificationEntity, { mailState: 'pending' }, { mailState: 'none' });
  });
  afterAll(async () => {
    await smtp.close();
    await t.close();
  });

  test('a notice is mailed right after its transaction commits: subject, recipient, Japanese body, absolute link', async () => {
    const me = people[0];
    const before = smtp.received.length;
    const o = outbox(smtp.config());
    o.start();
    await write([notice(me.id, '公開中の勤務表が変わりました（第48週）')]);
    // The poll is a minute away: only the kick after the commit can have sent it.
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.envelopeTo).toEqual([addressOf(me)]);
    expect(mail.parsed.subject).toBe('【テレワーク輪番表】公開中の勤務表が変わりました（第48週）');
    const to = mail.parsed.to;
    expect(Array.isArray(to) ? to[0].value[0] : to?.value[0]).toEqual({ address: addressOf(me), name: me.name });
    expect(mail.parsed.from?.value[0]).toEqual({ address: 'rotation@town.example.lg.jp', name: 'テレワーク輪番表' });
    const text = mail.parsed.text ?? '';
    expect(text).toContain(`${me.name} さん`);
    expect(text).toContain('11月25日(水)：出勤 → 在宅勤務');
    expect(text).toContain('https://rotation.town.example.lg.jp/me/weeks/2026-W48');
    expect(text).toContain('https://rotation.town.example.lg.jp/me）の「通知の設定」で止められます');
    expect(mail.parsed.html).toBe(false);
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.parsed.messageId).toMatch(/^<notification\.\d+\.\d+@town\.example\.lg\.jp>$/);
    expect(smtp.logins).toContain(SMTP_USER);

    await o.idle(); // the server has it; the outbox records it a moment later
    const [row] = await rowsOf(me.id);
    expect(row).toMatchObject({ mailState: 'sent', mailAttempts: 1, readAt: null });
    expect(row.mailedAt).not.toBeNull();
  });

  test('no mail when the person turned e-mail off or has no address; the notice stays in the app', async () => {
    const [off, none, later] = [people[1], people[2], people[3]];
    await t.db.source.manager.update(AccountEntity, { staffId: off.id }, { emailNotifications: false });
    await t.db.source.manager.update(StaffEntity, { id: none.id }, { email: null });
    await write([notice(off.id, 'オフの人へ'), notice(none.id, 'アドレスのない人へ'), notice(later.id, 'あとで止める人へ')]);
    expect((await rowsOf(off.id)).map((n) => n.mailState)).toEqual(['none']);
    expect((await rowsOf(none.id)).map((n) => n.mailState)).toEqual(['none']);
    expect((await rowsOf(later.id)).map((n) => n.mailState)).toEqual(['pending']);
    // Turned off while the mail waited: the outbox checks again and sends nothing.
    await t.db.source.manager.update(AccountEntity, { staffId: later.id }, { emailNotifications: false });
    const before = smtp.received.length;
    const report = await outbox(smtp.config()).deliver();
    expect(report).toEqual({ sent: 0, retrying: 0, failed: 0, off: 1 });
    expect(smtp.received.length).toBe(before);
    for (const s of [off, none, later]) {
      const rows = await rowsOf(s.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ mailState: 'none', mailAttempts: 0, readAt: null });
    }
  });

  test('without SMTP settings nothing is sent and nothing piles up: pending rows become none', async () => {
    const me = people[4];
    await write([notice(me.id, '1通目'), notice(me.id, '2通目')]);
    expect((await rowsOf(me.id)).map((n) => n.mailState)).toEqual(['pending', 'pending']);
    const before = smtp.received.length;
    const o = outbox(null);
    expect(o.enabled).toBe(false);
    expect(await o.deliver()).toMatchObject({ sent: 0, off: 2 });
    expect(smtp.received.length).toBe(before);
    expect((await rowsOf(me.id)).map((n) => [n.title, n.mailState])).toEqual([
      ['1通目', 'none'],
      ['2通目', 'none'],
    ]);
    expect(describeMailConfig(null)).toMatch(/^off/);
  });

  test('a temporary refusal is tried again after the backoff, and is failed after the last attempt', async () => {
    const me = people[5];
    let now = Date.parse('2026-11-18T01:00:00Z');
    const o = outbox(smtp.config(), { now: () => new Date(now), maxAttempts: 3, retryDelaysMs: [60_000, 300_000] });
    await write([notice(me.id, '届かないかもしれない通知')]);
    const before = smtp.received.length;
    smtp.tempFail = true;
    try {
      expect(await o.deliver()).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
      let [row] = await rowsOf(me.id);
      expect(row).toMatchObject({ mailState: 'pending', mailAttempts: 1, mailedAt: new Date(now + 60_000).toISOString() });
      // Not due before the backoff has passed.
      now += 59_000;
      expect(await o.deliver()).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
      now += 1_000;
      expect(await o.deliver()).toMatchObject({ retrying: 1 });
      [row] = await rowsOf(me.id);
      expect(row).toMatchObject({ mailState: 'pending', mailAttempts: 2, mailedAt: new Date(now + 300_000).toISOString() });
      now += 300_000;
      expect(await o.deliver()).toMatchObject({ retrying: 0, failed: 1 });
      [row] = await rowsOf(me.id);
      expect(row).toMatchObject({ mailState: 'failed', mailAttempts: 3 });
    } finally {
      smtp.tempFail = false;
    }
    // Failed is final: a working server later does not get it.
    now += 3_600_000;
    expect(await o.deliver()).toMatchObject({ sent: 0 });
    expect(smtp.received.length).toBe(before);
    expect(logs.some((l) => /notification \d+ to .+: attempt 1 of 3 failed, next at .*451/.test(l))).toBe(true);
    expect(logs.some((l) => /failed for good after 3 attempts/.test(l))).toBe(true);
    // The notice itself is still there to read.
    expect((await rowsOf(me.id))[0].title).toBe('届かないかもしれない通知');
  });

  test('a recipient the server refuses for good is failed at once', async () => {
    const me = people[6];
    smtp.refused.add(addressOf(me));
    await write([notice(me.id, '宛先のない通知')]);
    expect(await outbox(smtp.config()).deliver()).toMatchObject({ sent: 0, retrying: 0, failed: 1 });
    expect(await rowsOf(me.id)).toEqual([expect.objectContaining({ mailState: 'failed', mailAttempts: 1 })]);
    expect(logs.some((l) => /failed for good after 1 attempt \(refused by the server\)/.test(l))).toBe(true);
  });

  test('two app processes on one database send every mail exactly once', async () => {
    // PostgreSQL: a second connection pool, as a second process has. SQLite serves one process
    // (better-sqlite3 blocks the thread while it waits for a lock): two outboxes on its one connection.
    const other = kind === 'postgres' ? await Database.open({ DATABASE_URL: (t.db.source.options as { url: string }).url }) : t.db;
    try {
      const recipients = people.slice(10, 22);
      await write(recipients.map((s) => notice(s.id, `同時送信の確認 ${s.id}`)));
      const before = smtp.received.length;
      const a = outbox(smtp.config(), { batch: 3 });
      const b = outbox(smtp.config(), { batch: 3 }, other);
      const reports = await Promise.all([a.deliver(), b.deliver(), a.deliver(), b.deliver()]);
      expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(recipients.length);
      await new Promise((r) => setTimeout(r, 200));
      const got = smtp.received.slice(before);
      expect(got).toHaveLength(recipients.length);
      expect(new Set(got.map((m) => m.envelopeTo[0]))).toEqual(new Set(recipients.map(addressOf)));
      const rows = await t.db.manager.find(NotificationEntity, { where: { staffId: In(recipients.map((s) => s.id)) } });
      expect(rows.every((r) => r.mailState === 'sent' && r.mailAttempts === 1)).toBe(true);
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  test('a refused login is retried, and neither the log nor the description shows the user or the password', async () => {
    const me = people[7];
    await write([notice(me.id, 'ログインできない設定')]);
    const wrong = smtp.config({ auth: { user: 'wrong-user-name', pass: 'wrong-secret-xyz' } });
    expect(await outbox(wrong).deliver()).toMatchObject({ retrying: 1 });
    const text = logs.join('\n') + describeMailConfig(wrong) + describeMailConfig(smtp.config());
    for (const secret of ['wrong-secret-xyz', 'wrong-user-name', SMTP_PASSWORD, SMTP_USER]) expect(text).not.toContain(secret);
    expect(logs.some((l) => /EAUTH/.test(l))).toBe(true);
  });

  test('without APP_URL the mail has no link and says where to look', async () => {
    const me = people[8];
    const before = smtp.received.length;
    await write([notice(me.id, 'リンクのない通知')]);
    expect(await outbox(smtp.config({ appUrl: null })).deliver()).toMatchObject({ sent: 1 });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    expect(mail.parsed.text).toContain('テレワーク輪番表にログインして「通知」をご覧ください');
    expect(mail.parsed.text).not.toContain('http');
  });

  test('after close nothing runs: a kick does nothing', async () => {
    const me = people[9];
    const o = outbox(smtp.config());
    o.start();
    await o.close();
    await write([notice(me.id, '止めたあとの通知')]);
    o.kick();
    await o.idle();
    expect((await rowsOf(me.id)).map((n) => n.mailState)).toEqual(['pending']);
  });
});
