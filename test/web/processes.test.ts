/**
 * `npm start` with WEB_CONCURRENCY=2: two app processes on one port and one
 * database (SQLite file, and PostgreSQL when TEST_DATABASE_URL is set). Many
 * people write at once through both processes (request saves, chiefs'
 * generates, which re-solve the whole organisation): every answer is a
 * redirect or an expected 409, never an error or a lost save, and SIGTERM
 * stops the primary and its workers. Runs the built app (`dist/`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In } from 'typeorm';
import { shiftWeek, systemClock, weekOfInstant } from '../../src/app/calendar';
import { Database } from '../../src/persistence/database';
import { AccountEntity, TeleworkRequestEntity } from '../../src/persistence/entities';
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
