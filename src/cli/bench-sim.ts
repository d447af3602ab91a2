/**
 * `npm run bench:sim`: HR's simulation against the standard (52 weeks of the
 * town under 2 s, 13 weeks of the 2,900-staff city under 10 s, on this
 * machine), measured the way `rotation simulate` runs: building the
 * organisation, then the study on the worker pool.
 *
 * - each study runs `--runs` (5) times after a warm-up; the table gives the
 *   median, the organisation build and the study separately;
 * - one baseline only (the standard), then with four scenarios on one and on
 *   two worker threads (what the pool buys), with workers made for each run
 *   (the CLI) and with a pool kept warm across runs (the web app);
 * - side by side in the same run, the same weeks of the baseline driven with
 *   HiGHS instead of the engine (scenarioWeeks with solveWithHighs, in this
 *   thread), one run: how long a simulation would take on the LP solver, and
 *   whether each week's optimum is the same;
 * - two runs with the same seed are compared for identical results.
 *
 * The tables go to stdout and to docs/benchmark-simulation.md.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEMAND, GeneratorName, Scenario, Study, STUDY_FORMAT } from '../domain/scenario';
import { generatedOrganisation, SimOrganisation } from '../app/simulation/organisation';
import { freshPoolThreads, JobPool } from '../app/simulation/pool';
import { runStudy, studyWeeks, StudyResult } from '../app/simulation/run-study';
import { scenarioWeeks } from '../app/simulation/simulate-scenario';
import { solve } from '../engine';
import { loadHighsOnce, solveWithHighs } from '../oracle/highs';
import { ProgressLine } from './progress';
import { projectRoot } from '../project-root';

const ROOT = projectRoot();

interface Case {
  readonly label: string;
  readonly generator: GeneratorName;
  readonly weeks: number;
  readonly standardMs: number;
}

const CASES: readonly Case[] = [
  { label: 'town-25, 52 weeks', generator: 'town-25', weeks: 52, standardMs: 2000 },
  { label: 'city-2900, 13 weeks', generator: 'city-2900', weeks: 13, standardMs: 10000 },
];

const START = '2027-W14';

const SCENARIOS = (generator: GeneratorName): Scenario[] => [
  { name: 'licences −20%', policy: { licencesPerDay: generator === 'town-25' ? 40 : 240 } },
  { name: '3 days a week', policy: { maxTeleworkDays: 3 } },
  {
    name: 'tax counter +2 trained',
    qualifications: [{ counter: generator === 'town-25' ? 'zeimu-kazei' : 'shiminzei-shiminzei', add: 2 }],
  },
  { name: 'no fairness carry-over', policy: { fairnessPerDenial: 0 } },
];

/** A longer study, where a second new worker has time to pay for its warming up. */
const LONG: Case = { label: 'city-2900, 26 weeks', generator: 'city-2900', weeks: 26, standardMs: 10000 };
const MORE_SCENARIOS: Scenario[] = [200, 260, 280, 320].map((licences) => ({
  name: `${licences} licences`,
  policy: { licencesPerDay: licences },
}));

