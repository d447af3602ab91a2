/**
 * `npm start` with WEB_CONCURRENCY=2: two app processes on one port and one
 * database (SQLite file, and PostgreSQL when TEST_DATABASE_URL is set). Many
 * people write at once through both processes (request saves, chiefs'
 * generates, which re-solve the whole organisation): every answer is a
 * redirect or an expected 409, never an error or a lost save, and SIGTERM
 * stops the primary and its workers. Runs the built app (`dist/`).
 *
 * A graceful stop: a request under way when SIGTERM arrives finishes (and an
 * idle keep-alive connection does not hold the stop up); a request that never
 * finishes is cut off at the deadline.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In } from 'typeorm';
import { shiftWeek, systemClock, weekOfInstant } from '../../src/app/calendar';
import { Database } from '../../src/persistence/database';
import { AccountEntity, TeleworkRequestEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import { stopper } from '../../src/web/processes';
import { DATABASES, openTestDatabase, PASSWORD, TestDatabase } from '../support/web';

const ROOT = join(__dirname, '../..');

/** A browser with its own cookies. */
class Browser {
  private readonly cookies = new Map<string, string>();
  page = '';
  constructor(private readonly base: string) {}

  async send(url: string, form?: Record<string, string>): Promise<number> {
    const headers = new Headers();
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (form) headers.set('content-type', 'application/x-www-form-urlencoded');
    const res = await fetch(this.base + url, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
    });
    this.page = await res.text();
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res.status;
  }

  field(name: string): string {
    return new RegExp(`name="${name}" value="([^"]*)"`).exec(this.page)?.[1] ?? '';
  }

  async login(loginId: string): Promise<void> {
    await this.send('/login');
    const status = await this.send('/login', { _csrf: this.field('_csrf'), loginId, password: PASSWORD });
    if (status !== 302) throw new Error(`login as ${loginId}: ${status}`);
  }
}

describe.each(DATABASES)('two app processes on one %s database', (kind) => {
  let base: TestDatabase | null = null;
  let dir = '';
  let env: Record<string, string>;
  let server: ChildProcess;
  let out = '';
  let url = '';
  let db: Database;

  beforeAll(async () => {
    if (kind === 'postgres') {
      base = await openTestDatabase('postgres');
      env = { DATABASE_URL: (base.db.source.options as { url: string }).url };
      await base.db.close();
    } else {
      dir = mkdtempSync(join(tmpdir(), 'rotation-processes-'));
      env = { SQLITE_FILE: join(dir, 'town.sqlite'), DATABASE_URL: '' };
    }
    server = spawn(process.execPath, [join(ROOT, 'dist/src/cli/start.js')], {
      env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: '0', WEB_CONCURRENCY: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = /(http:\/\/localhost:\d+)\/ {2}\(database: \w+, 2 processes\)/.exec(out);
        if (match) resolve(match[1]);
      });
      server.on('exit', (code) => reject(new Error(`start exited with ${code}: ${out}`)));
    });
    db = await Database.open(env, { migrate: false });
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) server.kill('SIGKILL');
    await db?.close();
    await base?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('saves every request and answers every generate when many write at once through both processes', async () => {
    const accounts = await db.manager.find(AccountEntity, { relations: { staff: true }, order: { loginId: 'ASC' } });
    const staff = accounts.filter((a) => a.role === 'staff' && a.staff?.jobType === '一般事務').slice(0, 24);
    const chiefs = accounts.filter((a) => a.role === 'chief').slice(0, 6);
    const requestsWeek = shiftWeek(weekOfInstant(systemClock()), 2);
    const nextWeek = shiftWeek(weekOfInstant(systemClock()), 1);

    // Logins one after another (the login limit counts attempts per address until each succeeds).
    const people = [];
    for (const a of staff) {
      const b = new Browser(url);
      await b.login(a.loginId);
      await b.send(`/me/weeks/${requestsWeek}`);
      const days = [...b.page.matchAll(/name="days\[(\d{4}-\d\d-\d\d)\]\[rank\]"/g)].map((m) => m[1]);
      const reason = /name="days\[[^\]]+\]\[reason\]">\s*<option value="([^"]*)"/.exec(b.page)?.[1] ?? '';
      people.push({ account: a, b, days, reason, csrf: b.field('_csrf') });
    }
    const heads = [];
    for (const a of chiefs) {
      const b = new Browser(url);
      await b.login(a.loginId);
      heads.push({ account: a, b });
    }

    // Everyone at once: each person asks for their last open day; each chief generates next week twice.
    const saves = people.map(async (p) => {
      const form: Record<string, string> = { _csrf: p.csrf };
      const chosen = p.days[p.days.length - 1];
      for (const day of p.days) {
        form[`days[${day}][rank]`] = day === chosen ? '1' : '';
        form[`days[${day}][reason]`] = p.reason;
      }
      return { status: await p.b.send(`/me/weeks/${requestsWeek}`, form), staffId: p.account.staffId, day: chosen };
    });
    const generates = heads.map(async (h) => {
      const path = `/divisions/${h.account.staff!.divisionId}/weeks/${nextWeek}`;
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) {
        await h.b.send(path);
        statuses.push(await h.b.send(`${path}/generate`, { _csrf: h.b.field('_csrf'), revision: h.b.field('revision') || 'none' }));
      }
      return statuses;
    });
    const saved = await Promise.all(saves);
    const generated = (await Promise.all(generates)).flat();

    expect(saved.map((s) => s.status)).toEqual(saved.map(() => 302));
    // A chief whose division was re-solved by another chief's generate in between gets the stale-page 409.
    expect(generated.every((s) => s === 302 || s === 409)).toBe(true);
    expect(generated.filter((s) => s === 302).length).toBeGreaterThanOrEqual(heads.length);
    const stored = await db.manager.findBy(TeleworkRequestEntity, {
      staffId: In(saved.map((s) => s.staffId)),
      status: 'active',
      rank: 1,
    });
    for (const s of saved) expect(stored.some((r) => r.staffId === s.staffId && r.day === s.day)).toBe(true);
    expect(out).not.toMatch(/SQLITE_BUSY|database is locked|deadlock/);
  }, 120_000);

  it('stops the primary and both workers on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(url + '/healthz')).rejects.toThrow();
  }, 30_000);
});

