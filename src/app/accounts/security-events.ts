/**
 * Security events in the audit log, beside the changes it already records:
 * logins, failed logins, locks, and exports of personal data (CSV and the
 * calendar feed). A failed login names the account only when the id is one
 * (an unknown id may be a password typed into the wrong field, so it is
 * never stored); the client address is kept, as the proxy reported it when
 * TRUST_PROXY says to believe the proxy.
 */
import type { EntityManager } from 'typeorm';
import type { Database } from '../../persistence/database';
import { AccountEntity, AuditEntity } from '../../persistence/entities';
import type { Actor } from './actor';
import { audit } from './audit';

/** Who the audit row names when a login id is not an account. */
export const UNKNOWN_LOGIN = '（登録のないID）';

/** How a person proved who they are. */
export type LoginMethod = 'password' | 'directory' | 'setup-link';

export async function recordLogin(db: Database, actor: Actor, client: string, method: LoginMethod): Promise<void> {
  await db.write((m) => audit(m, actor.loginId, 'login', 'account', actor.loginId, null, { client, method }));
}

/** A refused password (and the lock it caused, if it did). */
export async function recordLoginFailure(
  db: Database,
  loginId: string,
  client: string,
  outcome: { readonly locked: boolean; readonly lockedUntil: number; readonly failures: number },
): Promise<void> {
  await db.write(async (m) => {
    const who = await knownLogin(m, loginId);
    await audit(m, who, 'login-failed', 'account', who, null, { client, failures: outcome.failures });
    if (outcome.locked) {
      await audit(m, who, 'login-lock', 'account', who, null, { client, until: new Date(outcome.lockedUntil).toISOString() });
    }
  });
}

/** The id as stored, when it is an account's; UNKNOWN_LOGIN otherwise. */
async function knownLogin(m: EntityManager, loginId: string): Promise<string> {
  const account = loginId.length <= 64 ? await m.findOneBy(AccountEntity, { loginId }) : null;
  return account?.loginId ?? UNKNOWN_LOGIN;
}

/** What kind of personal data left the app. */
export type ExportKind = 'staff-csv' | 'week-csv' | 'study-csv' | 'tally-csv';

/** A CSV of personal data was downloaded: by whom, and which (`subject`: the division and week, the organisation, a simulation). */
export async function recordExport(db: Database, actor: Actor, kind: ExportKind, subject: string): Promise<void> {
  await db.write((m) => audit(m, actor.loginId, 'export-csv', kind, subject, null, null));
}

/**
 * A calendar program read a person's feed. Calendar programs ask every few
 * minutes to hours, so one row per feed per day says who reads it without
 * filling the log; the first read of a day (Tokyo time) writes it.
 */
export async function recordFeedRead(db: Database, loginId: string, client: string, day: string): Promise<void> {
  const entityId = `${loginId}:${day}`;
  await db.write(
    async (m) => {
      if (await m.existsBy(AuditEntity, { action: 'ical-feed', entity: 'calendar', entityId })) return;
      await audit(m, loginId, 'ical-feed', 'calendar', entityId, null, { client });
    },
    [`ical-feed:${entityId}`],
  );
}
