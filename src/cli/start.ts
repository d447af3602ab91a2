/**
 * `npm start`: connect to the database (SQLite under data/ unless
 * DATABASE_URL names PostgreSQL), bring the schema up to date, seed the demo
 * town into an empty database, and serve the app with its notifications
 * (e-mail when SMTP_URL or SMTP_HOST is set, see mail-config.ts).
 */
import 'reflect-metadata';
import { AddressInfo } from 'net';
import { DEFAULT_DEMO_PASSWORD, DEMO_PASSWORD_ENV, seedDemoTown } from '../app/demo/seed';
import { sessionSecret } from '../app/accounts/secrets';
import { systemClock } from '../app/calendar';
import { Database } from '../persistence/database';
import { createApp } from '../web/app';
import type { SimulationRunner } from '../app/simulation/runs';
import { describeMailConfig, MailConfigError, mailConfigFromEnv } from '../app/notifications/mail-config';
import type { NotificationService } from '../app/notifications/background';

async function main(): Promise<void> {
  // A mail setting that cannot be used stops the start, before anything else (it never shows a password).
  const mail = mailConfigFromEnv();
  const db = await Database.open();
  const seed = process.env.SEED_DEMO === '0' ? null : await seedDemoTown(db, systemClock());
  const app = createApp({
    db,
    sessionSecret: await sessionSecret(db),
    secureCookies: process.env.SECURE_COOKIES === '1',
    notifications: { mail },
  });
  const port = Number(process.env.PORT ?? 3000);
  const server = app.listen(port, () => {
    const actual = (server.address() as AddressInfo).port;
    console.log(`テレワーク輪番表: http://localhost:${actual}/  (database: ${db.kind})`);
    console.log(`e-mail notifications: ${describeMailConfig(mail)}`);
    if (seed) {
      if (seed.seeded) console.log(`demo town seeded: ${seed.staff} staff, requests for ${seed.weeks.join(', ')}`);
      const password = process.env[DEMO_PASSWORD_ENV] ? `(${DEMO_PASSWORD_ENV})` : DEFAULT_DEMO_PASSWORD;
      console.log(`demo accounts (password ${password}):`);
      for (const a of seed.accounts) console.log(`  ${a.loginId.padEnd(12)} ${a.role} — ${a.who}`);
    }
  });
  const stop = () => {
    (app.get('simulations') as SimulationRunner).close();
    server.close(
      () =>
        void (app.get('notifications') as NotificationService)
          .close()
          .then(() => db.close())
          .then(() => process.exit(0)),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof MailConfigError ? `e-mail settings: ${err.message}` : err);
  process.exit(1);
});
