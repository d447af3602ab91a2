/**
 * HR's pages (人事課): the organisation's week, the policy and closure days,
 * staff and counters, the staff master CSV import and the audit log. Every
 * route needs the HR role, and every use case checks it again.
 *
 * A rejected form is shown again with what was typed and one Japanese line
 * per problem (422), or, when someone else saved first, with the differences
 * (409); nothing is saved in either case.
 */
import { NextFunction, Request, Response, Router } from 'express';
import multer from 'multer';
import { shiftWeek, weekOfInstant } from '../../app/calendar';
import { AppError, invalid } from '../../app/errors';
import { countersPage, CounterInput, createCounter, deleteOverride, inputOfCounter, setOverride, updateCounter } from '../../app/hr-counters';
import { ROLE_LABELS, WEEKDAY_LABELS } from '../../app/hr-input';
import { allGrids, weekOverview } from '../../app/hr-overview';
import { addClosure, deleteClosure, LABELS, PolicyInput, policyPage, RANKS, savePolicy, weekdayLabel } from '../../app/hr-policy';
import { accountOf, createStaff, emptyStaffInput, listStaff, resetPassword, StaffInput, staffFormData, staffInput, updateStaff } from '../../app/hr-staff';
import { auditLog } from '../../app/hr-audit';
import { generateAll } from '../../app/rosters';
import { analyseImport, commitImport, currentStaffCsv, decodeCsv, encodeForForm, MAX_IMPORT_BYTES, templateCsv } from '../../app/staff-import';
import { weekStart } from '../../domain/generator/calendar';
import type { AppContext } from '../app';
import { actorOfRequest, flash, requireRole } from '../auth';
import { csrfProtection } from '../csrf';
import { dayParam, field, weekParam } from '../forms';

