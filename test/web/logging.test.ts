/**
 * The server's log (src/web/log.ts), captured in memory: every line of a
 * request carries its id, which the response header and the error page show;
 * a proxy's well-formed id is kept and a malformed one replaced; and what is
 * secret never reaches a line: a password, a login id typed at the login, the
 * session cookie, a CSRF token, the calendar feed's token, a query string,
 * or the parameters a failed query carries.
 */
import * as accounts from '../../src/app/accounts/accounts';
import { seedDemoTown } from '../../src/app/demo/seed';
import { AccountEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import { createLogger, loggedPath } from '../../src/web/log';
import type { Express } from 'express';
import request from 'supertest';
import { csrfToken, DATABASES, login, NOW, openTestDatabase, PASSWORD, TestDatabase, testClock } from '../support/web';

interface Line {
  readonly level: string;
  readonly msg: string;
  readonly requestId?: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number | null;
  readonly ms?: number;
  readonly accountId?: number;
  readonly err?: { readonly message: string; readonly stack: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(DATABASES)('request log (%s)', (kind) => {
  let base: TestDatabase;
  let app: Express;
  const written: string[] = [];
  const lines = (): Line[] => written.map((text) => JSON.parse(text) as Line);
  const linesOf = (id: string): Line[] => lines().filter((l) => l.requestId === id);

  beforeAll(async () => {
    base = await openTestDatabase(kind);
    await seedDemoTown(base.db, NOW, PASSWORD);
    const logger = createLogger('debug', { write: (text: string) => void written.push(text) });
    app = createApp({ db: base.db, sessionSecret: 'test-secret-not-for-production', clock: testClock().clock, logger });
  });

  afterAll(async () => {
    await base.close();
    jest.restoreAllMocks();
  });

  beforeEach(() => {
    written.length = 0;
  });

  it('writes one access line per request, with the id it sends back in X-Request-Id', async () => {
    const res = await request(app).get('/login');
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(UUID);
    const all = lines();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ level: 'info', requestId: id, method: 'GET', path: '/login', status: 200, msg: 'request completed' });
    expect(all[0].ms).toBeGreaterThanOrEqual(0);
    expect(all[0].accountId).toBeUndefined();
  });

  it("logs the monitor's probes and the assets at debug, pages at info", async () => {
    await request(app).get('/healthz');
    await request(app).get('/readyz');
    await request(app).get('/assets/app.css');
    await request(app).get('/login');
    expect(lines().map((l) => [l.path, l.level])).toEqual([
      ['/healthz', 'debug'],
      ['/readyz', 'debug'],
      ['/assets/app.css', 'debug'],
      ['/login', 'info'],
    ]);
  });

  it("keeps a proxy's well-formed X-Request-Id and replaces one that is not", async () => {
    const kept = await request(app).get('/healthz').set('X-Request-Id', 'nginx-0f3a.9_B');
    expect(kept.headers['x-request-id']).toBe('nginx-0f3a.9_B');
    expect(linesOf('nginx-0f3a.9_B')).toHaveLength(1);
    for (const bad of ['<script>alert(1)</script>', 'a b', 'x'.repeat(65), 'id;x=1', '../etc', '']) {
      const res = await request(app).get('/healthz').set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
    expect(written.join('\n')).not.toContain('script');
    expect(lines().filter((l) => l.requestId === undefined)).toEqual([]);
  });

  it('logs no query string', async () => {
    const res = await request(app).get('/login?next=%2Fme%3Ftoken%3Dsecret-in-query&extra=also-secret');
    expect(res.status).toBe(200);
    expect(lines()[0].path).toBe('/login');
    expect(written.join('\n')).not.toMatch(/secret|next=|extra/);
  });

  it('logs a login by account id, and never the password, the login id typed, the cookie or the CSRF token', async () => {
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/login');
    const wrong = await agent.post('/login').type('form').send({ _csrf: token, loginId: 'jumin-kacho', password: 'Wrong-Passw0rd!' });
    expect(wrong.status).toBe(401);
    const ok = await agent.post('/login').type('form').send({ _csrf: token, loginId: 'jumin-kacho', password: PASSWORD });
    expect(ok.status).toBe(302);
    const cookie = (ok.headers['set-cookie'] as unknown as string[])[0].split(';')[0].split('=')[1];
    const me = await agent.get('/');
    expect(me.status).toBe(302);

    const text = written.join('\n');
    for (const secret of [PASSWORD, 'Wrong-Passw0rd!', 'jumin-kacho', token, cookie, decodeURIComponent(cookie)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/cookie|password|_csrf|loginId/i);
    const access = lines().filter((l) => l.msg === 'request completed');
    expect(access.map((l) => [l.method, l.path, l.status])).toEqual([
      ['GET', '/login', 200],
      ['POST', '/login', 401],
      ['POST', '/login', 302],
      ['GET', '/', 302],
    ]);
    const account = await base.db.manager.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' });
    expect(access[0].accountId).toBeUndefined();
    expect(access[1].accountId).toBeUndefined();
    expect(access[2].accountId).toBe(account.id);
    expect(access[3].accountId).toBe(account.id);
  });

  it("replaces the calendar feed's token in the path", async () => {
    const agent = await login(app, 't0083');
    const page = await agent.get('/me/calendar');
    const token = decodeURIComponent(/\/ical\/([^"/]+)\.ics/.exec(page.text)![1]);
    expect(token.length).toBeGreaterThan(16);
    written.length = 0;
    const feed = await request(app).get(`/ical/${encodeURIComponent(token)}.ics`);
    expect(feed.status).toBe(200);
    const unknown = await request(app).get('/ical/not-a-real-token-0123456789.ics?x=1');
    expect(unknown.status).toBe(404);
    expect(lines().map((l) => [l.path, l.status])).toEqual([
      ['/ical/[token].ics', 200],
      ['/ical/[token].ics', 404],
    ]);
    expect(written.join('\n')).not.toContain(token);
    expect(written.join('\n')).not.toContain('not-a-real-token');
  });

  it('logs a failure with its stack under the request id, which the error page and header show', async () => {
    const agent = await login(app, 't0083');
    const failure = Object.assign(new Error('boom: the database went away'), { parameters: ['t0083', 'param-secret'], query: 'SELECT 1' });
    jest.spyOn(accounts, 'signedIn').mockRejectedValueOnce(failure);
    written.length = 0;
    const res = await agent.get('/me').set('X-Request-Id', 'proxy-id-500');
    expect(res.status).toBe(500);
    expect(res.headers['x-request-id']).toBe('proxy-id-500');
    expect(res.text).toContain('お問い合わせの際はこの番号をお伝えください: <code>proxy-id-500</code>');
    expect(res.text).not.toContain('boom');

    const mine = linesOf('proxy-id-500');
    expect(mine.length).toBe(lines().length);
    const error = mine.find((l) => l.msg === 'request error')!;
    expect(error.level).toBe('error');
    expect(error.err?.message).toBe('boom: the database went away');
    expect(error.err?.stack).toContain('logging.test.ts');
    expect(mine.find((l) => l.msg === 'request failed')).toMatchObject({ level: 'error', path: '/me', status: 500 });
    expect(written.join('\n')).not.toMatch(/param-secret|t0083|SELECT/);
  });
});

describe('loggedPath', () => {
  it.each([
    ['/login?next=/me', '/login'],
    ['/ical/abc.ics', '/ical/[token].ics'],
    ['/ical/abc.ics?x', '/ical/[token].ics'],
    ['/divisions/jumin/weeks/2026-W48', '/divisions/jumin/weeks/2026-W48'],
  ])('%s is logged as %s', (url, path) => {
    expect(loggedPath(url)).toBe(path);
  });
});
