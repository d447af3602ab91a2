/**
 * `npm run bench`: the engine against its peers, in one run, on the same
 * weeks — the town fixtures, the city, and scaled organisations of 10,000 and
 * 50,000 staff.
 *
 * - engine: `solve`, median of `--runs` (5) in-process runs after a warm-up,
 *   from the parsed problem to the roster;
 * - HiGHS (Wasm): the natural MIP model (engine/natural-model.ts), median of 3
 *   runs (1 from 10,000 staff), model building, solver input, solve and
 *   roster included;
 * - javascript-lp-solver: the same model, one run, capped (`--jslp-cap`),
 *   only up to 3,000 staff.
 *
 * Every (instance, solver) pair runs in its own child process (this script,
 * forked with `--child`), so each peak memory figure (`maxRSS`) belongs to one
 * solver. A `load` child that only reads the problem gives the baseline. The
 * independent checker runs on every roster, and the objectives are compared.
 * The tables go to stdout and, with the machine, to docs/benchmark.md (a partial run only with --out).
 */
import { ChildProcess, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { solve } from '../engine';
import { checkRoster } from '../engine/check';
import { buildNaturalModel, NaturalModelCounts } from '../engine/natural-model';
import { cityProblem, horizonProblem, scaledProblem, townProblem } from '../generators';
import type { Problem, Roster } from '../domain/rotation';
import { writeProblem } from '../domain/serialize';
import { parseProblemOrThrow } from '../domain/validate';
import { loadHighsOnce, solveWithHighs } from '../oracle/highs';
import { solveWithJslp } from '../oracle/jslp';
import { ProgressLine } from './progress';
import { FamilyOptions, renderFamily, runFamily } from './bench-family';
import { projectRoot } from '../project-root';

const ROOT = projectRoot();

// ---------------------------------------------------------------- instances

interface Instance {
  readonly id: string;
  readonly group: 'town' | 'city' | 'scaled' | 'periods';
  readonly title: string;
  /** Staff, known in advance to plan the run (the fixtures' figures). */
  readonly staff: number;
  readonly fixture?: string;
  readonly scaled?: { readonly staff: number; readonly seed: number };
  /** Four weeks of the town or the city as one problem with periods and places (generators/horizon.ts). */
  readonly horizon?: 'town' | 'city';
}

/** The weeks of the period instances: December 2026 (the month's cap cuts the first week). */
const PERIOD_WEEKS = ['2026-W49', '2026-W50', '2026-W51', '2026-W52'];

const INSTANCES: readonly Instance[] = [
  { id: 'town-W50', group: 'town', title: 'town-25 2026-W50 (ordinary week)', staff: 426, fixture: 'town-25-2026-W50.json' },
  { id: 'town-W48', group: 'town', title: 'town-25 2026-W48 (holiday week)', staff: 426, fixture: 'town-25-2026-W48.json' },
  { id: 'town-W13', group: 'town', title: 'town-25 2027-W13 (tight April week)', staff: 426, fixture: 'town-25-2027-W13.json' },
  { id: 'city', group: 'city', title: 'city-2900 2026-W50', staff: 2896, fixture: 'city-2900-2026-W50.json' },
  {
    id: 'town-4w',
    group: 'periods',
    title: 'town-25 2026-W49..W52 as one problem (2-week trial, December cap, 2 offices)',
    staff: 426,
    horizon: 'town',
  },
  {
    id: 'city-4w',
    group: 'periods',
    title: 'city-2900 2026-W49..W52 as one problem (2-week trial, December cap, 2 offices)',
    staff: 2896,
    horizon: 'city',
  },
  { id: 'scaled-10k', group: 'scaled', title: 'scaledProblem(10000, 1)', staff: 10000, scaled: { staff: 10000, seed: 1 } },
  { id: 'scaled-50k', group: 'scaled', title: 'scaledProblem(50000, 1)', staff: 50000, scaled: { staff: 50000, seed: 1 } },
];

/** From this many staff, HiGHS runs once and (with `--highs-input auto`) gets the matrix instead of LP text. */
const LARGE_STAFF = 10000;
/** javascript-lp-solver keeps a dense tableau; above this many staff it is not tried. */
const JSLP_MAX_STAFF = 3000;
const HIGHS_RUNS_SMALL = 3;

/** The problem as the CLI sees it: JSON text, parsed and validated. */
function loadProblem(instance: Instance): Problem {
  const make = instance.horizon === 'city' ? cityProblem : townProblem;
  const text = instance.fixture
    ? readFileSync(join(ROOT, 'fixtures', instance.fixture), 'utf8')
    : instance.horizon
      ? writeProblem(
          horizonProblem(
            PERIOD_WEEKS.map((w) => make(w, 1)),
            1,
          ),
        )
      : writeProblem(scaledProblem(instance.scaled!.staff, instance.scaled!.seed));
  return parseProblemOrThrow(text);
}

// ---------------------------------------------------------------- child side

type Solver = 'load' | 'engine' | 'highs' | 'jslp';

interface Job {
  readonly instance: string;
  readonly solver: Solver;
  readonly runs: number;
  readonly highsLimitSeconds: number;
  readonly highsInput: 'lp' | 'matrix';
  readonly jslpCapSeconds: number;
}

interface Measurement {
  readonly millis: readonly number[];
  readonly objective?: number;
  /** What the solver itself reported (HiGHS, jslp), before the roster is rebuilt. */
  readonly reportedObjective?: number;
  readonly status?: string;
  readonly checkerOk?: boolean;
  readonly checkerFirst?: string;
  readonly maxRssKb: number;
  /** load only */
  readonly staff?: number;
  readonly days?: number;
  readonly requests?: number;
  readonly model?: NaturalModelCounts;
}

type ChildMessage =
  | { type: 'ready' }
  | { type: 'done'; measurement: Measurement }
  /** The solver reached its own time limit without any solution. */
  | { type: 'capped'; maxRssKb: number }
  | { type: 'failed'; message: string };

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function runChild(job: Job): Promise<void> {
  const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  try {
    const instance = INSTANCES.find((i) => i.id === job.instance)!;
    const problem = loadProblem(instance);
    if (job.solver === 'highs') await loadHighsOnce(); // loading the Wasm module is not part of the solve
    gc();
    await send({ type: 'ready' });
    const measurement = await measure(job, problem);
    await send({ type: 'done', measurement });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // solveWithHighs throws "HiGHS found no solution: timeLimit" when the limit comes first.
    await send(
      job.solver === 'highs' && /timeLimit/.test(message)
        ? { type: 'capped', maxRssKb: process.resourceUsage().maxRSS }
        : { type: 'failed', message },
    );
  }
}

async function measure(job: Job, problem: Problem): Promise<Measurement> {
  const maxRssKb = () => process.resourceUsage().maxRSS;
  switch (job.solver) {
    case 'load': {
      const baseline = maxRssKb(); // before the model below is built
      return {
        millis: [],
        maxRssKb: baseline,
        staff: problem.staff.length,
        days: problem.days.length,
        requests: problem.staff.reduce((sum, s) => sum + s.requests.length, 0),
        model: buildNaturalModel(problem).counts,
      };
    }
    case 'engine': {
      // Warm-up until the JIT has settled: at least 3 runs and half a second (at most 50 runs),
      // as in the app, which solves the same kind of week over and over.
      const warmUntil = performance.now() + 500;
      for (let r = 0; r < 50 && (r < 3 || performance.now() < warmUntil); r++) solve(problem);
      const millis: number[] = [];
      let roster: Roster | undefined;
      // No gc() between runs: a forced full collection makes the next run pay to regrow the
      // heap (it measured 3-5× slower), which neither the app nor the CLI ever sees.
      for (let r = 0; r < job.runs; r++) {
        const start = performance.now();
        roster = solve(problem);
        millis.push(performance.now() - start);
      }
      return { millis, ...checked(problem, roster!), maxRssKb: maxRssKb() };
    }
    case 'highs': {
      const runs = problem.staff.length >= LARGE_STAFF ? 1 : HIGHS_RUNS_SMALL;
      const millis: number[] = [];
      let last: Awaited<ReturnType<typeof solveWithHighs>> | undefined;
      // One warm-up run too (not for the large instances, which take minutes).
      if (runs > 1) await solveWithHighs(problem, { timeLimitSeconds: job.highsLimitSeconds, input: job.highsInput });
      for (let r = 0; r < runs; r++) {
        last = await solveWithHighs(problem, { timeLimitSeconds: job.highsLimitSeconds, input: job.highsInput });
        millis.push(last.millis);
      }
      return { millis, reportedObjective: last!.objective, ...checked(problem, last!.roster), maxRssKb: maxRssKb() };
    }
    case 'jslp': {
      const result = solveWithJslp(problem, { timeoutMillis: job.jslpCapSeconds * 1000 });
      return { millis: [result.millis], reportedObjective: result.objective, ...checked(problem, result.roster), maxRssKb: maxRssKb() };
    }
  }
}

function checked(problem: Problem, roster: Roster): Pick<Measurement, 'objective' | 'status' | 'checkerOk' | 'checkerFirst'> {
  const report = checkRoster(problem, roster);
  const first = report.violations[0];
  return {
    objective: roster.objective,
    status: roster.status,
    checkerOk: report.ok,
    checkerFirst: first && `[${first.rule}] ${first.message}`,
  };
}

// ---------------------------------------------------------------- parent side

interface Options {
  readonly only?: string;
  readonly runs: number;
  readonly skipHighs: boolean;
  readonly skipJslp: boolean;
  readonly highsLimit: number;
  readonly highsInput: 'auto' | 'lp' | 'matrix';
  readonly jslpCap: number;
  /** Where the report goes; by default docs/benchmark.md, and only for a full run. */
  readonly out?: string;
  readonly skipFamily: boolean;
  readonly familySizes: readonly number[];
  readonly familySeeds: number;
  readonly familyHighsLimit: number;
  readonly periodSizes: readonly number[];
}

type Outcome =
  | { readonly kind: 'done'; readonly m: Measurement }
  /** Stopped at the limit: by the solver itself (with its peak memory) or killed by the parent. */
  | { readonly kind: 'capped'; readonly seconds: number; readonly maxRssKb?: number }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'skipped'; readonly why: string };

