/**
 * `npm run bench:web`: how fast the pages a section chief uses every week
 * answer, measured over real HTTP against a running app on a throw-away
 * SQLite database (or PostgreSQL with DATABASE_URL; the city then needs its
 * own empty database in CITY_DATABASE_URL), on two organisations:
 *
 * - the demo town (426 staff, 25 divisions): the week page of the largest
 *   division (消防本部, 66 staff) and of the largest counter division (住民課);
 * - the generated city (`cityProblem`: 2,896 staff, 100 divisions, 300
 *   licences a day): its largest division and 市民課 (the registry counters).
 *
 * For each division, after HR generated every division: the week page; a
 * pin followed by its re-solve (POST of a cell, until the redirect); a
 * chief's generate, which solves the whole organisation (every division that
 * has not published, the others held as published) and saves every draft
 * that changed. For each organisation, HR's generate-all.
 *
 * Standard: week page under 200 ms, re-solve under 300 ms, a chief's
 * organisation-wide generate under 1 s for the town and under 3 s for the
 * city (medians). BENCH_RUNS (town, default 30) and BENCH_CITY_RUNS (city,
 * default 10) set the number of runs of each measurement.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { AddressInfo } from 'net';
import { cpus, tmpdir } from 'os';
import * as path from 'path';
import { DateTime } from 'luxon';
import { ZONE } from '../app/calendar';
import { DEFAULT_DEMO_PASSWORD, seedDemoTown } from '../app/demo/seed';
import { seedCity } from '../app/demo/seed-organisation';
import { Database } from '../persistence/database';
import { createApp } from '../web/app';

const NOW = DateTime.fromISO('2026-11-18T10:00', { zone: ZONE });
const WEEK = '2026-W48';
const DAYS = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'];
const TOWN_RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CITY_RUNS = Number(process.env.BENCH_CITY_RUNS ?? 10);

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

  async login(loginId: string): Promise<void> {
    const page = await this.get('/login');
    if ((await this.post('/login', { _csrf: field(page, '_csrf'), loginId, password: DEFAULT_DEMO_PASSWORD })) !== 302) {
      throw new Error(`login as ${loginId} failed`);
    }
  }

  private keep(res: Response): void {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
  }
}

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';

function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function median(xs: readonly number[]): number {
  const s = sorted(xs);
  return s[Math.floor(s.length / 2)];
}

function p95(xs: readonly number[]): number {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

interface Row {
  readonly organisation: string;
  readonly what: string;
  readonly times: readonly number[];
}

/** Times `runs` calls of `step` (its own setup, such as reading the page for the form's revision, is not timed). */
async function measure(runs: number, step: (i: number) => Promise<() => Promise<void>>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const timed = await step(i);
    const t = performance.now();
    await timed();
    times.push(performance.now() - t);
  }
  return times;
}

interface Target {
  readonly division: string;
  readonly label: string;
}

