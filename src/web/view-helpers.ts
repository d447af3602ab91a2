/** What every view can use: the actor, the one-time message, navigation (with the unread notifications) and formatting helpers. */
import { NextFunction, Request, Response } from 'express';
import { dayJa } from '../domain/explanation';
import { instantJa, shiftWeek, weekLabel, weekOfInstant } from '../app/calendar';
import { unreadCount } from '../app/notifications/inbox';
import { DateTime } from 'luxon';
import type { AppContext } from './context';

export interface NavLink {
  readonly href: string;
  readonly label: string;
}

export function viewHelpers(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // The badge in the header: counted with the actor (attachActor), else one COUNT on the (staffId, readAt) index.
    if (typeof res.locals.unreadCount !== 'number') {
      res.locals.unreadCount = req.actor ? await unreadCount(ctx.db.manager, req.actor.staffId) : 0;
    }
    res.locals.flash = req.session.flash ?? null;
    delete req.session.flash;
    res.locals.path = req.path;
    res.locals.dayJa = dayJa;
    res.locals.weekLabel = weekLabel;
    res.locals.instantJa = (iso: string | null) => (iso ? instantJa(DateTime.fromISO(iso)) : '');
    const thisWeek = weekOfInstant(ctx.clock());
    res.locals.thisWeek = thisWeek;
    res.locals.nextWeek = shiftWeek(thisWeek, 1);
    res.locals.nav = navFor(req, shiftWeek(thisWeek, 1));
    next();
  };
}

function navFor(req: Request, nextWeek: string): NavLink[] {
  const actor = req.actor;
  if (!actor) return [];
  const links: NavLink[] = [{ href: '/me', label: '自分の予定' }];
  if (actor.role === 'chief' || actor.role === 'hr')
    links.push({ href: `/divisions/${actor.divisionId}/weeks/${nextWeek}`, label: '課の勤務表' });
  if (actor.role === 'hr')
    links.push(
      { href: `/hr/weeks/${nextWeek}`, label: '全庁の状況' },
      { href: '/hr/policy', label: '方針' },
      { href: '/hr/staff', label: '職員・窓口' },
    );
  return links;
}