interface Row {
  readonly instance: Instance;
  readonly load: Outcome;
  readonly engine: Outcome;
  readonly highs: Outcome;
  readonly highsInput: 'lp' | 'matrix';
  readonly jslp: Outcome;
}

/**
 * Runs one job in a child process; `capSeconds` counts from the child's `ready` (problem loaded).
 * `limitSeconds` is what a `capped` outcome reports (the solver's own limit, or the cap).
 */
function runJob(job: Job, capSeconds: number | undefined, limitSeconds = capSeconds ?? 0): Promise<Outcome> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(__filename, ['--child', JSON.stringify(job)], {
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    let outcome: Outcome | undefined;
    let timer: NodeJS.Timeout | undefined;
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready' && capSeconds !== undefined) {
        timer = setTimeout(() => {
          outcome = { kind: 'capped', seconds: limitSeconds };
          child.kill('SIGKILL');
        }, capSeconds * 1000);
      } else if (message.type === 'done') outcome = { kind: 'done', m: message.measurement };
      else if (message.type === 'capped') outcome = { kind: 'capped', seconds: limitSeconds, maxRssKb: message.maxRssKb };
      else if (message.type === 'failed') outcome = { kind: 'failed', message: message.message };
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve(outcome ?? { kind: 'failed', message: `child exited (${signal ?? `code ${code}`})` });
    });
  });
}

