/**
 * Login throttling, per login id and per client address, as the town hall
 * meets it: everyone behind one proxy address, a person who keeps mistyping,
 * an attacker who rotates X-Forwarded-For or sends guesses in parallel. And
 * the security events each leaves in the audit log.
 */
import request from 'supertest';
import { AuditEntity, LoginThrottleEntity } from '../../src/persistence/entities';
import { DEFAULT_THROTTLE, delayAfter, throttleKey } from '../../src/app/accounts/login-throttle';
import { UNKNOWN_LOGIN } from '../../src/app/accounts/security-events';
import { demoAccounts } from '../../src/app/demo/seed';
import { Agent, csrfToken, DATABASES, login, NOW, PASSWORD, startTestApp, TestApp } from '../support/web';

const STAFF = demoAccounts().find((a) => a.role === '職員')!.loginId;

async function attempt(agent: Agent, loginId: string, password: string, headers: Record<string, string> = {}) {
  const token = await csrfToken(agent, '/login');
  let req = agent.post('/login').type('form');
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return req.send({ _csrf: token, loginId, password });
}

describe.each(DATABASES)('login throttling on %s', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, { loginLimit: 50 });
  });
  afterEach(async () => t.close());

  /** Moves the app's clock on by `ms`. */
  const wait = (ms: number) => t.time.set(t.time.clock().plus({ milliseconds: ms }));

  it('slows one account with a growing wait, then locks it; 12 failures never block another account from the same address', async () => {
    const agent = request.agent(t.app);
    const waits: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const res = await attempt(agent, 'jumin-kacho', `wrong-${i}`);
      expect(res.status).toBe(401);
      if (i === 10) expect(res.text).toContain('このIDでのログインを15分停止します');
      else if (i >= DEFAULT_THROTTLE.freeFailures) {
        // Straight away, the next attempt must wait (its password is not even checked) …
        const early = await attempt(agent, 'jumin-kacho', PASSWORD);
        expect(early.status).toBe(429);
        expect(early.text).toContain('後からもう一度お試しいただけます');
        waits.push(Number(early.headers['retry-after']));
        // … and may go on once the wait is over.
        wait(delayAfter(i));
      }
    }
    // The wait doubles with each failure: 1 s, 2 s, 4 s …
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64]);
    // The 11th and 12th attempts are refused: the id is locked.
    for (let i = 11; i <= 12; i++) expect((await attempt(agent, 'jumin-kacho', `wrong-${i}`)).status).toBe(429);

    // Another person behind the same address logs in at once.
    const other = await attempt(request.agent(t.app), 'zeimu-kacho', PASSWORD);
    expect(other.status).toBe(302);

    // The locked account: even the right password is refused (not checked) for 15 minutes, with a clear message.
    const locked = await attempt(request.agent(t.app), 'jumin-kacho', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('一時的に停止しています');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    wait(15 * 60_000 + 1000);
    expect((await attempt(request.agent(t.app), 'jumin-kacho', PASSWORD)).status).toBe(302);
    // A success forgets it all.
    expect(await t.db.manager.countBy(LoginThrottleEntity, { key: throttleKey('jumin-kacho') })).toBe(0);
  });

  it('counts 10 failures in a row to a lock, and the next lock lasts twice as long', async () => {
    const agent = request.agent(t.app);
    const fail10 = async () => {
      for (let i = 0; i < 10; i++) {
        expect((await attempt(agent, STAFF, `nope-${i}`)).status).toBe(401);
        wait(delayAfter(i + 1));
      }
    };
    await fail10();
    const first = await attempt(agent, STAFF, PASSWORD);
    expect(first.status).toBe(429);
    const firstLock = Number(first.headers['retry-after']);
    wait(firstLock * 1000 + 1000);
    await fail10();
    const second = await attempt(agent, STAFF, PASSWORD);
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(1.9 * firstLock);
    const locks = await t.db.manager.findBy(AuditEntity, { action: 'login-lock' });
    expect(locks.map((a) => a.actor)).toEqual([STAFF, STAFF]);
  });

  it('treats every spelling of an id as one: case, full-width letters and spaces', async () => {
    const agent = request.agent(t.app);
    for (const spelling of ['JUMIN-KACHO', 'ｊｕｍｉｎ－ｋａｃｈｏ', ' jumin-kacho ']) {
      await attempt(agent, spelling, 'wrong');
    }
    // Three failures on one key: the fourth attempt, whatever the spelling, must wait.
    expect((await attempt(agent, 'jumin-kacho', PASSWORD)).status).toBe(429);
  });

  it('lets parallel guesses at one account through only as the free failures allow', async () => {
    const agents = Array.from({ length: 20 }, () => request.agent(t.app));
    const tokens = await Promise.all(agents.map((a) => csrfToken(a, '/login')));
    const results = await Promise.all(
      agents.map((a, i) =>
        a
          .post('/login')
          .type('form')
          .send({ _csrf: tokens[i], loginId: 'jinji', password: `guess-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_THROTTLE.freeFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - DEFAULT_THROTTLE.freeFailures);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: rotating it does not escape the account lock', async () => {
    const agent = request.agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await attempt(agent, 'jinji', `guess-${i}`, { 'X-Forwarded-For': `198.51.100.${i + 1}` });
      statuses.push(res.status);
      if (i + 1 < DEFAULT_THROTTLE.lockAfter) wait(delayAfter(i + 1));
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_THROTTLE.lockAfter);
    expect(statuses.slice(DEFAULT_THROTTLE.lockAfter).every((s) => s === 429)).toBe(true);
    // The audit log has the real peer, not what the header claimed.
    const failed = await t.db.manager.findBy(AuditEntity, { action: 'login-failed' });
    expect(failed).toHaveLength(DEFAULT_THROTTLE.lockAfter);
    for (const row of failed) expect((JSON.parse(row.after!) as { client: string }).client).not.toMatch(/198\.51\.100/);
  });

  it('records logins, failures (naming only real accounts) and locks in the audit log', async () => {
    const typo = 'my-Secret-passw0rd'; // a password typed into the id field
    const agent = request.agent(t.app);
    expect((await attempt(agent, typo, 'x')).status).toBe(401);
    expect((await attempt(agent, 'jinji', 'wrong')).status).toBe(401);
    await login(t.app, 'jinji');
    const rows = await t.db.manager.find(AuditEntity, { order: { id: 'ASC' } });
    const events = rows.filter((r) => ['login', 'login-failed'].includes(r.action)).map((r) => [r.action, r.actor, r.entityId]);
    expect(events).toEqual([
      ['login-failed', UNKNOWN_LOGIN, UNKNOWN_LOGIN],
      ['login-failed', 'jinji', 'jinji'],
      ['login', 'jinji', 'jinji'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(typo);
    expect(JSON.stringify(rows)).not.toContain('wrong');
    expect(JSON.parse(rows.find((r) => r.action === 'login')!.after!)).toMatchObject({ method: 'password' });
    // No throttle row keeps the typed text either.
    const keys = (await t.db.manager.find(LoginThrottleEntity)).map((r) => r.key);
    expect(keys).toEqual([throttleKey(typo)]);
    expect(keys.join()).not.toContain(typo);
  });

  it('records exports of personal data: the staff master, a week as CSV, and the calendar feed once a day', async () => {
    const hr = await login(t.app, 'jinji');
    expect((await hr.get('/hr/import/staff.csv')).status).toBe(200);
    const chief = await login(t.app, 'jumin-kacho');
    expect((await chief.get('/divisions/jumin/weeks/2026-W48/roster.csv')).status).toBe(200);
    const me = await login(t.app, STAFF);
    const feedUrl = /\/ical\/[A-Za-z0-9_-]+\.ics/.exec((await me.get('/me/calendar')).text)?.[0];
    expect(feedUrl).toBeDefined();
    for (let i = 0; i < 3; i++) expect((await request(t.app).get(feedUrl!)).status).toBe(200);
    wait(24 * 3_600_000);
    expect((await request(t.app).get(feedUrl!)).status).toBe(200);
    const rows = await t.db.manager.find(AuditEntity, { where: [{ action: 'export-csv' }, { action: 'ical-feed' }], order: { id: 'ASC' } });
    expect(rows.map((r) => [r.action, r.actor, r.entity, r.entityId])).toEqual([
      ['export-csv', 'jinji', 'staff-csv', 'organisation'],
      ['export-csv', 'jumin-kacho', 'week-csv', 'jumin/2026-W48'],
      ['ical-feed', STAFF, 'calendar', `${STAFF}:${NOW.toISODate()}`],
      ['ical-feed', STAFF, 'calendar', `${STAFF}:${NOW.plus({ days: 1 }).toISODate()}`],
    ]);
  });
});

describe('the address limit behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { loginLimit: 3, trustProxy: 1 });
  });
  afterAll(async () => t.close());

  it('counts each client the proxy names separately, and only failures whose password was checked', async () => {
    const alice = request.agent(t.app);
    const spray = ['jinji', 'jumin-kacho', 'zeimu-kacho', STAFF];
    const statuses: number[] = [];
    for (const id of spray) statuses.push((await attempt(alice, id, 'Password1', { 'X-Forwarded-For': '10.0.0.5' })).status);
    // One password tried on many accounts from one client: stopped after the limit, in Japanese.
    expect(statuses).toEqual([401, 401, 401, 429]);
    const stopped = await attempt(alice, 'jinji', PASSWORD, { 'X-Forwarded-For': '10.0.0.5' });
    expect(stopped.status).toBe(429);
    expect(stopped.text).toContain('この端末（接続元）からのログインの失敗が続いた');
    // Another client behind the same proxy is not affected.
    expect((await attempt(request.agent(t.app), 'jinji', PASSWORD, { 'X-Forwarded-For': '10.0.0.6' })).status).toBe(302);
    const logins = await t.db.manager.findBy(AuditEntity, { action: 'login' });
    expect((JSON.parse(logins[0].after!) as { client: string }).client).toBe('10.0.0.6');
  });
});
