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
 * | `SECURE_COOKIES` | `0`, `1` (behind an HTTPS proxy; needs `TRUST_PROXY`) | `0` |
 * | `TRUST_PROXY` | `0`; the number of proxies in front (`1`); or their addresses: IPs, CIDR ranges, `loopback`, `uniquelocal`, comma-separated | `0`: the client is whoever connects, `X-Forwarded-*` ignored |
 * | `LOGIN_LIMIT_PER_CLIENT` | failed logins per client address per 15 minutes, 1–100000 | `50` |
 * | `SEED_DEMO` | `0`, `1` | `1`, but `0` with `NODE_ENV=production`, where `1` is refused |
 * | `DB_LOG` | `0`, `1` | `0` |
 * | `LOG_LEVEL` | `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent` (log.ts) | `info` |
 * | `DATABASE_URL`, `DATABASE_POOL_SIZE` | see data-source.ts | SQLite |
 * | `WEB_CONCURRENCY` | see processes.ts | 1 |
 * | `SMTP_*`, `MAIL_FROM`, `APP_URL` | see mail-config.ts | e-mail off |
 * | `LDAP_*` | directory login, see `directorySettings` below and app/accounts/directory.ts | off: local passwords only |
 */
import { MIN_PASSWORD_LENGTH } from '../app/accounts/accounts';
import { readFileSync } from 'fs';
import { z } from 'zod';
import { DatabaseKind, databaseKind, poolSize } from '../persistence/data-source';
import { MailConfig, mailConfigFromEnv } from '../app/notifications/mail-config';
import { appProcesses } from './processes';
import { DEFAULT_DIRECTORY_TIMEOUT_MS, DEFAULT_USER_FILTER, DirectoryConfig, isUserFilter } from '../app/accounts/directory';
import { LOG_LEVELS, LogLevel } from './log';

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
  /** Directory login (LDAP); null: local passwords only. */
  readonly directory: DirectoryConfig | null;
  /** Which proxies in front are believed about the client's address and HTTPS (express's `trust proxy`); false: none. */
  readonly trustProxy: boolean | number | string;
  /** Failed logins per client address per 15 minutes (each login id has its own limit besides). */
  readonly loginLimitPerClient: number;
  /** How much the JSON log on stdout says. */
  readonly logLevel: LogLevel;
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

const TRUST_PROXY_HELP =
  'TRUST_PROXY must be 0, the number of proxies in front (1–10), or their addresses (IP addresses, CIDR ranges, loopback, linklocal, uniquelocal; comma-separated)';

