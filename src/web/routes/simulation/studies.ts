/**
 * HR's policy simulations (シミュレーション). Every route needs the HR role,
 * and every use case checks it again.
 *
 * A run is created from the form (422 with the form as typed and one Japanese
 * line per problem), runs in the background, and its page shows a progress
 * bar (polled by app.js, refreshed by the browser without it) until the
 * results are there.
 */
import { Request, Response, Router } from 'express';
import { shiftWeek, weekOfInstant } from '../../../app/calendar';
import { AppError } from '../../../app/errors';
import {
  defaultSimulationInput,
  LABELS,
  MAX_SCENARIOS,
  ScenarioInput,
  SEASON_ROWS,
  SeasonInput,
  SimulationInput,
  simulationFormData,
} from '../../../app/simulation/study-form';
import { isTableName, tableCsv, TABLES, TABLE_TITLES } from '../../../app/simulation/result-tables';
import { cancelRun, cliFiles, createRun, deleteRun, getRun, listRuns, runProgress, STATUS_LABELS } from '../../../app/simulation/runs';
import { recordExport } from '../../../app/accounts/security-events';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, fieldList } from '../../forms';
import { changesJa, divisionChart, insightLines, kpiRows, shownTable, weekdayChart, weeklyChart } from '../../simulation-view';
import { csvPayload, sendCsv } from '../../csv-response';

/** Seconds between reloads of a running run's page when scripts are off. */
const REFRESH_SECONDS = 3;

export function simulationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/simulations', requireRole('hr'));
  const m = () => ctx.db.manager;
  const runner = ctx.simulations;

  r.get('/hr/simulations', async (req, res) => {
    const runs = await listRuns(m(), actorOfRequest(req), runner);
    res.render('hr/simulations', { title: 'シミュレーション', runs });
  });

  const renderForm = async (req: Request, res: Response, input?: SimulationInput, error?: AppError) => {
    const data = await simulationFormData(m(), actorOfRequest(req));
    const start = shiftWeek(weekOfInstant(ctx.clock()), 1);
    res.status(error ? error.status : 200).render('hr/simulation-new', {
      title: '新しいシミュレーション',
      data,
      input: input ?? defaultSimulationInput(data, start),
      labels: LABELS,
      ...(error ? { message: error.message, problems: error.problems.length ? error.problems : [error.message] } : {}),
    });
  };

  r.get('/hr/simulations/new', async (req, res) => renderForm(req, res));

  r.post('/hr/simulations', async (req, res) => {
    const input = simulationInputOf(req.body);
    try {
      const id = await createRun(ctx.db, actorOfRequest(req), input, runner);
      flash(
        req,
        'ok',
        `「${input.name.trim()}」を開始しました。終わるまでこの画面で進み具合を確認できます（ほかの画面に移っても計算は続きます）。`,
      );
      res.redirect(`/hr/simulations/${id}`);
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'invalid')) throw e;
      await renderForm(req, res, input, e);
    }
  });

  r.get('/hr/simulations/:id', async (req, res) => {
    const run = await getRun(m(), actorOfRequest(req), idParam(req.params.id), runner);
    const active = run.status === 'queued' || run.status === 'running';
    const result = run.result;
    res.render('hr/simulation', {
      title: `シミュレーション「${run.name}」`,
      run,
      active,
      refreshSeconds: active ? REFRESH_SECONDS : 0,
      changes: changesJa(run.study, run.names),
      ...(result
        ? {
            result,
            kpis: kpiRows(result),
            weekly: weeklyChart(result),
            divisions: divisionChart(result),
            weekdays: weekdayChart(result),
            insights: insightLines(result),
            tables: (['weekdays', 'divisions', 'counters'] as const).map((name) => shownTable(result, name)),
            csvTables: TABLES.filter((t) => t !== 'insights' || result.insights).map((t) => ({ name: t, title: TABLE_TITLES[t] })),
          }
        : { result: null }),
    });
  });

  r.get('/hr/simulations/:id/progress', async (req, res) => {
    const p = await runProgress(m(), actorOfRequest(req), idParam(req.params.id), runner);
    res.json({ status: p.status, statusLabel: STATUS_LABELS[p.status], done: p.done, total: p.total, phase: p.phase });
  });

  r.post('/hr/simulations/:id/cancel', async (req, res) => {
    const id = idParam(req.params.id);
    const run = await cancelRun(ctx.db, actorOfRequest(req), id, runner);
    flash(req, 'ok', `「${run.name}」を中止しました。`);
    res.redirect(`/hr/simulations/${id}`);
  });

  r.post('/hr/simulations/:id/delete', async (req, res) => {
    const run = await deleteRun(ctx.db, actorOfRequest(req), idParam(req.params.id));
    flash(req, 'ok', `「${run.name}」を削除しました。`);
    res.redirect('/hr/simulations');
  });

  r.get('/hr/simulations/:id/csv/:table', async (req, res) => {
    const name = req.params.table;
    const run = await getRun(m(), actorOfRequest(req), idParam(req.params.id), runner);
    if (!isTableName(name) || !run.result || (name === 'insights' && !run.result.insights)) {
      throw new AppError('not-found', 404, 'この表はありません（シミュレーションが終わっていないか、改善の提案を計算していません）。');
    }
    const payload = csvPayload(req, tableCsv(run.result, name));
    await recordExport(ctx.db, actorOfRequest(req), 'study-csv', `${run.id}/${name}`);
    sendCsv(res, `${fileSafe(run.name)}_${TABLE_TITLES[name]}.csv`, payload);
  });

  r.get('/hr/simulations/:id/result.json', async (req, res) => {
    const run = await getRun(m(), actorOfRequest(req), idParam(req.params.id), runner);
    if (!run.result) throw new AppError('not-found', 404, 'このシミュレーションはまだ結果がありません。');
    res
      .type('application/json; charset=utf-8')
      .attachment(`simulation-${run.id}-result.json`)
      .send(JSON.stringify(run.result, null, 2) + '\n');
  });

  r.get('/hr/simulations/:id/study.json', async (req, res) => {
    const files = await cliFiles(m(), actorOfRequest(req), idParam(req.params.id));
    res.type('application/json; charset=utf-8').attachment(files.studyFile).send(files.study);
  });

  r.get('/hr/simulations/:id/organisation.json', async (req, res) => {
    const files = await cliFiles(m(), actorOfRequest(req), idParam(req.params.id));
    res.type('application/json; charset=utf-8').attachment(files.organisationFile).send(files.organisation);
  });

  return r;
}

