/**
 * `npm start`: until the web app exists, a one-page Express server that says
 * what the product will do and shows the demo town's week solved by the
 * engine (fixtures/town-25-2026-W50.json).
 *
 * No inline scripts or styles: the stylesheet comes from /static, so the
 * Content-Security-Policy can be `default-src 'self'`. Every value reaches the
 * page through EJS's escaping `<%= %>`.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import { solve } from '../engine';
import { dayJa } from '../domain/explanation';
import { counterMin, IsoDate, licencesOn, maxDaysOf, Problem, Roster } from '../domain/rotation';
import { parseProblemOrThrow } from '../domain/validate';

const ROOT = join(__dirname, '../../..');
export const DEMO_FIXTURE = join(ROOT, 'fixtures', 'town-25-2026-W50.json');

export interface DemoPage {
  readonly problemName: string;
  readonly days: readonly { readonly iso: IsoDate; readonly ja: string }[];
  readonly policy: {
    readonly maxTeleworkDays: number;
    readonly caregivers: number;
    readonly licences: readonly string[];
    readonly spreadBonus: string;
    readonly shortfallPenalty: number;
  };
  readonly staff: number;
  readonly canTelework: number;
  readonly divisions: readonly {
    readonly name: string;
    readonly staff: number;
    readonly canTelework: number;
    readonly counters: string;
    readonly terminals: string;
  }[];
  readonly counters: readonly { readonly name: string; readonly division: string; readonly mins: readonly number[] }[];
  readonly counterTotals: readonly number[];
  readonly requests: { readonly total: number; readonly people: number; readonly perDay: readonly number[] };
  readonly result:
    | {
        readonly ok: true;
        readonly status: string;
        readonly objective: number;
        readonly granted: number;
        readonly requested: number;
        readonly percent: string;
        readonly grantedPerDay: readonly number[];
        readonly teleworkPerDay: readonly number[];
        readonly shortfalls: readonly { readonly counter: string; readonly day: string; readonly missing: number }[];
        readonly shortfallPersonDays: number;
        readonly millis: string;
      }
    | { readonly ok: false; readonly error: string };
}

/** The demo page's figures: the problem as the town's staff see it, and the engine's answer. */
export function demoPage(problem: Problem): DemoPage {
  const days = problem.days;
  const divisionName = new Map(problem.divisions.map((d) => [d.id, d.name]));
  const counterName = new Map(problem.counters.map((c) => [c.id, c.name]));
  const requestsPerDay = days.map((day) => problem.staff.filter((s) => s.requests.some((r) => r.day === day)).length);
  return {
    problemName: problem.name,
    days: days.map((iso) => ({ iso, ja: dayJa(iso) })),
    policy: {
      maxTeleworkDays: problem.policy.maxTeleworkDays,
      caregivers: problem.staff.filter((s) => maxDaysOf(problem, s) > problem.policy.maxTeleworkDays).length,
      licences: days.map((day) => {
        const n = licencesOn(problem.policy, day);
        return Number.isFinite(n) ? String(n) : '制限なし';
      }),
      spreadBonus: (problem.policy.spreadBonus ?? []).join(' / ') || 'なし',
      shortfallPenalty: problem.policy.shortfallPenalty ?? 100000,
    },
    staff: problem.staff.length,
    canTelework: problem.staff.filter((s) => s.canTelework).length,
    divisions: problem.divisions.map((d) => {
      const members = problem.staff.filter((s) => s.division === d.id);
      return {
        name: d.name,
        staff: members.length,
        canTelework: members.filter((s) => s.canTelework).length,
        counters: problem.counters.filter((c) => c.division === d.id).map((c) => c.name).join('、') || '–',
        terminals: d.terminals === undefined ? '–' : String(d.terminals),
      };
    }),
    counters: problem.counters.map((c) => ({
      name: c.name,
      division: divisionName.get(c.division) ?? c.division,
      mins: days.map((day) => counterMin(c, day)),
    })),
    counterTotals: days.map((day) => problem.counters.reduce((sum, c) => sum + counterMin(c, day), 0)),
    requests: {
      total: problem.staff.reduce((sum, s) => sum + s.requests.length, 0),
      people: problem.staff.filter((s) => s.requests.length > 0).length,
      perDay: requestsPerDay,
    },
    result: solved(problem, counterName),
  };
}

