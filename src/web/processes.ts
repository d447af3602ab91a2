/**
 * Several app processes on one port (node:cluster), for the request deadline
 * when a whole town hall opens the app at once: one Node.js process uses one
 * core, and the app keeps no state between requests (sessions, the login
 * limit and the signing key are in the database; writes take the database's
 * lock), so any process can answer any request.
 *
 * `WEB_CONCURRENCY` says how many (default 1: one process, no cluster). The
 * primary process prepares the database once (migrations, demo seed) and
 * then starts the workers; a worker that dies unexpectedly is replaced, unless
 * workers keep dying (more than MAX_RESTARTS in RESTART_WINDOW_MS), which
 * stops the app rather than loop. SIGTERM or SIGINT to the primary stops the
 * workers gracefully (each finishes its requests and closes its database).
 *
 * A graceful stop (`stopper`): the port closes at once, keep-alive
 * connections without a request are closed, requests under way finish, and
 * whatever is still open after STOP_DEADLINE_MS is cut off, so that a stuck
 * client cannot hold up a restart. Each step is logged (stopping, stopped).
 */
import cluster, { Worker } from 'node:cluster';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Database } from '../persistence/database';
import type { SimulationRunner } from '../app/simulation/runs';
import type { NotificationService } from '../app/notifications/background';
import type { Logger } from './log';

export const MAX_PROCESSES = 64;
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long requests under way may take to finish once a stop begins (systemd's TimeoutStopSec must be longer). */
export const STOP_DEADLINE_MS = 10_000;

/** WEB_CONCURRENCY: 1–64 app processes (default 1). */
export function appProcesses(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.WEB_CONCURRENCY ?? '';
  if (text === '') return 1;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PROCESSES) {
    throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to ${MAX_PROCESSES}, not "${text}"`);
  }
  return n;
}

export const isWorker = (): boolean => cluster.isWorker;

export interface Workers {
  readonly list: () => readonly Worker[];
  /** Resolves with the port once every worker listens. */
  readonly listening: Promise<number>;
  /** Stops every worker (SIGTERM) and resolves when all have exited. */
  stop(): Promise<void>;
}

/** Starts `count` workers running this same script, keeps them running, and stops them on SIGTERM/SIGINT. */
export function startWorkers(count: number, logger: Logger): Workers {
  let stopping = false;
  const restarts: number[] = [];
  const ready = new Set<number>();
  let resolveListening!: (port: number) => void;
  const listening = new Promise<number>((resolve) => (resolveListening = resolve));
  cluster.on('listening', (worker, address) => {
    ready.add(worker.id);
    if (ready.size === count) resolveListening(address.port);
  });
  cluster.on('exit', (worker, code, signal) => {
    ready.delete(worker.id);
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while (restarts.length && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
    logger.error({ workerPid: worker.process.pid, exit: signal ?? code }, 'app process died');
    if (restarts.length > MAX_RESTARTS) {
      logger.fatal({ restarts: restarts.length }, 'app processes died too often within a minute: stopping');
      void stop().then(() => process.exit(1));
      return;
    }
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  const list = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const stop = (): Promise<void> => {
    stopping = true;
    const alive = list().filter((w) => !w.isDead());
    return Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.process.kill('SIGTERM');
          }),
      ),
    ).then(() => undefined);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping');
    void stop().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return { list, listening, stop };
}

export interface StopOptions {
  /** End open requests at once instead of letting them finish (the load benchmark). */
  readonly dropConnections?: boolean;
  /** How long open requests may take (default STOP_DEADLINE_MS). */
  readonly deadlineMs?: number;
  /** Where stopping and stopped are logged (default the app's logger). */
  readonly logger?: Logger;
  /** Called once everything is closed (default: exit 0). */
  readonly stopped?: () => void;
}

/**
 * Stops one app process gracefully, once however often it is called: no new
 * requests, idle keep-alive connections closed, open requests finish (all
 * connections are closed at the deadline, or at once with `dropConnections`),
 * the simulation runner and notifications stopped, the database closed, exit 0.
 */
export function stopper(app: Express, server: Server, db: Database, options: StopOptions = {}): () => void {
  const logger = options.logger ?? (app.get('logger') as Logger);
  const deadlineMs = options.deadlineMs ?? STOP_DEADLINE_MS;
  let stopping = false;
  return () => {
    if (stopping) return;
    stopping = true;
    logger.info({ deadlineMs }, 'stopping');
    (app.get('simulations') as SimulationRunner).close();
    const deadline = setTimeout(() => {
      logger.warn({ deadlineMs }, 'requests still open at the deadline: connections closed');
      server.closeAllConnections();
    }, deadlineMs);
    // A keep-alive connection whose request finishes is closed as soon as it is idle, not kept for the next.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearTimeout(deadline);
      clearInterval(sweep);
      void ((app.get('notifications') as NotificationService | null)?.close() ?? Promise.resolve())
        .then(() => db.close())
        .then(() => {
          logger.info('stopped');
          (options.stopped ?? (() => process.exit(0)))();
        });
    });
    if (options.dropConnections) server.closeAllConnections();
    else server.closeIdleConnections();
  };
}
