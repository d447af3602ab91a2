/**
 * The personal iCalendar feed, read by Outlook, Google カレンダー or an
 * iPhone without a login: the secret token in the URL is the credential.
 * One all-day event per published day, with a UID that stays the same for a
 * person and day, so a new version of the roster updates the event instead
 * of adding another. Its SEQUENCE is the version in which that day last
 * changed for the person (LAST-MODIFIED when it was published): a
 * republished week raises it for the changed days, and leaves the others as
 * they were, so calendar programs take the change and flag nothing else.
 * A telework day at a place (サテライトオフィス, 支所) has the place's name
 * as its LOCATION; a day at home has none.
 */
import { NextFunction, Request, Response, Router } from 'express';
import ical, { escape, ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { DateTime } from 'luxon';
import { instantJa, shiftWeek, weekOfInstant, ZONE } from '../../../app/calendar';
import { PublishedDay, publishedDays } from '../../../app/week/publications';
import { calendarOwner } from '../../../app/accounts/accounts';
import { recordFeedRead } from '../../../app/accounts/security-events';
import type { AppContext } from '../../context';
import { enquiryLine } from '../../errors';
import { loggedPath } from '../../log';

/** Weeks in the feed: the two before this one, this one and the five after it. */
const WEEKS_BEFORE = 2;
const WEEKS = 8;

export function calendarFeedRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get('/ical/:token.ics', async (req, res) => {
    const staff = await calendarOwner(ctx.db.manager, req.params.token);
    if (!staff) {
      plain(
        res,
        404,
        'このカレンダーのURLは無効です。URLが作り直された可能性があります。テレワーク輪番表の「カレンダーに表示する」で新しいURLを確認してください。',
      );
      return;
    }
    const from = shiftWeek(weekOfInstant(ctx.clock()), -WEEKS_BEFORE);
    const days = await publishedDays(ctx.db.manager, staff.id, from, WEEKS);
    // Personal data leaving the app: in the audit log, once per feed per day.
    await recordFeedRead(ctx.db, staff.id, req.ip ?? '', ctx.clock().setZone(ZONE).toISODate()!);
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });
    res.type('text/calendar; charset=utf-8');
    res.send(feed(staff, days));
  });

  // The app's error page needs a session; a calendar program only needs to know it failed.
  r.use('/ical', (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    req.log.error({ err, method: req.method, path: loggedPath(req.originalUrl) }, 'request error');
    plain(res, 500, `カレンダーを作れませんでした。時間をおいてもう一度お試しください。\n${enquiryLine(res.locals.requestId)}`);
  });
  return r;
}

export function feed(staff: { readonly id: string; readonly name: string }, days: readonly PublishedDay[]): string {
  const cal = ical({
    // ical-generator 10 writes NAME and X-WR-CALNAME without escaping (it escapes SUMMARY itself).
    name: escape(`テレワーク輪番表（${staff.name}）`, false),
    prodId: { company: 'telework-rotation', product: 'rotation', language: 'JA' },
    method: ICalCalendarMethod.PUBLISH,
    // Not `timezone`: with it ical-generator 10 writes DTSTAMP and LAST-MODIFIED as Tokyo
    // times without a zone, where RFC 5545 wants UTC. The events are all-day dates anyway.
    x: { 'X-WR-TIMEZONE': ZONE },
    ttl: 60 * 60,
  });
  for (const d of days) {
    const start = DateTime.fromISO(d.day, { zone: ZONE });
    const published = DateTime.fromISO(d.publishedAt, { zone: ZONE });
    const changed = DateTime.fromISO(d.changedAt, { zone: ZONE });
    cal.createEvent({
      id: `${staff.id}-${d.day}@telework-rotation`,
      sequence: d.changedIn,
      start,
      end: start.plus({ days: 1 }),
      allDay: true,
      stamp: published,
      lastModified: changed,
      summary: summaryOf(d),
      ...(d.place === null ? {} : { location: d.place }),
      description: `勤務表 第${d.version}版（${instantJa(published)} 公開）。勤務表が変わると、この予定も更新されます。`,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return cal.toString();
}

function summaryOf(d: PublishedDay): string {
  if (d.mode === 'telework') return d.place === null ? '在宅勤務' : `在宅勤務（${d.place}）`;
  if (d.mode === 'absent') return '休暇';
  return d.counter ? `出勤（${d.counter}）` : '出勤';
}

function plain(res: Response, status: number, text: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).type('text/plain; charset=utf-8').send(text);
}