async function runBench(options: Options): Promise<void> {
  const instances = selectInstances(options.only);
  const runsJslp = (i: Instance) => !options.skipJslp && i.staff <= JSLP_MAX_STAFF;
  const jobs = instances.reduce((sum, i) => sum + 2 + (options.skipHighs ? 0 : 1) + (runsJslp(i) ? 1 : 0), 0);
  let n = 0;
  const rows: Row[] = [];
  const started = performance.now();

  const step = async (instance: Instance, solver: Solver, label: string, job: () => Promise<Outcome>): Promise<Outcome> => {
    n++;
    const title = `[${n}/${jobs}] ${instance.id} ${label}`;
    if (!process.stderr.isTTY) process.stderr.write(`${title} …\n`);
    const line = new ProgressLine(title, { delayMs: 0, closingLine: false });
    const outcome = await job();
    line.stop();
    process.stderr.write(`${title}: ${describeOutcome(solver, outcome)}\n`);
    return outcome;
  };

  for (const instance of instances) {
    const base = {
      instance: instance.id,
      runs: options.runs,
      highsLimitSeconds: options.highsLimit,
      jslpCapSeconds: options.jslpCap,
    };
    const load = await step(instance, 'load', 'load', () => runJob({ ...base, solver: 'load', highsInput: 'lp' }, undefined));
    const large = instance.staff >= LARGE_STAFF;
    const highsInput = options.highsInput === 'auto' ? (large ? 'matrix' : 'lp') : options.highsInput;
    const engine = await step(instance, 'engine', 'engine', () => runJob({ ...base, solver: 'engine', highsInput }, undefined));
    const highs: Outcome = options.skipHighs
      ? { kind: 'skipped', why: '--skip-highs' }
      : await step(instance, 'highs', `HiGHS (${highsInput})`, () =>
          // HiGHS stops itself at the limit; the kill is only a safety net.
          runJob({ ...base, solver: 'highs', highsInput }, (options.highsLimit + 60) * (large ? 1 : HIGHS_RUNS_SMALL), options.highsLimit),
        );
    const jslp: Outcome = runsJslp(instance)
      ? await step(instance, 'jslp', 'javascript-lp-solver', () => runJob({ ...base, solver: 'jslp', highsInput }, options.jslpCap))
      : { kind: 'skipped', why: options.skipJslp ? '--skip-jslp' : `> ${JSLP_MAX_STAFF} staff` };
    rows.push({ instance, load, engine, highs, highsInput, jslp });
  }

  let tables = rows.length > 0 ? renderTables(rows, options) : '';
  const tokens = new Set((options.only ?? '').split(',').map((t) => t.trim().toLowerCase()));
  const runCoupled = options.only === undefined || tokens.has('family');
  const runPeriods = options.only === undefined || tokens.has('period-family');
  if (!options.skipFamily && (runCoupled || runPeriods)) {
    const family: FamilyOptions = {
      sizes: options.familySizes,
      seeds: options.familySeeds,
      highsLimit: options.highsLimit,
      highsLimitLarge: options.familyHighsLimit,
      largeStaff: 50000,
      skipHighs: options.skipHighs,
      onLine: (line) => process.stderr.write(line + '\n'),
    };
    const results = runCoupled ? await runFamily(family) : [];
    if (runCoupled)
      tables += `${tables.length > 0 ? '\n\n' : ''}### Robustness: the coupled family\n\n${renderFamily(results, family)}\n\n${FAMILY_NOTE(family)}`;
    // The same family, four weeks at a time with periods and places (issue 17).
    if (runPeriods) {
      const periodFamily: FamilyOptions = { ...family, sizes: options.periodSizes, periods: true };
      const periodResults = await runFamily(periodFamily);
      results.push(...periodResults);
      tables += `${tables.length > 0 ? '\n\n' : ''}### Robustness: four weeks with periods and places\n\n${renderFamily(periodResults, periodFamily)}\n\n${PERIOD_FAMILY_NOTE}`;
    }
    // A disagreement: a roster the checker refuses, an optimum that is not HiGHS's, or a week better than HiGHS's optimum.
    const wrong = (r: (typeof results)[number]) =>
      !r.engine.checkerOk ||
      (r.highs.status === 'optimal' &&
        (r.engine.objective > r.highs.objective! || (r.engine.status === 'optimal' && r.engine.objective !== r.highs.objective)));
    if (results.some(wrong)) process.exitCode = 1;
  }
  process.stdout.write(tables + '\n');
  const doc = renderDocument(tables, options, performance.now() - started);
  // A partial run (--only, --skip-family) would replace the full report with part of it: it
  // writes a file only when asked to with --out.
  const partial = options.only !== undefined || options.skipFamily;
  const out = options.out ?? (partial ? undefined : join(ROOT, 'docs', 'benchmark.md'));
  if (out === undefined) {
    process.stderr.write('partial run: docs/benchmark.md left as it is (--out FILE writes this report)\n');
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, doc);
    const shown = relative(process.cwd(), out);
    process.stderr.write(`wrote ${shown.startsWith('..') ? out : shown}\n`);
  }
  if (rows.some((r) => disagreement(r) !== undefined)) process.exitCode = 1;
}

