/** Who is logged in, how long a login lasts, and guards for routes by role. */
import { NextFunction, Request, Response } from 'express';
import { Actor } from '../app/accounts/actor';
import { signedIn, SignedInPerson } from '../app/accounts/accounts';
import { AppError, forbidden } from '../app/errors';
import type { SessionLimits } from '../persistence/session-store';
import type { AppContext } from './context';

declare module 'express-session' {
  interface SessionData {
    flash?: { kind: 'ok' | 'error'; text: string; lines?: string[] };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** The logged-in person's staff row as read with the account (the staff pages use it). */
    person?: SignedInPerson;
  }
}

export function attachActor(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = req.session.accountId;
    if (id !== undefined) {
      const found = await signedIn(ctx.db.manager, id);
      // The session id lets a change to one's own account keep this session while ending the others.
      if (found) {
        req.actor = { ...found.actor, sessionId: req.sessionID };
        req.person = found.person;
        res.locals.unreadCount = found.unread;
        // The notification settings shown on /me.
        res.locals.mailSettings = found.mail;
      } else delete req.session.accountId;
    }
    res.locals.actor = req.actor ?? null;
    next();
  };
}

/** The session after a successful login (already regenerated): whose it is, and when its limits start. */
export function startSession(req: Request, accountId: number): void {
  const now = Date.now();
  req.session.accountId = accountId;
  req.session.createdAt = now;
  req.session.seenAt = now;
}

/**
 * The idle and absolute limits of a login, on the server (the store also
 * stops returning a session once its row has expired). An ended session is
 * replaced by a new, empty one: the visitor is logged out. Activity is
 * recorded (which rewrites the row) at most once per `touchMs`.
 */
export function enforceSessionLimits(limits: SessionLimits) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const s = req.session;
    if (s.accountId === undefined) return next();
    const now = Date.now();
    const created = s.createdAt ?? 0;
    const seen = s.seenAt ?? created;
    if (now - created >= limits.absoluteMs || now - seen >= limits.idleMs) return req.session.regenerate((err) => next(err));
    if (now - seen >= limits.touchMs) s.seenAt = now;
    next();
  };
}

/** Pages behind the login: a visitor without a session goes to the login page. */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.actor) return next();
  if (req.method === 'GET') return res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
  next(new AppError('forbidden', 401, 'ログインしてください。'));
}

export function requireRole(...roles: Actor['role'][]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.actor) return requireLogin(req, _res, next);
    if (!roles.includes(req.actor.role)) return next(forbidden());
    next();
  };
}

export function actorOfRequest(req: Request): Actor {
  if (!req.actor) throw new AppError('forbidden', 401, 'ログインしてください。');
  return req.actor;
}

/** A message shown once on the next page (after a redirect). */
export function flash(req: Request, kind: 'ok' | 'error', text: string, lines?: readonly string[]): void {
  req.session.flash = { kind, text, ...(lines?.length ? { lines: [...lines] } : {}) };
}
