/**
 * HR's staff master (職員の管理): the list, one person's form, and a new
 * initial password. Every route needs the HR role, and every use case checks
 * it again. A rejected form is shown again with what was typed (422, or 409
 * when someone else saved first); nothing is saved.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import { ROLE_LABELS } from '../../../app/form-input';
import {
  accountOf,
  createStaff,
  emptyStaffInput,
  listStaff,
  resetPassword,
  StaffInput,
  staffFormData,
  staffInput,
  updateStaff,
} from '../../../app/organisation/staff';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, fieldList, isFormError, problemLocals, queryText } from '../../forms';

export function staffRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/staff', requireRole('hr'));
  const m = () => ctx.db.manager;

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
      flash(
        req,
        'ok',
        result.changed.length ? `${input.name} さんの情報を保存しました（${result.changed.join('、')}）。` : '変更はありませんでした。',
      );
      res.redirect(`/hr/staff/${encodeURIComponent(existing.id)}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      // After a conflict the form carries the saved revision: saving again, after comparing, is a deliberate overwrite.
      const revision = e.code === 'conflict' ? (await staffInput(m(), actor, existing.id)).revision : input.revision;
      await renderStaffForm(req, res, { ...input, revision }, 'edit', e);
    }
  });

  r.post('/hr/staff/:id/password', async (req, res) => {
    const created = await resetPassword(ctx.db, actorOfRequest(req), req.params.id);
    res.render('hr/password', { title: 'パスワードを再発行しました', created, isNew: false });
  });

  return r;
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
    email: field(body, 'email'),
    revision: field(body, 'revision'),
  };
}
