/**
 * `npm run bench:load`: the app under a realistic load, over real HTTP, on a
 * throw-away SQLite database and, when BENCH_DATABASE_URL names an empty
 * PostgreSQL database, on PostgreSQL too.
 *
 * The demo town is seeded (HR then generates next week, so the chiefs have
 * drafts to pin), and the app runs in a child process (bench-load-server.ts).
 * 200 virtual users (`--users N`) log in first, in batches, each with a
 * session (cookie) of its own. A quarter of them are chiefs' sessions (the
 * town has 25 chiefs: with more users a chief is logged in on several
 * devices), the others staff members, one account each. For `--seconds N`
 * (default 60) each user loops: a pause of 1–5 s (uniform), then one request.
 * A staff user reads `/me` or `/me/weeks/<next week>` (14 times in 15) or
 * saves a request for the week after (1 in 15, with the CSRF token of its
 * form); a chief reads the grid of next week (4 times in 5) or pins a cell
 * (1 in 5) with the revision of the grid last read. Over all: staff pages
 * 70%, chiefs' grids 20%, writes 10%. A 409 (a revision gone stale since the
 * grid was read) is the expected answer to a concurrent change and counted
 * apart; any other status outside 2xx/3xx is an error; no answer within 10 s
 * is a timeout.
 *
 * Then the saturation point: closed loops without pauses on the read mix
 * (staff pages 7 : grids 2), 1, 2, 5, 10, 20, 40, 80 at once for `--step-seconds`
 * (default 10) each, until p99 passes 300 ms.
 *
 * BENCH_CPU_PROF=<dir> has the app write a CPU profile (.cpuprofile) there.
 *
 * Standard: p99 under 300 ms, 0 errors, 0 timeouts; the app's memory (RSS)
 * after the run and a short idle back within 20% of its start.
 * The results are printed and written to docs/benchmark-load.md (earlier
 * results of that file are kept under "Earlier results").
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, tmpdir } from 'os';
import * as path from 'path';
import { DateTime } from 'luxon';
import { Agent, request } from 'undici';
import { actorOf } from '../app/accounts/accounts';
import { shiftWeek, systemClock, weekOfInstant, ZONE } from '../app/calendar';
import { DEFAULT_DEMO_PASSWORD, seedDemoTown } from '../app/demo/seed';
import { HR_LOGIN } from '../app/demo/seed-organisation';
import { generateAll } from '../app/week/rosters';
import { Database } from '../persistence/database';
import { AccountEntity } from '../persistence/entities';
import { projectRoot } from '../project-root';
import type { ParentMessage, ServerMessage } from './bench-load-server';

const TIMEOUT_MS = 10_000;
const P99_LIMIT_MS = 300;
const SATURATION_STEPS = [1, 2, 5, 10, 20, 40, 80];

interface Options {
  readonly seconds: number;
  readonly users: number;
  readonly stepSeconds: number;
  readonly saturation: boolean;
  /** App processes (WEB_CONCURRENCY), as `npm start` runs them. */
  readonly processes: number;
  /** Skip SQLite (`--postgres-only`). */
  readonly postgresOnly: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} needs a positive number`);
    return n;
  };
  return {
    seconds: value('--seconds', 60),
    users: Math.round(value('--users', 200)),
    stepSeconds: value('--step-seconds', 10),
    saturation: !argv.includes('--no-saturation'),
    processes: Math.round(value('--processes', 2)),
    postgresOnly: argv.includes('--postgres-only'),
  };
}

// ---------------------------------------------------------------- HTTP

type Outcome = 'ok' | 'conflict' | 'error' | 'timeout';

interface Sample {
  readonly kind: string;
  readonly ms: number;
  readonly outcome: Outcome;
  readonly status: number;
  /** For an error: the start of the page's text. */
  readonly detail?: string;
}

class Recorder {
  readonly samples: Sample[] = [];
  recording = true;
  add(sample: Sample): void {
    if (this.recording) this.samples.push(sample);
  }
}

/**
 * One user's browser: its own cookie jar (the session cookie) and its own
 * keep-alive connection, as a person's browser has. (Users sharing a few
 * pooled connections would pin most of the load to whichever app process
 * accepted them, which no office of separate browsers does.)
 */
class Browser {
  private readonly cookies = new Map<string, string>();
  private readonly agent = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  lastPage = '';

  constructor(
    private readonly base: string,
    private readonly recorder: Recorder,
  ) {}

  /** GET (not following redirects); the body is kept in lastPage. */
  get(url: string, kind: string): Promise<Sample> {
    return this.send(kind, url, 'GET');
  }

  post(url: string, form: URLSearchParams, kind: string, expectConflict = false): Promise<Sample> {
    return this.send(kind, url, 'POST', form.toString(), expectConflict);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  async login(loginId: string): Promise<void> {
    await this.get('/login', 'login');
    const form = new URLSearchParams({ _csrf: field(this.lastPage, '_csrf'), loginId, password: DEFAULT_DEMO_PASSWORD });
    const s = await this.post('/login', form, 'login');
    if (s.status !== 302) throw new Error(`login as ${loginId} answered ${s.status}`);
  }

  private async send(kind: string, url: string, method: 'GET' | 'POST', body?: string, expectConflict = false): Promise<Sample> {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const t = performance.now();
    let sample: Sample;
    try {
      const res = await request(this.base + url, {
        method,
        headers,
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      this.lastPage = await res.body.text();
      const set = res.headers['set-cookie'];
      for (const c of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
        const pair = c.split(';')[0];
        const eq = pair.indexOf('=');
        if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      const ms = performance.now() - t;
      const status = res.statusCode;
      const outcome: Outcome = status < 400 ? 'ok' : status === 409 && expectConflict ? 'conflict' : 'error';
      sample = { kind, ms, outcome, status, ...(outcome === 'error' ? { detail: text(this.lastPage) } : {}) };
    } catch (e) {
      const ms = performance.now() - t;
      const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      sample = { kind, ms, outcome: timeout ? 'timeout' : 'error', status: 0 };
      this.lastPage = '';
    }
    this.recorder.add(sample);
    return sample;
  }
}

const text = (html: string) =>
  html
    .replace(/<(script|style)[^]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);

const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- users

interface Weeks {
  /** The week staff look at and chiefs edit (drafts made by HR's generate-all). */
  readonly next: string;
  /** The week staff file requests for (open, before its deadline). */
  readonly requests: string;
}

interface VirtualUser {
  readonly loginId: string;
  readonly browser: Browser;
  readonly chiefOf: string | null;
  /** Staff: the CSRF token and the days of the request form. */
  csrf: string;
  days: string[];
  reason: string;
  /** Chief: the grid last read (its CSRF token, revision and cells). */
  grid: string;
}

async function prepareUser(user: VirtualUser, weeks: Weeks): Promise<void> {
  await user.browser.login(user.loginId);
  if (user.chiefOf) {
    await user.browser.get(`/divisions/${user.chiefOf}/weeks/${weeks.next}`, 'grid');
    user.grid = user.browser.lastPage;
  } else {
    await user.browser.get(`/me/weeks/${weeks.requests}`, 'form');
    const page = user.browser.lastPage;
    user.csrf = field(page, '_csrf');
    user.days = [...page.matchAll(/name="days\[(\d{4}-\d\d-\d\d)\]\[rank\]"/g)].map((m) => m[1]);
    user.reason = /name="days\[[^\]]+\]\[reason\]">\s*<option value="([^"]*)"/.exec(page)?.[1] ?? '';
  }
}

async function staffRead(user: VirtualUser, weeks: Weeks): Promise<Sample> {
  return Math.random() < 0.5 ? user.browser.get('/me', 'staff /me') : user.browser.get(`/me/weeks/${weeks.next}`, 'staff /me/weeks/:next');
}

async function chiefGrid(user: VirtualUser, weeks: Weeks): Promise<Sample> {
  const s = await user.browser.get(`/divisions/${user.chiefOf}/weeks/${weeks.next}`, 'chief grid');
  if (s.outcome === 'ok') user.grid = user.browser.lastPage;
  return s;
}

async function staffSave(user: VirtualUser, weeks: Weeks): Promise<Sample> {
  const form = new URLSearchParams({ _csrf: user.csrf });
  const chosen = user.days.length ? pick(user.days) : null;
  for (const day of user.days) {
    form.set(`days[${day}][rank]`, day === chosen ? '1' : '');
    form.set(`days[${day}][reason]`, user.reason);
  }
  return user.browser.post(`/me/weeks/${weeks.requests}`, form, 'write: request save');
}

async function chiefPin(user: VirtualUser, weeks: Weeks): Promise<Sample> {
  const grid = user.grid;
  const base = `/divisions/${user.chiefOf}/weeks/${weeks.next}`;
  const cells = [...grid.matchAll(/href="[^"]*\/cells\/([^/"]+)\/(\d{4}-\d\d-\d\d)"/g)].map((m) => [m[1], m[2]] as const);
  const [staff, day] = cells.length ? pick(cells) : ['none', '2000-01-01'];
  const form = new URLSearchParams({
    _csrf: field(grid, '_csrf'),
    revision: field(grid, 'revision'),
    action: Math.random() < 0.5 ? 'office' : 'clear',
  });
  return user.browser.post(`${base}/cells/${staff}/${day}`, form, 'write: chief pin', true);
}

/** One request of the mix: staff 14/15 reads, 1/15 saves; chiefs 4/5 grids, 1/5 pins. */
function mixedRequest(user: VirtualUser, weeks: Weeks): Promise<Sample> {
  const r = Math.random();
  if (user.chiefOf) return r < 0.8 ? chiefGrid(user, weeks) : chiefPin(user, weeks);
  // Staff whose job cannot telework (保育士, 消防職, …) have no request form: they only read.
  return r < 14 / 15 || !user.days.length ? staffRead(user, weeks) : staffSave(user, weeks);
}

// ---------------------------------------------------------------- statistics

interface Stats {
  readonly kind: string;
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly conflicts: number;
  readonly errors: number;
  readonly timeouts: number;
}

function quantile(sortedMs: readonly number[], q: number): number {
  if (!sortedMs.length) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.ceil(sortedMs.length * q) - 1)];
}

function stats(kind: string, samples: readonly Sample[]): Stats {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    kind,
    n: samples.length,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    p99: quantile(ms, 0.99),
    max: ms.length ? ms[ms.length - 1] : NaN,
    conflicts: samples.filter((s) => s.outcome === 'conflict').length,
    errors: samples.filter((s) => s.outcome === 'error').length,
    timeouts: samples.filter((s) => s.outcome === 'timeout').length,
  };
}

function statsByKind(samples: readonly Sample[]): Stats[] {
  const kinds = [...new Set(samples.map((s) => s.kind))].sort();
  return [
    ...kinds.map((k) =>
      stats(
        k,
        samples.filter((s) => s.kind === k),
      ),
    ),
    stats('all', samples),
  ];
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

// ---------------------------------------------------------------- the app in a child process

/** What the app answers about its memory, event loop and CPU. */
type Memory = Omit<Extract<ServerMessage, { type: 'memory' }>, 'type'>;

class AppProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(dbEnv: Record<string, string>, processes: number): Promise<AppProcess> {
    const child = fork(path.join(__dirname, 'bench-load-server.js'), [], {
      env: {
        ...process.env,
        ...dbEnv,
        HOST: '127.0.0.1',
        PORT: '0',
        SESSION_SECRET: 'bench-load',
        SEED_DEMO: '0',
        WEB_CONCURRENCY: String(processes),
      },
      execArgv: ['--expose-gc', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
      child.on('message', (m: ServerMessage) => {
        if (m.type === 'ready') resolve(new AppProcess(child, m.port));
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  memory(gc: boolean): Promise<Memory> {
    return new Promise((resolve) => {
      const listen = (m: ServerMessage) => {
        if (m.type !== 'memory') return;
        this.child.off('message', listen);
        resolve(m);
      };
      this.child.on('message', listen);
      this.child.send({ type: 'memory', gc } satisfies ParentMessage);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ type: 'stop' } satisfies ParentMessage);
    });
  }
}

// ---------------------------------------------------------------- one database

interface SaturationStep {
  readonly concurrency: number;
  readonly seconds: number;
  readonly throughput: number;
  readonly stats: Stats;
  /** The app's CPU (share of one core) and worst event-loop delay during the step. */
  readonly cpu: number;
  readonly loopMax: number;
}

interface Result {
  readonly database: string;
  readonly users: number;
  readonly chiefs: number;
  readonly seconds: number;
  readonly loginSeconds: number;
  readonly throughput: number;
  readonly table: readonly Stats[];
  readonly failures: ReadonlyMap<string, { n: number; detail: string }>;
  readonly memory: { readonly start: Memory; readonly end: Memory; readonly idle: Memory };
  readonly saturation: readonly SaturationStep[];
}

const grounded = (a: AccountEntity) => !['一般事務', '技術職'].includes(a.staff?.jobType ?? '');

async function seed(dbEnv: Record<string, string>, weeks: Weeks): Promise<{ staff: string[]; divisions: string[] }> {
  const db = await Database.open(dbEnv);
  try {
    const t = performance.now();
    await seedDemoTown(db, systemClock(), DEFAULT_DEMO_PASSWORD);
    const hr = await db.manager.findOneByOrFail(AccountEntity, { loginId: HR_LOGIN });
    await generateAll(db, (await actorOf(db.manager, hr.id))!, weeks.next, systemClock);
    const accounts = await db.manager.find(AccountEntity, { relations: { staff: true }, order: { loginId: 'ASC' } });
    console.log(`  seeded the demo town and generated ${weeks.next} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return {
      // Those who may telework (the demo's 一般事務 and 技術職) first: the others have no request form.
      staff: accounts
        .filter((a) => a.role === 'staff' && a.staff?.active)
        .sort((a, b) => Number(grounded(a)) - Number(grounded(b)))
        .map((a) => a.loginId),
      divisions: [...new Set(accounts.filter((a) => a.role === 'chief').map((a) => a.staff?.divisionId ?? ''))].filter(Boolean),
    };
  } finally {
    await db.close();
  }
}

