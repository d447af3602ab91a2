/**
 * Every setting of `npm start`, read and checked once at start (zod). A value
 * that cannot be used stops the start with one line per setting, naming it
 * (and never a password): a mistyped setting must not leave the app running
 * on a default nobody chose.
 *
 * | variable | values | default |
 * | --- | --- | --- |
 * | `NODE_ENV` | `production`, `development`, `test` | none |
 * | `HOST` | the address to listen on (an IP address or a host name) | `127.0.0.1` |
 * | `PORT` | 0–65535 | 3000 |
 * | `SECURE_COOKIES` | `0`, `1` (behind HTTPS) | `0` |
 * | `SEED_DEMO` | `0`, `1` | `1`, but `0` with `NODE_ENV=production`, where `1` is refused |
 * | `DB_LOG` | `0`, `1` | `0` |
 * | `DATABASE_URL`, `DATABASE_POOL_SIZE` | see data-source.ts | SQLite |
 * | `WEB_CONCURRENCY` | see processes.ts | 1 |
 * | `SMTP_*`, `MAIL_FROM`, `APP_URL` | see mail-config.ts | e-mail off |
 */
import { z } from 'zod';
import { DatabaseKind, databaseKind, poolSize } from '../persistence/data-source';
import { MailConfig, mailConfigFromEnv } from '../app/notifications/mail-config';
import { appProcesses } from './processes';

export interface ServerConfig {
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly secureCookies: boolean;
  /** Seed the demo town into an empty database (never in production). */
  readonly seedDemo: boolean;
  readonly database: DatabaseKind;
  readonly processes: number;
  readonly mail: MailConfig | null;
}

/** Settings that cannot be used, one message per setting. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** An unset or blank variable is the default. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

const flag = (name: string) =>
  z.preprocess(blank, z.enum(['0', '1'], { error: () => `${name} must be 0 or 1` }).optional()).transform((v) => v === '1');

const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

const schema = z.object({
  NODE_ENV: z.preprocess(
    blank,
    z.enum(['production', 'development', 'test'], { error: () => 'NODE_ENV must be production, development or test' }).optional(),
  ),
  HOST: z.preprocess(
    blank,
    z
      .union([z.ipv4(), z.ipv6(), z.string().regex(HOSTNAME)], {
        error: () => 'HOST must be an IP address or a host name (such as 127.0.0.1 or 0.0.0.0)',
      })
      .default('127.0.0.1'),
  ),
  PORT: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{1,5}$/, { error: 'PORT must be a whole number from 0 to 65535' })
      .transform(Number)
      .refine((n) => n <= 65535, { error: 'PORT must be a whole number from 0 to 65535' })
      .default(3000),
  ),
  SECURE_COOKIES: flag('SECURE_COOKIES'),
  DB_LOG: flag('DB_LOG'),
  SEED_DEMO: z.preprocess(blank, z.enum(['0', '1'], { error: () => 'SEED_DEMO must be 0 or 1' }).optional()),
});

/** The settings of `env`; throws ConfigError naming every setting that cannot be used. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const parsed = schema.safeParse(env);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
  // The settings other modules read, checked here too so that all problems show at once.
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  };
  const database = attempt(() => databaseKind(env));
  if (database === 'postgres') attempt(() => poolSize(env));
  const processes = attempt(() => appProcesses(env));
  const mail = attempt(() => mailConfigFromEnv(env));
  const production = parsed.data?.NODE_ENV === 'production';
  if (production && parsed.data?.SEED_DEMO === '1') {
    problems.push('SEED_DEMO=1 is refused with NODE_ENV=production: the demo town and its known passwords are never seeded in production');
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const s = parsed.data;
  return {
    production,
    host: s.HOST,
    port: s.PORT,
    secureCookies: s.SECURE_COOKIES,
    seedDemo: s.SEED_DEMO === undefined ? !production : s.SEED_DEMO === '1',
    database: database!,
    processes: processes!,
    mail: mail ?? null,
  };
}
