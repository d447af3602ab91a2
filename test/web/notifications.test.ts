/**
 * A person's notifications in the app: behind the login, only one's own
 * (another person's id is 404), every change a POST with the CSRF token;
 * unread first and marked, a page at a time; opening one marks it read and
 * goes to its page; the unread count in the header of every page; the e-mail
 * choice on /me (audited); HR's staff form with its e-mail address.
 */
import request from 'supertest';
import { IsNull, Not } from 'typeorm';
import { AccountEntity, AuditEntity, NotificationEntity, StaffEntity } from '../../src/persistence/entities';
import { Notice, notify } from '../../src/app/notifications/notify';
import { csrfToken, DATABASES, login, startTestApp, TestApp } from '../support/web';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const badge = (html: string) => /data-unread-count="(\d+)"/.exec(html)?.[1] ?? null;
const ids = (html: string) =>
  [...html.matchAll(/data-notification="(\d+)" data-unread="([01])"/g)].map((m) => [Number(m[1]), m[2] === '1']);

describe.each(DATABASES)('notifications in the app (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  /** Notices for a person, one second apart, oldest first; their ids in that order. */
  async function give(staffId: string, titles: string[], extra: Partial<Notice> = {}): Promise<number[]> {
    const out: number[] = [];
    for (const [i, title] of titles.entries()) {
      const at = new Date(Date.parse('2026-11-18T01:00:00Z') + (out.length + i) * 1000).toISOString();
      await t.db.write((m) =>
        notify(m, [{ staffId, kind: 'week-changed', title, body: `${title}の本文\n2行目`, link: '/me/weeks/2026-W48', ...extra }], at),
      );
      const row = await t.db.manager.findOneOrFail(NotificationEntity, { where: { staffId, title }, order: { id: 'DESC' } });
      out.push(row.id);
    }
    return out;
  }
  const readAt = async (id: number) => (await t.db.manager.findOneByOrFail(NotificationEntity, { id })).readAt;

  test('the pages are behind the login', async () => {
    const page = await request(t.app).get('/me/notifications');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Fme%2Fnotifications');
    const [id] = await give('t0090', ['ログインなし']);
    for (const path of [
      '/me/notifications/read-all',
      `/me/notifications/${id}/read`,
      `/me/notifications/${id}/open`,
      '/me/notifications/email',
    ]) {
      const res = await request(t.app).post(path).type('form').send({});
      expect([401, 403]).toContain(res.status);
    }
    expect(await readAt(id)).toBeNull();
  });

  test('unread first and marked, newest first; the header counts the unread on every page', async () => {
    const [a, b, c] = await give('t0083', ['通知A', '通知B', '通知C']);
    await give('t0084', ['他人の通知']);
    const agent = await login(t.app, 't0083');
    for (const path of ['/me', '/me/calendar', '/me/notifications', '/me/weeks/2026-W48'])
      expect(badge((await agent.get(path)).text)).toBe('3');

    const page = await agent.get('/me/notifications');
    expect(page.status).toBe(200);
    expect(ids(page.text)).toEqual([
      [c, true],
      [b, true],
      [a, true],
    ]);
    expect(text(page.text)).toContain('未読の通知が 3件 あります');
    expect(text(page.text)).toContain('通知Cの本文');
    expect(page.text).not.toContain('他人の通知');

    // Read one: it moves below the unread ones.
    const res = await agent
      .post(`/me/notifications/${c}/read`)
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me/notifications') });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/me/notifications');
    expect(await readAt(c)).not.toBeNull();
    const after = await agent.get('/me/notifications');
    expect(ids(after.text)).toEqual([
      [b, true],
      [a, true],
      [c, false],
    ]);
    expect(badge(after.text)).toBe('2');
  });

  test('opening a notification marks it read and goes to its page', async () => {
    const [id] = await give('t0085', ['開く通知']);
    const agent = await login(t.app, 't0085');
    const res = await agent
      .post(`/me/notifications/${id}/open`)
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me/notifications') });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/me/weeks/2026-W48');
    expect(await readAt(id)).not.toBeNull();
    expect(badge((await agent.get('/me')).text)).toBeNull();
  });

  test('a link that is not a path of the app is not followed', async () => {
    const [id] = await give('t0086', ['外部リンク'], { link: '//evil.example.com/x' });
    const agent = await login(t.app, 't0086');
    const page = await agent.get('/me/notifications');
    expect(page.text).not.toContain(`/me/notifications/${id}/open`);
    const res = await agent
      .post(`/me/notifications/${id}/open`)
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me/notifications') });
    expect(res.headers.location).toBe('/me/notifications');
  });

  test("another person's notification is 404, and stays unread", async () => {
    const [theirs] = await give('t0084', ['他人の未読']);
    const agent = await login(t.app, 't0087');
    const token = await csrfToken(agent, '/me/notifications');
    for (const path of [
      `/me/notifications/${theirs}/read`,
      `/me/notifications/${theirs}/open`,
      '/me/notifications/0/read',
      '/me/notifications/abc/open',
    ]) {
      const res = await agent.post(path).type('form').send({ _csrf: token });
      expect(res.status).toBe(404);
      expect(text(res.text)).toContain('見つかりませんでした');
    }
    expect(await readAt(theirs)).toBeNull();
    // Mark all read touches only one's own.
    await agent.post('/me/notifications/read-all').type('form').send({ _csrf: token });
    expect(await readAt(theirs)).toBeNull();
  });

  test('every change needs the CSRF token', async () => {
    const [id] = await give('t0088', ['CSRFの確認']);
    const agent = await login(t.app, 't0088');
    for (const [path, body] of [
      [`/me/notifications/${id}/read`, {}],
      [`/me/notifications/${id}/open`, {}],
      ['/me/notifications/read-all', {}],
      ['/me/notifications/email', { email: 'off' }],
      [`/me/notifications/${id}/read`, { _csrf: 'forged-token' }],
    ] as const) {
      const res = await agent.post(path).type('form').send(body);
      expect(res.status).toBe(403);
    }
    expect(await readAt(id)).toBeNull();
    expect((await t.db.manager.findOneByOrFail(AccountEntity, { staffId: 't0088' })).emailNotifications).toBe(true);
  });

  test('mark all read', async () => {
    await give('t0089', ['全部1', '全部2']);
    const agent = await login(t.app, 't0089');
    const res = await agent
      .post('/me/notifications/read-all')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me/notifications') });
    expect(res.status).toBe(302);
    const page = await agent.get('/me/notifications');
    expect(text(page.text)).toContain('2件の通知を既読にしました');
    expect(text(page.text)).toContain('未読の通知はありません（全2件）');
    expect(badge(page.text)).toBeNull();
    expect(await t.db.manager.countBy(NotificationEntity, { staffId: 't0089', readAt: Not(IsNull()) })).toBe(2);
  });

  test('a page at a time: 20 per page', async () => {
    await give(
      't0091',
      Array.from({ length: 23 }, (_, i) => `多数${i + 1}`),
    );
    const agent = await login(t.app, 't0091');
    const first = await agent.get('/me/notifications');
    expect(ids(first.text)).toHaveLength(20);
    expect(text(first.text)).toContain('1 / 2 ページ');
    const second = await agent.get('/me/notifications?page=2');
    expect(ids(second.text)).toHaveLength(3);
    expect(text(second.text)).toContain('多数1の本文');
    expect(ids((await agent.get('/me/notifications?page=99')).text)).toHaveLength(3);
  });

  test('the e-mail choice on /me: the address or that none is registered; turning it off and on is audited', async () => {
    await t.db.source.manager.update(StaffEntity, { id: 't0092' }, { email: 't0092@town.example.lg.jp' });
    const agent = await login(t.app, 't0092');
    let me = await agent.get('/me');
    expect(text(me.text)).toContain('通知の設定');
    expect(text(me.text)).toContain('メールアドレス： t0092@town.example.lg.jp');
    expect(me.text).toContain('data-email-notifications="on"');
    // This app has no SMTP settings: it says so.
    expect(text(me.text)).toContain('現在、このシステムからはメールを送っていません');

    await give('t0092', ['送信待ち']);
    expect((await t.db.manager.findOneByOrFail(NotificationEntity, { staffId: 't0092', title: '送信待ち' })).mailState).toBe('pending');
    let res = await agent
      .post('/me/notifications/email')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me'), email: 'off' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/me#notification-settings');
    expect((await t.db.manager.findOneByOrFail(AccountEntity, { staffId: 't0092' })).emailNotifications).toBe(false);
    // Mail that was waiting is not sent any more; the notice stays.
    expect((await t.db.manager.findOneByOrFail(NotificationEntity, { staffId: 't0092', title: '送信待ち' })).mailState).toBe('none');
    me = await agent.get('/me');
    expect(text(me.text)).toContain('メールでの通知を止めました');
    expect(me.text).toContain('data-email-notifications="off"');

    res = await agent
      .post('/me/notifications/email')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me'), email: 'on' });
    expect(res.status).toBe(302);
    expect((await t.db.manager.findOneByOrFail(AccountEntity, { staffId: 't0092' })).emailNotifications).toBe(true);
    const audits = await t.db.manager.find(AuditEntity, { where: { action: 'email-notifications', actor: 't0092' }, order: { id: 'ASC' } });
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      ['{"emailNotifications":true}', '{"emailNotifications":false}'],
      ['{"emailNotifications":false}', '{"emailNotifications":true}'],
    ]);
    // Anything but on or off is refused.
    res = await agent
      .post('/me/notifications/email')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me'), email: 'maybe' });
    expect(res.status).toBe(404);

    const other = await login(t.app, 't0093');
    expect(text((await other.get('/me')).text)).toContain('メールアドレス： 登録されていません');
  });

  test("HR's staff form keeps an e-mail address, refuses a bad one by name and saves nothing", async () => {
    const hr = await login(t.app, 'jinji');
    const person = await t.db.manager.findOneOrFail(StaffEntity, { where: { id: 't0094' }, relations: { counters: true } });
    const account = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: person.id });
    const form = (email: string) => ({
      name: person.name,
      divisionId: person.divisionId,
      jobType: person.jobType,
      ...(person.caregiver ? { caregiver: 'on' } : {}),
      maxTeleworkDays: person.maxTeleworkDays === null ? '' : String(person.maxTeleworkDays),
      active: 'on',
      role: account.role,
      counters: (person.counters ?? []).map((c) => c.id),
      email,
    });
    const post = async (email: string) =>
      hr
        .post(`/hr/staff/${person.id}`)
        .type('form')
        .send({
          _csrf: await csrfToken(hr, `/hr/staff/${person.id}`),
          ...form(email),
          revision: /name="revision" value="(\d+)"/.exec((await hr.get(`/hr/staff/${person.id}`)).text)![1],
        });

    let res = await post('yamada.example.lg.jp');
    expect(res.status).toBe(422);
    expect(text(res.text)).toContain('「メールアドレス」の形が正しくありません（入力: yamada.example.lg.jp）');
    expect(res.text).toContain('value="yamada.example.lg.jp"');
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: person.id })).email).toBeNull();

    res = await post('Ｙａｍａｄａ＠Town.Example.LG.jp');
    expect(res.status).toBe(302);
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: person.id })).email).toBe('Yamada@town.example.lg.jp');
    const page = await hr.get(`/hr/staff/${person.id}`);
    expect(text(page.text)).toContain('メールアドレス');
    expect(page.text).toContain('value="Yamada@town.example.lg.jp"');
    const audit = await t.db.manager.findOneOrFail(AuditEntity, {
      where: { action: 'staff-update', entityId: person.id },
      order: { id: 'DESC' },
    });
    expect(JSON.parse(audit.after!)).toEqual({ email: 'Yamada@town.example.lg.jp' });

    res = await post('');
    expect(res.status).toBe(302);
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: person.id })).email).toBeNull();
  });
});
