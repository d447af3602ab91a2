/**
 * HR's counters (窓口) and their minimum staff per weekday and per date.
 * Every route needs the HR role, and every use case checks it again. A
 * rejected form is shown again with what was typed (422, or 409 when someone
 * else saved first); nothing is saved.
 */
import { Request, Response, Router } from 'express';
import { weekOfInstant } from '../../../app/calendar';
import type { AppError } from '../../../app/errors';
import { WEEKDAY_LABELS } from '../../../app/form-input';
import {
  countersPage,
  CounterInput,
  createCounter,
  deleteOverride,
  inputOfCounter,
  setOverride,
  updateCounter,
} from '../../../app/organisation/counters';
import { weekStart } from '../../../domain/calendar';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, isFormError, problemLocals } from '../../forms';

export function counterRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/counters', requireRole('hr'));
  const m = () => ctx.db.manager;

  const renderCounters = async (
    req: Request,
    res: Response,
    extra: { error?: AppError; edit?: CounterInput; fresh?: CounterInput; override?: OverrideInput } = {},
  ) => {
    const from = weekStart(weekOfInstant(ctx.clock())).toISODate()!;
    const page = await countersPage(m(), actorOfRequest(req), from);
    const conflicted = extra.error?.code === 'conflict';
    // After a conflict a form keeps what was typed but carries the saved revision: saving again, after comparing, is deliberate.
    const inputs = Object.fromEntries(
      page.divisions
        .flatMap((d) => d.counters)
        .map((c) => [
          c.id,
          extra.edit?.id === c.id ? { ...extra.edit, revision: conflicted ? String(c.revision) : extra.edit.revision } : inputOfCounter(c),
        ]),
    );
    res.status(extra.error ? extra.error.status : 200).render('hr/counters', {
      title: '窓口の最低人数',
      page,
      inputs,
      fresh: extra.fresh ?? { id: '', divisionId: '', name: '', min: ['1', '1', '1', '1', '1'], revision: '' },
      override: extra.override ?? null,
      conflicted,
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
      flash(
        req,
        'ok',
        result.changed
          ? `窓口「${input.name.trim()}」を保存しました。次に作成・再計算する勤務表から使われます。`
          : '変更はありませんでした。',
      );
      res.redirect(`/hr/counters#counter-${encodeURIComponent(req.params.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderCounters(req, res, { error: e, edit: input });
    }
  });

  r.post('/hr/counters/:id/overrides', async (req, res) => {
    const override = {
      counterId: req.params.id,
      day: field(req.body, 'day'),
      min: field(req.body, 'min'),
      revision: field(req.body, 'revision'),
    };
    try {
      const result = await setOverride(ctx.db, actorOfRequest(req), req.params.id, override.day, override.min, override.revision);
      flash(
        req,
        'ok',
        `${result.day} の最低人数を保存しました。この週（${result.week}）の勤務表が作成済みなら、再計算すると反映されます。`,
      );
      res.redirect(`/hr/counters#counter-${encodeURIComponent(req.params.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderCounters(req, res, { error: e, override });
    }
  });

  r.post('/hr/counters/:id/overrides/:oid/delete', async (req, res) => {
    try {
      const result = await deleteOverride(ctx.db, actorOfRequest(req), req.params.id, Number(req.params.oid), field(req.body, 'revision'));
      flash(req, 'ok', `${result.day} の日別の最低人数を取り消しました（通常の曜日の人数に戻ります）。`);
      res.redirect(`/hr/counters#counter-${encodeURIComponent(req.params.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderCounters(req, res, { error: e, override: { counterId: req.params.id, day: '', min: '', revision: 'none' } });
    }
  });

  return r;
}

function counterInputOf(body: unknown, id: string): CounterInput {
  return {
    id,
    divisionId: field(body, 'divisionId'),
    name: field(body, 'name'),
    min: WEEKDAY_LABELS.slice(0, 5).map((_, i) => field(body, `min${i + 1}`)),
    revision: field(body, 'revision'),
  };
}

/** The per-day form as typed: `revision` is `none` for a date without an override. */
interface OverrideInput {
  readonly counterId: string;
  readonly day: string;
  readonly min: string;
  readonly revision: string;
}