/** `0` → false; `1`–`10` → hops; otherwise a list of addresses as express (proxy-addr) reads it. */
const trustProxy = z.string().transform((text, c): boolean | number | string => {
  if (text === '0') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return hops;
  } else {
    const parts = text.split(',').map((p) => p.trim());
    const address = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])]);
    if (parts.every((p) => address.safeParse(p).success)) return parts.join(',');
  }
  c.addIssue({ code: 'custom', message: TRUST_PROXY_HELP });
  return z.NEVER;
});

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
  TRUST_PROXY: z.preprocess(blank, trustProxy.optional()),
  LOGIN_LIMIT_PER_CLIENT: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{1,6}$/, { error: 'LOGIN_LIMIT_PER_CLIENT must be a whole number from 1 to 100000' })
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100_000, { error: 'LOGIN_LIMIT_PER_CLIENT must be a whole number from 1 to 100000' })
      .default(50),
  ),
  DB_LOG: flag('DB_LOG'),
  LOG_LEVEL: z.preprocess(blank, z.enum(LOG_LEVELS, { error: () => `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  SEED_DEMO: z.preprocess(blank, z.enum(['0', '1'], { error: () => 'SEED_DEMO must be 0 or 1' }).optional()),
  DEMO_PASSWORD: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `DEMO_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters` })
    .optional(),
});

/** The settings of `env`; throws ConfigError naming every setting that cannot be used. */
export function serverConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = unknownSettings(env);
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
  const directory = directorySettings(env, problems);
  const production = parsed.data?.NODE_ENV === 'production';
  if (production && parsed.data?.SEED_DEMO === '1') {
    problems.push('SEED_DEMO=1 is refused with NODE_ENV=production: the demo town and its known passwords are never seeded in production');
  }
  if (parsed.data?.SECURE_COOKIES && !parsed.data.TRUST_PROXY) {
    problems.push(
      'SECURE_COOKIES=1 needs TRUST_PROXY: the app serves plain HTTP, so it knows a request came over HTTPS only from a proxy it trusts (without one, no login cookie would ever be sent)',
    );
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
    directory,
    trustProxy: s.TRUST_PROXY ?? false,
    loginLimitPerClient: s.LOGIN_LIMIT_PER_CLIENT,
    logLevel: s.LOG_LEVEL,
  };
}

/**
 * Directory login (LDAP, app/accounts/directory.ts), checked as a group since
 * the settings depend on each other:
 *
 * | variable | values | default |
 * | --- | --- | --- |
 * | `LDAP_URL` | `ldap://host[:port]` or `ldaps://host[:port]` | none: directory login off |
 * | `LDAP_BASE_DN` | the subtree searched for people (required with `LDAP_URL`) | none |
 * | `LDAP_BIND_DN`, `LDAP_BIND_PASSWORD` | the service account that searches (both or neither) | anonymous search |
 * | `LDAP_USER_FILTER` | an LDAP filter with `{login}` (`(sAMAccountName={login})` for AD) | `(uid={login})` |
 * | `LDAP_STAFF_ID_ATTRIBUTE` | the attribute holding the staff id (`employeeNumber`) | none: the login id is the app's login id |
 * | `LDAP_STARTTLS` | `0`, `1` (for `ldap://`) | `0` |
 * | `LDAP_CA_FILE` | a PEM file of the CA to trust (with `ldaps://` or STARTTLS) | the system's CAs |
 * | `LDAP_TIMEOUT_MS` | 100–120000, for the connection and each operation | 5000 |
 *
 * Any other LDAP_* without `LDAP_URL` is a problem too: a mistyped URL
 * variable must not turn directory login off unnoticed.
 */
function directorySettings(env: NodeJS.ProcessEnv, problems: string[]): DirectoryConfig | null {
  const parsed = ldapSchema.safeParse(env);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
  const given = (name: string) => blank(env[name]) !== undefined;
  if (!given('LDAP_URL')) {
    const stray = LDAP_SETTINGS.filter(given);
    if (stray.length)
      problems.push(
        `LDAP_URL is not set, but ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'}: set LDAP_URL for directory login, or remove them`,
      );
    return null;
  }
  const before = problems.length;
  const secure = /^\s*ldaps:/i.test(env.LDAP_URL ?? '');
  const startTls = blank(env.LDAP_STARTTLS) === '1';
  if (!given('LDAP_BASE_DN'))
    problems.push('LDAP_BASE_DN is required with LDAP_URL: the subtree searched for people (such as ou=people,dc=town,dc=example,dc=jp)');
  if (given('LDAP_BIND_DN') && !env.LDAP_BIND_PASSWORD)
    problems.push('LDAP_BIND_PASSWORD is required with LDAP_BIND_DN (the service account that searches)');
  if (!given('LDAP_BIND_DN') && env.LDAP_BIND_PASSWORD) problems.push('LDAP_BIND_PASSWORD is set but LDAP_BIND_DN is not');
  if (secure && startTls) problems.push('LDAP_STARTTLS=1 is for ldap:// URLs: ldaps:// is TLS from the start');
  const ca = given('LDAP_CA_FILE') ? caFile(blank(env.LDAP_CA_FILE) as string, problems) : null;
  if (ca !== null && !secure && !startTls) problems.push('LDAP_CA_FILE is used only with ldaps:// or LDAP_STARTTLS=1');
  if (!parsed.success || problems.length > before) return null;
  const s = parsed.data;
  const url = new URL(s.LDAP_URL!);
  return {
    url: `${url.protocol}//${url.host}`,
    baseDn: s.LDAP_BASE_DN!,
    bind: s.LDAP_BIND_DN ? { dn: s.LDAP_BIND_DN, password: s.LDAP_BIND_PASSWORD! } : null,
    userFilter: s.LDAP_USER_FILTER,
    staffIdAttribute: s.LDAP_STAFF_ID_ATTRIBUTE ?? null,
    startTls: s.LDAP_STARTTLS,
    ca,
    timeoutMs: s.LDAP_TIMEOUT_MS,
  };
}

const LDAP_SETTINGS = [
  'LDAP_BASE_DN',
  'LDAP_BIND_DN',
  'LDAP_BIND_PASSWORD',
  'LDAP_USER_FILTER',
  'LDAP_STAFF_ID_ATTRIBUTE',
  'LDAP_STARTTLS',
  'LDAP_CA_FILE',
  'LDAP_TIMEOUT_MS',
];

/** `ldap://host[:port]` or `ldaps://host[:port]`, nothing more. */
function isLdapUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (
      (u.protocol === 'ldap:' || u.protocol === 'ldaps:') && !!u.hostname && /^\/?$/.test(u.pathname) && !u.search && !u.hash && !u.username
    );
  } catch {
    return false;
  }
}

/** A DN as written in the settings: `attribute=value`, comma-separated, on one line. */
const DN = /^[A-Za-z0-9.-]+=[^\r\n]+$/;
/** An attribute name or OID. */
const ATTRIBUTE = /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)$/;
const TIMEOUT_HELP = 'LDAP_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000';