async function runOn(database: string, dbEnv: Record<string, string>, options: Options): Promise<Result> {
  console.log(`\n${database}:`);
  const thisWeek = weekOfInstant(DateTime.now().setZone(ZONE));
  const weeks: Weeks = { next: shiftWeek(thisWeek, 1), requests: shiftWeek(thisWeek, 2) };
  const town = await seed(dbEnv, weeks);
  const app = await AppProcess.start(dbEnv, options.processes);
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const recorder = new Recorder();
    const chiefs = Math.round(options.users / 4);
    if (options.users - chiefs > town.staff.length) throw new Error(`only ${town.staff.length} staff accounts`);
    const users: VirtualUser[] = [];
    for (let i = 0; i < options.users; i++) {
      const chiefOf =
        i % 4 === 3 && users.filter((u) => u.chiefOf).length < chiefs ? town.divisions[Math.floor(i / 4) % town.divisions.length] : null;
      users.push({
        loginId: chiefOf ? `${chiefOf}-kacho` : town.staff[users.filter((u) => !u.chiefOf).length],
        browser: new Browser(base, recorder),
        chiefOf,
        csrf: '',
        days: [],
        reason: '',
        grid: '',
      });
    }
    // Log in, in batches of 10 (Argon2 makes a login the dearest request); not timed.
    recorder.recording = false;
    const t0 = performance.now();
    for (let i = 0; i < users.length; i += 10) await Promise.all(users.slice(i, i + 10).map((u) => prepareUser(u, weeks)));
    const loginSeconds = (performance.now() - t0) / 1000;
    console.log(`  ${users.length} users logged in (${chiefs} chiefs' sessions) in ${loginSeconds.toFixed(1)} s`);

    await sleep(2000);
    const start = await app.memory(true);
    recorder.recording = true;
    const began = performance.now();
    const end0 = began + options.seconds * 1000;
    await Promise.all(
      users.map(async (u) => {
        for (;;) {
          const pause = 1000 + Math.random() * 4000;
          if (performance.now() + pause >= end0) return;
          await sleep(pause);
          await mixedRequest(u, weeks);
        }
      }),
    );
    // Until the last answer (a request under way at the end is waited for).
    const elapsed = (performance.now() - began) / 1000;
    recorder.recording = false;
    const end = await app.memory(false);
    await sleep(5000);
    const idle = await app.memory(true);
    const samples = [...recorder.samples];
    const failures = new Map<string, { n: number; detail: string }>();
    for (const s of samples.filter((x) => x.outcome === 'error' || x.outcome === 'timeout')) {
      const key = `${s.kind}: ${s.outcome === 'timeout' ? 'timeout' : s.status || 'network error'}`;
      const seen = failures.get(key);
      failures.set(key, { n: (seen?.n ?? 0) + 1, detail: seen?.detail ?? s.detail ?? '' });
    }
    const table = statsByKind(samples);
    printLoad(table, samples.length / elapsed, { start, end, idle }, failures, elapsed);

    const saturation: SaturationStep[] = [];
    if (options.saturation) {
      console.log(`  saturation (closed loops, no pauses, read mix staff 7 : grids 2, ${options.stepSeconds} s a step):`);
      const staffUsers = users.filter((u) => !u.chiefOf);
      const chiefUsers = users.filter((u) => u.chiefOf);
      for (const concurrency of SATURATION_STEPS) {
        recorder.samples.length = 0;
        await app.memory(false); // resets the app's CPU and event-loop counters
        recorder.recording = true;
        const stop = performance.now() + options.stepSeconds * 1000;
        const t = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async (_, i) => {
            const staff = staffUsers[i % staffUsers.length];
            const chief = chiefUsers[i % chiefUsers.length];
            while (performance.now() < stop) {
              if (Math.random() < 7 / 9 || !chief) await staffRead(staff, weeks);
              else await chiefGrid(chief, weeks);
            }
          }),
        );
        recorder.recording = false;
        const seconds = (performance.now() - t) / 1000;
        const app1 = await app.memory(false);
        const step = {
          concurrency,
          seconds,
          throughput: recorder.samples.length / seconds,
          stats: stats('reads', recorder.samples),
          cpu: app1.cpuMs / 1000 / seconds,
          loopMax: app1.loopMax,
        };
        saturation.push(step);
        console.log(
          `    ${String(concurrency).padStart(3)} at once: ${step.throughput.toFixed(0)} req/s, p50 ${f1(step.stats.p50)} ms, p99 ${f1(step.stats.p99)} ms, errors ${step.stats.errors}, timeouts ${step.stats.timeouts}, app CPU ${(step.cpu * 100).toFixed(0)}%, worst event-loop delay ${f1(step.loopMax)} ms`,
        );
        if (step.stats.p99 > P99_LIMIT_MS) break;
      }
    }
    await Promise.all(users.map((u) => u.browser.close()));
    return {
      database,
      users: users.length,
      chiefs,
      seconds: elapsed,
      loginSeconds,
      throughput: samples.length / elapsed,
      table,
      failures,
      memory: { start, end, idle },
      saturation,
    };
  } finally {
    await app.stop();
  }
}

