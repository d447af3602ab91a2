/**
 * How the app reaches the town hall's mail server, read from the environment:
 *
 * - `SMTP_URL=smtp://user:password@host:587` (STARTTLS when the server offers
 *   it) or `smtps://…:465` (TLS from the start); user and password are
 *   percent-encoded in the URL; or, instead of the URL,
 * - `SMTP_HOST`, `SMTP_PORT` (default 587; 465 means TLS from the start),
 *   `SMTP_USER`, `SMTP_PASSWORD`, `SMTP_SECURE=1` (TLS from the start);
 * - `MAIL_FROM` (required with either): the sender, `"テレワーク輪番表" <rotation@town.example.lg.jp>`;
 * - `APP_URL` (optional): the app's address for the links in the mails,
 *   `https://rotation.town.example.lg.jp`; without it a mail says where to look.
 *
 * Neither `SMTP_URL` nor `SMTP_HOST`: e-mail is off (notifications stay in
 * the app). A setting that cannot be used is an error naming the variable,
 * never its password.
 */

export interface MailConfig {
  readonly host: string;
  readonly port: number;
  /** TLS from the start (465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly auth: null | { readonly user: string; readonly pass: string };
  readonly from: string;
  /** `https://rotation.example.lg.jp`, without a trailing slash; null: no links in the mails. */
  readonly appUrl: string | null;
}

export class MailConfigError extends Error {}

/** The mail settings of the environment, null when e-mail is off; throws MailConfigError for a setting that cannot be used. */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const url = value(env.SMTP_URL);
  const host = value(env.SMTP_HOST);
  if (!url && !host) return null;
  const server = url ? fromUrl(url) : fromParts(host!, env);
  const from = value(env.MAIL_FROM);
  if (!from) throw new MailConfigError('MAIL_FROM is required when SMTP is configured (the sender of the notification mails).');
  if (/[\r\n]/.test(from)) throw new MailConfigError('MAIL_FROM must be one line.');
  return { ...server, from, appUrl: appUrlOf(value(env.APP_URL)) };
}

/** What the log may say about the settings: no user, no password. */
export function describeMailConfig(config: MailConfig | null): string {
  if (!config) return 'off (SMTP_URL / SMTP_HOST not set: notifications stay in the app)';
  const tls = config.secure ? 'TLS' : 'STARTTLS if offered';
  return `SMTP ${config.host}:${config.port} (${tls}${config.auth ? ', with login' : ''}), from ${config.from}${config.appUrl ? `, links to ${config.appUrl}` : ', no APP_URL: no links'}`;
}

function value(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t ? t : undefined;
}

type Server = Pick<MailConfig, 'host' | 'port' | 'secure' | 'auth'>;

function fromUrl(text: string): Server {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text may hold a password: it is not repeated.
    throw new MailConfigError('SMTP_URL is not a URL (expected smtp://user:password@host:587 or smtps://user:password@host:465).');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new MailConfigError(`SMTP_URL must start with smtp:// or smtps:// (not ${url.protocol}//).`);
  if (!url.hostname) throw new MailConfigError('SMTP_URL has no host.');
  const secure = url.protocol === 'smtps:';
  const port = url.port ? portOf(url.port, 'SMTP_URL') : secure ? 465 : 587;
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new MailConfigError('SMTP_URL: the user or password is not correctly percent-encoded.');
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, secure, auth: user ? { user, pass } : null };
}

function fromParts(host: string, env: NodeJS.ProcessEnv): Server {
  if (/[\s/]/.test(host)) throw new MailConfigError('SMTP_HOST must be a host name or address, without spaces or a path.');
  const portText = value(env.SMTP_PORT);
  const secureText = value(env.SMTP_SECURE)?.toLowerCase();
  if (secureText !== undefined && !['1', '0', 'true', 'false', 'yes', 'no'].includes(secureText))
    throw new MailConfigError('SMTP_SECURE must be 1 or 0 (true or false).');
  const port = portText ? portOf(portText, 'SMTP_PORT') : secureText && ['1', 'true', 'yes'].includes(secureText) ? 465 : 587;
  const secure = secureText === undefined ? port === 465 : ['1', 'true', 'yes'].includes(secureText);
  const user = value(env.SMTP_USER);
  const pass = env.SMTP_PASSWORD ?? '';
  if (!user && pass) throw new MailConfigError('SMTP_PASSWORD is set but SMTP_USER is not.');
  return { host, port, secure, auth: user ? { user, pass } : null };
}

function portOf(text: string, name: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new MailConfigError(`${name}: the port must be a number from 1 to 65535.`);
  return n;
}

/**
 * `APP_URL` alone, with or without e-mail (the one-time login links are
 * built from it): null when unset; throws MailConfigError when unusable.
 */
export function appUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  return appUrlOf(value(env.APP_URL));
}

function appUrlOf(text: string | undefined): string | null {
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MailConfigError('APP_URL is not a URL (expected https://rotation.example.lg.jp).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new MailConfigError('APP_URL must start with https:// or http://.');
  if (url.username || url.password || url.search || url.hash)
    throw new MailConfigError('APP_URL must be a plain address (no login, query or #).');
  return url.toString().replace(/\/+$/, '');
}
