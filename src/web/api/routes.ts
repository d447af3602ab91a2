/**
 * The JSON API (/api/v1) for other systems, described by openapi.ts. It is
 * mounted before the session: a client sends `Authorization: Bearer trs_…`
 * and no cookie, so there is no CSRF to check. Each route names the scopes
 * that may call it; a missing, unknown, revoked or expired token is a 401
 * with `WWW-Authenticate: Bearer`, a token without the scope a 403. Errors
 * are application/problem+json (RFC 9457) with a stable `code` and a detail
 * in Japanese; bad JSON is a 400, never a 500.
 */
import express, { NextFunction, Request, Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../../app/errors';
import { parseWeek, ZONE } from '../../app/calendar';
import { recordAbsence, removeAbsence } from '../../app/api/absences';
import { teleworkDays, weekRequests, weekRoster } from '../../app/api/reads';
import { PreconditionError, readStaff, upsertStaff } from '../../app/api/staff-master';
import { ApiClient, authenticateToken } from '../../app/api/tokens';
import { recordApiRead } from '../../app/api/read-audit';
import type { ApiScope } from '../../app/api/tokens';
import { DatabaseRateLimitStore } from '../../persistence/rate-limit-store';
import type { AppContext } from '../context';
import { loggedPath } from '../log';
import { OPENAPI_DOCUMENT } from './openapi';

export const API_BASE = '/api/v1';
/** Calls per client address per minute. */
export const API_RATE_LIMIT = 600;

declare module 'express-serve-static-core' {
  interface Request {
    apiClient?: ApiClient;
  }
}

/** An API failure: its status, stable code and Japanese detail. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: '要求の形が正しくありません',
  401: '認証が必要です',
  403: '権限がありません',
  404: '見つかりません',
  409: '今の状態ではできません',
  412: '版が古くなっています',
  413: '本文が大きすぎます',
  422: '入力内容を確認してください',
  428: '版の指定が必要です',
  429: 'しばらくお待ちください',
  500: 'システムエラー',
};

export function apiRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  // The browser's own API (/api/v1/me) runs behind the session, in routes/index.ts.
  r.use('/me', (_req, _res, next) => next('router'));
  r.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(OPENAPI_DOCUMENT);
  });
  r.use(
    rateLimit({
      windowMs: 60 * 1000,
      limit: API_RATE_LIMIT,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: new DatabaseRateLimitStore(ctx.db, 'api:'),
      handler: (_req, _res, next) =>
        next(
          new ApiProblem(429, 'rate-limited', `要求が多すぎます（1分あたり${API_RATE_LIMIT}件まで）。しばらく待ってから送ってください。`),
        ),
    }),
  );
  r.use(express.json({ limit: '64kb', type: ['application/json', 'application/*+json'] }));

  const scoped =
    (...scopes: ApiScope[]) =>
    async (req: Request, _res: Response, next: NextFunction) => {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer[ ]+(\S+)$/i.exec(header);
      if (!match) return next(new ApiProblem(401, 'unauthorized', 'Authorization ヘッダーに Bearer トークンを付けてください。'));
      const check = await authenticateToken(ctx.db, match[1], ctx.clock);
      if (!check.ok) {
        const why = { unknown: '登録されていません', revoked: '取り消されています', expired: '有効期限が切れています' }[check.why];
        return next(new ApiProblem(401, 'unauthorized', `このAPIトークンは${why}。人事課に新しいトークンの発行を依頼してください。`));
      }
      req.apiClient = check.client;
      if (!scopes.includes(check.client.scope))
        return next(
          new ApiProblem(
            403,
            'insufficient-scope',
            `このAPIトークンの権限（${check.client.scope}）ではこの操作はできません。必要な権限: ${scopes.join(' または ')}。`,
          ),
        );
      next();
    };
  const client = (req: Request) => req.apiClient!;
  const week = (req: Request) => {
    const w = parseWeek(param(req, 'week'));
    if (!w)
      throw new ApiProblem(
        400,
        'bad-request',
        `週は 2026-W48 の形で指定してください（指定: ${String(param(req, 'week')).slice(0, 20)}）。`,
      );
    return w;
  };
  const today = () => ctx.clock().setZone(ZONE).toISODate()!;

  r.get('/weeks/:week/roster', scoped('read'), async (req, res) => {
    const body = await weekRoster(ctx.db.manager, week(req));
    await recordApiRead(ctx.db, client(req), 'roster', body.week, today());
    res.json(body);
  });
  r.get('/weeks/:week/divisions/:code/roster', scoped('read'), async (req, res) => {
    const body = await weekRoster(ctx.db.manager, week(req), param(req, 'code'));
    await recordApiRead(ctx.db, client(req), 'roster', `${body.week}|${param(req, 'code')}`, today());
    res.json(body);
  });
  r.get('/weeks/:week/requests', scoped('read'), async (req, res) => {
    const division = typeof req.query.division === 'string' && req.query.division !== '' ? req.query.division : undefined;
    const body = await weekRequests(ctx.db.manager, week(req), division);
    await recordApiRead(ctx.db, client(req), 'requests', `${body.week}${division ? `|${division}` : ''}`, today());
    res.json(body);
  });
  r.get('/staff/:employeeNumber/telework-days', scoped('read'), async (req, res) => {
    const month = typeof req.query.month === 'string' ? req.query.month : '';
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiProblem(400, 'bad-request', 'month を 2026-11 の形で指定してください。');
    const body = await teleworkDays(ctx.db.manager, param(req, 'employeeNumber'), month);
    await recordApiRead(ctx.db, client(req), 'telework-days', `${body.employeeNumber}|${month}`, today());
    res.json(body);
  });
  r.get('/staff/:employeeNumber', scoped('read', 'staff'), async (req, res) => {
    const body = await readStaff(ctx.db.manager, param(req, 'employeeNumber'));
    await recordApiRead(ctx.db, client(req), 'staff', body.employeeNumber, today());
    res.set('ETag', `"${body.revision}"`).json(body);
  });
  r.put('/staff/:employeeNumber', scoped('staff'), async (req, res) => {
    const ifMatch = readIfMatch(req.get('if-match'));
    const { created, staff } = await upsertStaff(ctx.db, client(req), param(req, 'employeeNumber'), req.body, ifMatch);
    res
      .status(created ? 201 : 200)
      .set('ETag', `"${staff.revision}"`)
      .json(staff);
  });
  r.post('/absences', scoped('absences'), async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ApiProblem(422, 'invalid', '本文は {"employeeNumber": "…", "date": "2026-11-24"} の形のJSONで送ってください。');
    const outcome = await recordAbsence(ctx.db, client(req), body, ctx.clock);
    res.status(outcome.created ? 201 : 200).json(outcome);
  });
  r.delete('/absences/:id', scoped('absences'), async (req, res) => {
    const id = Number(param(req, 'id'));
    if (!/^\d{1,9}$/.test(param(req, 'id')) || id < 1) throw new ApiProblem(400, 'bad-request', '休暇のIDは正の整数で指定してください。');
    res.json(await removeAbsence(ctx.db, client(req), id, ctx.clock));
  });

  r.use((req, _res, next) => next(new ApiProblem(404, 'not-found', `${req.method} ${API_BASE}${req.path} というAPIはありません。`)));
  r.use(apiErrorHandler);
  return r;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** `"3"` or `W/"3"` → 3; anything else is a 400 (a missing header is null). */
function readIfMatch(header: string | undefined): number | null {
  if (header === undefined || header.trim() === '') return null;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header);
  if (!m) throw new ApiProblem(400, 'bad-request', 'If-Match には ETag（"3" の形）をそのまま指定してください。');
  return Number(m[1]);
}

