/**
 * `npm start`: connect to the database (SQLite under data/ unless
 * DATABASE_URL names PostgreSQL), bring the schema up to date, seed the demo
 * town into an empty database, and serve the app with its notifications
 * (e-mail when SMTP_URL or SMTP_HOST is set, see mail-config.ts), in
 * WEB_CONCURRENCY processes (see web/processes.ts).
 */
import 'reflect-metadata';
import { AddressInfo } from 'net';
import { DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD_ENV, SeedResult, seedDemoTown } from '../app/demo/seed';
import { sessionSecret } from '../app/accounts/secrets';
import { systemClock } from '../app/calendar';
import { Database } from '../persistence/database';
import { createApp } from '../web/app';
import { describeMailConfig, MailConfig, MailConfigError, mailConfigFromEnv } from '../app/notifications/mail-config';
import { appProcesses, isWorker, startWorkers, stopper } from '../web/processes';

async function main(): Promise<void> {
  // A mail setting that cannot be used stops the start, before anything else (it never shows a password).
  const mail = mailConfigFromEnv();
  const processes = appProcesses();
  if (isWorker()) return serve(await Database.open(process.env, { migrate: false }), mail, null);
  const db = await Database.open();
  const seed = process.env.SEED_DEMO === '0' ? null : await seedDemoTown(db, systemClock());
  if (processes === 1) return serve(db, mail, seed);
  // The signing key exists before the workers start, so they all read the same one.
  await sessionSecret(db);
  await db.close();
  const workers = startWorkers(processes);
  const port = await workers.listening;
  banner(port, db.kind, mail, seed, processes);
}

/** Serves the app in this process until SIGTERM or SIGINT. */
async function serve(db: Database, mail: MailConfig | null, seed: SeedResult | null): Promise<void> {
  const app = createApp({
    db,
    sessionSecret: await sessionSecret(db),
    secureCookies: process.env.SECURE_COOKIES === '1',
    notifications: { mail },
  });
  const port = Number(process.env.PORT ?? 3000);
  const server = app.listen(port, () => {
    if (!isWorker()) banner((server.address() as AddressInfo).port, db.kind, mail, seed, 1);
  });
  const stop = stopper(app, server, db);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function banner(port: number, kind: string, mail: MailConfig | null, seed: SeedResult | null, processes: number): void {
  const many = processes > 1 ? `, ${processes} processes` : '';
  console.log(`テレワーク輪番表: http://localhost:${port}/  (database: ${kind}${many})`);
  console.log(`e-mail notifications: ${describeMailConfig(mail)}`);
  if (seed) {
    if (seed.seeded) console.log(`demo town seeded: ${seed.staff} staff, requests for ${seed.weeks.join(', ')}`);
    const password = process.env[DEMO_PASSWORD_ENV] ? `(${DEMO_PASSWORD_ENV})` : DEFAULT_DEMO_PASSWORD;
    console.log(`demo accounts (password ${password}):`);
    for (const a of seed.accounts) console.log(`  ${a.loginId.padEnd(12)} ${a.role} — ${a.who}`);
  }
}

main().catch((err) => {
  console.error(err instanceof MailConfigError ? `e-mail settings: ${err.message}` : err);
  process.exit(1);
});