function selectInstances(only: string | undefined): Instance[] {
  if (only === undefined) return [...INSTANCES];
  const tokens = only
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0 && t !== 'family' && t !== 'period-family');
  const matches = (i: Instance, t: string) => [i.id.toLowerCase(), i.group, i.id.toLowerCase().replace(/^scaled-/, '')].includes(t);
  const unknown = tokens.filter((t) => !INSTANCES.some((i) => matches(i, t)));
  if (unknown.length > 0) {
    const known = [...new Set(INSTANCES.flatMap((i) => [i.group, i.id])), 'family', 'period-family'].join(', ');
    throw new UsageError(`--only: unknown instance ${unknown.join(', ')} (known: ${known})`);
  }
  return INSTANCES.filter((i) => tokens.some((t) => matches(i, t)));
}

class UsageError extends Error {}

// ---------------------------------------------------------------- reporting

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmtMs(millis: number): string {
  if (millis < 10) return millis.toFixed(2);
  if (millis < 100) return millis.toFixed(1);
  return Math.round(millis).toLocaleString('en-US');
}

function fmtMb(kb: number): string {
  return Math.round(kb / 1024).toLocaleString('en-US');
}

function int(n: number): string {
  return n.toLocaleString('en-US');
}

function describeOutcome(solver: Solver, o: Outcome): string {
  switch (o.kind) {
    case 'skipped':
      return `skipped (${o.why})`;
    case 'capped':
      return o.maxRssKb === undefined ? `> ${o.seconds} s, stopped` : `> ${o.seconds} s (its time limit), ${fmtMb(o.maxRssKb)} MB peak`;
    case 'failed':
      return `failed: ${o.message}`;
    case 'done': {
      const mb = `${fmtMb(o.m.maxRssKb)} MB peak`;
      if (solver === 'load') return `${int(o.m.staff!)} staff, ${mb}`;
      const runs = o.m.millis.length;
      const checker = o.m.checkerOk ? 'checker OK' : `checker FAILED ${o.m.checkerFirst ?? ''}`;
      return `${fmtMs(median(o.m.millis))} ms (median of ${runs}), objective ${o.m.objective}, ${o.m.status}, ${checker}, ${mb}`;
    }
  }
}

