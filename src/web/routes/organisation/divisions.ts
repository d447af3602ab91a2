/**
 * HR's divisions (所属課): the list, a new division, a division's name,
 * shared terminals and order, and removing one nothing refers to. Every
 * route needs the HR role, and every use case checks it again. A rejected
 * form is shown again with what was typed (422, or 409 when someone else
 * saved first); nothing is saved.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import {
  createDivision,
  deleteDivision,
  DivisionInput,
  divisionsPage,
  emptyDivisionInput,
  inputOfDivision,
  updateDivision,
} from '../../../app/organisation/divisions';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, isFormError, problemLocals } from '../../forms';

export function divisionRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/divisions', requireRole('hr'));

  const renderDivisions = async (
    req: Request,
    res: Response,
    extra: { error?: AppError; edit?: DivisionInput; fresh?: DivisionInput; failed?: string } = {},
  ) => {
    const divisions = await divisionsPage(ctx.db.manager, actorOfRequest(req));
    const conflicted = extra.error?.code === 'conflict';
    // After a conflict a form keeps what was typed but carries the saved revision: saving again, after comparing, is deliberate.
    const inputs = Object.fromEntries(
      divisions.map((d) => [
        d.id,
        extra.edit?.id === d.id ? { ...extra.edit, revision: conflicted ? String(d.revision) : extra.edit.revision } : inputOfDivision(d),
      ]),
    );
    res.status(extra.error ? extra.error.status : 200).render('hr/divisions', {
      title: '所属課',
      divisions,
      inputs,
      fresh: extra.fresh ?? emptyDivisionInput(),
      failedDivision: extra.failed ?? extra.edit?.id ?? null,
      ...problemLocals(extra.error),
    });
  };

  r.get('/hr/divisions', async (req, res) => renderDivisions(req, res));

  r.post('/hr/divisions/new', async (req, res) => {
    const input = divisionInputOf(req.body, field(req.body, 'id'));
    try {
      const created = await createDivision(ctx.db, actorOfRequest(req), input);
      flash(req, 'ok', `所属課「${created.name}」を追加しました（課ID：${created.id}）。続けて窓口と職員を登録してください。`);
      res.redirect(`/hr/divisions#division-${encodeURIComponent(created.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderDivisions(req, res, { error: e, fresh: input });
    }
  });

  r.post('/hr/divisions/:id', async (req, res) => {
    const input = divisionInputOf(req.body, req.params.id);
    try {
      const result = await updateDivision(ctx.db, actorOfRequest(req), req.params.id, input);
      flash(
        req,
        'ok',
        result.changed.length
          ? `所属課「${input.name.trim()}」を保存しました（${result.changed.join('、')}）。`
          : '変更はありませんでした。',
      );
      res.redirect(`/hr/divisions#division-${encodeURIComponent(req.params.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderDivisions(req, res, { error: e, edit: input });
    }
  });

  r.post('/hr/divisions/:id/delete', async (req, res) => {
    try {
      const { name } = await deleteDivision(ctx.db, actorOfRequest(req), req.params.id, field(req.body, 'revision'));
      flash(req, 'ok', `所属課「${name}」を削除しました。`);
      res.redirect('/hr/divisions');
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderDivisions(req, res, { error: e, failed: req.params.id });
    }
  });

  return r;
}

function divisionInputOf(body: unknown, id: string): DivisionInput {
  return {
    id,
    name: field(body, 'name'),
    terminals: field(body, 'terminals'),
    sortOrder: field(body, 'sortOrder'),
    revision: field(body, 'revision'),
  };
}
