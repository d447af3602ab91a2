/**
 * HR's periods (期間): trials in which everyone takes a turn, and caps per month. Every route
 * needs the HR role, and every use case checks it again. A rejected form is shown again with
 * what was typed (422, or 409 when someone else saved first); nothing is saved.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import {
  createPeriod,
  deletePeriod,
  divisionPeriodsPage,
  emptyPeriodInput,
  inputOfPeriod,
  PeriodInput,
  periodsPage,
  TURN_DAY_LABELS,
  updatePeriod,
} from '../../../app/organisation/periods';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, fieldList, isFormError, problemLocals } from '../../forms';

export function periodRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/periods', requireRole('hr'));

  const render = async (
    req: Request,
    res: Response,
    extra: { error?: AppError; edit?: { id: number; input: PeriodInput }; fresh?: PeriodInput } = {},
  ) => {
    const { periods, divisions } = await periodsPage(ctx.db.manager, actorOfRequest(req));
    const conflicted = extra.error?.code === 'conflict';
    const inputs = Object.fromEntries(
      periods.map((p) => [
        p.id,
        extra.edit?.id === p.id
          ? { ...extra.edit.input, revision: conflicted ? String(p.revision) : extra.edit.input.revision }
          : inputOfPeriod(p),
      ]),
    );
    res.status(extra.error ? extra.error.status : 200).render('hr/periods', {
      title: '期間（試行・上限）',
      periods,
      divisions,
      inputs,
      turnDayLabels: TURN_DAY_LABELS,
      fresh: extra.fresh ?? emptyPeriodInput(),
      failedPeriod: extra.edit?.id ?? null,
      ...problemLocals(extra.error),
    });
  };

  r.get('/hr/periods', async (req, res) => render(req, res));

  r.post('/hr/periods/new', async (req, res) => {
    const input = periodInputOf(req.body);
    try {
      const created = await createPeriod(ctx.db, actorOfRequest(req), input);
      flash(req, 'ok', `期間「${created.name}」を追加しました。これから作る勤務表から反映されます。`);
      res.redirect(`/hr/periods#period-${created.id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, { error: e, fresh: input });
    }
  });

  r.post('/hr/periods/:id', async (req, res) => {
    const id = periodId(req.params.id);
    const input = periodInputOf(req.body);
    try {
      const { changed } = await updatePeriod(ctx.db, actorOfRequest(req), id, input);
      flash(req, 'ok', changed ? `期間「${input.name.trim()}」を保存しました。` : '変更はありませんでした。');
      res.redirect(`/hr/periods#period-${id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, { error: e, edit: { id, input } });
    }
  });

  r.post('/hr/periods/:id/delete', async (req, res) => {
    const id = periodId(req.params.id);
    try {
      const { name } = await deletePeriod(ctx.db, actorOfRequest(req), id, field(req.body, 'revision'));
      flash(req, 'ok', `期間「${name}」を削除しました。`);
      res.redirect('/hr/periods');
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, { error: e, edit: { id, input: periodInputOf(req.body) } });
    }
  });

  // A chief's own division (HR may open any): periods for that division alone.
  const renderDivision = async (
    req: Request,
    res: Response,
    extra: { error?: AppError; edit?: { id: number; input: PeriodInput }; fresh?: PeriodInput } = {},
  ) => {
    const page = await divisionPeriodsPage(ctx.db.manager, actorOfRequest(req), req.params.div as string);
    const conflicted = extra.error?.code === 'conflict';
    const inputs = Object.fromEntries(
      page.own.map((p) => [
        p.id,
        extra.edit?.id === p.id
          ? { ...extra.edit.input, revision: conflicted ? String(p.revision) : extra.edit.input.revision }
          : inputOfPeriod(p),
      ]),
    );
    res.status(extra.error ? extra.error.status : 200).render('division/periods', {
      title: `${page.division.name}の期間`,
      ...page,
      inputs,
      turnDayLabels: TURN_DAY_LABELS,
      fresh: extra.fresh ?? emptyPeriodInput(),
      failedPeriod: extra.edit?.id ?? null,
      ...problemLocals(extra.error),
    });
  };
  r.use('/divisions/:div/periods', requireRole('chief', 'hr'));
  r.get('/divisions/:div/periods', async (req, res) => renderDivision(req, res));
  r.post('/divisions/:div/periods/new', async (req, res) => {
    const input = { ...periodInputOf(req.body), divisions: [req.params.div] };
    try {
      const created = await createPeriod(ctx.db, actorOfRequest(req), input);
      flash(req, 'ok', `期間「${created.name}」を追加しました。これから作る勤務表から反映されます。`);
      res.redirect(`/divisions/${encodeURIComponent(req.params.div)}/periods#period-${created.id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderDivision(req, res, { error: e, fresh: input });
    }
  });
  r.post('/divisions/:div/periods/:id', async (req, res) => {
    const id = periodId(req.params.id);
    const input = { ...periodInputOf(req.body), divisions: [req.params.div] };
    try {
      const { changed } = await updatePeriod(ctx.db, actorOfRequest(req), id, input);
      flash(req, 'ok', changed ? `期間「${input.name.trim()}」を保存しました。` : '変更はありませんでした。');
      res.redirect(`/divisions/${encodeURIComponent(req.params.div)}/periods#period-${id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderDivision(req, res, { error: e, edit: { id, input } });
    }
  });
  r.post('/divisions/:div/periods/:id/delete', async (req, res) => {
    const id = periodId(req.params.id);
    try {
      const { name } = await deletePeriod(ctx.db, actorOfRequest(req), id, field(req.body, 'revision'));
      flash(req, 'ok', `期間「${name}」を削除しました。`);
      res.redirect(`/divisions/${encodeURIComponent(req.params.div)}/periods`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderDivision(req, res, { error: e, edit: { id, input: periodInputOf(req.body) } });
    }
  });

  return r;
}

/** A period id from the URL; anything else matches no period (404 from the use case). */
function periodId(text: string): number {
  return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : 0;
}

function periodInputOf(body: unknown): PeriodInput {
  return {
    name: field(body, 'name'),
    from: field(body, 'from'),
    to: field(body, 'to'),
    divisions: fieldList(body, 'divisions').slice(0, 1000),
    minDays: field(body, 'minDays'),
    maxDays: field(body, 'maxDays'),
    turnDays: field(body, 'turnDays'),
    revision: field(body, 'revision'),
  };
}
