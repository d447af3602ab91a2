/**
 * HR's staff master (職員の管理): the list, one person's form, and a
 * one-time login link for one person (shown once, never a password). Every
 * route needs the HR role, and every use case checks it again. A rejected form is shown again with what was typed (422, or 409
 * when someone else saved first); nothing is saved.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import { issueSetupLink } from '../../../app/accounts/setup-links';
import type { NotificationService } from '../../../app/notifications/background';
import { mailSetupLink } from '../../../app/notifications/setup-link-mail';
import { ROLE_LABELS } from '../../../app/form-input';
import {
  accountOf,
  createStaff,
  emptyStaffInput,
  listStaff,
  StaffInput,
  staffFormData,
  staffInput,
  updateStaff,
} from '../../../app/organisation/staff';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, fieldList, isFormError, problemLocals, queryText } from '../../forms';
import { setupLinkUrl } from '../accounts/setup';

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
      login: account && { passwordSet: account.passwordSet, linkExpiresAt: account.linkExpiresAt },
      ...problemLocals(error),
    });
  };

  r.get('/hr/staff/new', async (req, res) => renderStaffForm(req, res, emptyStaffInput(queryText(req.query.division)), 'new'));

  r.post('/hr/staff/new', async (req, res) => {
    const input = staffInputOf(req.body, field(req.body, 'id'));
    try {
      const created = await createStaff(ctx.db, actorOfRequest(req), input);
      flash(
        req,
        'ok',
        `${created.name} さんを登録しました（ログインID：${created.loginId}）。本人がログインできるよう、下の「ログイン用リンクの発行」でリンクを発行して本人に渡してください。`,
      );
      res.redirect(`/hr/staff/${encodeURIComponent(created.id)}`);
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

  // ログイン用リンクの発行: shown once, on this page only, for this one person.
  r.post('/hr/staff/:id/setup-link', async (req, res) => {
    const actor = actorOfRequest(req);
    await staffInput(m(), actor, req.params.id); // 404 for an unknown person
    try {
      const link = await issueSetupLink(ctx.db, actor, req.params.id);
      const url = setupLinkUrl(req, link.token);
      const mail = await mailSetupLink(req.app.get('notifications') as NotificationService | null, link, url);
      res.render('hr/setup-link', { title: 'ログイン用リンクを発行しました', link, url, mail });
    } catch (e) {
      if (!isFormError(e)) throw e;
      await renderStaffForm(req, res, await staffInput(m(), actor, req.params.id), 'edit', e);
    }
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