/** HR's generate-all, then per division the week page, a chief's generate and a pin with its re-solve. */
async function benchOrganisation(db: Database, organisation: string, targets: readonly Target[], runs: number): Promise<Row[]> {
  const app = createApp({ db, sessionSecret: 'bench', clock: () => NOW, loginLimit: 10_000 });
  const server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const rows: Row[] = [];
  try {
    const hr = new Browser(base);
    await hr.login('jinji');
    const generateAll = async () => {
      const overview = await hr.get(`/hr/weeks/${WEEK}`);
      return async () => {
        const status = await hr.post(`/hr/weeks/${WEEK}/generate-all`, { _csrf: field(overview, '_csrf') });
        if (status !== 302) throw new Error(`generate-all answered ${status}`);
      };
    };
    await (
      await generateAll()
    )(); // the first drafts of every division
    rows.push({ organisation, what: "HR's generate-all (every division)", times: await measure(runs, generateAll) });
    for (const { division, label } of targets) {
      const b = new Browser(base);
      await b.login(`${division}-kacho`);
      const url = `/divisions/${division}/weeks/${WEEK}`;
      let page = await b.get(url);
      for (let i = 0; i < 5; i++) page = await b.get(url); // warm-up
      const staff = [...page.matchAll(/id="staff-([^"]+)"/g)].map((m) => m[1]);
      const who = `${label} (${staff.length} staff)`;
      rows.push({
        organisation,
        what: `week page, ${who}`,
        times: await measure(runs, () =>
          Promise.resolve(async () => {
            await b.get(url);
          }),
        ),
      });
      rows.push({
        organisation,
        what: `chief's generate (organisation-wide), ${who}`,
        times: await measure(runs, async () => {
          const form = await b.get(url);
          return async () => {
            const status = await b.post(`${url}/generate`, { _csrf: field(form, '_csrf'), revision: field(form, 'revision') });
            if (status !== 302) throw new Error(`generate answered ${status}`);
          };
        }),
      });
      rows.push({
        organisation,
        what: `pin + re-solve, ${who}`,
        times: await measure(runs, async (i) => {
          const form = await b.get(url);
          return async () => {
            const status = await b.post(`${url}/cells/${staff[i % staff.length]}/${DAYS[i % DAYS.length]}`, {
              _csrf: field(form, '_csrf'),
              revision: field(form, 'revision'),
              action: i % 2 ? 'clear' : 'office',
            });
            if (status !== 302) throw new Error(`pin answered ${status}`);
          };
        }),
      });
    }
  } finally {
    server.close();
  }
  return rows;
}

async function withDatabase<T>(url: string | undefined, work: (db: Database) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-bench-'));
  const db = await Database.open(url ? { DATABASE_URL: url } : { SQLITE_FILE: path.join(dir, 'bench.sqlite') });
  try {
    return await work(db);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const kind = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
  const rows = await withDatabase(process.env.DATABASE_URL, async (db) => {
    await seedDemoTown(db, NOW, DEFAULT_DEMO_PASSWORD);
    return benchOrganisation(
      db,
      'town-25 (426 staff)',
      [
        { division: 'shobo', label: '消防本部' },
        { division: 'jumin', label: '住民課' },
      ],
      TOWN_RUNS,
    );
  });
  if (process.env.DATABASE_URL && !process.env.CITY_DATABASE_URL) {
    console.log('city skipped: on PostgreSQL it needs its own empty database in CITY_DATABASE_URL');
  } else {
    rows.push(
      ...(await withDatabase(process.env.CITY_DATABASE_URL, async (db) => {
        const t = performance.now();
        const city = await seedCity(db, NOW, [WEEK], DEFAULT_DEMO_PASSWORD);
        console.log(`city seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
        const [largest] = [...city.sizes].sort((a, b) => b[1].staff - a[1].staff || a[0].localeCompare(b[0]))[0];
        const label = (id: string) => `${city.sizes.get(id)?.name ?? id} (${id})`;
        return benchOrganisation(
          db,
          `city-2900 (${city.staff} staff)`,
          [
            { division: largest, label: `${label(largest)}, the largest division` },
            // 市民課: the registry counters, the city's busiest (住民課 of the town).
            ...(largest === 'shimin' ? [] : [{ division: 'shimin', label: label('shimin') }]),
          ],
          CITY_RUNS,
        );
      })),
    );
  }
  console.log(
    `web benchmark: ${WEEK}, database ${kind}, ${TOWN_RUNS} runs (town) / ${CITY_RUNS} runs (city) each, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  );
  console.log('| organisation | measurement | runs | median ms | p95 ms | worst ms |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const cells = [median(r.times), p95(r.times), Math.max(...r.times)].map((x) => x.toFixed(1));
    console.log(`| ${r.organisation} | ${r.what} | ${r.times.length} | ${cells.join(' | ')} |`);
  }
  console.log('standard: week page < 200 ms, re-solve < 300 ms, generate < 1 s (town) and < 3 s (city), medians');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