export function hrRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr', requireRole('hr'));
  const m = () => ctx.db.manager;

  r.get('/hr', (_req, res) => res.redirect(`/hr/weeks/${shiftWeek(weekOfInstant(ctx.clock()), 1)}`));

  // ── The organisation's week ───────────────────────────────────────────
  r.get('/hr/weeks/:week', async (req, res) => {
    const week = weekParam(req.params.week);
    const overview = await weekOverview(m(), actorOfRequest(req), week);
    res.render('hr/overview', { title: `全庁の状況 ${week}`, o: overview, prevWeek: shiftWeek(week, -1), nextWeekOf: shiftWeek(week, 1) });
  });

  r.post('/hr/weeks/:week/generate-all', async (req, res) => {
    const week = weekParam(req.params.week);
    const result = await generateAll(ctx.db, actorOfRequest(req), week);
    flash(
      req,
      'ok',
      `全 ${result.divisions} 課の勤務表を作成しました（下書き）。希望 ${result.requested} 件のうち ${result.granted} 件を認めました${result.shortfall ? `。窓口の不足が ${result.shortfall} 人日あります` : ''}。各課長が確認して公開します。`,
    );
    res.redirect(`/hr/weeks/${week}`);
  });

  r.get('/hr/weeks/:week/print', async (req, res) => {
    const week = weekParam(req.params.week);
    const grids = await allGrids(m(), actorOfRequest(req), week);
    res.render('division/print', { title: `全課の勤務表（印刷） ${week}`, grids });
  });

  // ── Policy and closure days ───────────────────────────────────────────
  const renderPolicy = async (req: Request, res: Response, extra: { status?: number; input?: PolicyInput; error?: AppError; closure?: { day: string; name: string } } = {}) => {
    const page = await policyPage(m(), actorOfRequest(req));
    const input = extra.input ? { ...extra.input, revision: extra.error?.code === 'conflict' ? String(page.policy.revision) : extra.input.revision } : page.input;
    res.status(extra.status ?? 200).render('hr/policy', {
      title: '在宅勤務の方針',
      page,
      input,
      closure: extra.closure ?? { day: '', name: '' },
      closureFailed: extra.closure !== undefined && extra.error !== undefined,
      labels: LABELS,
      ranks: RANKS,
      weekdays: WEEKDAY_LABELS.map((_, i) => ({ value: String(i + 1), label: weekdayLabel(i + 1) })),
      ...problemLocals(extra.error),
    });
  };

  r.get('/hr/policy', async (req, res) => renderPolicy(req, res));

  r.post('/hr/policy', async (req, res) => {
    const input = policyInputOf(req.body);
    try {
      const result = await savePolicy(ctx.db, actorOfRequest(req), input);
      flash(req, 'ok', result.changed.length ? `方針を保存しました（第${result.revision}版）。変更: ${result.changed.join('、')}。次に作成する勤務表から使われます。` : '変更はありませんでした。');
      res.redirect('/hr/policy');
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderPolicy(req, res, { status: e.status, input, error: e });
    }
  });

  r.post('/hr/closures', async (req, res) => {
    const closure = { day: field(req.body, 'day'), name: field(req.body, 'name') };
    try {
      const result = await addClosure(ctx.db, actorOfRequest(req), closure.day, closure.name);
      flash(req, 'ok', `${result.day} を閉庁日にしました。${staleNote(result.rosters, result.week)}`);
      res.redirect('/hr/policy#closures');
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderPolicy(req, res, { status: e.status, error: e, closure });
    }
  });

  r.post('/hr/closures/:day/delete', async (req, res) => {
    const result = await deleteClosure(ctx.db, actorOfRequest(req), dayParam(req.params.day));
    flash(req, 'ok', `${result.day} の閉庁日を取り消しました。${staleNote(result.rosters, result.week)}`);
    res.redirect('/hr/policy#closures');
  });

  // ── Staff ─────────────────────────────────────────────────────────────
  r.get('/hr/staff', async (req, res) => {
    const actor = actorOfRequest(req);
    const filter = { division: queryText(req.query.division), q: queryText(req.query.q), all: queryText(req.query.all) === '1' };
    const [staff, form] = await Promise.all([listStaff(m(), actor, filter), staffFormData(m(), actor)]);
    res.render('hr/staff-list', { title: '職員の管理', staff, filter, divisions: form.divisions });
  });

  const renderStaffForm = async (req: Request, res: Response, input: StaffInput, mode: 'new' | 'edit', error?: AppError) => {
    const actor = actorOfRequest(req);
    const form = await staffFormData(m(), actor);
    const account = mode === 'edit' ? await accountOf(m(), actor, input.id) : null;
    res.status(error ? error.status : 200).render('hr/staff-form', {
      title: mode === 'new' ? '職員の登録' : `${input.name || input.id} の編集`,
      mode,
      input,
      form,
      roles: ROLE_LABELS,
      loginId: account?.loginId ?? null,
      lastLoginAt: account?.lastLoginAt ?? null,
      ...problemLocals(error),
    });
  };

  r.get('/hr/staff/new', async (req, res) => renderStaffForm(req, res, emptyStaffInput(queryText(req.query.division)), 'new'));

  r.post('/hr/staff/new', async (req, res) => {
    const input = staffInputOf(req.body, field(req.body, 'id'));
    try {
      const created = await createStaff(ctx.db, actorOfRequest(req), input);
      res.status(201).render('hr/password', { title: '職員を登録しました', created, isNew: true });
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderStaffForm(req, res, input, 'new', e);
    }
  });

  r.get('/hr/staff/:id', async (req, res) => {
    const input = await staffInput(m(), actorOfRequest(req), req.params.id);
    await renderStaffForm(req, res, input, 'edit');
  });

  r.post('/hr/staff/:id', async (req, res) => {
    const actor = actorOfRequest(req);
    const existing = await staffInput(m(), actor, req.params.id); // 404 before reading the form
    const input = staffInputOf(req.body, existing.id);
    try {
      const result = await updateStaff(ctx.db, actor, existing.id, input);
      flash(req, 'ok', result.changed.length ? `${input.name} さんの情報を保存しました（${result.changed.join('、')}）。` : '変更はありませんでした。');
      res.redirect(`/hr/staff/${encodeURIComponent(existing.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderStaffForm(req, res, input, 'edit', e);
    }
  });

  r.post('/hr/staff/:id/password', async (req, res) => {
    const created = await resetPassword(ctx.db, actorOfRequest(req), req.params.id);
    res.render('hr/password', { title: 'パスワードを再発行しました', created, isNew: false });
  });

  // ── Counters ──────────────────────────────────────────────────────────
  const renderCounters = async (req: Request, res: Response, extra: { error?: AppError; edit?: CounterInput; fresh?: CounterInput; override?: { counterId: string; day: string; min: string } } = {}) => {
    const from = weekStart(weekOfInstant(ctx.clock())).toISODate()!;
    const page = await countersPage(m(), actorOfRequest(req), from);
    const inputs = Object.fromEntries(page.divisions.flatMap((d) => d.counters).map((c) => [c.id, extra.edit?.id === c.id ? extra.edit : inputOfCounter(c)]));
    res.status(extra.error ? extra.error.status : 200).render('hr/counters', {
      title: '窓口の最低人数',
      page,
      inputs,
      fresh: extra.fresh ?? { id: '', divisionId: '', name: '', min: ['1', '1', '1', '1', '1'] },
      override: extra.override ?? null,
      weekdays: WEEKDAY_LABELS.slice(0, 5),
      failedCounter: extra.edit?.id ?? extra.override?.counterId ?? null,
      ...problemLocals(extra.error),
    });
  };

  r.get('/hr/counters', async (req, res) => renderCounters(req, res));

  r.post('/hr/counters/new', async (req, res) => {
    const input = counterInputOf(req.body, field(req.body, 'id'));
    try {
      const id = await createCounter(ctx.db, actorOfRequest(req), input);
      flash(req, 'ok', `窓口「${input.name.trim()}」を追加しました。職員の編集画面で担当者を設定してください。`);
      res.redirect(`/hr/counters#counter-${encodeURIComponent(id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderCounters(req, res, { error: e, fresh: input });
    }
  });

  r.post('/hr/counters/:id', async (req, res) => {
    const input = counterInputOf(req.body, req.params.id);
    try {
      const result = await updateCounter(ctx.db, actorOfRequest(req), req.params.id, input);
      flash(req, 'ok', result.changed ? `窓口「${input.name.trim()}」を保存しました。次に作成・再計算する勤務表から使われます。` : '変更はありませんでした。');
      res.redirect(`/hr/counters#counter-${encodeURIComponent(req.params.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderCounters(req, res, { error: e, edit: input });
    }
  });

  r.post('/hr/counters/:id/overrides', async (req, res) => {
    const override = { counterId: req.params.id, day: field(req.body, 'day'), min: field(req.body, 'min') };
    try {
      const result = await setOverride(ctx.db, actorOfRequest(req), req.params.id, override.day, override.min);
      flash(req, 'ok', `${result.day} の最低人数を保存しました。この週（${result.week}）の勤務表が作成済みなら、再計算すると反映されます。`);
      res.redirect(`/hr/counters#counter-${encodeURIComponent(req.params.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderCounters(req, res, { error: e, override });
    }
  });

  r.post('/hr/counters/:id/overrides/:oid/delete', async (req, res) => {
    const result = await deleteOverride(ctx.db, actorOfRequest(req), req.params.id, Number(req.params.oid));
    flash(req, 'ok', `${result.day} の日別の最低人数を取り消しました（通常の曜日の人数に戻ります）。`);
    res.redirect(`/hr/counters#counter-${encodeURIComponent(req.params.id)}`);
  });

  // ── Staff master CSV import ───────────────────────────────────────────
  const renderImport = (res: Response, error?: AppError) =>
    res.status(error ? error.status : 200).render('hr/import', { title: '職員名簿の取り込み（CSV）', maxBytes: MAX_IMPORT_BYTES, ...problemLocals(error) });

  r.get('/hr/import', (_req, res) => renderImport(res));

  r.get('/hr/import/template.csv', async (req, res) => {
    const text = await templateCsv(m(), actorOfRequest(req));
    res.type('text/csv; charset=utf-8').attachment('職員名簿_見本.csv').send(text);
  });

  r.get('/hr/import/staff.csv', async (req, res) => {
    const text = await currentStaffCsv(m(), actorOfRequest(req));
    res.type('text/csv; charset=utf-8').attachment('職員名簿_現在.csv').send(text);
  });

  r.post('/hr/import/preview', receiveUpload(renderImport), csrfProtection, async (req, res) => {
    const actor = actorOfRequest(req);
    const file = req.file;
    if (!file || file.size === 0) return renderImport(res, invalid('CSVファイルを読み込めませんでした。', ['CSVファイルを選んでから「内容を確認」を押してください。']));
    const { text, encoding } = decodeCsv(file.buffer);
    const analysis = await analyseImport(m(), actor, text);
    res.status(analysis.ok ? 200 : 422).render('hr/import-preview', {
      title: '取り込み内容の確認',
      analysis,
      encoding,
      fileName: file.originalname,
      encoded: analysis.ok ? encodeForForm(analysis.text) : '',
    });
  });

  r.post('/hr/import/commit', async (req, res) => {
    const result = await commitImport(ctx.db, actorOfRequest(req), field(req.body, 'csv'));
    if (!result.ok) {
      res.status(422).render('hr/import-preview', { title: '取り込み内容の確認', analysis: result.analysis, encoding: null, fileName: null, encoded: '' });
      return;
    }
    res.render('hr/import-done', { title: '職員名簿を取り込みました', result });
  });

  // ── Audit log ─────────────────────────────────────────────────────────
  r.get('/hr/audit', async (req, res) => {
    const filter = { actor: queryText(req.query.actor), action: queryText(req.query.action) };
    const log = await auditLog(m(), actorOfRequest(req), filter);
    res.render('hr/audit', { title: '操作の記録', log, filter });
  });

  return r;
}

/** multer for one CSV file in memory; its failures become a 422 page in Japanese. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 10 * 1024 },
  defParamCharset: 'utf8',
}).single('file');

function receiveUpload(onError: (res: Response, error: AppError) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const tooBig = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
      // Nothing was read or changed: the upload page again, with the reason.
      onError(
        res,
        invalid('CSVファイルを受け取れませんでした。', [
          tooBig ? `ファイルが大きすぎます（${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)}MBまで）。職員を何回かに分けて取り込んでください。` : 'ファイルを1つだけ選んで、もう一度送信してください。',
        ]),
      );
    });
  };
}

function isFormError(e: unknown): e is AppError {
  return e instanceof AppError && (e.code === 'invalid' || e.code === 'conflict');
}

/** `message` and `problems` as partials/problems shows them. */
function problemLocals(error?: AppError): { message?: string; problems?: readonly string[] } {
  if (!error) return {};
  return error.problems.length ? { message: error.message, problems: error.problems } : { message: '次の点を確認してください。', problems: [error.message] };
}

function staleNote(rosters: number, week: string): string {
  return rosters ? `この週（${week}）の勤務表は ${rosters} 課で作成済みです。各課で「再計算」すると反映されます。` : '';
}

function queryText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 100) : '';
}

