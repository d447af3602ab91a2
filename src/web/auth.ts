/** Who is logged in, and guards for routes by role. */
import { NextFunction, Request, Response } from 'express';
import { Actor } from '../app/accounts/actor';
import { actorOf } from '../app/accounts/accounts';
import { AppError, forbidden } from '../app/errors';
import type { AppContext } from './context';

declare module 'express-session' {
  interface SessionData {
    accountId?: number;
    flash?: { kind: 'ok' | 'error'; text: string; lines?: string[] };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export function attachActor(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = req.session.accountId;
    if (id !== undefined) {
      const actor = await actorOf(ctx.db.manager, id);
      if (actor) req.actor = actor;
      else delete req.session.accountId;
    }
    res.locals.actor = req.actor ?? null;
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