/** Why the engine and a peer disagree, or undefined. A peer cut short (not optimal) proves nothing. */
function disagreement(row: Row): string | undefined {
  const problems: string[] = [];
  if (row.engine.kind === 'done') {
    const e = row.engine.m;
    if (!e.checkerOk) problems.push(`engine roster fails the checker: ${e.checkerFirst}`);
    for (const [name, o] of [
      ['HiGHS', row.highs],
      ['jslp', row.jslp],
    ] as const) {
      if (o.kind !== 'done') continue;
      if (!o.m.checkerOk) problems.push(`${name} roster fails the checker: ${o.m.checkerFirst}`);
      if (o.m.status === 'optimal' && o.m.objective !== e.objective)
        problems.push(`${name} objective ${o.m.objective} ≠ engine ${e.objective}`);
    }
  }
  return problems.length > 0 ? problems.join('; ') : undefined;
}

function timeCell(o: Outcome, limitWord: string): string {
  switch (o.kind) {
    case 'done':
      return o.m.status === 'optimal' ? fmtMs(median(o.m.millis)) : `> ${limitWord} (${fmtMs(median(o.m.millis))}, not proven)`;
    case 'capped':
      return `> ${limitWord}`;
    case 'failed':
      return 'failed';
    case 'skipped':
      return '–';
  }
}

