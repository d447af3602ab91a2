/**
 * `rotation simulate STUDY.json`: reads the study, builds its organisation
 * (a built-in generator or a problem file) and replayed weeks, runs it on the
 * worker pool with a progress bar, and writes the results file (and CSV
 * tables on request). Ctrl-C cancels cleanly: no half-written results.
 *
 * Unlike the other commands this one runs on the main thread: the pool starts
 * its own workers, one per core.
 */
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseProblem } from '../../domain/validate';
import { checkStudyReferences, parseStudy } from '../../domain/validate-study';
import type { Study } from '../../domain/scenario';
import { ResolvedDemand, replayWeekOf } from '../../app/simulation/demand';
import { effectJa } from '../../app/simulation/insights';
import { fromProblem, generatedOrganisation, SimOrganisation } from '../../app/simulation/organisation';
import { CancelledError, freshPoolThreads, JobPool } from '../../app/simulation/pool';
import { tableCsv, TABLES } from '../../app/simulation/result-tables';
import { runStudy, StudyResult } from '../../app/simulation/run-study';
import { shiftWeek } from '../../app/calendar';
import { ProgressLine } from '../progress';
import { readText, writeAtomically } from './files';
import { Lang, messagesFor } from './messages';
import { grid } from './table';
import { EXIT, TaskOutput } from './task';

export interface SimulateInput {
  readonly lang: Lang;
  readonly studyFile: string;
  readonly outFile?: string;
  readonly csvDir?: string;
  readonly threads?: number;
  /** Aborted by Ctrl-C. */
  readonly signal?: AbortSignal;
}

type Loaded<T> = { ok: true; value: T } | { ok: false; lines: string[] };

function issueLines(file: string, issues: readonly { message: string; messageJa: string }[], lang: Lang): string[] {
  return issues.map((i) => `${file}: ${lang === 'ja' ? i.messageJa : i.message}`);
}

/** The organisation the study names; problem files are read relative to the study file. */
function loadOrganisation(study: Study, base: string, lang: Lang): Loaded<SimOrganisation> {
  const ref = study.organisation;
  if (!ref) return { ok: false, lines: [messagesFor(lang).simulate.needOrganisation] };
  if ('generator' in ref) {
    const weeks = Array.from({ length: study.weeks }, (_, i) => shiftWeek(study.start, i));
    return { ok: true, value: generatedOrganisation(ref.generator, ref.seed, weeks) };
  }
  const file = resolve(base, ref.problem);
  const text = readText(file, lang);
  if (!text.ok) return { ok: false, lines: [text.message] };
  const parsed = parseProblem(text.value);
  if (!parsed.ok) return { ok: false, lines: issueLines(ref.problem, parsed.issues, lang) };
  return { ok: true, value: fromProblem(parsed.value, basename(file)) };
}

function resolveDemand(study: Study, base: string, lang: Lang): Loaded<ResolvedDemand> {
  const { replay, ...model } = study.demand;
  if (model.source !== 'replay') return { ok: true, value: model };
  if (!replay || replay.length === 0) return { ok: false, lines: [messagesFor(lang).simulate.needReplay] };
  const weeks = [];
  for (const name of replay) {
    const text = readText(resolve(base, name), lang);
    if (!text.ok) return { ok: false, lines: [text.message] };
    const parsed = parseProblem(text.value);
    if (!parsed.ok) return { ok: false, lines: issueLines(name, parsed.issues, lang) };
    weeks.push(replayWeekOf(parsed.value));
  }
  return { ok: true, value: { ...model, replayWeeks: weeks } };
}

/** Default results file: beside the study, `NAME.result.json`. */
export function defaultResultFile(studyFile: string): string {
  return join(dirname(studyFile), `${basename(studyFile).replace(/\.json$/i, '')}.result.json`);
}

