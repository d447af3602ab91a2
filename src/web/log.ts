/**
 * The server's log: one JSON object per line on stdout (pino), for journald
 * or whatever collects the service's output. `LOG_LEVEL` (server-config.ts)
 * chooses how much; tests get a silent logger unless they pass their own.
 *
 * Every request gets an id: the proxy's `X-Request-Id` when it looks like one
 * (letters, digits, `.`, `_`, `-`, at most 64), else a new UUID. It is sent
 * back in the `X-Request-Id` header, shown on the error page, and carried by
 * every line logged for the request: the access line when it ends (method,
 * path, status, milliseconds, account id) and the error with its stack.
 *
 * What is never logged: the query string (`/login?next=…`), the calendar
 * feed's secret (its path segment is replaced), headers, cookies, bodies
 * (passwords, login ids, CSRF tokens), names.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import pino from 'pino';
import { pinoHttp } from 'pino-http';

export type Logger = pino.Logger;

/** pino's levels, and `silent` for none. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's logger: JSON lines to `destination` (default stdout, written at once), levels as words, ISO times. */
export function createLogger(level: LogLevel = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: loggedError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * An error as the log shows it: its kind, message, code and stack, and no
 * other property. (A failed query carries its parameters, which can be a
 * login id or the calendar token.)
 */
export function loggedError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.constructor.name,
    message: err.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: err.stack,
  };
}

/** A logger that writes nothing (createApp's default, so that tests stay quiet). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A request id from a proxy is taken only in this shape: it goes into headers, pages and logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Path segments that are credentials: the calendar feed's token. */
const SECRET_PATHS: readonly [RegExp, string][] = [[/^\/ical\/[^/]+\.ics$/, '/ical/[token].ics']];

/** The path as it may be logged: no query string, no secret. */
export function loggedPath(originalUrl: string): string {
  const path = originalUrl.split('?', 1)[0];
  for (const [pattern, replacement] of SECRET_PATHS) if (pattern.test(path)) return replacement;
  return path;
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** Requests that succeed many times a minute without a person behind them: the monitor's probes and the assets. */
const ROUTINE = /^\/(healthz|readyz|assets\/)/;

/**
 * The access log and the request id (`req.id`, `req.log`, `res.locals.requestId`).
 * One line per request when it ends; 5xx at error level, probes and assets
 * that succeed at debug, the rest at info.
 */
export function requestLogging(logger: Logger): RequestHandler {
  const access = (req: IncomingMessage, res: ServerResponse, responseTime: number) => {
    const r = req as Request;
    return {
      method: r.method,
      path: loggedPath(r.originalUrl ?? r.url ?? ''),
      status: res.headersSent ? res.statusCode : null,
      ms: responseTime,
      ...(r.session?.accountId === undefined ? {} : { accountId: r.session.accountId }),
      // An API call names its token by id (never the secret, which is only in the Authorization header, never logged).
      ...(r.apiClient === undefined ? {} : { apiTokenId: r.apiClient.id }),
    };
  };
  const middleware = pinoHttp({
    logger,
    genReqId: requestId,
    customAttributeKeys: { reqId: 'requestId' },
    // The logger's own serializers (loggedError), not pino-http's, which log every property of an error.
    wrapSerializers: false,
    // Only the request id is bound to the request's lines; the access line says the rest itself.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (req, res, error) =>
      error || res.statusCode >= 500
        ? 'error'
        : res.statusCode < 400 && ROUTINE.test((req as Request).originalUrl ?? '')
          ? 'debug'
          : 'info',
    customSuccessObject: (req, res, val: { responseTime: number }) => access(req, res, val.responseTime),
    // The error itself, with its stack, is logged by the error handler; this is the access line.
    customErrorObject: (req, res, _error, val: { responseTime: number }) => access(req, res, val.responseTime),
    customSuccessMessage: (_req, res) => (res.writableEnded ? 'request completed' : 'request aborted'),
    customErrorMessage: () => 'request failed',
  });
  return (req, res, next) => {
    middleware(req, res);
    res.locals.requestId = req.id;
    next();
  };
}
