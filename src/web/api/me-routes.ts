/**
 * The browser's own part of the JSON API (/api/v1/me): a token is not a
 * person, so "my requests" are read and sent with the logged-in session
 * (the same cookie as the pages) and, for a write, the session's CSRF token
 * in the `X-CSRF-Token` header (read from GET /api/v1/me/csrf-token; no other
 * origin can read it, as the API sends no CORS headers). Mounted behind the
 * session by routes/index.ts; errors are problem+json (app.ts hands every
 * error under /api/v1 to apiErrorHandler).
 *
 * A request may name a place (`place`: the id of one of `places`; absent or
 * null for home), and a week may have days marked 順番なら可 (`possible`).
 * A client that sends no `possible` leaves them as they are (except on the
 * days it asks for), so clients from before places and possible days work
 * as they did.
 */
import express, { NextFunction, Request, Response, Router } from 'express';
import { parseWeek, requestDeadline, weekOfInstant } from '../../app/calendar';
import { teleworkDays } from '../../app/api/reads';
import { policyOf, POSSIBLE_RANK, saveRequests } from '../../app/week/requests';
import { myWeeks } from '../../app/week/publications';
import type { AppContext } from '../context';
import { ApiProblem } from './routes';
import { lazyCsrfToken } from '../csrf';

export function meApiRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(express.json({ limit: '64kb', type: ['application/json', 'application/*+json'] }));
  r.use((req: Request, _res: Response, next: NextFunction) => {
    if (!req.actor) return next(new ApiProblem(401, 'unauthorized', 'ログインしてください（このAPIはログイン中のブラウザから使います）。'));
    next();
  });
  const week = (req: Request) => {
    const w = parseWeek(req.params.week);
    if (!w)
      throw new ApiProblem(400, 'bad-request', `週は 2026-W48 の形で指定してください（指定: ${String(req.params.week).slice(0, 20)}）。`);
    return w;
  };

  r.get('/csrf-token', (req, res) => {
    res.json({ token: String(lazyCsrfToken(req)) });
  });

  r.get('/telework-days', async (req, res) => {
    const month = typeof req.query.month === 'string' ? req.query.month : '';
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiProblem(400, 'bad-request', 'month を 2026-11 の形で指定してください。');
    res.json(await teleworkDays(ctx.db.manager, req.actor!.staffId, month));
  });

  r.get('/weeks/:week/requests', async (req, res) => {
    res.json(await myRequests(ctx, req, week(req)));
  });

  r.put('/weeks/:week/requests', async (req, res) => {
    const w = week(req);
    if (w < weekOfInstant(ctx.clock())) throw new ApiProblem(422, 'invalid', 'この週はすでに終わっているため、希望は出せません。');
    const body = req.body as { requests?: unknown; possible?: unknown } | undefined;
    const list = body && typeof body === 'object' && Array.isArray(body.requests) ? body.requests : null;
    const possible = body && typeof body === 'object' && body.possible !== undefined ? body.possible : undefined;
    if (!list || (possible !== undefined && !Array.isArray(possible)))
      throw new ApiProblem(
        422,
        'invalid',
        '本文は {"requests": [{"date": "2026-11-24", "rank": 1, "reason": "childcare"}], "possible": [{"date": "2026-11-26"}]} の形で送ってください（possible は省略できます）。',
      );
    const form: Record<string, { rank?: unknown; reason?: unknown; place?: unknown }> = {};
    const problems: string[] = [];
    for (const [i, item] of list.entries()) {
      const e = item as { date?: unknown; rank?: unknown; reason?: unknown; place?: unknown } | null;
      if (!e || typeof e !== 'object' || typeof e.date !== 'string')
        problems.push(`requests[${i}]: date を 2026-11-24 の形で指定してください。`);
      else if (form[e.date]) problems.push(`requests[${i}]: ${e.date} が2回あります。`);
      else if (e.rank === POSSIBLE_RANK) problems.push(`requests[${i}]: 順番なら可の日は possible に入れてください。`);
      else form[e.date] = { rank: e.rank, reason: e.reason, place: e.place };
    }
    for (const [i, item] of (possible ?? []).entries()) {
      const e = item as { date?: unknown; place?: unknown } | null;
      if (!e || typeof e !== 'object' || typeof e.date !== 'string')
        problems.push(`possible[${i}]: date を 2026-11-24 の形で指定してください。`);
      else if (form[e.date])
        problems.push(`possible[${i}]: ${e.date} は requests か possible にすでにあります。1日にどちらか1つだけにしてください。`);
      else form[e.date] = { rank: POSSIBLE_RANK, place: e.place };
    }
    if (problems.length) throw new ApiProblem(422, 'invalid', '希望を保存できませんでした。次の点を直してください。', problems);
    const result = await saveRequests(ctx.db, req.actor!, w, form, ctx.clock, { keepPossible: possible === undefined });
    res.json({ ...(await myRequests(ctx, req, w)), saved: result.saved, urgent: result.urgent });
  });

  r.use((req, _res, next) => next(new ApiProblem(404, 'not-found', `${req.method} /api/v1/me${req.path} というAPIはありません。`)));
  return r;
}

async function myRequests(ctx: AppContext, req: Request, week: string) {
  const overview = await myWeeks(ctx.db.manager, req.actor!, ctx.clock, week, req.person);
  const w = overview.weeks[0];
  const deadline = requestDeadline(week, await policyOf(ctx.db.manager));
  const open = ctx.clock() <= deadline;
  // The place only away from home: a request at home reads as it did before places.
  const at = (placeId: number | null) => (placeId === null ? {} : { place: placeId });
  return {
    week,
    deadline: deadline.toISO()!,
    open,
    requests: w.days.flatMap((d) =>
      d.request
        ? [{ date: d.day, rank: d.request.rank, reason: d.request.reasonCode, status: d.request.status, ...at(d.request.placeId) }]
        : [],
    ),
    possible: w.days.flatMap((d) => (d.possible ? [{ date: d.day, ...at(d.possible.placeId) }] : [])),
    possibleDates: open ? w.days.filter((d) => d.possibleOffered).map((d) => d.day) : [],
    places: overview.places.filter((p) => p.desks > 0).map((p) => ({ id: p.id, name: p.name })),
  };
}