function printLoad(
  table: readonly Stats[],
  throughput: number,
  memory: Result['memory'],
  failures: Result['failures'],
  seconds: number,
): void {
  console.log(`  throughput ${throughput.toFixed(1)} req/s`);
  for (const s of table) {
    console.log(
      `  ${s.kind.padEnd(24)} n=${String(s.n).padStart(5)}  p50 ${f1(s.p50).padStart(7)}  p95 ${f1(s.p95).padStart(7)}  p99 ${f1(s.p99).padStart(7)}  max ${f1(s.max).padStart(7)} ms  409 ${s.conflicts}  errors ${s.errors}  timeouts ${s.timeouts}`,
    );
  }
  for (const [k, { n, detail }] of failures) console.log(`  failure ${k} × ${n}${detail ? `: ${detail}` : ''}`);
  const m = memory;
  console.log(`  ${appLoad(m.end, seconds, table[table.length - 1].n)}`);
  console.log(
    `  app memory RSS/heap MB: start ${mb(m.start.rss)}/${mb(m.start.heapUsed)}, end ${mb(m.end.rss)}/${mb(m.end.heapUsed)}, after 5 s idle and a GC ${mb(m.idle.rss)}/${mb(m.idle.heapUsed)}`,
  );
}

// ---------------------------------------------------------------- the report

