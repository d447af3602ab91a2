/**
 * The web app: Express 5 with EJS views, in Japanese. Controllers are thin:
 * they read the form, call a use case in src/app, and render or redirect.
 * Security is set up here once for every route: helmet with a strict content
 * security policy (no inline script or style), sessions in the database,
 * CSRF tokens on every form, no-store on every page behind the login, a login
 * rate limit, and one error handler that never shows a stack trace. Every
 * request has an id and one access-log line (log.ts).
 */
import express, { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import * as path from 'path';
import type { DirectoryConfig } from '../app/accounts/directory';
import { Clock, systemClock } from '../app/calendar';
import { NotificationOptions, NotificationService } from '../app/notifications/background';
import { SimulationRunner } from '../app/simulation/runs';
import { Database } from '../persistence/database';
import { DatabaseSessionStore, DEFAULT_SESSION_LIMITS, SessionLimits } from '../persistence/session-store';
import { attachActor, enforceSessionLimits } from './auth';
import { csrf, lazyCsrfToken } from './csrf';
import { errorHandler, notFoundHandler } from './errors';
import { Logger, requestLogging, silentLogger } from './log';
import type { AppContext } from './context';
import { routes } from './routes';
import { calendarFeedRoutes } from './routes/week/calendar-feed';
import { API_BASE, apiErrorHandler, apiRoutes } from './api/routes';
import { viewHelpers } from './view-helpers';
import { projectRoot } from '../project-root';

export interface AppOptions {
  readonly db: Database;
  readonly sessionSecret: string;
  /** Send cookies only over HTTPS (set behind a TLS proxy in production, with `trustProxy`). */
  readonly secureCookies?: boolean;
  /**
   * Which proxies are believed about the client's address and HTTPS
   * (express's `trust proxy`: false, a number of hops, or addresses). Default
   * false: `X-Forwarded-*` headers are ignored, so a client cannot choose the
   * address the login limit counts.
   */
  readonly trustProxy?: boolean | number | string;
  readonly clock?: Clock;
  /** Failed logins per client address per 15 minutes (default 50; each login id is also throttled, login-throttle.ts). */
  readonly loginLimit?: number;
  /** Worker threads of a simulation run (default: one per core when built). */
  readonly simulationThreads?: number;
  /**
   * The e-mail outbox and the scheduled notices, run in the background
   * (`app.get('notifications')`, closed by its owner). Left out: neither runs
   * (tests that do not need them); notifications are still written and listed.
   */
  readonly notifications?: NotificationOptions;
  /** How long a login lasts (default DEFAULT_SESSION_LIMITS: 8 h, 2 h idle, activity recorded every 5 min); tests shorten them. */
  readonly sessionLimits?: Partial<SessionLimits>;
  /** Where requests, errors and background failures are logged (start.ts: JSON lines on stdout); default silent, for tests. */
  readonly logger?: Logger;
  /** Directory login (LDAP, server-config.ts); left out: local passwords only. */
  readonly directory?: DirectoryConfig | null;
}

export function createApp(options: AppOptions): express.Express {
  const logger = options.logger ?? silentLogger();
  const simulations = new SimulationRunner(options.db, {
    ...(options.simulationThreads === undefined ? {} : { threads: options.simulationThreads }),
    logError: (message, err) => logger.error({ err }, message),
  });
  const ctx: AppContext = { db: options.db, clock: options.clock ?? systemClock, simulations, directory: options.directory ?? null };
  // Runs a previous process left unfinished are marked failed before new ones start.
  void simulations.start();
  const app = express();
  app.set('simulations', simulations);
  const notifications = options.notifications
    ? new NotificationService(options.db, ctx.clock, { log: (line) => logger.warn(line), ...options.notifications })
    : null;
  notifications?.start();
  app.set('notifications', notifications);
  // Views and routes say whether e-mail is sent at all.
  app.locals.mailEnabled = notifications?.mailEnabled ?? false;
  const root = projectRoot();
  app.set('views', path.join(root, 'views'));
  app.set('view engine', 'ejs');
  // Compiled templates are kept (express does so only when NODE_ENV=production):
  // compiling a page and its partials again costs more than rendering it.
  // NODE_ENV=development reads templates afresh, for editing them.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  app.set('trust proxy', options.trustProxy ?? false);
  app.disable('x-powered-by');
  app.set('logger', logger);
  app.use(requestLogging(logger));
  // Views can always render, even for an error raised before the session or actor is known.
  app.use((req: Request, res: Response, next: NextFunction) => {
    Object.assign(res.locals, { actor: null, nav: [], flash: null, path: req.path, csrfToken: '' });
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use('/assets', express.static(path.join(root, 'views', 'assets'), { maxAge: '1h', index: false }));
  // For the proxy and monitoring, before any session: the process is alive; it can serve (database and schema).
  app.get('/healthz', (_req, res) => void res.type('text/plain').send('ok'));
  app.get('/readyz', async (_req, res) => {
    const state = await ctx.db.readiness();
    res.set('Cache-Control', 'no-store').type('text/plain');
    if (state.ready) res.send('ready');
    else res.status(503).send(`not ready: ${state.reason}`);
  });

  // The feed is read by calendar programs: no session, no cookies; its URL is the secret.
  app.use(calendarFeedRoutes(ctx));
  // Other systems call the JSON API with a bearer token and no cookie: no session, no CSRF (api/routes.ts).
  app.use(API_BASE, apiRoutes(ctx));

  app.use(express.urlencoded({ extended: true, limit: '2mb', parameterLimit: 5000 }));
  // A session row is written only when the session changes (login, a CSRF token for a form, a
  // message, activity recorded once per touchMs): never for a visitor's page without a form or a 404.
  const limits: SessionLimits = { ...DEFAULT_SESSION_LIMITS, ...options.sessionLimits };
  const sessionStore = new DatabaseSessionStore(options.db, limits);
  app.set('sessionStore', sessionStore);
  app.use(
    session({
      name: 'rotation.sid',
      secret: options.sessionSecret,
      store: sessionStore,
      resave: false,
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookies ?? false, maxAge: limits.absoluteMs },
    }),
  );
  app.use(enforceSessionLimits(limits));
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.csrfToken = lazyCsrfToken(req);
    next();
  });
  app.use(csrf.csrfSynchronisedProtection);
  app.use(attachActor(ctx));
  app.use(viewHelpers(ctx));
  // Every page behind the login carries personal data.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  app.use(routes(ctx, { loginLimit: options.loginLimit ?? 50 }));
  // Failures of the browser's API (/api/v1/me: no login, a CSRF token missing) as problem+json, not a page.
  app.use(API_BASE, apiErrorHandler);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