function studyOf(c: Case, scenarios: Scenario[]): Study {
  return {
    format: STUDY_FORMAT,
    name: c.label,
    start: START,
    weeks: c.weeks,
    seed: 1,
    demand: DEFAULT_DEMAND,
    baseline: { name: 'baseline' },
    scenarios,
    insights: false,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

interface Timing {
  readonly orgMs: number;
  readonly studyMs: number;
  readonly result: StudyResult;
}

/** Workers made for the run (as `rotation simulate` does), or a pool kept warm (as the web app does). */
type Workers = { readonly threads: number } | { readonly pool: JobPool };

async function timeOnce(c: Case, scenarios: Scenario[], workers: Workers): Promise<Timing> {
  const t0 = performance.now();
  const org = generatedOrganisation(
    c.generator,
    1,
    studyWeeks(START, c.weeks, []).map((w) => w.week),
  );
  const t1 = performance.now();
  const result = await runStudy(studyOf(c, scenarios), org, DEFAULT_DEMAND, workers);
  return { orgMs: t1 - t0, studyMs: performance.now() - t1, result };
}

async function timed(
  c: Case,
  scenarios: Scenario[],
  workers: Workers,
  runs: number,
): Promise<{ org: number; study: number; total: number; results: StudyResult[] }> {
  await timeOnce(c, scenarios, workers); // warm-up (of this thread; and of a kept pool's workers)
  const all: Timing[] = [];
  for (let i = 0; i < runs; i++) all.push(await timeOnce(c, scenarios, workers));
  return {
    org: median(all.map((t) => t.orgMs)),
    study: median(all.map((t) => t.studyMs)),
    total: median(all.map((t) => t.orgMs + t.studyMs)),
    results: all.map((t) => t.result),
  };
}

/** The scenarios on one and on two workers, new for each run and kept warm: a row of the scaling table. */
async function scalingRow(c: Case, scenarios: Scenario[], runs: number): Promise<string> {
  const results: StudyResult[] = [];
  const cells: string[] = [];
  for (const kept of [false, true]) {
    const study: number[] = [];
    for (const threads of [1, 2]) {
      const pool = kept ? new JobPool(threads) : null;
      try {
        const t = await timed(c, scenarios, pool ? { pool } : { threads }, runs);
        study.push(t.study);
        results.push(t.results[0]);
      } finally {
        pool?.close();
      }
    }
    cells.push(ms(study[0]), ms(study[1]), `${(study[0] / study[1]).toFixed(2)}×`);
  }
  const same = results.every((r) => JSON.stringify({ ...r, run: null }) === JSON.stringify({ ...results[0], run: null }));
  return `| ${c.label} | ${scenarios.length + 1} | ${cells.join(' | ')} | ${same ? '✓' : '✗'} |`;
}

/**
 * The baseline's weeks driven by the engine; with `highs`, HiGHS also solves
 * every one of the same weeks (so the optima can be compared week by week).
 */
async function drive(org: SimOrganisation, c: Case, withHighs: boolean) {
  const s = studyOf(c, []);
  const steps = scenarioWeeks({
    org,
    seed: s.seed,
    demand: DEFAULT_DEMAND,
    weeks: studyWeeks(START, c.weeks, org.closures),
    seasons: [],
    baseline: s.baseline,
    scenario: s.baseline,
    keep: [],
  });
  let engineMs = 0;
  let highsMs = 0;
  let weeks = 0;
  let same = 0;
  const t0 = performance.now();
  let step = steps.next();
  while (!step.done) {
    let t = performance.now();
    const roster = solve(step.value);
    engineMs += performance.now() - t;
    if (withHighs) {
      t = performance.now();
      const other = await solveWithHighs(step.value);
      highsMs += performance.now() - t;
      if (other.roster.objective === roster.objective) same++;
    }
    weeks++;
    step = steps.next(roster);
  }
  const totalMs = performance.now() - t0 - highsMs;
  return { totalMs, engineMs, highsMs, weeks, same };
}

async function main(): Promise<void> {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 5);
  const started = performance.now();
  const line = new ProgressLine('benchmarking the simulation…', { delayMs: 0 });
  await loadHighsOnce();
  const standard: string[] = [];
  const scaling: string[] = [];
  const oracle: string[] = [];
  const repeat: string[] = [];
  try {
    for (const c of CASES) {
      line.relabel(`${c.label}: baseline`);
      const one = await timed(c, [], { threads: freshPoolThreads() }, runs);
      const verdict = one.total < c.standardMs ? '✓' : '✗';
      standard.push(`| ${c.label} | ${ms(one.org)} | ${ms(one.study)} | ${ms(one.total)} | < ${ms(c.standardMs)} | ${verdict} |`);
      const same = one.results.every((r) => JSON.stringify({ ...r, run: null }) === JSON.stringify({ ...one.results[0], run: null }));
      repeat.push(`| ${c.label} | ${runs} | ${same ? '✓ identical' : '✗ differ'} |`);

      line.relabel(`${c.label}: five scenarios`);
      scaling.push(await scalingRow(c, SCENARIOS(c.generator), runs));

      line.relabel(`${c.label}: engine and HiGHS week by week`);
      const org = generatedOrganisation(
        c.generator,
        1,
        studyWeeks(START, c.weeks, []).map((w) => w.week),
      );
      await drive(org, c, false); // warm-up
      const engineRuns = [];
      for (let i = 0; i < runs; i++) engineRuns.push(await drive(org, c, false));
      const both = await drive(org, c, true);
      const total = median(engineRuns.map((r) => r.totalMs));
      const solving = median(engineRuns.map((r) => r.engineMs));
      oracle.push(
        `| ${c.label} | ${ms(total)} | ${ms(solving)} | ${ms(both.highsMs)} | ${(both.highsMs / solving).toFixed(1)}× | ${ms(total - solving + both.highsMs)} | ${(
          (total - solving + both.highsMs) /
          total
        ).toFixed(1)}× | ${both.same} / ${both.weeks} |`,
      );
    }
    line.relabel(`${LONG.label}: nine scenarios`);
    scaling.push(await scalingRow(LONG, [...SCENARIOS(LONG.generator), ...MORE_SCENARIOS], runs));
  } finally {
    line.stop();
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown';
  const md = [
    '# Simulation benchmark',
    '',
    `Written by \`npm run bench:sim\` (src/cli/bench-sim.ts) on ${new Date().toISOString().slice(0, 10)}; the whole run took ${Math.round((performance.now() - started) / 1000)} s.`,
    `Machine: ${cpu}, ${availableParallelism()} cores, ${platform()} ${release()}, Node.js ${process.version}. Medians of ${runs} runs after a warm-up.`,
    'Every study starts 2027-W14 with seed 1 and the survey demand (town-data.md); the organisation is built from the generator for every run.',
    '',
    '## The standard: one baseline over the period (milliseconds)',
    '',
    `| study | build organisation | simulate (${freshPoolThreads()} new worker${freshPoolThreads() === 1 ? '' : 's'}, as \`rotation simulate\`) | total | standard | |`,
    '| --- | ---: | ---: | ---: | ---: | :---: |',
    ...standard,
    '',
    '## Scenarios side by side: one worker against two (milliseconds, simulation only)',
    '',
    '"New workers": the pool is made for the study, as `rotation simulate` does; each worker starts cold and',
    'spends its first scenarios with V8 compiling the engine — on one worker the compiler has a core of',
    'its own, on as many workers as cores it competes with them (so `rotation simulate` makes one worker',
    'per core but one). "Warm workers": one pool kept across the runs (warmed by the warm-up run), as the',
    "web app keeps its workers between HR's studies (one per core).",
    '',
    '| study | scenarios | new: 1 worker | new: 2 workers | speed-up | warm: 1 worker | warm: 2 workers | speed-up | same results |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
    ...scaling,
    '',
    '## The same weeks solved by HiGHS (milliseconds, baseline, in one thread)',
    '',
    "The baseline's weeks driven through `scenarioWeeks` with the engine (median of the runs), fairness",
    'ledger included; in one more run HiGHS (WebAssembly, the natural MIP model, exact) also solves every',
    'one of those weeks. "simulation" covers drawing the demand, building each week, solving and the KPIs;',
    '"solving" only the solver calls; "with HiGHS" is the simulation with HiGHS\'s solving time in place',
    "of the engine's. The last column counts weeks where both found the same optimum.",
    '',
    '| study | simulation (engine) | engine solving | HiGHS solving | HiGHS / engine (solving) | simulation with HiGHS | HiGHS / engine (simulation) | same optimum |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...oracle,
    '',
    '## Repeatability',
    '',
    '| study | runs | results (timing aside) |',
    '| --- | ---: | :---: |',
    ...repeat,
    '',
  ].join('\n');
  process.stdout.write(md);
  writeFileSync(join(ROOT, 'docs', 'benchmark-simulation.md'), md);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
