/**
 * Directory login (LDAP: Active Directory or OpenLDAP). The directory only
 * proves the password; what a person may do stays in the app (the account's
 * role, set by HR on the staff page).
 *
 * 1. Find the entry: search LDAP_BASE_DN with LDAP_USER_FILTER, the login id
 *    escaped into it (RFC 4515, ldapts' Filter.escape), as the service
 *    account (LDAP_BIND_DN) or anonymously. No entry: not a directory user.
 *    More than one: refused (the filter is ambiguous; no guessing).
 * 2. Check it is usable: AD's "account disabled" bit (userAccountControl
 *    0x2) refuses at once; OpenLDAP locks through ppolicy
 *    (`pwdAccountLockedTime`), which refuses the bind below.
 * 3. Prove the password: bind as the entry's DN. An empty password is never
 *    sent: most servers take it as an unauthenticated bind and say yes.
 * 4. Find the account: the entry's LDAP_STAFF_ID_ATTRIBUTE is the account's
 *    staff id; without that setting the login id is the account's login id.
 *    No active account in the app: refused, like a wrong password.
 *
 * Precedence while LDAP_URL is set:
 * - a login id the directory knows is checked there only, never against the
 *   account's local password (it must not be a back door); the first
 *   directory login replaces that local password by DIRECTORY_PASSWORD_HASH,
 *   which no password matches, so it stays shut while the directory is down;
 * - a login id the directory does not know falls back to the local password
 *   (the first HR account, created in the app), unless the account's staff
 *   id is the LDAP_STAFF_ID_ATTRIBUTE of a directory entry (then the person
 *   logs in with their directory login id only);
 * - while the directory cannot be asked (refused, timed out, TLS failed, the
 *   service account refused), local passwords still work and every other
 *   login gets DirectoryUnavailable (HTTP 503, its message says why).
 *
 * Nothing personal goes into a reason or a log: a reason names the step and
 * the error's code, never a login id, a DN or a password.
 */
import { isIP } from 'net';
import type { ConnectionOptions } from 'tls';
import { Client, Entry, EqualityFilter, Filter, FilterParser, ResultCodeError, SizeLimitExceededError } from 'ldapts';
import { Database } from '../../persistence/database';
import { AccountEntity } from '../../persistence/entities';

/** The directory settings (LDAP_*), checked by src/web/server-config.ts. */
export interface DirectoryConfig {
  /** `ldap://host:389` or `ldaps://host:636`. */
  readonly url: string;
  /** The subtree searched for the person's entry. */
  readonly baseDn: string;
  /** The service account that searches; null: anonymous search. */
  readonly bind: null | { readonly dn: string; readonly password: string };
  /** An LDAP filter with `{login}` where the (escaped) login id goes. */
  readonly userFilter: string;
  /** The attribute holding the app's staff id (`employeeNumber`); null: the login id is the app's login id. */
  readonly staffIdAttribute: string | null;
  /** Upgrade an `ldap://` connection with STARTTLS before anything is sent. */
  readonly startTls: boolean;
  /** PEM certificates to trust for TLS (LDAP_CA_FILE's content); null: the system's. */
  readonly ca: string | null;
  /** Each of connect and every operation. */
  readonly timeoutMs: number;
}

export const DEFAULT_USER_FILTER = '(uid={login})';
export const DEFAULT_DIRECTORY_TIMEOUT_MS = 5000;

/** The directory's answer about one login. */
export type DirectoryCheck =
  /** The password is right: the app's account, by staff id or by login id. */
  | { readonly kind: 'ok'; readonly account: { readonly staffId: string } | { readonly loginId: string } }
  /** The directory knows the person and says no: wrong or empty password, disabled, locked, ambiguous, no staff id. */
  | { readonly kind: 'wrong' }
  /** Not in the directory: the local password decides. */
  | { readonly kind: 'unknown' }
  /** The directory could not be asked; `reason` is for the log. */
  | { readonly kind: 'down'; readonly reason: string };