const ldapSchema = z.object({
  LDAP_URL: z.preprocess(
    blank,
    z
      .string()
      .refine(isLdapUrl, { error: 'LDAP_URL must be ldap://host[:port] or ldaps://host[:port] (nothing after the port)' })
      .optional(),
  ),
  LDAP_BASE_DN: z.preprocess(
    blank,
    z.string().regex(DN, { error: 'LDAP_BASE_DN must be a DN such as ou=people,dc=town,dc=example,dc=jp' }).optional(),
  ),
  LDAP_BIND_DN: z.preprocess(
    blank,
    z.string().regex(DN, { error: 'LDAP_BIND_DN must be a DN such as cn=rotation,ou=services,dc=town,dc=example,dc=jp' }).optional(),
  ),
  // Not trimmed: a password may begin or end with a space. Never part of a message.
  LDAP_BIND_PASSWORD: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  LDAP_USER_FILTER: z.preprocess(
    blank,
    z
      .string()
      .refine(isUserFilter, {
        error:
          'LDAP_USER_FILTER must be an LDAP filter with {login} where the login id goes, such as (uid={login}) or (sAMAccountName={login})',
      })
      .default(DEFAULT_USER_FILTER),
  ),
  LDAP_STAFF_ID_ATTRIBUTE: z.preprocess(
    blank,
    z.string().regex(ATTRIBUTE, { error: 'LDAP_STAFF_ID_ATTRIBUTE must be one attribute name, such as employeeNumber' }).optional(),
  ),
  LDAP_STARTTLS: flag('LDAP_STARTTLS'),
  LDAP_CA_FILE: z.preprocess(blank, z.string().optional()),
  LDAP_TIMEOUT_MS: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{1,6}$/, { error: TIMEOUT_HELP })
      .transform(Number)
      .refine((n) => n >= 100 && n <= 120_000, { error: TIMEOUT_HELP })
      .default(DEFAULT_DIRECTORY_TIMEOUT_MS),
  ),
});

/** The PEM text of LDAP_CA_FILE, or null with a problem. */
function caFile(file: string, problems: string[]): string | null {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`LDAP_CA_FILE cannot be read (${(e as { code?: string }).code ?? 'error'}): ${file}`);
    return null;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`LDAP_CA_FILE holds no PEM certificate (-----BEGIN CERTIFICATE-----): ${file}`);
    return null;
  }
  return pem;
}

/** Every variable the app reads, for the check of names below. */
const SETTINGS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'SECURE_COOKIES',
  'TRUST_PROXY',
  'LOGIN_LIMIT_PER_CLIENT',
  'SEED_DEMO',
  'DEMO_PASSWORD',
  'DB_LOG',
  'LOG_LEVEL',
  'DATABASE_URL',
  'DATABASE_POOL_SIZE',
  'SQLITE_FILE',
  'WEB_CONCURRENCY',
  'SMTP_URL',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMTP_SECURE',
  'SMTP_USER',
  'SMTP_PASSWORD',
  'MAIL_FROM',
  'APP_URL',
  'LDAP_URL',
  ...LDAP_SETTINGS,
  'ROTATION_MAX_INPUT_BYTES',
];

/** Beginnings only this app's settings have: a variable that starts so and is not one is a typo. */
const SETTING_PREFIXES = [
  'LDAP_',
  'SMTP_',
  'MAIL_',
  'DATABASE_',
  'SQLITE_',
  'LOGIN_',
  'SEED_',
  'DEMO_',
  'SECURE_',
  'TRUST_',
  'LOG_',
  'DB_',
  'ROTATION_',
];

/**
 * A misspelt setting name (`SECURE_COOKIE`, `DATABASE_URI`, `LDAP_BASEDN`, or
 * a setting in lower case) would otherwise be ignored and leave its default
 * in force: each is named, with the setting it is closest to.
 */
function unknownSettings(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(SETTINGS);
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (known.has(name)) continue;
    const upper = name.toUpperCase();
    if (known.has(upper)) problems.push(`${name} is not a setting: settings are in capitals (${upper})`);
    else if (SETTING_PREFIXES.some((p) => upper.startsWith(p)) && name === upper) {
      const near = SETTINGS.map((s) => [s, editDistance(s, name)] as const)
        .filter(([, d]) => d <= 3)
        .sort((a, b) => a[1] - b[1])[0];
      problems.push(`${name} is not a setting of this app${near ? ` (did you mean ${near[0]}?)` : ''}`);
    }
  }
  return problems;
}

/** Levenshtein distance (names of a few dozen letters). */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
