/**
 * Log in, log out (here or on every device), change password; `/` sends each
 * role to its start page. Two limits guard the login: per client address
 * (failed password checks per 15 minutes, against one password tried on many
 * accounts) and per login id (login-throttle.ts: a growing wait, then a
 * temporary lock), so that one person's typos never shut out the others
 * behind the same proxy, and rotating addresses gives no more guesses.
 */
import { Request, Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { authenticateBy, changePassword, logOutEverywhere, MIN_PASSWORD_LENGTH } from '../../../app/accounts/accounts';
import { DirectoryUnavailable } from '../../../app/accounts/directory';
import { LoginThrottle, ThrottleGate } from '../../../app/accounts/login-throttle';
import { recordLogin, recordLoginFailure } from '../../../app/accounts/security-events';
import { shiftWeek, weekOfInstant } from '../../../app/calendar';
import { DatabaseRateLimitStore } from '../../../persistence/rate-limit-store';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireLogin, startSession } from '../../auth';
import { field } from '../../forms';

const WRONG = '職員番号（ログインID）またはパスワードが正しくありません。';

/** The client address as the audit log keeps it ('' when unknown). */
export const clientOf = (req: Request): string => req.ip ?? '';

export function loginRoutes(ctx: AppContext, loginLimit: number): Router {
  const r = Router();
  const throttle = new LoginThrottle(ctx.db);
  const limiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: loginLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Only a password that was checked and refused counts against the address: a login id
    // that must wait was not tried, so one person's lock does not use up the office's allowance.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode < 400 || res.locals.throttled === true,
    store: new DatabaseRateLimitStore(ctx.db),
    handler: (_req, res) => {
      res.status(429).render('login', {
        title: 'ログイン',
        error: 'この端末（接続元）からのログインの失敗が続いたため、しばらく受け付けません。15分ほど待ってからもう一度お試しください。',
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
    const refuse = (status: number, error: string) =>
      void res.status(status).render('login', { title: 'ログイン', error, loginId, next: target });
    if (!loginId || !password) return refuse(401, WRONG);
    const now = ctx.clock().toMillis();
    const gate = await throttle.begin(loginId, now);
    if (!gate.allowed) return refuseThrottled(res, gate, refuse);
    let found: Awaited<ReturnType<typeof authenticateBy>>;
    try {
      found = await authenticateBy(ctx.db, loginId, password, ctx.directory);
    } catch (e) {
      // Directory login (LDAP) down and no local password matched: say why (503). It still counts as a
      // failure for the id (a local password was tried), or an outage would give unlimited guesses at local accounts.
      if (!(e instanceof DirectoryUnavailable)) throw e;
      req.log.warn({ reason: e.reason }, 'directory (LDAP) unavailable: login not checked');
      const outcome = await throttle.failed(gate.key, now);
      await recordLoginFailure(ctx.db, loginId, clientOf(req), outcome);
      return refuse(503, e.message);
    }
    if (!found) {
      const outcome = await throttle.failed(gate.key, now);
      await recordLoginFailure(ctx.db, loginId, clientOf(req), outcome);
      return refuse(401, outcome.locked ? `${WRONG}${lockedText(outcome.lockedUntil - now)}` : WRONG);
    }
    const { actor, method } = found;
    await throttle.succeeded(gate.key);
    await recordLogin(ctx.db, actor, clientOf(req), method);
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

/** How long, in words. */
function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}秒`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 120 ? `${minutes}分` : `${Math.ceil(minutes / 60)}時間`;
}

const lockedText = (ms: number) =>
  `失敗が続いたため、このIDでのログインを${duration(ms)}停止します。パスワードがわからないときは人事担当課にお問い合わせください。`;

/** A login id that must wait or is locked: 429 with Retry-After, and no password checked. */
function refuseThrottled(
  res: Response,
  gate: Extract<ThrottleGate, { allowed: false }>,
  refuse: (status: number, error: string) => void,
): void {
  res.locals.throttled = true;
  res.set('Retry-After', String(Math.ceil(gate.retryAfterMs / 1000)));
  refuse(
    429,
    gate.reason === 'locked'
      ? `ログインの失敗が続いたため、このIDでのログインを一時的に停止しています（あと${duration(gate.retryAfterMs)}）。パスワードがわからないときは人事担当課にお問い合わせください。`
      : `ログインの失敗が続いたため、このIDでは${duration(gate.retryAfterMs)}後からもう一度お試しいただけます。`,
  );
}
