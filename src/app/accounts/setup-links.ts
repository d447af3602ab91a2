/**
 * One-time links that let a person set their own password (ログイン用リンク),
 * so that no page ever shows a password. HR issues a link for one person from
 * their staff page; the person opens it, chooses a password and is logged in.
 *
 * - The token is random (newSecret) and only its SHA-256 is stored: the
 *   database alone opens no account.
 * - A link works once, for SETUP_LINK_DAYS; issuing a new one replaces the
 *   account's earlier link, ends its sessions and renews its calendar URL
 *   (endOtherSessions).
 * - An account made by the staff form or the CSV import, or one HR has issued
 *   a link for, has no usable password (NO_PASSWORD) until the link is used:
 *   a password HR has seen or chosen is never left to log in with.
 */
import { createHash } from 'crypto';
import { EntityManager, LessThan } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, SetupLinkEntity, StaffEntity } from '../../persistence/entities';
import { AppError, invalid, notFound } from '../errors';
import { endOtherSessions, hashPassword, MIN_PASSWORD_LENGTH, newSecret } from './accounts';
import { Actor, assertHr } from './actor';
import { audit } from './audit';

/**
 * The stored password hash of an account that cannot log in with a password:
 * not an argon2 hash, so verify() throws on it, and authenticate() and
 * changePassword() (which catch that as a failed check) never accept any password.
 */
export const NO_PASSWORD = '!';

export const SETUP_LINK_DAYS = 7;

/** Tokens are 24 random bytes in base64url (newSecret); anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

export const hasPassword = (passwordHash: string): boolean => passwordHash !== NO_PASSWORD;

/** The path of a link inside the app; the page builds the full address (APP_URL, else the request's host). */
export const setupPath = (token: string): string => `/setup/${token}`;

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedLink {
  /** Shown once, to HR, for this one person; only its hash is stored. */
  readonly token: string;
  readonly expiresAt: string;
  readonly staffId: string;
  readonly name: string;
  readonly loginId: string;
  readonly email: string | null;
  /** Sessions of the account that were ended. */
  readonly sessionsEnded: number;
}

/**
 * A new one-time link for one person (ログイン用リンクの発行): their earlier
 * link and their password stop working, and their sessions end.
 */
export async function issueSetupLink(db: Database, actor: Actor, staffId: string, now: Date = new Date()): Promise<IssuedLink> {
  assertHr(actor);
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_DAYS * 24 * 60 * 60 * 1000).toISOString();
  return db.write(
    async (m) => {
      const staff = await m.findOneBy(StaffEntity, { id: staffId });
      const account = staff && (await m.findOneBy(AccountEntity, { staffId }));
      if (!staff || !account) throw notFound('この職員のアカウントは登録されていません。');
      if (!staff.active)
        throw invalid('ログイン用リンクを発行できませんでした。', [
          `${staff.name} さんは在職でないため、ログインできません（職員の情報で「在職中」にしてから発行してください）。`,
        ]);
      // The account's earlier link, and links nobody used in time, go.
      await m.delete(SetupLinkEntity, { accountId: account.id });
      await m.delete(SetupLinkEntity, { expiresAt: LessThan(now.toISOString()) });
      await m.insert(SetupLinkEntity, {
        accountId: account.id,
        tokenHash: tokenHash(token),
        expiresAt,
        createdBy: actor.loginId,
        createdAt: now.toISOString(),
      });
      await m.update(AccountEntity, { id: account.id }, { passwordHash: NO_PASSWORD });
      await audit(m, actor.loginId, 'setup-link-issue', 'account', account.loginId, null, { expiresAt });
      const sessionsEnded = await endOtherSessions(m, actor, account, 'setup-link');
      return { token, expiresAt, staffId, name: staff.name, loginId: account.loginId, email: staff.email, sessionsEnded };
    },
    ['staff'],
  );
}

/** The state of a person's login, for their staff page. */
export interface LoginState {
  readonly passwordSet: boolean;
  /** When the link issued last expires; null: none waiting to be used. */
  readonly linkExpiresAt: string | null;
}

export async function loginStateOf(
  m: EntityManager,
  account: Pick<AccountEntity, 'id' | 'passwordHash'>,
  now: Date = new Date(),
): Promise<LoginState> {
  const link = await m.findOneBy(SetupLinkEntity, { accountId: account.id });
  return {
    passwordSet: hasPassword(account.passwordHash),
    linkExpiresAt: link && link.expiresAt > now.toISOString() ? link.expiresAt : null,
  };
}

/** Whose link a token is, while it can still be used; null for an unknown, used, replaced, expired or malformed one. */
export async function setupLinkOwner(
  m: EntityManager,
  token: string,
  now: Date = new Date(),
): Promise<{ readonly loginId: string; readonly name: string; readonly expiresAt: string } | null> {
  const found = await findLink(m, token, now);
  return found && { loginId: found.account.loginId, name: found.staff.name, expiresAt: found.link.expiresAt };
}

async function findLink(m: EntityManager, token: string, now: Date) {
  if (!TOKEN.test(token)) return null;
  const link = await m.findOneBy(SetupLinkEntity, { tokenHash: tokenHash(token) });
  if (!link || link.expiresAt <= now.toISOString()) return null;
  const account = await m.findOneBy(AccountEntity, { id: link.accountId });
  const staff = account && (await m.findOneBy(StaffEntity, { id: account.staffId }));
  return account && staff?.active ? { link, account, staff } : null;
}

/** The page for a link that cannot be used (404): it says what to do, never why exactly. */
export const linkGone = (): AppError =>
  notFound(
    'このリンクは使えません。有効期限（発行から7日）が過ぎたか、すでに使われたか、新しいリンクが発行されています。人事課に新しいログイン用リンクの発行を依頼してください。',
  );

/**
 * The person sets their password through the link: it is used up, and the
 * account can log in with the new password. Returns the account to log in.
 */
export async function useSetupLink(
  db: Database,
  token: string,
  password: string,
  confirm: string,
  now: Date = new Date(),
): Promise<{ readonly accountId: number; readonly loginId: string }> {
  if (!(await findLink(db.manager, token, now))) throw linkGone();
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`「新しいパスワード」は${MIN_PASSWORD_LENGTH}文字以上にしてください。`);
  if (password !== confirm) problems.push('「新しいパスワード」と「新しいパスワード（確認）」が一致しません。');
  if (problems.length) throw invalid('パスワードを設定できませんでした。', problems);
  // Hashed before the transaction: argon2 is slow on purpose.
  const passwordHash = await hashPassword(password);
  return db.write(
    async (m) => {
      const found = await findLink(m, token, now);
      if (!found) throw linkGone();
      // Used once: of two requests with the same link, only the one that deletes it goes on.
      const used = await m.delete(SetupLinkEntity, { id: found.link.id, tokenHash: found.link.tokenHash });
      if (used.affected !== 1) throw linkGone();
      await m.update(AccountEntity, { id: found.account.id }, { passwordHash });
      await audit(m, found.account.loginId, 'setup-link-use', 'account', found.account.loginId, null, null);
      return { accountId: found.account.id, loginId: found.account.loginId };
    },
    ['staff'],
  );
}