describe('a graceful stop', () => {
  it('lets a request under way when SIGTERM arrives finish, logs stopping and stopped, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotation-stop-'));
    const server = spawn(process.execPath, [join(ROOT, 'dist/src/cli/start.js')], {
      env: {
        ...process.env,
        SQLITE_FILE: join(dir, 'town.sqlite'),
        DATABASE_URL: '',
        HOST: '127.0.0.1',
        PORT: '0',
        WEB_CONCURRENCY: '1',
        SEED_DEMO: '1',
        NODE_ENV: '',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const match = /(http:\/\/localhost:\d+)\/ {2}\(database: sqlite\)/.exec(out);
          if (match && out.includes('"msg":"listening"')) resolve(new URL(match[1]));
        });
        void exited.then((code) => reject(new Error(`start exited with ${code}: ${out}`)));
      });
      // An idle keep-alive connection, as a browser keeps one.
      const keepAlive = new http.Agent({ keepAlive: true });
      const idle = await send(url, { method: 'GET', path: '/healthz', agent: keepAlive });
      expect(idle.status).toBe(200);
      const form = await send(url, { method: 'GET', path: '/login', agent: false });
      const cookie = form.headers['set-cookie']!.map((c) => c.split(';')[0]).join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
      const body = new URLSearchParams({ _csrf: csrf, loginId: 'jinji', password: PASSWORD }).toString();

      // A login whose body is still on its way when SIGTERM arrives.
      const login = http.request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/login',
        agent: false,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
      });
      const answered = new Promise<http.IncomingMessage>((resolve, reject) => login.on('response', resolve).on('error', reject));
      login.write(body.slice(0, 10));
      await new Promise((resolve) => setTimeout(resolve, 300));
      server.kill('SIGTERM');
      await until(() => out.includes('"msg":"stopping"'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server.exitCode).toBeNull();
      await expect(fetch(new URL('/healthz', url))).rejects.toThrow();

      login.end(body.slice(10));
      const res = await answered;
      res.resume();
      expect(res.statusCode).toBe(302);
      const finished = Date.now();
      expect(await exited).toBe(0);
      // Well before the deadline: the idle keep-alive connection did not hold the stop up.
      expect(Date.now() - finished).toBeLessThan(5000);
      keepAlive.destroy();
      const log = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg: string; path?: string; status?: number });
      const order = log.map((l) => (l.path === '/login' && l.status === 302 ? 'login' : l.msg));
      expect(order.filter((m) => ['stopping', 'login', 'stopped'].includes(m))).toEqual(['stopping', 'login', 'stopped']);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('cuts off a request that has not finished by the deadline', async () => {
    const base = await openTestDatabase('sqlite');
    const app = createApp({ db: base.db, sessionSecret: 'test-secret-not-for-production' });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    // A request begun, whose headers never end.
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    const stopped = new Promise<void>((resolve) => stopper(app, server, base.db, { deadlineMs: 400, stopped: resolve })());
    await stopped;
    await closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(5000);
    await base.close();
  });
});

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function send(url: URL, options: { method: string; path: string; agent: http.Agent | false }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: url.hostname, port: url.port, ...options }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject)
      .end();
  });
}

async function until(ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
