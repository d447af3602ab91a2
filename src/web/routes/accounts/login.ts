/** Log in, log out (here or on every device), change password; `/` sends each role to its start page. */
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { authenticate, changePassword, logOutEverywhere, MIN_PASSWORD_LENGTH } from '../../../app/accounts/accounts';
import { shiftWeek, weekOfInstant } from '../../../app/calendar';
import { DatabaseRateLimitStore } from '../../../persistence/rate-limit-store';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireLogin, startSession } from '../../auth';
import { field } from '../../forms';

export function loginRoutes(ctx: AppContext, loginLimit: number): Router {
  const r = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: loginLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    store: new DatabaseRateLimitStore(ctx.db),
    handler: (_req, res) => {
      res.status(429).render('login', {
        title: 'ログイン',
        error: 'ログインの失敗が続いたため、しばらく受け付けません。15分ほど待ってからもう一度お試しください。',
        loginId: '',
        next: '',
      });
    },
  });

  r.get('/', requireLogin, (req, res) => {
    const actor = actorOfRequest(req);
    const week = shiftWeek(weekOfInstant(ctx.clock()), 1);
    if (actor.role === 'hr') return res.redirect(`/hr/weeks/${week}`);
    if (actor.role === 'chief') return res.redirect(`/divisions/${actor.divisionId}/weeks/${week}`);
    res.redirect('/me');
  });

  r.get('/login', (req, res) => {
    if (req.actor) return res.redirect('/');
    res.render('login', { title: 'ログイン', error: null, loginId: '', next: safeNext(req.query.next) });
  });

  r.post('/login', limiter, async (req, res, next) => {
    const loginId = field(req.body, 'loginId').trim();
    const password = field(req.body, 'password');
    const target = safeNext(field(req.body, 'next'));
    const actor = loginId && password ? await authenticate(ctx.db, loginId, password) : null;
    if (!actor) {
      res
        .status(401)
        .render('login', { title: 'ログイン', error: '職員番号（ログインID）またはパスワードが正しくありません。', loginId, next: target });
      return;
    }
    // A new session id at login, so a planted id cannot be reused.
    req.session.regenerate((err) => {
      if (err) return next(err);
      startSession(req, actor.accountId);
      req.session.save((e) => (e ? next(e) : res.redirect(target || '/')));
    });
  });

  r.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.clearCookie('rotation.sid').redirect('/login')));
  });

  // ログアウト（すべての端末）: this session and every other one of the account.
  r.post('/me/logout-everywhere', requireLogin, async (req, res, next) => {
    await logOutEverywhere(ctx.db, actorOfRequest(req));
    req.session.destroy((err) => (err ? next(err) : res.clearCookie('rotation.sid').redirect('/login')));
  });

  r.get('/me/password', requireLogin, (_req, res) =>
    res.render('password', { title: 'パスワードの変更', problems: [], min: MIN_PASSWORD_LENGTH }),
  );

  r.post('/me/password', requireLogin, async (req, res) => {
    try {
      await changePassword(ctx.db, actorOfRequest(req), field(req.body, 'current'), field(req.body, 'next'), field(req.body, 'confirm'));
    } catch (e) {
      const problems = (e as { problems?: string[] }).problems;
      if (!problems) throw e;
      res.status(422).render('password', { title: 'パスワードの変更', problems, min: MIN_PASSWORD_LENGTH });
      return;
    }
    flash(req, 'ok', 'パスワードを変更しました。ほかの端末のログインは終了し、カレンダーのURLは新しくなりました。');
    res.redirect('/me');
  });
  return r;
}

/** Only a local path is a safe place to return to after login. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(value) ? value : '';
}