/** Every failure of the API as application/problem+json. */
export function apiErrorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return;
  const p = toProblem(err);
  if (p.status >= 500) req.log.error({ err, method: req.method, path: loggedPath(req.originalUrl) }, 'request error');
  if (p.status === 401) res.set('WWW-Authenticate', 'Bearer realm="telework-rotation"');
  res
    .status(p.status)
    .type('application/problem+json; charset=utf-8')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title: TITLES[p.status] ?? 'エラー',
        status: p.status,
        code: p.code,
        detail: p.message,
        problems: [...p.problems],
        requestId: String(res.locals.requestId),
      }),
    );
}

function toProblem(err: unknown): { status: number; code: string; message: string; problems: readonly string[] } {
  if (err instanceof ApiProblem) return err;
  if (err instanceof PreconditionError)
    return {
      status: err.status,
      code: err.status === 412 ? 'precondition-failed' : 'precondition-required',
      message: err.message,
      problems: [],
    };
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, problems: err.problems };
  const e = err as { type?: unknown; status?: unknown; code?: unknown; message?: unknown } | null;
  if (e?.type === 'entity.parse.failed')
    return { status: 400, code: 'bad-json', message: '本文のJSONが読めません。JSONの形を確かめてください。', problems: [] };
  if (e?.type === 'entity.too.large') return { status: 413, code: 'too-large', message: '本文が大きすぎます（64KBまで）。', problems: [] };
  if (e?.code === 'EBADCSRFTOKEN')
    return { status: 403, code: 'forbidden', message: 'CSRFトークンがありません。X-CSRF-Token ヘッダーを付けてください。', problems: [] };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return { status: e.status, code: 'bad-request', message: '要求を処理できませんでした。', problems: [] };
  return { status: 500, code: 'internal', message: 'システムでエラーが起きました。時間をおいてもう一度お試しください。', problems: [] };
}