const appLoad = (end: Memory, seconds: number, requests: number) =>
  `app during the run: CPU ${((end.cpuMs / 1000 / seconds) * 100).toFixed(0)}% of one core (${f1(end.cpuMs / requests)} ms of CPU a request), event-loop delay p99 ${f1(end.loopP99)} ms, worst ${f1(end.loopMax)} ms`;

function verdict(r: Result): string[] {
  const all = r.table[r.table.length - 1];
  const rssGrowth = r.memory.idle.rss / r.memory.start.rss - 1;
  const sat = r.saturation.filter((s) => s.stats.p99 <= P99_LIMIT_MS && s.stats.errors === 0 && s.stats.timeouts === 0);
  const best = sat.length ? sat.reduce((a, b) => (b.throughput > a.throughput ? b : a)) : null;
  const passed = r.saturation.find((s) => s.stats.p99 > P99_LIMIT_MS);
  return [
    `- p99 ${f1(all.p99)} ms (${all.p99 < P99_LIMIT_MS ? 'under' : 'NOT under'} ${P99_LIMIT_MS} ms), ${all.errors} errors, ${all.timeouts} timeouts, ${all.conflicts} expected 409 (stale revision)`,
    `- app RSS after the run and a 5 s idle: ${rssGrowth >= 0 ? '+' : ''}${(rssGrowth * 100).toFixed(0)}% of its start (${Math.abs(rssGrowth) <= 0.2 ? 'within' : 'NOT within'} 20%)`,
    r.saturation.length
      ? `- saturation: ${best ? `${best.throughput.toFixed(0)} req/s with p99 under ${P99_LIMIT_MS} ms (${best.concurrency} at once)` : `p99 over ${P99_LIMIT_MS} ms from the first step`}; ${passed ? `p99 passes ${P99_LIMIT_MS} ms at ${passed.throughput.toFixed(0)} req/s (${passed.concurrency} at once)` : `p99 stayed under ${P99_LIMIT_MS} ms up to ${SATURATION_STEPS[SATURATION_STEPS.length - 1]} at once`}`
      : '- saturation: not measured (--no-saturation)',
  ];
}

