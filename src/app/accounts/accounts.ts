/** Accounts: password check (argon2id, memory-hard), the acting person, feed secrets. */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'crypto';
import { EntityManager, Not } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, NotificationEntity, SessionEntity, StaffEntity } from '../../persistence/entities';
import { Actor } from './actor';
import { audit } from './audit';
import { DirectoryConfig, DirectoryUnavailable, directoryLogin } from './directory';
import { invalid } from '../errors';

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** Compared against when the login id does not exist, so both paths take as long. */
let dummyHash: Promise<string> | null = null;

export async function authenticate(
  db: Database,
  loginId: string,
  password: string,
  directory: DirectoryConfig | null = null,
): Promise<Actor | null> {
  return (await authenticateBy(db, loginId, password, directory))?.actor ?? null;
}

/** `authenticate`, saying how the person proved who they are (the audit log's login event). */
export async function authenticateBy(
  db: Database,
  loginId: string,
  password: string,
  directory: DirectoryConfig | null = null,
): Promise<{ actor: Actor; method: 'password' | 'directory' } | null> {
  // ── Directory login (LDAP): see directory.ts for the precedence. ──
  if (directory) {
    const viaDirectory = await directoryLogin(db, directory, loginId, password);
    if (viaDirectory.kind === 'account') {
      const actor = await actorOf(db.manager, viaDirectory.accountId);
      return actor && { actor, method: 'directory' };
    }
    if (viaDirectory.kind === 'refused') return null;
    // Directory down: local passwords still work; any other login is told why it cannot be checked (HTTP 503).
    if (viaDirectory.kind === 'down') {
      const local = await authenticateBy(db, loginId, password);
      if (local) return local;
      throw new DirectoryUnavailable(viaDirectory.reason);
    }
  }
  // ── end of directory login: not a directory user, the local password decides. ──
  const account = await db.manager.findOneBy(AccountEntity, { loginId });
  // No account, or one without a password (a login link not used yet, a directory person): the same
  // argon2 work as a wrong password, so the time taken does not tell which ids exist.
  if (!account || !account.passwordHash.startsWith('$argon2')) {
    dummyHash ??= hash(newSecret());
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const ok = await verify(account.passwordHash, password).catch(() => false);
  if (!ok) return null;
  await db.write((m) => m.update(AccountEntity, { id: account.id }, { lastLoginAt: new Date().toISOString() }));
  const actor = await actorOf(db.manager, account.id);
  return actor && { actor, method: 'password' };
}

export async function actorOf(m: EntityManager, accountId: number): Promise<Actor | null> {
  return (await signedIn(m, accountId))?.actor ?? null;
}

/**
 * Who a session belongs to, with their unread notifications (the badge in
 * every page's header) and mail settings: one query, since every request asks it.
 */
/** The logged-in person's own staff row, as far as their pages need it. */
export type SignedInPerson = Pick<StaffEntity, 'id' | 'jobType' | 'maxTeleworkDays'>;

export async function signedIn(
  m: EntityManager,
  accountId: number,
): Promise<{
  actor: Actor;
  unread: number;
  /** The person's e-mail address and choice (the notification settings on /me). */
  mail: { email: string | null; emailNotifications: boolean };
  /** What the staff pages need of the person, read with the account (one query fewer on /me). */
  person: SignedInPerson;
} | null> {
  const { entities, raw } = await m
    .createQueryBuilder(AccountEntity, 'a')
    .innerJoinAndSelect('a.staff', 's')
    .addSelect((q) => q.select('COUNT(*)').from(NotificationEntity, 'n').where('n.staffId = s.id').andWhere('n.readAt IS NULL'), 'unread')
    .where('a.id = :accountId', { accountId })
    .getRawAndEntities<{ unread: number | string }>();
  const account = entities[0];
  const staff = account?.staff;
  if (!account || !staff || !staff.active) return null;
  return {
    actor: {
      accountId: account.id,
      loginId: account.loginId,
      role: account.role,
      staffId: staff.id,
      name: staff.name,
      divisionId: staff.divisionId,
    },
    unread: Number(raw[0]?.unread ?? 0),
    mail: { email: staff.email, emailNotifications: account.emailNotifications },
    person: { id: staff.id, jobType: staff.jobType, maxTeleworkDays: staff.maxTeleworkDays },
  };
}

export async function changePassword(db: Database, actor: Actor, current: string, next: string, confirm: string): Promise<void> {
  const problems: string[] = [];
  if (next.length < MIN_PASSWORD_LENGTH) problems.push(`新しいパスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`);
  if (next !== confirm) problems.push('新しいパスワードと確認用のパスワードが一致しません。');
  const account = await db.manager.findOneByOrFail(AccountEntity, { id: actor.accountId });
  if (!(await verify(account.passwordHash, current).catch(() => false))) problems.push('現在のパスワードが正しくありません。');
  if (problems.length) throw invalid('パスワードを変更できませんでした。', problems);
  const passwordHash = await hashPassword(next);
  await db.write(async (m) => {
    await m.update(AccountEntity, { id: account.id }, { passwordHash });
    await audit(m, actor.loginId, 'change-password', 'account', actor.loginId, null, null);
    await endOtherSessions(m, actor, account, 'change-password');
  });
}

/** Why an account's other sessions were ended (the audit row's `after.reason`). */
export type SessionEndReason = 'change-password' | 'setup-link' | 'role' | 'division' | 'inactive';

const SESSION_END_REASONS: Readonly<Record<SessionEndReason, string>> = {
  'change-password': 'パスワードの変更',
  'setup-link': 'ログイン用リンクの発行',
  role: '権限の変更',
  division: '所属課の変更',
  inactive: '退職（在職でなくなった）',
};

/**
 * After a password change or reset, a change of role or division, or when a
 * person is no longer active: every session of the account ends at once,
 * except the acting session itself (one's own password change keeps one
 * logged in), and the calendar feed gets a new secret URL (the old one may
 * be in the hands the change is meant to shut out). Runs inside the change's
 * transaction; audited as `end-sessions`.
 */
export async function endOtherSessions(
  m: EntityManager,
  by: Actor,
  account: Pick<AccountEntity, 'id' | 'loginId'>,
  ...reasons: SessionEndReason[]
): Promise<number> {
  const which = by.sessionId === undefined ? { accountId: account.id } : { accountId: account.id, sid: Not(by.sessionId) };
  const ended = (await m.delete(SessionEntity, which)).affected ?? 0;
  await m.update(AccountEntity, { id: account.id }, { icalToken: newSecret() });
  await audit(m, by.loginId, 'end-sessions', 'account', account.loginId, null, {
    reason: reasons.map((r) => SESSION_END_REASONS[r]).join('・'),
    sessions: ended,
  });
  return ended;
}

/** ログアウト（すべての端末）: every session of the actor's account ends, this one included. */
export async function logOutEverywhere(db: Database, actor: Actor): Promise<number> {
  return db.write(async (m) => {
    const { affected } = await m.delete(SessionEntity, { accountId: actor.accountId });
    await audit(m, actor.loginId, 'logout-everywhere', 'account', actor.loginId, null, { sessions: affected ?? 0 });
    return affected ?? 0;
  });
}

/** A new secret feed URL; the old one stops working. */
export async function resetIcalToken(db: Database, actor: Actor): Promise<string> {
  const icalToken = newSecret();
  await db.write(async (m) => {
    await m.update(AccountEntity, { id: actor.accountId }, { icalToken });
    await audit(m, actor.loginId, 'reset-ical', 'account', actor.loginId, null, null);
  });
  return icalToken;
}

/** The secret token of the actor's calendar feed URL. */
export async function icalTokenOf(m: EntityManager, actor: Actor): Promise<string> {
  return (await m.findOneByOrFail(AccountEntity, { id: actor.accountId })).icalToken;
}

/** Tokens are 24 random bytes in base64url (newSecret); anything else is not looked up. */
const ICAL_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whose calendar feed a token opens: an active staff member, or null for an unknown, reset or malformed token. */
export async function calendarOwner(m: EntityManager, token: string): Promise<StaffEntity | null> {
  const account = ICAL_TOKEN.test(token) ? await m.findOneBy(AccountEntity, { icalToken: token }) : null;
  const staff = account && (await m.findOneBy(StaffEntity, { id: account.staffId }));
  return staff && staff.active ? staff : null;
}
