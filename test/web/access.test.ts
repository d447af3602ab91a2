/**
 * Who may do what: a table of role × route × expected status, read as
 * sentences ("staff of 住民課 reading 税務課's week → 403"). Every POST is
 * also tried without a CSRF token. And the security headers every page carries.
 */
import { csrfToken, DATABASES, login, NEXT_WEEK, startTestApp, TestApp, Agent } from '../support/web';
import { demoAccounts } from '../../src/app/demo/seed';
import request from 'supertest';

const W = NEXT_WEEK;
type Who = 'anonymous' | 'staff' | 'chief' | 'otherChief' | 'hr';
/** Logins: staff and chief of 住民課 (jumin), the chief of 税務課, HR. */
const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  staff: demoAccounts().find((a) => a.role === '職員')!.loginId,
  chief: 'jumin-kacho',
  otherChief: 'zeimu-kacho',
  hr: 'jinji',
};

// [method, path, who, expected status]; 302 = redirect to the login page or after a form.
const TABLE: readonly (readonly ['GET' | 'POST', string, Who, number])[] = [
  ['GET', '/me', 'anonymous', 302],
  ['GET', '/me', 'staff', 200],
  ['GET', `/me/weeks/${W}`, 'staff', 200],
  ['GET', '/me/calendar', 'staff', 200],
  ['GET', `/divisions/jumin/weeks/${W}`, 'anonymous', 302],
  ['GET', `/divisions/jumin/weeks/${W}`, 'staff', 403],
  ['GET', `/divisions/zeimu/weeks/${W}`, 'staff', 403],
  ['GET', `/divisions/jumin/weeks/${W}`, 'chief', 200],
  ['GET', `/divisions/zeimu/weeks/${W}`, 'chief', 403],
  ['GET', `/divisions/jumin/weeks/${W}`, 'otherChief', 403],
  ['GET', `/divisions/jumin/weeks/${W}`, 'hr', 200],
  ['GET', `/divisions/zeimu/weeks/${W}/roster.csv`, 'chief', 403],
  ['GET', `/divisions/zeimu/weeks/${W}/print`, 'chief', 403],
  ['GET', `/divisions/zeimu/weeks/${W}/versions`, 'chief', 403],
  ['GET', `/divisions/zeimu/requests`, 'chief', 403],
  ['GET', '/hr/periods', 'chief', 403],
  ['GET', '/hr/periods', 'hr', 200],
  ['POST', '/hr/periods/new', 'chief', 403],
  ['GET', '/divisions/jumin/periods', 'chief', 200],
  ['GET', '/divisions/jumin/periods', 'otherChief', 403],
  ['GET', '/divisions/jumin/periods', 'staff', 403],
  ['GET', '/divisions/jumin/periods', 'anonymous', 302],
  ['POST', '/divisions/jumin/periods/new', 'otherChief', 403],
  ['GET', '/hr/places', 'anonymous', 302],
  ['GET', '/hr/places', 'staff', 403],
  ['GET', '/hr/places', 'chief', 403],
  ['GET', '/hr/places', 'hr', 200],
  ['POST', '/hr/places', 'chief', 403],
  ['POST', '/hr/places', 'staff', 403],
  ['POST', '/hr/places/1', 'chief', 403],
  ['POST', '/hr/places/1/delete', 'staff', 403],
  ['POST', `/divisions/zeimu/weeks/${W}/generate`, 'chief', 403],
  ['POST', `/divisions/zeimu/weeks/${W}/publish`, 'chief', 403],
  ['POST', `/divisions/jumin/weeks/${W}/publish`, 'otherChief', 403],
  ['POST', `/divisions/jumin/weeks/${W}/generate`, 'staff', 403],
  ['POST', `/divisions/zeimu/weeks/${W}/cells/t0001/2026-11-24`, 'chief', 403],
  ['GET', `/hr/weeks/${W}`, 'staff', 403],
  ['GET', `/hr/weeks/${W}`, 'chief', 403],
  ['GET', `/hr/weeks/${W}`, 'hr', 200],
  ['GET', '/hr/policy', 'chief', 403],
  ['GET', '/hr/policy', 'hr', 200],
  ['POST', '/hr/policy', 'chief', 403],
  ['GET', '/hr/staff', 'staff', 403],
  ['GET', '/hr/staff', 'hr', 200],
  ['GET', '/hr/import', 'chief', 403],
  ['GET', '/hr/audit', 'chief', 403],
  ['GET', '/hr/audit', 'hr', 200],
  ['POST', `/hr/weeks/${W}/generate-all`, 'chief', 403],
  ['POST', '/me/today', 'anonymous', 403],
  ['GET', '/divisions/jumin/bcp-day', 'staff', 403],
  ['GET', '/divisions/jumin/bcp-day', 'chief', 200],
  ['GET', '/divisions/zeimu/bcp-day', 'chief', 403],
  ['POST', '/divisions/zeimu/bcp-day/preview', 'chief', 403],
  ['POST', '/divisions/zeimu/bcp-day/apply', 'chief', 403],
  ['GET', '/divisions/zeimu/bcp-day', 'hr', 200],
  ['GET', '/hr/bcp-day', 'chief', 403],
  ['POST', '/hr/bcp-day/apply', 'chief', 403],
  ['GET', '/hr/bcp-day', 'hr', 200],
  ['POST', '/divisions/zeimu/requests/1', 'chief', 403],
  ['POST', `/divisions/zeimu/weeks/${W}/cells/t0001/2026-11-17/actual`, 'chief', 403],
  ['GET', '/ical/not-a-token.ics', 'anonymous', 404],
  ['GET', '/no/such/page', 'staff', 404],
];

