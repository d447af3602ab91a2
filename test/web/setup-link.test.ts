/**
 * One-time login links (ログイン用リンク): HR issues one per person, shown
 * once; the person opens /setup/:token without a login, sets a password
 * (CSRF-protected, rate-limited like the login) and is logged in with a new
 * session. A link works once, for seven days, and a new one replaces it; an
 * account without a password never logs in.
 */
import request from 'supertest';
import { NO_PASSWORD } from '../../src/app/accounts/setup-links';
import type { NotificationService } from '../../src/app/notifications/background';
import { AccountEntity, AuditEntity, NotificationEntity, SetupLinkEntity, StaffEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import { startSmtp } from '../support/smtp';
import { Agent, csrfToken, DATABASES, issueLoginLink, login, PASSWORD, setPasswordByLink, startTestApp, TestApp } from '../support/web';

describe.each(DATABASES)('one-time login links on %s', (kind) => {
  let t: TestApp;
  let hr: Agent;
  beforeAll(async () => {
    t = await startTestApp(kind, { loginLimit: 20 });
    hr = await login(t.app, 'jinji');
  });
  afterAll(async () => t.close());

  const m = () => t.db.manager;
  const pathOf = (link: string) => new URL(link).pathname;
  /** A staff member with a demo account nobody else in this file uses. */
  let used = 0;
  const nextPerson = async () => {
    const rows = await m().find(AccountEntity, { where: { role: 'staff' }, order: { id: 'ASC' } });
    return rows[10 + used++];
  };

  it('is shown once to HR as an address on this server, and stored only as a hash', async () => {
    const person = await nextPerson();
    const link = await issueLoginLink(hr, person.staffId);
    const token = pathOf(link).split('/')[2];
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{32}$/);
    const row = await m().findOneByOrFail(SetupLinkEntity, { accountId: person.id });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
    const days = (Date.parse(row.expiresAt) - Date.parse(row.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    expect(row.createdBy).toBe('jinji');
    const page = await hr.get(`/hr/staff/${person.staffId}`);
    expect(page.text).not.toContain(token);
    expect((await m().findOneByOrFail(AccountEntity, { id: person.id })).passwordHash).toBe(NO_PASSWORD);
    const entry = await m().findOneByOrFail(AuditEntity, { action: 'setup-link-issue', entityId: person.loginId });
    expect(JSON.parse(entry.after!)).toEqual({ expiresAt: row.expiresAt });
    expect(entry.after).not.toContain(token);
  });

  it('uses APP_URL for the address when it is set', async () => {
    const person = await nextPerson();
    process.env.APP_URL = 'https://rotation.town.example.lg.jp/';
    try {
      expect(await issueLoginLink(hr, person.staffId)).toMatch(/^https:\/\/rotation\.town\.example\.lg\.jp\/setup\/[A-Za-z0-9_-]{32}$/);
    } finally {
      delete process.env.APP_URL;
    }
  });

  it('lets the person set a password, twice and long enough, then logs them in with a new session', async () => {
    const person = await nextPerson();
    const path = pathOf(await issueLoginLink(hr, person.staffId));
    const visitor = request.agent(t.app);
    const page = await visitor.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`ログインID：<code>${person.loginId}</code>`);
    const token = await csrfToken(visitor, path);
    const cases: [Record<string, string>, string][] = [
      [{ next: 'short', confirm: 'short' }, '「新しいパスワード」は10文字以上にしてください。'],
      [{ next: 'long-enough-1', confirm: 'long-enough-2' }, '「新しいパスワード」と「新しいパスワード（確認）」が一致しません。'],
    ];
    for (const [fields, message] of cases) {
      const res = await visitor
        .post(path)
        .type('form')
        .send({ _csrf: token, ...fields });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
    const noCsrf = await visitor.post(path).type('form').send({ next: 'long-enough-1', confirm: 'long-enough-1' });
    expect(noCsrf.status).toBe(403);
    expect((await m().findOneByOrFail(AccountEntity, { id: person.id })).passwordHash).toBe(NO_PASSWORD);

    const before = (await visitor.get('/login')).headers['set-cookie'];
    const done = await visitor.post(path).type('form').send({ _csrf: token, next: 'long-enough-1', confirm: 'long-enough-1' });
    expect(done.status).toBe(302);
    expect(done.headers.location).toBe('/me');
    expect(done.headers['set-cookie']).toBeDefined();
    expect(done.headers['set-cookie']).not.toEqual(before);
    const me = await visitor.get('/me');
    expect(me.status).toBe(200);
    expect(me.text).toContain('パスワードを設定しました');
    expect(await m().countBy(AuditEntity, { action: 'setup-link-use', entityId: person.loginId })).toBe(1);
    const logged = await m().findOneByOrFail(AuditEntity, { action: 'login', entityId: person.loginId });
    expect(JSON.parse(logged.after!)).toMatchObject({ method: 'setup-link' });
    // Used once.
    expect((await request(t.app).get(path)).status).toBe(404);
    expect((await login(t.app, person.loginId, 'long-enough-1').then((a) => a.get('/me'))).status).toBe(200);
  });

  it('works only until it expires, and only the newest link of a person works', async () => {
    const person = await nextPerson();
    const first = pathOf(await issueLoginLink(hr, person.staffId));
    const second = pathOf(await issueLoginLink(hr, person.staffId));
    expect((await request(t.app).get(first)).status).toBe(404);
    expect((await request(t.app).get(second)).status).toBe(200);
    expect(await m().countBy(SetupLinkEntity, { accountId: person.id })).toBe(1);
    await t.db.write((m) => m.update(SetupLinkEntity, { accountId: person.id }, { expiresAt: new Date(Date.now() - 1000).toISOString() }));
    const gone = await request(t.app).get(second);
    expect(gone.status).toBe(404);
    expect(gone.text).toContain('このリンクは使えません');
    expect(gone.text).toContain('人事課に新しいログイン用リンクの発行を依頼してください');
    await expect(setPasswordByLink(t.app, `http://x${second}`)).rejects.toThrow('404');
  });

  it('is refused for a person who has left, and its page stops working when they leave', async () => {
    const person = await nextPerson();
    const link = pathOf(await issueLoginLink(hr, person.staffId));
    await t.db.write((m) => m.update(StaffEntity, { id: person.staffId }, { active: false }));
    expect((await request(t.app).get(link)).status).toBe(404);
    const page = `/hr/staff/${person.staffId}`;
    const res = await hr
      .post(`${page}/setup-link`)
      .type('form')
      .send({ _csrf: await csrfToken(hr, page) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('在職でないため、ログインできません');
  });

  it('never lets an account without a password log in', async () => {
    const person = await nextPerson();
    await issueLoginLink(hr, person.staffId);
    for (const password of ['!', PASSWORD]) await expect(login(t.app, person.loginId, password)).rejects.toThrow();
  });

  it('is e-mailed straight to the person when they have an address and e-mail is on, never stored in the outbox', async () => {
    const smtp = await startSmtp();
    const app = createApp({
      db: t.db,
      sessionSecret: 'test-secret-not-for-production',
      clock: t.time.clock,
      loginLimit: 1000,
      notifications: { mail: smtp.config(), scheduled: false, outbox: { pollMs: 60_000 }, log: () => undefined },
    });
    try {
      const [withMail, refused, without] = [await nextPerson(), await nextPerson(), await nextPerson()];
      await t.db.write((m) => m.update(StaffEntity, { id: withMail.staffId }, { email: 'link@town.example.lg.jp' }));
      await t.db.write((m) => m.update(StaffEntity, { id: refused.staffId }, { email: 'gone@town.example.lg.jp' }));
      smtp.refused.add('gone@town.example.lg.jp');
      const notifications = await m().count(NotificationEntity);
      const hrHere = await login(app, 'jinji');
      const issue = async (staffId: string) => {
        const page = `/hr/staff/${staffId}`;
        return hrHere
          .post(`${page}/setup-link`)
          .type('form')
          .send({ _csrf: await csrfToken(hrHere, page) });
      };
      const sent = await issue(withMail.staffId);
      expect(sent.text).toContain('data-setup-mail="sent"');
      const link = /data-setup-link>([^<]+)</.exec(sent.text)![1];
      const [mail] = await smtp.waitFor(1, 15_000);
      expect(mail.envelopeTo).toEqual(['link@town.example.lg.jp']);
      expect(mail.parsed.subject).toBe('【テレワーク輪番表】ログイン用リンクのお知らせ');
      expect(mail.parsed.text).toContain(link);
      expect(mail.parsed.text).toContain(`ログインID: ${withMail.loginId}`);
      expect((await issue(refused.staffId)).text).toContain('data-setup-mail="failed"');
      expect((await issue(without.staffId)).text).toContain('data-setup-mail="no-address"');
      expect(await m().count(NotificationEntity)).toBe(notifications);
      expect((await setPasswordByLink(app, link).then((a) => a.get('/me'))).status).toBe(200);
    } finally {
      await (app.get('notifications') as NotificationService).close();
      await smtp.close();
    }
  });

  it('counts failures per client towards the same kind of limit as the login', async () => {
    const anon = request(t.app);
    let status = 0;
    for (let i = 0; i < 30 && status !== 429; i++) status = (await anon.get(`/setup/${'A'.repeat(31)}${i}`)).status;
    expect(status).toBe(429);
  });
});