function markdown(results: readonly Result[], options: Options, machine: string, date: string): string {
  const out: string[] = [];
  out.push(`## Run of ${date}`, '');
  out.push(
    `Machine: ${machine}. The app in ${options.processes} process${options.processes > 1 ? 'es' : ''} (WEB_CONCURRENCY). ${options.users} users for ${options.seconds} s (throughput counted until the last answer), pauses 1–5 s, 10 s timeout per request${options.saturation ? `; saturation steps of ${options.stepSeconds} s` : ''}.`,
    '',
  );
  for (const r of results) {
    out.push(`### ${r.database}`, '');
    out.push(
      `${r.users} users (${r.chiefs} chiefs' sessions, ${r.users - r.chiefs} staff), logged in in ${r.loginSeconds.toFixed(1)} s; throughput ${r.throughput.toFixed(1)} requests/s.`,
      '',
    );
    out.push('| requests | n | p50 ms | p95 ms | p99 ms | max ms | 409 | errors | timeouts |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of r.table) {
      out.push(
        `| ${s.kind} | ${s.n} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.p99)} | ${f1(s.max)} | ${s.conflicts} | ${s.errors} | ${s.timeouts} |`,
      );
    }
    out.push('');
    if (r.failures.size) {
      out.push('Failures (with the start of the first page of each):', '');
      for (const [k, { n, detail }] of r.failures) out.push(`- ${k} × ${n}${detail ? `: “${detail}”` : ''}`);
      out.push('');
    }
    const m = r.memory;
    out.push('| app memory (MB) | RSS | heap used |', '| --- | ---: | ---: |');
    out.push(`| start (after the logins, after a GC) | ${mb(m.start.rss)} | ${mb(m.start.heapUsed)} |`);
    out.push(`| end of the run | ${mb(m.end.rss)} | ${mb(m.end.heapUsed)} |`);
    out.push(`| after 5 s idle and a GC | ${mb(m.idle.rss)} | ${mb(m.idle.heapUsed)} |`, '');
    out.push(`The ${appLoad(m.end, r.seconds, r.table[r.table.length - 1].n)}.`, '');
    if (r.saturation.length) {
      out.push(
        '| saturation: at once | requests/s | p50 ms | p99 ms | errors | timeouts | app CPU | worst event-loop delay ms |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      );
      for (const s of r.saturation) {
        out.push(
          `| ${s.concurrency} | ${s.throughput.toFixed(0)} | ${f1(s.stats.p50)} | ${f1(s.stats.p99)} | ${s.stats.errors} | ${s.stats.timeouts} | ${(s.cpu * 100).toFixed(0)}% | ${f1(s.loopMax)} |`,
        );
      }
      out.push('');
    }
    out.push(...verdict(r), '');
  }
  return out.join('\n');
}

const INTRO = `# Load benchmark

\`npm run bench:load\` (src/cli/bench-load.ts): the demo town on a throw-away
SQLite database, and on PostgreSQL when \`BENCH_DATABASE_URL\` names an empty
database; the app runs in child processes as \`npm start\` runs it
(\`--processes N\`, default 2, is its WEB_CONCURRENCY). 200 users, each logged in with its
own session (a quarter of them chiefs' sessions), pause 1–5 s between
requests: staff pages (\`/me\`, \`/me/weeks/<next week>\`) 70%, chiefs' grids
of next week 20%, writes 10% (a staff member's request save, a chief's pin
with its re-solve; a 409 on a stale revision is expected and counted apart).
Then the saturation point: closed loops without pauses on the read mix, more
and more at once, until p99 passes 300 ms.

Standard: p99 under 300 ms, 0 errors, 0 timeouts, on SQLite and on
PostgreSQL; the app's memory back within 20% of its start after the run.
Options: \`--seconds N\`, \`--users N\`, \`--processes N\`, \`--step-seconds N\`, \`--postgres-only\`,
\`--no-saturation\`. Figures from a shared machine are indicative.
`;

function writeReport(file: string, run: string): void {
  let earlier = '';
  if (existsSync(file)) {
    const old = readFileSync(file, 'utf8');
    const [body, rest = ''] = old.split(/^## Earlier results\s*$/m);
    const latest = body.indexOf('## Run of ');
    const previous =
      latest >= 0
        ? body
            .slice(latest)
            .replace(/^(#{2,5}) /gm, '#$1 ')
            .trim()
        : '';
    earlier = [previous, rest.trim()].filter(Boolean).join('\n\n');
  }
  const text = [INTRO.trim(), run.trim(), ...(earlier ? ['## Earlier results', earlier] : [])].join('\n\n') + '\n';
  writeFileSync(file, text);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const machine = `${cpus()[0]?.model.trim() ?? '?'} × ${cpus().length}, Node ${process.version}, ${process.platform}`;
  console.log(`load benchmark: ${options.users} users, ${options.seconds} s, app in ${options.processes} process(es); ${machine}`);
  const results: Result[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-bench-load-'));
  try {
    if (!options.postgresOnly)
      results.push(await runOn('SQLite', { SQLITE_FILE: path.join(dir, 'bench.sqlite'), DATABASE_URL: '' }, options));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = process.env.BENCH_DATABASE_URL;
  if (pg) results.push(await runOn('PostgreSQL', { DATABASE_URL: pg }, options));
  else console.log('\nPostgreSQL skipped: set BENCH_DATABASE_URL to an empty database');
  console.log('');
  for (const r of results) {
    console.log(`${r.database}:`);
    for (const line of verdict(r)) console.log(line);
  }
  const date = DateTime.now().setZone(ZONE).toFormat('yyyy-MM-dd HH:mm ZZZZ');
  const file = path.join(projectRoot(), 'docs', 'benchmark-load.md');
  writeReport(file, markdown(results, options, machine, date));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
