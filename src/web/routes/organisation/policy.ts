/**
 * HR's policy (方針) and the closure days beyond the national holidays. Every
 * route needs the HR role, and every use case checks it again. A rejected
 * form is shown again with what was typed and one Japanese line per problem
 * (422), or, when someone else saved first, with the differences (409);
 * nothing is saved in either case.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import { WEEKDAY_LABELS } from '../../../app/form-input';
import {
  addClosure,
  deleteClosure,
  LABELS,
  PolicyInput,
  policyPage,
  RANKS,
  savePolicy,
  weekdayLabel,
} from '../../../app/organisation/policy-form';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { dayParam, field, isFormError, problemLocals } from '../../forms';

export function policyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(['/hr/policy', '/hr/closures'], requireRole('hr'));
  const m = () => ctx.db.manager;

  const renderPolicy = async (
    req: Request,
    res: Response,
    extra: { status?: number; input?: PolicyInput; error?: AppError; closure?: { day: string; name: string } } = {},
  ) => {
    const page = await policyPage(m(), actorOfRequest(req));
    const input = extra.input
      ? { ...extra.input, revision: extra.error?.code === 'conflict' ? String(page.policy.revision) : extra.input.revision }
      : page.input;
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
      flash(
        req,
        'ok',
        result.changed.length
          ? `方針を保存しました（第${result.revision}版）。変更: ${result.changed.join('、')}。次に作成する勤務表から使われます。`
          : '変更はありませんでした。',
      );
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
    try {
      const result = await deleteClosure(ctx.db, actorOfRequest(req), dayParam(req.params.day));
      flash(req, 'ok', `${result.day} の閉庁日を取り消しました。${staleNote(result.rosters, result.week)}`);
      res.redirect('/hr/policy#closures');
    } catch (e) {
      if (!isFormError(e)) throw e;
      // Already taken back by someone else: the page again, with the message.
      await renderPolicy(req, res, { status: e.status, error: e, closure: { day: '', name: '' } });
    }
  });

  return r;
}

function staleNote(rosters: number, week: string): string {
  return rosters ? `この週（${week}）の勤務表は ${rosters} 課で作成済みです。各課で「再計算」すると反映されます。` : '';
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
