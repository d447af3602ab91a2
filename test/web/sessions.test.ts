/**
 * Sessions: written only when they change (no row for a visitor's page
 * without a form, none per page view within the touch interval), the idle
 * and absolute limits on the server, pruning, and sessions that end when the
 * account changes (password change or reset, role, division, leaving) or on
 * ログアウト（すべての端末）, with a new calendar URL.
 */
import request from 'supertest';
import type { Express } from 'express';
import { seedDemoTown } from '../../src/app/demo/seed';
import { AccountEntity, AuditEntity, RateLimitEntity, SessionEntity, StaffEntity } from '../../src/persistence/entities';
import { DatabaseSessionStore, SessionLimits } from '../../src/persistence/session-store';
import { createApp } from '../../src/web/app';
import { Agent, csrfToken, DATABASES, login, NOW, openTestDatabase, PASSWORD, testClock, TestDatabase } from '../support/web';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASES)('sessions on %s', (kind) => {
  let t: TestDatabase;
  let app: Express;
  const m = () => t.db.manager;
  const appWith = (sessionLimits?: Partial<SessionLimits>) =>
    createApp({ db: t.db, sessionSecret: 'test-secret-not-for-production', clock: testClock().clock, loginLimit: 1000, sessionLimits });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedDemoTown(t.db, NOW, PASSWORD);
    app = appWith();
  });
  afterAll(async () => t.close());

  const sessions = () => m().count(SessionEntity);
  const accountOf = (loginId: string) => m().findOneByOrFail(AccountEntity, { loginId });
  /** Staff accounts of the demo town, a different one for each test (the changes are for good). */
  let pool: string[] = [];
  const nextPerson = async () => {
    if (!pool.length)
      pool = (await m().find(AccountEntity, { where: { role: 'staff' }, order: { loginId: 'ASC' } })).map((a) => a.loginId).slice(10, 40);
    return pool.shift()!;
  };

  async function expectLoggedOut(agent: Agent): Promise<void> {
    const res = await agent.get('/me');
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^\/login/);
  }

  async function expectLoggedIn(agent: Agent): Promise<void> {
    expect((await agent.get('/me')).status).toBe(200);
  }

  /** Two devices of one person, and the calendar URL they had. */
  async function twoDevices(loginId: string) {
    const a = await login(app, loginId);
    const b = await login(app, loginId);
    await expectLoggedIn(a);
    await expectLoggedIn(b);
    const token = (await accountOf(loginId)).icalToken;
    expect((await request(app).get(`/ical/${token}.ics`)).status).toBe(200);
    return { a, b, token };
  }

  async function expectCalendarRenewed(loginId: string, old: string): Promise<void> {
    expect((await request(app).get(`/ical/${old}.ics`)).status).toBe(404);
    const fresh = (await accountOf(loginId)).icalToken;
    expect(fresh).not.toBe(old);
    expect((await request(app).get(`/ical/${fresh}.ics`)).status).toBe(200);
  }

  describe('rows written only when needed', () => {
    it('stores no session for a visitor on a page without a form, a 404 or /healthz; the login form does', async () => {
      const before = await sessions();
      for (const path of ['/healthz', '/no-such-page', '/', '/me', '/assets/no-such.css']) {
        const res = await request(app).get(path);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      expect(await sessions()).toBe(before);
      const page = await request(app).get('/login');
      expect(page.text).toMatch(/name="_csrf" value="[^"]+"/);
      expect(page.headers['set-cookie']).toBeDefined();
      expect(await sessions()).toBe(before + 1);
    });

    it('does not write the session row on page views within the touch interval', async () => {
      const loginId = await nextPerson();
      const agent = await login(app, loginId);
      await csrfToken(agent, '/me'); // the first page with a form stores the token
      const { id } = await accountOf(loginId);
      const row = await m().findOneByOrFail(SessionEntity, { accountId: id });
      for (const path of ['/me', '/me/notifications', '/me', '/no-such-page']) await agent.get(path);
      const after = await m().findOneByOrFail(SessionEntity, { sid: row.sid });
      expect(after.expiresAt).toBe(row.expiresAt);
      expect(after.data).toBe(row.data);
      expect(await m().countBy(SessionEntity, { accountId: id })).toBe(1);
    });
  });

  describe('limits', () => {
    it('ends a session left idle', async () => {
      const short = appWith({ idleMs: 1500, touchMs: 300, absoluteMs: 60_000 });
      const agent = await login(short, await nextPerson());
      expect((await agent.get('/me')).status).toBe(200);
      await sleep(1000);
      expect((await agent.get('/me')).status).toBe(200); // activity recorded: the idle time starts again
      await sleep(1000);
      expect((await agent.get('/me')).status).toBe(200);
      await sleep(1800);
      const res = await agent.get('/me');
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^\/login/);
    });

    it('ends a busy session at its absolute limit', async () => {
      const short = appWith({ idleMs: 1500, touchMs: 200, absoluteMs: 3000 });
      const agent = await login(short, await nextPerson());
      const started = Date.now();
      while (Date.now() - started < 2400) {
        expect((await agent.get('/me')).status).toBe(200);
        await sleep(400);
      }
      await sleep(Math.max(0, 3200 - (Date.now() - started)));
      const res = await agent.get('/me');
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^\/login/);
    });

    it('prunes expired sessions and finished rate-limit windows', async () => {
      const now = Date.now();
      await t.db.source.manager.insert(SessionEntity, [
        { sid: 'expired-session', expiresAt: now - 1000, data: '{}', accountId: null },
        { sid: 'live-session', expiresAt: now + 60_000, data: '{}', accountId: null },
      ]);
      await t.db.source.manager.insert(RateLimitEntity, [
        { key: 'login:old', hits: 3, resetAt: now - 1000 },
        { key: 'login:new', hits: 1, resetAt: now + 60_000 },
      ]);
      await new DatabaseSessionStore(t.db).prune(now);
      expect(await m().existsBy(SessionEntity, { sid: 'expired-session' })).toBe(false);
      expect(await m().existsBy(SessionEntity, { sid: 'live-session' })).toBe(true);
      expect(await m().existsBy(RateLimitEntity, { key: 'login:old' })).toBe(false);
      expect(await m().existsBy(RateLimitEntity, { key: 'login:new' })).toBe(true);
    });
  });

  describe('sessions that end', () => {
    let hr: Agent;
    beforeAll(async () => {
      hr = await login(app, 'jinji');
    });

    it('ends the other sessions on a password change, keeps this one, and renews the calendar URL', async () => {
      const loginId = await nextPerson();
      const { a, b, token } = await twoDevices(loginId);
      const res = await a
        .post('/me/password')
        .type('form')
        .send({ _csrf: await csrfToken(a, '/me/password'), current: PASSWORD, next: 'a-new-password', confirm: 'a-new-password' });
      expect(res.status).toBe(302);
      await expectLoggedIn(a);
      await expectLoggedOut(b);
      await expectCalendarRenewed(loginId, token);
      const entry = await m().findOneOrFail(AuditEntity, { where: { action: 'end-sessions', entityId: loginId }, order: { id: 'DESC' } });
      expect(JSON.parse(entry.after!)).toEqual({ reason: 'パスワードの変更', sessions: 1 });
    });

    it('ends every session of a person HR issues a login link for', async () => {
      const loginId = await nextPerson();
      const { a, b, token } = await twoDevices(loginId);
      const { staffId } = await accountOf(loginId);
      const res = await hr
        .post(`/hr/staff/${staffId}/setup-link`)
        .type('form')
        .send({ _csrf: await csrfToken(hr, `/hr/staff/${staffId}`) });
      expect(res.status).toBe(200);
      await expectLoggedOut(a);
      await expectLoggedOut(b);
      await expectLoggedIn(hr);
      await expectCalendarRenewed(loginId, token);
      const entry = await m().findOneOrFail(AuditEntity, { where: { action: 'end-sessions', entityId: loginId }, order: { id: 'DESC' } });
      expect(JSON.parse(entry.after!)).toEqual({ reason: 'ログイン用リンクの発行', sessions: 2 });
    });

    /** HR's edit form of a person as shown (hidden fields included), with some fields changed. */
    async function editPerson(staffId: string, change: (form: Record<string, unknown>) => void) {
      const page = `/hr/staff/${staffId}`;
      const html = (await hr.get(page)).text;
      const hidden = Object.fromEntries(
        [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((x) => [x[1], x[2]]),
      );
      const s = await m().findOneOrFail(StaffEntity, { where: { id: staffId }, relations: { counters: true } });
      const { role } = await m().findOneByOrFail(AccountEntity, { staffId });
      const form: Record<string, unknown> = {
        ...hidden,
        name: s.name,
        divisionId: s.divisionId,
        jobType: s.jobType,
        maxTeleworkDays: s.maxTeleworkDays === null ? '' : String(s.maxTeleworkDays),
        email: s.email ?? '',
        role,
        counters: (s.counters ?? []).map((c) => c.id),
        ...(s.caregiver ? { caregiver: 'on' } : {}),
        ...(s.active ? { active: 'on' } : {}),
      };
      change(form);
      const res = await hr.post(page).type('form').send(form);
      expect(res.status).toBe(302);
    }

    it.each([
      ['a role change', '権限の変更', (f: Record<string, unknown>) => (f.role = 'chief')],
      [
        'a division change',
        '所属課の変更',
        (f: Record<string, unknown>) => ((f.divisionId = f.divisionId === 'zeimu' ? 'jumin' : 'zeimu'), (f.counters = [])),
      ],
      ['leaving (not active)', '退職（在職でなくなった）', (f: Record<string, unknown>) => delete f.active],
    ])('ends every session of a person on %s', async (_what, reason, change) => {
      const loginId = await nextPerson();
      const { a, b, token } = await twoDevices(loginId);
      const { staffId } = await accountOf(loginId);
      await editPerson(staffId, change);
      await expectLoggedOut(a);
      await expectLoggedOut(b);
      expect((await request(app).get(`/ical/${token}.ics`)).status).toBe(404);
      expect((await accountOf(loginId)).icalToken).not.toBe(token);
      const entry = await m().findOneOrFail(AuditEntity, { where: { action: 'end-sessions', entityId: loginId }, order: { id: 'DESC' } });
      expect(JSON.parse(entry.after!)).toEqual({ reason, sessions: 2 });
    });

    it('ends every session of a person who leaves by the staff CSV import', async () => {
      const loginId = await nextPerson();
      const { a, b, token } = await twoDevices(loginId);
      const s = await m().findOneByOrFail(StaffEntity, { id: (await accountOf(loginId)).staffId });
      const csv = `職員番号,氏名,所属課,職種,在職\n${s.id},${s.name},${s.divisionId},${s.jobType},退職\n`;
      const res = await hr
        .post('/hr/import/commit')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/import'), csv: Buffer.from(csv, 'utf8').toString('base64') });
      expect(res.status).toBe(200);
      await expectLoggedOut(a);
      await expectLoggedOut(b);
      expect((await request(app).get(`/ical/${token}.ics`)).status).toBe(404);
      const entry = await m().findOneOrFail(AuditEntity, { where: { action: 'end-sessions', entityId: loginId }, order: { id: 'DESC' } });
      expect(JSON.parse(entry.after!)).toEqual({ reason: '退職（在職でなくなった）', sessions: 2 });
    });

    it('keeps the sessions on an edit that changes neither role, division nor leaving', async () => {
      const loginId = await nextPerson();
      const { a, token } = await twoDevices(loginId);
      const { staffId } = await accountOf(loginId);
      await editPerson(staffId, (f) => (f.jobType = '一般事務（変更）'));
      await expectLoggedIn(a);
      expect((await accountOf(loginId)).icalToken).toBe(token);
    });

    it('logs out everywhere: this device and every other', async () => {
      const loginId = await nextPerson();
      const { a, b } = await twoDevices(loginId);
      const page = await a.get('/me');
      expect(page.text).toContain('ログアウト（すべての端末）');
      const res = await a
        .post('/me/logout-everywhere')
        .type('form')
        .send({ _csrf: await csrfToken(a, '/me') });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/login');
      await expectLoggedOut(a);
      await expectLoggedOut(b);
      expect(await m().countBy(SessionEntity, { accountId: (await accountOf(loginId)).id })).toBe(0);
      expect(await m().countBy(AuditEntity, { action: 'logout-everywhere', actor: loginId })).toBe(1);
    });
  });
});
