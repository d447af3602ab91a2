/**
 * The one-time login link (ログイン用リンク): `/setup/:token`, opened without
 * a login. The person sets their password (twice) and is logged in with a
 * new session. Failures (an unknown token, a short or mistyped password)
 * count towards a rate limit per client, like the login's; the form carries
 * a CSRF token like every other.
 */
import { Request, Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { actorOf, MIN_PASSWORD_LENGTH } from '../../../app/accounts/accounts';
import { recordLogin } from '../../../app/accounts/security-events';
import { linkGone, setupLinkOwner, setupPath, useSetupLink } from '../../../app/accounts/setup-links';
import { AppError } from '../../../app/errors';
import { appUrlFromEnv } from '../../../app/notifications/mail-config';
import { DatabaseRateLimitStore } from '../../../persistence/rate-limit-store';
import type { AppContext } from '../../context';
import { flash, startSession } from '../../auth';
import { field } from '../../forms';
import { clientOf } from './login';

/**
 * The full address of a link, for HR to hand over: APP_URL when it is set
 * (the address people use, behind the proxy), else the address this request came to.
 */
export function setupLinkUrl(req: Request, token: string): string {
  let base: string | null = null;
  try {
    base = appUrlFromEnv();
  } catch {
    // An unusable APP_URL (refused at start when e-mail is on): the request's own address.
  }
  return `${base ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}${setupPath(token)}`;
}

/** The token of the path; anything but one string is no token. */
const tokenOf = (req: Request): string => (typeof req.params.token === 'string' ? req.params.token : '');

export function setupRoutes(ctx: AppContext, limit: number): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    store: new DatabaseRateLimitStore(ctx.db, 'setup:'),
    handler: (_req, res) => {
      res.status(429).render('setup', {
        title: 'パスワードの設定',
        owner: null,
        problems: ['失敗が続いたため、しばらく受け付けません。15分ほど待ってからもう一度お試しください。'],
        min: MIN_PASSWORD_LENGTH,
      });
    },
  });

  const renderGone = (res: Response, error: AppError) =>
    res
      .status(error.status)
      .render('setup', { title: 'パスワードの設定', owner: null, problems: [error.message], min: MIN_PASSWORD_LENGTH });

  r.get('/setup/:token', limiter, async (req, res) => {
    const owner = await setupLinkOwner(ctx.db.manager, tokenOf(req));
    if (!owner) return renderGone(res, linkGone());
    res.render('setup', { title: 'パスワードの設定', owner, problems: [], min: MIN_PASSWORD_LENGTH });
  });

  r.post('/setup/:token', limiter, async (req, res, next) => {
    const token = tokenOf(req);
    let account: { accountId: number; loginId: string };
    try {
      account = await useSetupLink(ctx.db, token, field(req.body, 'next'), field(req.body, 'confirm'));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const owner = e.code === 'invalid' ? await setupLinkOwner(ctx.db.manager, token) : null;
      if (!owner) return renderGone(res, e.code === 'invalid' ? linkGone() : e);
      res.status(e.status).render('setup', { title: 'パスワードの設定', owner, problems: e.problems, min: MIN_PASSWORD_LENGTH });
      return;
    }
    // A login like any other in the audit log (`login`, how: the link).
    const actor = await actorOf(ctx.db.manager, account.accountId);
    if (actor) await recordLogin(ctx.db, actor, clientOf(req), 'setup-link');
    // A new session id at login, so a planted id cannot be reused.
    req.session.regenerate((err) => {
      if (err) return next(err);
      startSession(req, account.accountId);
      flash(req, 'ok', `パスワードを設定しました。次からは ログインID「${account.loginId}」とこのパスワードでログインできます。`);
      // Straight to a page (not `/`, whose redirect would take the message): everyone has `/me`.
      req.session.save((e) => (e ? next(e) : res.redirect('/me')));
    });
  });

  return r;
}