function idParam(value: unknown): number {
  const text = typeof value === 'string' ? value : '';
  return /^\d{1,9}$/.test(text) ? Number(text) : 0;
}

/** A name for a downloaded file: no path separators or characters Windows refuses. */
function fileSafe(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60) || 'simulation';
}

function simulationInputOf(body: unknown): SimulationInput {
  const seasons = Array.from({ length: SEASON_ROWS }, (_, k): SeasonInput => {
    const f = (name: string) => field(body, `season${k + 1}_${name}`);
    return { target: f('target'), from: f('from'), to: f('to'), op: f('op'), amount: f('amount') };
  });
  const scenarios = Array.from({ length: MAX_SCENARIOS }, (_, k): ScenarioInput => {
    const f = (name: string) => field(body, `s${k + 1}_${name}`);
    return {
      name: f('name'),
      licences: f('licences'),
      unlimited: f('unlimited') === 'on',
      maxDays: f('maxDays'),
      caregiverMaxDays: f('caregiverMaxDays'),
      fairness: f('fairness'),
      trainCounter: f('trainCounter'),
      trainAdd: f('trainAdd'),
      ruleTarget: f('ruleTarget'),
      ruleFrom: f('ruleFrom'),
      ruleTo: f('ruleTo'),
      ruleAdd: f('ruleAdd'),
      noTelework: fieldList(body, `s${k + 1}_noTelework`).slice(0, 100),
      trialWeeks: f('trialWeeks'),
      trialMinDays: f('trialMinDays'),
      trialTurnDays: f('trialTurnDays'),
      trialAccept: f('trialAccept'),
    };
  });
  return {
    name: field(body, 'name'),
    start: field(body, 'start'),
    weeks: field(body, 'weeks'),
    seed: field(body, 'seed'),
    source: field(body, 'source'),
    requesterShare: field(body, 'requesterShare'),
    weeklyAskRate: field(body, 'weeklyAskRate'),
    absenceRate: field(body, 'absenceRate'),
    insights: field(body, 'insights') === 'on',
    insightWeeks: field(body, 'insightWeeks'),
    seasons,
    scenarios,
  };
}
