/**
 * The browser's own part of the JSON API (/api/v1/me): a token is not a
 * person, so "my requests" are read and sent with the logged-in session
 * (the same cookie as the pages) and, for a write, the session's CSRF token
 * in the `X-CSRF-Token` header (read from GET /api/v1/me/csrf-token; no other
 * origin can read it, as the API sends no CORS headers). Mounted behind the
 * session by routes/index.ts; errors are problem+json (app.ts hands every
 * error under /api/v1 to apiErrorHandler).
 */
import express, { NextFunction, Request, Response, Router } from 'express';
import { parseWeek, requestDeadline, weekOfInstant } from '../../app/calendar';
import { teleworkDays } from '../../app/api/reads';
import { policyOf, saveRequests } from '../../app/week/requests';
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
    const body = req.body as { requests?: unknown } | undefined;
    const list = body && typeof body === 'object' && Array.isArray(body.requests) ? body.requests : null;
    if (!list)
      throw new ApiProblem(
        422,
        'invalid',
        '本文は {"requests": [{"date": "2026-11-24", "rank": 1, "reason": "childcare"}]} の形で送ってください。',
      );
    const form: Record<string, { rank?: unknown; reason?: unknown }> = {};
    const problems: string[] = [];
    for (const [i, item] of list.entries()) {
      const e = item as { date?: unknown; rank?: unknown; reason?: unknown } | null;
      if (!e || typeof e !== 'object' || typeof e.date !== 'string')
        problems.push(`requests[${i}]: date を 2026-11-24 の形で指定してください。`);
      else if (form[e.date]) problems.push(`requests[${i}]: ${e.date} が2回あります。`);
      else form[e.date] = { rank: e.rank, reason: e.reason };
    }
    if (problems.length) throw new ApiProblem(422, 'invalid', '希望を保存できませんでした。次の点を直してください。', problems);
    const result = await saveRequests(ctx.db, req.actor!, w, form, ctx.clock);
    res.json({ ...(await myRequests(ctx, req, w)), saved: result.saved, urgent: result.urgent });
  });

  r.use((req, _res, next) => next(new ApiProblem(404, 'not-found', `${req.method} /api/v1/me${req.path} というAPIはありません。`)));
  return r;
}

async function myRequests(ctx: AppContext, req: Request, week: string) {
  const overview = await myWeeks(ctx.db.manager, req.actor!, ctx.clock, week, req.person);
  const w = overview.weeks[0];
  const deadline = requestDeadline(week, await policyOf(ctx.db.manager));
  return {
    week,
    deadline: deadline.toISO()!,
    open: ctx.clock() <= deadline,
    requests: w.days.flatMap((d) =>
      d.request ? [{ date: d.day, rank: d.request.rank, reason: d.request.reasonCode, status: d.request.status }] : [],
    ),
  };
}