function sameObjective(engine: Outcome, peer: Outcome): string {
  if (engine.kind !== 'done' || peer.kind !== 'done' || peer.m.status !== 'optimal') return '–';
  return peer.m.objective === engine.m.objective ? '✓' : `✗ ${peer.m.objective}`;
}

function checkerCell(o: Outcome): string {
  return o.kind === 'done' ? (o.m.checkerOk ? '✓' : '✗') : '–';
}

function renderTables(rows: readonly Row[], options: Options): string {
  const time = [
    '| instance | staff | days | requests | model: variables / rows / nonzeros | engine ms | µs / staff | HiGHS ms (input) | HiGHS / engine | jslp ms | objective | same objective (HiGHS / jslp) | checker (engine / HiGHS / jslp) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: |',
  ];
  const memory = ['| instance | problem loaded | engine | HiGHS | jslp |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const row of rows) {
    const load = row.load.kind === 'done' ? row.load.m : undefined;
    const engine = row.engine.kind === 'done' ? row.engine.m : undefined;
    const engineMs = engine ? median(engine.millis) : undefined;
    const highsMs = row.highs.kind === 'done' && row.highs.m.status === 'optimal' ? median(row.highs.m.millis) : undefined;
    const model = load?.model;
    time.push(
      '| ' +
        [
          row.instance.title,
          load ? int(load.staff!) : '?',
          load ? String(load.days) : '?',
          load ? int(load.requests!) : '?',
          model ? `${int(model.variables)} / ${int(model.constraints)} / ${int(model.nonzeros)}` : '?',
          engine ? fmtMs(engineMs!) : row.engine.kind,
          engine && load ? ((engineMs! * 1000) / load.staff!).toFixed(2) : '–',
          row.highs.kind === 'skipped' ? '–' : `${timeCell(row.highs, `${options.highsLimit} s`)} (${row.highsInput})`,
          engineMs !== undefined && highsMs !== undefined ? `${(highsMs / engineMs).toFixed(1)}×` : '–',
          timeCell(row.jslp, `${options.jslpCap} s cap`),
          engine ? int(engine.objective!) : '–',
          `${sameObjective(row.engine, row.highs)} / ${sameObjective(row.engine, row.jslp)}`,
          `${checkerCell(row.engine)} / ${checkerCell(row.highs)} / ${checkerCell(row.jslp)}`,
        ].join(' | ') +
        ' |',
    );
    const mb = (o: Outcome) => {
      if (o.kind === 'done') return fmtMb(o.m.maxRssKb);
      if (o.kind === 'capped') return o.maxRssKb === undefined ? '(stopped)' : `≥ ${fmtMb(o.maxRssKb)}`;
      return '–';
    };
    memory.push(`| ${row.instance.title} | ${mb(row.load)} | ${mb(row.engine)} | ${mb(row.highs)} | ${mb(row.jslp)} |`);
  }
  const problems = rows.map((r) => [r.instance.id, disagreement(r)] as const).filter(([, d]) => d !== undefined);
  const failures = rows.flatMap((r) =>
    (['load', 'engine', 'highs', 'jslp'] as const).flatMap((s) => {
      const o = r[s];
      return o.kind === 'failed' ? [`- ${r.instance.id} ${s}: ${o.message}`] : [];
    }),
  );
  return [
    '### Time (milliseconds, lower is better)',
    '',
    ...time,
    '',
    '### Peak memory (maxRSS of the measuring process, MB)',
    '',
    ...memory,
    ...(problems.length > 0 ? ['', '**Disagreements:**', '', ...problems.map(([id, d]) => `- ${id}: ${d}`)] : []),
    ...(failures.length > 0 ? ['', '**Failures:**', '', ...failures] : []),
  ].join('\n');
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function renderDocument(tables: string, options: Options, totalMillis: number): string {
  const cpu = cpus();
  const flags = [
    options.only !== undefined ? `--only ${options.only}` : '',
    options.skipFamily ? '--skip-family' : '',
    `--runs ${options.runs}`,
    options.skipHighs ? '--skip-highs' : `--highs-limit ${options.highsLimit} --highs-input ${options.highsInput}`,
    options.skipJslp ? '--skip-jslp' : `--jslp-cap ${options.jslpCap}`,
  ].filter((f) => f.length > 0);
  return `# Benchmark

Written by \`npm run bench\` (src/cli/bench.ts) on ${new Date().toISOString().slice(0, 10)}; the whole run took ${(totalMillis / 1000).toFixed(0)} s.
Options: \`${flags.join(' ')}\`.${options.only !== undefined || options.skipFamily ? ' **This is a partial run** (`--only` or `--skip-family`); `npm run bench` without options measures every instance.' : ''}

## Machine

| | |
| --- | --- |
| CPU | ${cpu[0]?.model ?? 'unknown'} |
| cores | ${cpu.length} |
| memory | ${Math.round(totalmem() / 2 ** 30)} GB |
| OS | ${platform()} ${release()} |
| Node.js | ${process.version} |
| HiGHS | highs ${packageVersion('highs')} (npm, WebAssembly, single thread) |
| javascript-lp-solver | ${packageVersion('javascript-lp-solver')} |

## Results

${tables}

## How it is measured

- **engine**: \`solve(problem)\` in one process, median of ${options.runs} runs after warm-up runs (at least 3 and 0.5 s),
  from the parsed and validated problem to the roster (the CLI reads the problem the same way).
- **HiGHS**: the natural MIP model of the same week (\`buildNaturalModel\`: a telework and a counter
  variable per person-day, rows for every rule) solved exactly (\`mip_rel_gap\` 0) by HiGHS compiled
  to WebAssembly; median of ${HIGHS_RUNS_SMALL} runs after one warm-up run (1 run and no warm-up from ${int(LARGE_STAFF)} staff). The time covers building
  the model, handing it to HiGHS (LP text, or the CSR matrix from ${int(LARGE_STAFF)} staff with \`--highs-input auto\`),
  the solve and rebuilding the roster; loading the Wasm module is not counted. A run that reaches
  \`--highs-limit\` (${options.highsLimit} s) is shown as "> limit".
- **jslp**: the same model given whole to javascript-lp-solver, one run, stopped after
  \`--jslp-cap\` (${options.jslpCap} s, "> cap"); not tried above ${int(JSLP_MAX_STAFF)} staff (its tableau is dense).
- **HiGHS / engine**: how many times longer HiGHS takes (higher is better for the engine).
  **µs / staff**: the engine's median time per member of staff.
- **same objective**: the objective of the roster each peer found equals the engine's (✓), for
  peers that proved optimality. **checker**: the independent checker (\`src/engine/check.ts\`)
  accepts the roster.
- **Peak memory**: every (instance, solver) pair runs in its own child process and reports
  \`process.resourceUsage().maxRSS\` at its end. It includes Node.js itself and the loaded problem;
  "problem loaded" is a child that only reads the problem, the baseline to subtract.
`;
}

// ---------------------------------------------------------------- entry

function integerOption(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} ${value}: expected an integer ≥ ${min}`);
    return n;
  };
}

function sizeList(value: string): number[] {
  const sizes = value.split(',').map((t) => Number(t.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(`--family-sizes ${value}: expected staff counts such as 430,2900`);
  return sizes;
}

const FAMILY_NOTE = (
  f: FamilyOptions,
) => `Each week is \`coupledProblem(staff, seed)\` (\`rotation generate --shape coupled\`), its knobs drawn from the seed:
cross-qualified staff 0–20%, divisions with 1–4 shared terminals 0–100%, counter tightness from ample to uncoverable,
licences ±0–20% by day, 4- or 5-day weeks, 2% office pins and some telework pins, caregivers at most 3 days.
Engine and HiGHS run side by side in one child process per week: the engine's first solve in the fresh process is its cold time ("engine worst, cold":
the JIT not yet warm, as in a one-off \`rotation solve\`); then warm-up solves until the JIT has settled (up to 40 solves or 3 s; one only for a week
that takes over a second), and the median of 9 timed solves (3 over a second); HiGHS after one warm-up solve, median of 5 up to 3,000 staff (one solve above);
the ratio is engine time ÷ HiGHS time (below 1: the engine is faster). HiGHS stops at ${f.highsLimit} s below ${int(f.largeStaff)} staff and
at **${f.highsLimitLarge} s from ${int(f.largeStaff)} staff**; a ratio against a HiGHS run that hit its limit is an upper bound (≤).
"caps" are the terminal caps of linked divisions that the network alone cannot express (side constraints).`;

const PERIOD_FAMILY_NOTE = `Each problem is four weeks of the coupled family's organisation as one problem (\`horizonProblem(repeatedWeeks(coupledProblem(staff, seed), 4))\`):
the week repeated a week apart with half the staff asking for other days, and period knobs drawn from the seed (\`horizonKnobs\`): a trial of 1–4 weeks
with a goal of 1–3 days for 30%, 60% or all divisions, turns on possible days, any day or requests only; a monthly cap of 4, 6 or 8 days (or none) that cuts
the first week, with days already worked; 0–4 satellite offices with desks scaled to the staff and 0–30% of requests made for them; 20–90% of staff
marking possible days. HiGHS solves the same multi-week model (natural-model.ts). "caps" are then all side constraints: terminals of linked divisions,
desks, licences of days that mix office and home, and monthly caps that cut a week. The standard: four weeks of 430 staff under 1 s, of 2,900 under 5 s,
proven optimal.`;

async function main(argv: readonly string[]): Promise<void> {
  if (argv[2] === '--child') return runChild(JSON.parse(argv[3]) as Job);
  const program = new Command('bench')
    .description('engine vs HiGHS vs javascript-lp-solver on the fixtures and scaled organisations')
    .option(
      '--only <ids>',
      'comma-separated instances or groups: town, city, periods, scaled, town-W50, town-W48, town-W13, town-4w, city-4w, 10k, 50k, family, period-family',
    )
    .option('--runs <n>', 'engine runs (median)', integerOption('--runs', 1), 5)
    .option('--skip-highs', 'do not run HiGHS', false)
    .option('--skip-jslp', 'do not run javascript-lp-solver', false)
    .option('--highs-limit <seconds>', 'HiGHS time limit', integerOption('--highs-limit', 1), 300)
    .addOption(new Option('--highs-input <input>', 'how the model reaches HiGHS').choices(['auto', 'lp', 'matrix']).default('auto'))
    .option('--jslp-cap <seconds>', 'javascript-lp-solver cap', integerOption('--jslp-cap', 1), 60)
    .option('--out <file>', 'markdown report (default docs/benchmark.md, written only by a full run)')
    .option('--skip-family', 'do not run the coupled family (the robustness table)', false)
    .option('--family-sizes <list>', 'staff of the coupled family’s weeks', sizeList, [430, 2900, 10000, 50000])
    .option('--period-sizes <list>', 'staff of the four-week period family', sizeList, [430, 2900])
    .option('--family-seeds <n>', 'seeds per size', integerOption('--family-seeds', 1), 20)
    .option(
      '--family-highs-limit <seconds>',
      'HiGHS time limit at 50,000 staff in the family',
      integerOption('--family-highs-limit', 1),
      120,
    )
    .exitOverride();
  try {
    program.parse(argv);
    await runBench(program.opts<Options>());
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2; // commander has printed it
    } else {
      throw error;
    }
  }
}

if (require.main === module) void main(process.argv);