export async function simulateCommand(input: SimulateInput): Promise<TaskOutput> {
  const { lang } = input;
  const text = readText(input.studyFile, lang);
  if (!text.ok) return { exitCode: EXIT.invalid, stderr: [text.message] };
  const parsed = parseStudy(text.value);
  if (!parsed.ok) return { exitCode: EXIT.invalid, stderr: issueLines(input.studyFile, parsed.issues, lang) };
  const study = parsed.value;
  // The workers load the engine while the organisation is built.
  const pool = new JobPool(
    Math.min(input.threads ?? freshPoolThreads(), 1 + study.scenarios.length + (study.insights ? study.insights.weeks : 0)),
  ).start();
  try {
    return await simulateStudy(input, study, pool);
  } finally {
    pool.close();
  }
}

async function simulateStudy(input: SimulateInput, study: Study, pool: JobPool): Promise<TaskOutput> {
  const { lang } = input;
  const m = messagesFor(lang).simulate;
  const base = dirname(resolve(input.studyFile));
  const org = loadOrganisation(study, base, lang);
  if (!org.ok) return { exitCode: EXIT.invalid, stderr: org.lines };
  const refs = checkStudyReferences(study, {
    divisions: new Set(org.value.divisions.map((d) => d.id)),
    counters: new Set(org.value.counters.map((c) => c.id)),
  });
  if (refs.length > 0) return { exitCode: EXIT.invalid, stderr: issueLines(input.studyFile, refs, lang) };
  const demand = resolveDemand(study, base, lang);
  if (!demand.ok) return { exitCode: EXIT.invalid, stderr: demand.lines };

  const line = new ProgressLine(m.simulating, { delayMs: 300 });
  let result: StudyResult;
  try {
    result = await runStudy(study, org.value, demand.value, {
      pool,
      signal: input.signal,
      onProgress: (p) => {
        line.relabel(p.phase === 'simulate' ? m.simulating : m.insights);
        line.update(p.done, p.total);
      },
    });
  } catch (error) {
    if (error instanceof CancelledError) return { exitCode: EXIT.cancelled, stderr: [m.cancelled] };
    throw error;
  } finally {
    line.stop();
  }

  const outFile = input.outFile ?? defaultResultFile(input.studyFile);
  const written = writeAtomically(outFile, JSON.stringify(result, null, 2) + '\n', lang);
  if (!written.ok) return { exitCode: EXIT.invalid, stderr: [written.message] };
  const wrote = [m.wrote(outFile)];
  if (input.csvDir) {
    try {
      mkdirSync(input.csvDir, { recursive: true });
    } catch {
      // writeAtomically reports the directory problem with the file's name
    }
    for (const name of TABLES) {
      if (name === 'insights' && !result.insights) continue;
      const file = join(input.csvDir, `${name}.csv`);
      const csv = writeAtomically(file, tableCsv(result, name), lang);
      if (!csv.ok) return { exitCode: EXIT.invalid, stderr: [csv.message] };
      wrote.push(m.wrote(file));
    }
  }
  return { exitCode: EXIT.ok, stdout: summaryText(result, lang), stderr: [...wrote, m.took(result.run.millis, result.run.threads)] };
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));

/** The scenarios side by side and the ranked suggestions, for the terminal. */
export function summaryText(result: StudyResult, lang: Lang): string {
  const m = messagesFor(lang).simulate;
  const rows = result.scenarios.map((s) => {
    const x = s.summary;
    return [
      s.name,
      pct(x.grantRate),
      num(x.daysPerEligiblePerWeek),
      pct(x.shareTeleworked),
      m.met(x.meetsTarget),
      num(x.jain, 3),
      String(x.shortfall),
    ];
  });
  const lines = [
    `${result.name} — ${result.organisation.name}, ${result.start} +${result.weeks}w, seed ${result.seed}`,
    '',
    ...grid([m.header, ...rows]),
  ];
  if (result.insights) {
    const useful = result.insights.filter((i) => i.grantedPerWeek > 0.05 || i.shortfallAvoidedPerWeek > 0.05).slice(0, 10);
    lines.push('');
    if (useful.length === 0) lines.push(m.noInsights);
    else lines.push(m.suggestions, ...useful.map((i, k) => `${String(k + 1).padStart(2)}. ${i.label} → ${effectJa(i)}`));
  }
  return lines.join('\n') + '\n';
}
