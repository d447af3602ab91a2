/**
 * `npm run bench:web`: how fast the pages a section chief uses every week
 * answer on the demo town, measured over real HTTP against a running app on
 * a throw-away SQLite database (or PostgreSQL with DATABASE_URL).
 *
 * - the week page of the largest division (消防本部, 66 staff) and of the
 *   largest counter division (住民課), after generating the week;
 * - a pin followed by the re-solve (POST of a cell, until the redirect);
 * - a chief's generate, which solves the whole organisation (every division
 *   that has not published, the others held as published) and saves every
 *   draft that changed, after HR generated all 25 divisions.
 *
 * Standard: week page under 200 ms, re-solve under 300 ms, a chief's
 * organisation-wide generate under 1 s (medians).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { DateTime } from 'luxon';
import { ZONE } from '../app/calendar';
import { DEFAULT_DEMO_PASSWORD, seedDemoTown } from '../app/demo/seed';
import { Database } from '../persistence/database';
import { createApp } from '../web/app';

const NOW = DateTime.fromISO('2026-11-18T10:00', { zone: ZONE });
const WEEK = '2026-W48';
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

class Browser {
  private cookie = '';
  constructor(private readonly base: string) {}

  async get(url: string): Promise<string> {
    const res = await fetch(this.base + url, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keep(res);
    return res.text();
  }

  async post(url: string, form: Record<string, string>): Promise<number> {
    const res = await fetch(this.base + url, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
    this.keep(res);
    await res.arrayBuffer();
    return res.status;
  }

  private keep(res: Response): void {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
  }
}

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-bench-'));
  const db = await Database.open(process.env.DATABASE_URL ? process.env : { SQLITE_FILE: path.join(dir, 'bench.sqlite') });
  await seedDemoTown(db, NOW, DEFAULT_DEMO_PASSWORD);
  const app = createApp({ db, sessionSecret: 'bench', clock: () => NOW, loginLimit: 10_000 });
  const server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: string[] = [];
  try {
    const hr = new Browser(base);
    const hrLogin = await hr.get('/login');
    await hr.post('/login', { _csrf: field(hrLogin, '_csrf'), loginId: 'jinji', password: DEFAULT_DEMO_PASSWORD });
    const overview = await hr.get(`/hr/weeks/${WEEK}`);
    if ((await hr.post(`/hr/weeks/${WEEK}/generate-all`, { _csrf: field(overview, '_csrf') })) !== 302)
      throw new Error('generate-all failed');
    for (const division of ['shobo', 'jumin']) {
      const b = new Browser(base);
      const login = await b.get('/login');
      await b.post('/login', { _csrf: field(login, '_csrf'), loginId: `${division}-kacho`, password: DEFAULT_DEMO_PASSWORD });
      const url = `/divisions/${division}/weeks/${WEEK}`;
      let page = await b.get(url);
      await b.post(`${url}/generate`, { _csrf: field(page, '_csrf'), revision: field(page, 'revision') });
      for (let i = 0; i < 5; i++) page = await b.get(url); // warm-up
      const staff = [...page.matchAll(/id="staff-([^"]+)"/g)].map((m) => m[1]);
      const pageTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        page = await b.get(url);
        pageTimes.push(performance.now() - t);
      }
      const generateTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        page = await b.get(url);
        const t = performance.now();
        const status = await b.post(`${url}/generate`, { _csrf: field(page, '_csrf'), revision: field(page, 'revision') });
        generateTimes.push(performance.now() - t);
        if (status !== 302) throw new Error(`generate answered ${status}`);
      }
      const solveTimes: number[] = [];
      const days = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
      for (let i = 0; i < RUNS; i++) {
        page = await b.get(url);
        const who = staff[i % staff.length];
        const day = days[i % days.length];
        const t = performance.now();
        const status = await b.post(`${url}/cells/${who}/${day}`, {
          _csrf: field(page, '_csrf'),
          revision: field(page, 'revision'),
          action: i % 2 ? 'clear' : 'office',
        });
        solveTimes.push(performance.now() - t);
        if (status !== 302) throw new Error(`pin answered ${status}`);
      }
      rows.push(
        `| ${division} | ${staff.length} | ${median(pageTimes).toFixed(1)} | ${p95(pageTimes).toFixed(1)} | ${median(solveTimes).toFixed(1)} | ${p95(solveTimes).toFixed(1)} | ${median(generateTimes).toFixed(1)} | ${p95(generateTimes).toFixed(1)} |`,
      );
    }
  } finally {
    server.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`web benchmark: town-25, ${WEEK}, ${RUNS} runs each, database ${db.kind}`);
  console.log(
    '| division | staff | week page median ms | p95 ms | pin + re-solve median ms | p95 ms | generate (organisation) median ms | p95 ms |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log('standard: week page < 200 ms, re-solve < 300 ms, generate < 1 s');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