/** Checkbox groups arrive as one string, an array, or (with indices) an object. */
function fieldList(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (v && typeof v === 'object') return Object.values(v).filter((x): x is string => typeof x === 'string');
  return [];
}

function policyInputOf(body: unknown): PolicyInput {
  const terminals: Record<string, string> = {};
  for (const [key, value] of Object.entries((body as Record<string, unknown>) ?? {})) {
    if (key.startsWith('terminals_') && typeof value === 'string') terminals[key.slice('terminals_'.length)] = value;
  }
  return {
    maxTeleworkDays: field(body, 'maxTeleworkDays'),
    licencesPerDay: field(body, 'licencesPerDay'),
    deadlineWeekday: field(body, 'deadlineWeekday'),
    deadlineTime: field(body, 'deadlineTime'),
    rankWeights: Array.from({ length: RANKS }, (_, i) => field(body, `rank${i + 1}`)),
    caregivingPriority: field(body, 'caregivingPriority'),
    fairnessPerDenial: field(body, 'fairnessPerDenial'),
    fairnessMax: field(body, 'fairnessMax'),
    fairnessWeeks: field(body, 'fairnessWeeks'),
    spreadBonus: field(body, 'spreadBonus'),
    nonTeleworkJobTypes: field(body, 'nonTeleworkJobTypes'),
    terminals,
    revision: field(body, 'revision'),
  };
}

function staffInputOf(body: unknown, id: string): StaffInput {
  return {
    id,
    name: field(body, 'name'),
    divisionId: field(body, 'divisionId'),
    jobType: field(body, 'jobType'),
    caregiver: field(body, 'caregiver') === 'on',
    maxTeleworkDays: field(body, 'maxTeleworkDays'),
    active: field(body, 'active') === 'on',
    role: field(body, 'role'),
    counters: fieldList(body, 'counters'),
  };
}

function counterInputOf(body: unknown, id: string): CounterInput {
  return { id, divisionId: field(body, 'divisionId'), name: field(body, 'name'), min: WEEKDAY_LABELS.slice(0, 5).map((_, i) => field(body, `min${i + 1}`)) };
}