function solved(problem: Problem, counterName: ReadonlyMap<string, string>): DemoPage['result'] {
  let roster: Roster;
  const started = performance.now();
  try {
    roster = solve(problem);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const millis = performance.now() - started;
  const requested = new Set(problem.staff.flatMap((s) => s.requests.map((r) => `${s.id} ${r.day}`)));
  const telework = roster.assignments.filter((a) => a.mode === 'telework');
  const granted = telework.filter((a) => requested.has(`${a.staff} ${a.day}`));
  return {
    ok: true,
    status: roster.status === 'optimal' ? '最適解（これ以上よい割当てがないことを証明済み）' : '実行可能解',
    objective: roster.objective,
    granted: granted.length,
    requested: requested.size,
    percent: requested.size === 0 ? '–' : `${((100 * granted.length) / requested.size).toFixed(1)}%`,
    grantedPerDay: problem.days.map((day) => granted.filter((a) => a.day === day).length),
    teleworkPerDay: problem.days.map((day) => telework.filter((a) => a.day === day).length),
    shortfalls: roster.shortfalls.map((s) => ({ counter: counterName.get(s.counter) ?? s.counter, day: dayJa(s.day), missing: s.missing })),
    shortfallPersonDays: roster.shortfalls.reduce((sum, s) => sum + s.missing, 0),
    millis: millis.toFixed(1),
  };
}

/** Headers every response carries; set by hand to keep the dependencies few. */
function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'self'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

export function createApp(page: DemoPage | { readonly error: string }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', join(ROOT, 'views'));
  app.use(securityHeaders);
  app.use('/static', express.static(join(ROOT, 'public'), { index: false, fallthrough: true }));
  app.get('/', (_req, res) => {
    if ('error' in page) res.status(500).render('unavailable', { title: 'テレワーク輪番表', error: page.error });
    else res.render('index', { title: 'テレワーク輪番表 — 市町村役場の在宅勤務の割当て', page });
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain; charset=utf-8').send('見つかりません (404 Not Found)\n');
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    process.stderr.write(`${error instanceof Error ? (process.env.DEBUG ? error.stack : error.message) : String(error)}\n`);
    res.status(500).type('text/plain; charset=utf-8').send('サーバーエラー (500 Internal Server Error)\n');
  });
  return app;
}

function loadDemo(): DemoPage | { readonly error: string } {
  try {
    return demoPage(parseProblemOrThrow(readFileSync(DEMO_FIXTURE, 'utf8')));
  } catch (error) {
    return { error: `${DEMO_FIXTURE}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function main(): void {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    process.stderr.write(`PORT=${raw}: ポート番号（0〜65535）を指定してください / expected a port number 0–65535\n`);
    process.exitCode = 2;
    return;
  }
  const page = loadDemo();
  if ('error' in page) process.stderr.write(`demo unavailable: ${page.error}\n`);
  const server = createServer(createApp(page));
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      process.stderr.write(
        `ポート ${port} は既に使われています。別のポートで起動してください: PORT=${port + 1} npm start\n` +
          `port ${port} is already in use; try another one: PORT=${port + 1} npm start\n`,
      );
    } else {
      process.stderr.write(`cannot listen on port ${port}: ${error.message}\n`);
    }
    process.exitCode = 1;
  });
  server.listen(port, () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    process.stdout.write(`テレワーク輪番表 — http://localhost:${actual}/ （Ctrl+C で終了 / Ctrl+C to stop）\n`);
  });
  const stop = () => server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) main();
