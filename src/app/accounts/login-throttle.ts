/**
 * Login throttling per account, besides the limit per client address (the
 * login route's rate limit): behind an office's proxy every user may share
 * one address, so one person's typos must not lock out the others, and an
 * address that rotates must not give unlimited guesses at one account.
 *
 * Per login id (known or not, so that the answer never tells whether an id
 * exists): the first FREE_FAILURES failures cost nothing; after them each
 * attempt must wait a delay that doubles with every failure; at
 * LOCK_AFTER failures the id is locked for LOCK_MS, and every lock in a row
 * lasts twice as long as the one before (up to MAX_LOCK_MS). A success, or a
 * day without attempts, forgets it all. While an id waits or is locked, no
 * password is checked at all.
 *
 * An attempt is counted as failed before its password is checked (and
 * forgiven on success), inside a transaction that holds the id's lock: two
 * attempts sent at once cannot both slip through. The key is a hash of the
 * normalised id, so a password typed into the id field is never stored.
 */
import { createHash } from 'crypto';
import type { Database } from '../../persistence/database';
import { LoginThrottleEntity } from '../../persistence/entities';

export interface ThrottlePolicy {
  /** Failures that cost nothing. */
  readonly freeFailures: number;
  /** The wait after the first failure beyond the free ones; it doubles with each further failure. */
  readonly delayMs: number;
  /** Failures (since the last success or lock) that lock the id. */
  readonly lockAfter: number;
  /** The first lock; each lock in a row lasts twice as long … */
  readonly lockMs: number;
  /** … up to this. */
  readonly maxLockMs: number;
  /** An id with no attempt for this long starts afresh. */
  readonly forgetMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeFailures: 3,
  delayMs: 1_000,
  lockAfter: 10,
  lockMs: 15 * MINUTE,
  maxLockMs: 24 * 60 * MINUTE,
  forgetMs: 24 * 60 * MINUTE,
};

/** Whether an attempt may check its password; if not, how long until it may. */
export type ThrottleGate =
  | { readonly allowed: true; readonly key: string }
  | { readonly allowed: false; readonly key: string; readonly reason: 'wait' | 'locked'; readonly retryAfterMs: number };

/** The outcome of a failed attempt: whether it locked the id, and until when. */
export interface FailureOutcome {
  readonly locked: boolean;
  readonly lockedUntil: number;
  readonly failures: number;
}

/** The stored key of a login id: the same for every spelling a person might type (full-width, case, spaces). */
export function throttleKey(loginId: string): string {
  const normalised = loginId.normalize('NFKC').trim().toLowerCase();
  return createHash('sha256').update(normalised).digest('hex');
}

/** The wait before the next attempt after `failures` failures (0 while they are free). */
export function delayAfter(failures: number, policy: ThrottlePolicy = DEFAULT_THROTTLE): number {
  if (failures < policy.freeFailures) return 0;
  return policy.delayMs * 2 ** Math.min(failures - policy.freeFailures, 20);
}

const lockFor = (locks: number, policy: ThrottlePolicy) => Math.min(policy.lockMs * 2 ** Math.min(locks, 20), policy.maxLockMs);

export class LoginThrottle {
  constructor(
    private readonly db: Database,
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /**
   * Before a password is checked: refused while the id waits or is locked;
   * otherwise the attempt is counted (as a failure until `succeeded`).
   */
  begin(loginId: string, now: number): Promise<ThrottleGate> {
    const key = throttleKey(loginId);
    return this.db.write(
      async (m) => {
        const found = await m.findOneBy(LoginThrottleEntity, { key });
        const row = found && (found.lockedUntil > now || now - found.lastAttemptAt < this.policy.forgetMs) ? found : null;
        if (row && row.lockedUntil > now) return { allowed: false, key, reason: 'locked', retryAfterMs: row.lockedUntil - now } as const;
        const waitUntil = row ? row.lastAttemptAt + delayAfter(row.failures, this.policy) : 0;
        if (row && waitUntil > now) return { allowed: false, key, reason: 'wait', retryAfterMs: waitUntil - now } as const;
        const next = { key, failures: (row?.failures ?? 0) + 1, locks: row?.locks ?? 0, lastAttemptAt: now, lockedUntil: 0 };
        if (found) await m.update(LoginThrottleEntity, { key }, next);
        else await m.insert(LoginThrottleEntity, next);
        return { allowed: true, key } as const;
      },
      [`login-throttle:${key}`],
    );
  }

  /** The password was right: the id starts afresh. */
  async succeeded(key: string): Promise<void> {
    await this.db.write((m) => m.delete(LoginThrottleEntity, { key }), [`login-throttle:${key}`]);
  }

  /** The password was wrong (already counted by `begin`): locks the id when that was one failure too many. */
  failed(key: string, now: number): Promise<FailureOutcome> {
    return this.db.write(
      async (m) => {
        const row = await m.findOneBy(LoginThrottleEntity, { key });
        if (!row) return { locked: false, lockedUntil: 0, failures: 0 };
        if (row.failures < this.policy.lockAfter) return { locked: false, lockedUntil: 0, failures: row.failures };
        const lockedUntil = now + lockFor(row.locks, this.policy);
        await m.update(LoginThrottleEntity, { key }, { failures: 0, locks: row.locks + 1, lockedUntil, lastAttemptAt: now });
        return { locked: true, lockedUntil, failures: row.failures };
      },
      [`login-throttle:${key}`],
    );
  }
}