describe.each(DATABASES)('access on %s', (kind) => {
  let t: TestApp;
  const agents = new Map<Who, Agent>();
  beforeAll(async () => {
    t = await startTestApp(kind);
    agents.set('anonymous', request.agent(t.app));
    for (const [who, loginId] of Object.entries(LOGINS)) agents.set(who as Who, await login(t.app, loginId));
  });
  afterAll(async () => t.close());

  it.each(TABLE)('%s %s as %s → %i', async (method, path, who, status) => {
    const agent = agents.get(who)!;
    const res =
      method === 'GET'
        ? await agent.get(path)
        : await agent
            .post(path)
            .type('form')
            .send({ _csrf: who === 'anonymous' ? '' : await csrfToken(agent), revision: 'none' });
    expect(res.status).toBe(status);
    if (status === 302 && who === 'anonymous') expect(res.headers.location).toMatch(/^\/login/);
    if (status >= 400) expect(res.text).not.toMatch(/at .+\.(ts|js):\d+/);
  });

  it('refuses every form without a CSRF token, even for HR', async () => {
    const hr = agents.get('hr')!;
    for (const path of [
      `/divisions/jumin/weeks/${W}/generate`,
      `/divisions/jumin/weeks/${W}/publish`,
      '/hr/policy',
      '/logout',
      '/me/password',
      `/me/weeks/${W}`,
    ]) {
      const res = await hr.post(path).type('form').send({ revision: 'none' });
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.text).toContain('フォームの有効期限が切れました');
    }
    const wrong = await hr.post(`/divisions/jumin/weeks/${W}/generate`).type('form').send({ _csrf: 'forged', revision: 'none' });
    expect(wrong.status).toBe(403);
  });

  it('sends a strict content security policy, no-store and safe cookies', async () => {
    const anon = request(t.app);
    const page = await anon.get('/login');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-powered-by']).toBeUndefined();
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookie = page.headers['set-cookie'] as unknown as string[];
    const res = await anon.post('/login').set('Cookie', cookie).type('form').send({ _csrf: token, loginId: 'jinji', password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('パスワードが正しくありません');
    const ok = await login(t.app, 'jinji');
    const me = await ok.get('/me');
    expect(me.status).toBe(200);
  });

  it('sets the session cookie HttpOnly and SameSite, and renews the session id at login', async () => {
    const agent = request.agent(t.app);
    const first = await agent.get('/login');
    const before = String(first.headers['set-cookie']);
    expect(before).toContain('HttpOnly');
    expect(before).toContain('SameSite=Lax');
    const token = /name="_csrf" value="([^"]+)"/.exec(first.text)![1];
    const res = await agent.post('/login').type('form').send({ _csrf: token, loginId: 'jinji', password: 'demo-password' });
    expect(res.status).toBe(302);
    const after = String(res.headers['set-cookie']);
    expect(after.split(';')[0]).not.toBe(before.split(';')[0]);
  });

  it('escapes what people typed when it is shown back', async () => {
    const res = await request(t.app).get('/login?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E');
    expect(res.text).not.toContain('<script>alert(1)</script>');
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { loginLimit: 3 });
  });
  afterAll(async () => t.close());

  it('stops answering a client after repeated failures on any accounts, in Japanese, whatever X-Forwarded-For says', async () => {
    const agent = request.agent(t.app);
    const statuses: number[] = [];
    const accounts = ['jinji', 'jumin-kacho', 'zeimu-kacho', 'jinji', 'jumin-kacho'];
    for (let i = 0; i < 5; i++) {
      const token = await csrfToken(agent, '/login');
      const res = await agent
        .post('/login')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .type('form')
        .send({ _csrf: token, loginId: accounts[i], password: `wrong-${i}` });
      statuses.push(res.status);
      if (res.status === 429) expect(res.text).toContain('15分ほど待って');
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