/** What the login page says, with HTTP 503, while the directory cannot be asked and the local password did not match. */
export const DIRECTORY_DOWN_MESSAGE =
  'ディレクトリ（LDAP）サーバーに接続できないため、ディレクトリのアカウントではログインできません。しばらくしてからもう一度お試しください。続く場合は情報システム担当にご連絡ください。';

/** The directory could not be asked (thrown by authenticate); `reason` names the step and the error code for the log. */
export class DirectoryUnavailable extends Error {
  readonly code = 'directory-unavailable';
  readonly status = 503;
  constructor(readonly reason: string) {
    super(DIRECTORY_DOWN_MESSAGE);
  }
}

/**
 * The local password of an account that has logged in through the
 * directory: not an argon2 hash, so verify() refuses every password. The
 * same value as NO_PASSWORD (setup-links.ts, which imports accounts.ts and
 * so cannot be imported here): HR's pages show the account as having none.
 */
export const DIRECTORY_PASSWORD_HASH = '!';

/** AD's userAccountControl ACCOUNTDISABLE bit. */
const AD_ACCOUNT_DISABLED = 0x2;

/** Asks the directory about a login; `localStaffId` is the staff id of the app's account with this login id, if any. */
export async function directoryAuthenticate(
  config: DirectoryConfig,
  loginId: string,
  password: string,
  localStaffId?: string,
): Promise<DirectoryCheck> {
  // Never sent: an empty password is an unauthenticated bind (RFC 4513 5.1.2), which many servers accept.
  if (!loginId || !password) return { kind: 'wrong' };
  const client = new Client({
    url: config.url,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    // ldapts speaks TLS from the start whenever tlsOptions has a value, ldap:// or not: only for ldaps://.
    ...(config.url.startsWith('ldaps:') ? { tlsOptions: tlsOptions(config) } : {}),
  });
  let step = 'connect';
  try {
    if (config.startTls) {
      step = 'starttls';
      const host = new URL(config.url).hostname.replace(/^\[|\]$/g, '');
      await client.startTLS({ ...tlsOptions(config), host, servername: isIP(host) ? undefined : host });
    }
    if (config.bind) {
      step = 'service-bind';
      await client.bind(config.bind.dn, config.bind.password);
    }
    step = 'search';
    const found = await findOne(
      client,
      config,
      config.userFilter.replaceAll('{login}', () => Filter.escape(loginId)),
    );
    if (found === 'none') {
      // A local account whose staff id belongs to a directory entry is that person's: no local password for it.
      if (!config.staffIdAttribute || localStaffId === undefined) return { kind: 'unknown' };
      const holder = await findOne(client, config, new EqualityFilter({ attribute: config.staffIdAttribute, value: localStaffId }));
      return holder === 'none' ? { kind: 'unknown' } : { kind: 'wrong' };
    }
    if (found === 'many' || disabledInActiveDirectory(found)) return { kind: 'wrong' };
    const staffId = config.staffIdAttribute ? singleValue(found, config.staffIdAttribute) : null;
    if (config.staffIdAttribute && !staffId) return { kind: 'wrong' };
    step = 'user-bind';
    try {
      await client.bind(found.dn, password);
    } catch (e) {
      // The server answered: wrong password, locked (ppolicy), disabled, expired … all refuse the login.
      if (e instanceof ResultCodeError) return { kind: 'wrong' };
      throw e;
    }
    return { kind: 'ok', account: staffId ? { staffId } : { loginId } };
  } catch (e) {
    return { kind: 'down', reason: `${step}: ${describe(e)}` };
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** What authenticate() does after asking the directory. */
export type DirectoryLogin =
  | { readonly kind: 'account'; readonly accountId: number }
  | { readonly kind: 'refused' }
  | { readonly kind: 'local' }
  | { readonly kind: 'down'; readonly reason: string };

/**
 * Directory login for authenticate(): the account to sign in (its last login
 * recorded and its local password shut), a refusal, the local password's
 * turn (not a directory user), or the directory down.
 */
export async function directoryLogin(db: Database, config: DirectoryConfig, loginId: string, password: string): Promise<DirectoryLogin> {
  const local = await db.manager.findOneBy(AccountEntity, { loginId });
  const check = await directoryAuthenticate(config, loginId, password, local?.staffId);
  if (check.kind === 'unknown') return { kind: 'local' };
  if (check.kind === 'wrong') return { kind: 'refused' };
  if (check.kind === 'down') return check;
  const account = await db.manager.findOne(AccountEntity, { where: check.account, relations: { staff: true } });
  if (!account?.staff?.active) return { kind: 'refused' };
  await db.write((m) =>
    m.update(AccountEntity, { id: account.id }, { lastLoginAt: new Date().toISOString(), passwordHash: DIRECTORY_PASSWORD_HASH }),
  );
  return { kind: 'account', accountId: account.id };
}

/** A usable LDAP_USER_FILTER: one filter in parentheses, with `{login}` where the escaped login id goes. */
export function isUserFilter(text: string): boolean {
  if (!text.includes('{login}') || !text.startsWith('(') || !text.endsWith(')')) return false;
  try {
    FilterParser.parseString(text.replaceAll('{login}', 'x'));
    return true;
  } catch {
    return false;
  }
}

/** What the start banner may say about the settings: no DN, no password. */
export function describeDirectoryConfig(config: DirectoryConfig | null): string {
  if (!config) return 'off (LDAP_URL not set: local passwords only)';
  const url = new URL(config.url);
  const tls = url.protocol === 'ldaps:' ? 'TLS' : config.startTls ? 'STARTTLS' : 'no TLS: passwords cross the network in clear';
  const who = config.bind ? 'service account' : 'anonymous search';
  const maps = config.staffIdAttribute ? `staff id from ${config.staffIdAttribute}` : 'login id = app login id';
  return `${url.protocol}//${url.host} (${tls}, ${who}, ${config.userFilter}, ${maps})`;
}

function tlsOptions(config: DirectoryConfig): ConnectionOptions {
  return config.ca ? { ca: config.ca } : {};
}

/** The one entry a filter finds under the base DN, 'none', or 'many'. */
async function findOne(client: Client, config: DirectoryConfig, filter: string | Filter): Promise<Entry | 'none' | 'many'> {
  const attributes = ['userAccountControl', ...(config.staffIdAttribute ? [config.staffIdAttribute] : [])];
  try {
    const { searchEntries } = await client.search(config.baseDn, { scope: 'sub', filter, attributes, sizeLimit: 2 });
    return searchEntries.length === 0 ? 'none' : searchEntries.length === 1 ? searchEntries[0] : 'many';
  } catch (e) {
    if (e instanceof SizeLimitExceededError) return 'many';
    throw e;
  }
}

/** An attribute's values, whatever case the server wrote its name in. */
function valuesOf(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k !== 'dn' && k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? [] : entry[key];
  return (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v).trim()).filter((v) => v);
}

/** The attribute's one value; none or several different ones: null. */
function singleValue(entry: Entry, attribute: string): string | null {
  const values = [...new Set(valuesOf(entry, attribute))];
  return values.length === 1 ? values[0] : null;
}

function disabledInActiveDirectory(entry: Entry): boolean {
  const flags = singleValue(entry, 'userAccountControl');
  return flags !== null && /^\d+$/.test(flags) && (Number(flags) & AD_ACCOUNT_DISABLED) !== 0;
}

/** The error's code (ECONNREFUSED, a TLS code, an LDAP result): never its text, which may quote a DN. */
function describe(e: unknown): string {
  if (e instanceof ResultCodeError) return `LDAP result ${e.code} (${e.name})`;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  if (e instanceof Error && /time(d)? ?out/i.test(e.message)) return 'timed out';
  return e instanceof Error ? e.name : 'unknown error';
}
