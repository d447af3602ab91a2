/**
 * `npm start`: check every setting (server-config.ts), connect to the
 * database (SQLite under data/ unless DATABASE_URL names PostgreSQL), bring
 * the schema up to date, seed the demo town into an empty database (not in
 * production), and serve the app on HOST:PORT with its notifications (e-mail
 * when SMTP_URL or SMTP_HOST is set, see mail-config.ts), in WEB_CONCURRENCY
 * processes (see web/processes.ts). The banner is for people; requests,
 * errors and the lifecycle (listening, stopping, stopped, an app process that
 * died) go to the JSON log on stdout at LOG_LEVEL (see web/log.ts).
 */
import 'reflect-metadata';
import { AddressInfo } from 'net';
import type { Server } from 'node:http';
import { hostname } from 'os';
import { DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD_ENV, SeedResult, seedDemoTown } from '../app/demo/seed';
import { sessionSecret } from '../app/accounts/secrets';
import { systemClock } from '../app/calendar';
import { Database } from '../persistence/database';
import { createApp } from '../web/app';
import { describeMailConfig } from '../app/notifications/mail-config';
import { describeDirectoryConfig } from '../app/accounts/directory';
import { createLogger, Logger } from '../web/log';
import { isWorker, startWorkers, stopper } from '../web/processes';
import { ConfigError, ServerConfig, serverConfig } from '../web/server-config';

async function main(): Promise<void> {
  // Every setting is checked before anything else: one that cannot be used stops the start (never showing a password).
  const config = serverConfig();
  const logger = createLogger(config.logLevel);
  if (isWorker()) return serve(await Database.open(process.env, { migrate: false }), config, null, logger);
  const db = await Database.open();
  const seed = config.seedDemo ? await seedDemoTown(db, systemClock()) : null;
  if (config.processes === 1) return serve(db, config, seed, logger);
  // The signing key exists before the workers start, so they all read the same one.
  await sessionSecret(db);
  await db.close();
  const workers = startWorkers(config.processes, logger);
  const port = await workers.listening;
  banner(port, db.kind, config, seed);
  logger.info({ host: config.host, port, database: db.kind, processes: config.processes }, 'listening');
}

/** Serves the app in this process until SIGTERM or SIGINT. */
async function serve(db: Database, config: ServerConfig, seed: SeedResult | null, logger: Logger): Promise<void> {
  const app = createApp({
    db,
    sessionSecret: await sessionSecret(db),
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    loginLimit: config.loginLimitPerClient,
    notifications: { mail: config.mail },
    logger,
    directory: config.directory,
  });
  // Resolves once listening; a port that cannot be had (in use, not allowed) stops the start with one line.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => {
      if (err) return reject(err);
      const port = (s.address() as AddressInfo).port;
      if (!isWorker()) banner(port, db.kind, config, seed);
      logger.info({ host: config.host, port, database: db.kind }, 'listening');
      resolve(s);
    });
  }).catch(async (err: unknown) => {
    await db.close();
    throw err;
  });
  const stop = stopper(app, server, db);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Why the server could not listen, by the system's error code. */
const LISTEN_PROBLEMS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'another program already listens there',
  EACCES: 'this user may not listen on that port (ports below 1024 need privileges: use a higher PORT behind the proxy)',
  EADDRNOTAVAIL: 'this machine has no such address',
};

function banner(port: number, kind: string, config: ServerConfig, seed: SeedResult | null): void {
  const many = config.processes > 1 ? `, ${config.processes} processes` : '';
  const loopback = config.host === '127.0.0.1' || config.host === 'localhost' || config.host === '::1';
  const any = config.host === '0.0.0.0' || config.host === '::';
  const where = loopback ? 'localhost' : any ? hostname() : config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`テレワーク輪番表: http://${where}:${port}/  (database: ${kind}${many})`);
  console.log(`e-mail notifications: ${describeMailConfig(config.mail)}`);
  console.log(`directory login (LDAP): ${describeDirectoryConfig(config.directory)}`);
  if (!loopback) console.log(`listening on ${config.host} (HOST): reachable from other machines`);
  if (seed?.accounts.length) {
    if (seed.seeded) console.log(`demo town seeded: ${seed.staff} staff, requests for ${seed.weeks.join(', ')}`);
    const password = process.env[DEMO_PASSWORD_ENV] ? `(${DEMO_PASSWORD_ENV})` : DEFAULT_DEMO_PASSWORD;
    console.log(`demo accounts (password ${password}):`);
    for (const a of seed.accounts) console.log(`  ${a.loginId.padEnd(12)} ${a.role} — ${a.who}`);
  }
}

/** Why a database could not be opened, by the driver's error code (node or PostgreSQL): said without a stack trace. */
const DATABASE_PROBLEMS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers at its address',
  ENOTFOUND: 'its host name is not known',
  ETIMEDOUT: 'it did not answer in time',
  EACCES: 'permission denied',
  SQLITE_CANTOPEN: 'the SQLite file cannot be opened',
  '28P01': 'the password was refused',
  '28000': 'the user was refused',
  '3D000': 'the database does not exist',
};

main().catch((err) => {
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  if (syscall === 'listen' && typeof code === 'string') {
    const config = serverConfig();
    console.error(
      `テレワーク輪番表 did not start: it cannot listen on ${config.host}:${config.port} (${LISTEN_PROBLEMS[code] ?? 'the system refused'}, ${code}). Check HOST and PORT.`,
    );
  } else if (err instanceof ConfigError) {
    console.error('テレワーク輪番表 did not start: a setting cannot be used.');
    for (const line of err.problems) console.error(`  ${line}`);
  } else if (typeof code === 'string' && code in DATABASE_PROBLEMS) {
    console.error(
      `テレワーク輪番表 did not start: the database cannot be used (${DATABASE_PROBLEMS[code]}, ${code}). Check DATABASE_URL or SQLITE_FILE.`,
    );
  } else console.error(err);
  process.exit(1);
});
