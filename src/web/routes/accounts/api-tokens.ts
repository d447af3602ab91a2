/**
 * HR's API tokens: the list (never a secret: a short prefix tells them apart),
 * a new token whose secret is shown on the next page once, and revoking one
 * (a POST with the form's CSRF token, confirmed in the browser). HR only.
 */
import { Request, Response, Router } from 'express';
import type { AppError } from '../../../app/errors';
import { API_SCOPES, createToken, listTokens, revokeToken, SCOPE_LABELS } from '../../../app/api/tokens';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireRole } from '../../auth';
import { field, isFormError, problemLocals } from '../../forms';
import { notFound } from '../../../app/errors';

export function apiTokenRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/api-tokens', requireRole('hr'));

  const render = async (req: Request, res: Response, extra: { error?: AppError; fresh?: Record<string, string> } = {}) => {
    const tokens = await listTokens(ctx.db, actorOfRequest(req), ctx.clock);
    res.status(extra.error ? extra.error.status : 200).render('hr/api-tokens', {
      title: 'APIトークン',
      tokens,
      scopes: API_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] })),
      fresh: extra.fresh ?? { name: '', scope: 'read', expires: '' },
      ...problemLocals(extra.error),
    });
  };

  r.get('/hr/api-tokens', async (req, res) => render(req, res));

  r.post('/hr/api-tokens', async (req, res) => {
    const fresh = { name: field(req.body, 'name'), scope: field(req.body, 'scope'), expires: field(req.body, 'expires') };
    try {
      const created = await createToken(ctx.db, actorOfRequest(req), fresh, ctx.clock);
      // The secret is shown in this response only: no redirect, nothing kept in the session.
      res.render('hr/api-token-created', { title: 'APIトークンを発行しました', created, scopeLabel: SCOPE_LABELS[fresh.scope as 'read'] });
    } catch (e) {
      if (!isFormError(e)) throw e;
      await render(req, res, { error: e, fresh });
    }
  });

  r.post('/hr/api-tokens/:id/revoke', async (req, res) => {
    const text = String(req.params.id);
    if (!/^\d{1,9}$/.test(text)) throw notFound('このAPIトークンは見つかりません。');
    const { name } = await revokeToken(ctx.db, actorOfRequest(req), Number(text), ctx.clock);
    flash(req, 'ok', `APIトークン「${name}」を取り消しました。このトークンでの要求は、これから 401 で断られます。`);
    res.redirect('/hr/api-tokens');
  });
  return r;
}
