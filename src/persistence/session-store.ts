/**
 * express-session's store in our own database (the `sessions` table), so
 * that no app process keeps sessions in memory and several can share one
 * PostgreSQL database. connect-typeorm does not support TypeORM 1.x, and the
 * Store contract is small: get, set, destroy (touch is left out on purpose:
 * a row is written only when its session changes, see SessionLimits).
 *
 * A row's `expiresAt` is when the server stops accepting the session: the
 * earlier of its absolute and idle limits, computed from the session's own
 * `createdAt` and `seenAt`. `accountId` is copied from the session so that
 * every session of an account can be ended with one DELETE.
 */
import { SessionData, Store } from 'express-session';
import { LessThan } from 'typeorm';
import { Database } from './database';
import { LoginThrottleEntity, RateLimitEntity, SessionEntity } from './entities';

declare module 'express-session' {
  interface SessionData {
    /** The logged-in account; absent for a visitor (a session that only holds the login form's CSRF token). */
    accountId?: number;
    /** When the person logged in (ms since the epoch): the absolute limit counts from here. */
    createdAt?: number;
    /** The last request that was recorded (ms since the epoch, updated at most every `touchMs`): the idle limit counts from here. */
    seenAt?: number;
  }
}

/**
 * How long sessions last, enforced on the server (the one place these
 * numbers are set; createApp takes shorter ones for tests).
 */
export interface SessionLimits {
  /** A session ends this long after login however busy it is: a working day (8 h). */
  readonly absoluteMs: number;
  /** … or this long after its last recorded request (2 h without using the app). */
  readonly idleMs: number;
  /**
   * A session's row is rewritten to record activity at most this often (5 min),
   * not on every request; so the idle limit counts from a request up to this much earlier.
   */
  readonly touchMs: number;
}

const MINUTE_MS = 60 * 1000;

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  absoluteMs: 8 * 60 * MINUTE_MS,
  idleMs: 2 * 60 * MINUTE_MS,
  touchMs: 5 * MINUTE_MS,
};

/** Expired sessions and finished rate-limit windows are deleted at most this often. */
const SWEEP_MS = 60 * MINUTE_MS;

export class DatabaseSessionStore extends Store {
  private lastSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
  ) {
    super();
  }

  /**
   * When the server stops accepting this session: its limits, and never after
   * its cookie expires. A visitor's session (no login) lasts the idle limit from its last change.
   */
  expiresAt(session: SessionData, now = Date.now()): number {
    const created = session.createdAt ?? now;
    const seen = session.seenAt ?? now;
    const cookie = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Infinity;
    return Math.min(created + this.limits.absoluteMs, seen + this.limits.idleMs, cookie);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    // Read on every request: plain SQL rather than a query built each time.
    const sql = `SELECT "data", "expiresAt" FROM "sessions" WHERE "sid" = ${this.db.kind === 'postgres' ? '$1' : '?'}`;
    this.db.manager
      .query(sql, [sid])
      .then((rows: { data: string; expiresAt: number | string }[]) => {
        const row = rows[0];
        callback(null, row && Number(row.expiresAt) > Date.now() ? (JSON.parse(row.data) as SessionData) : null);
      })
      .catch((err) => callback(err));
  }

  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = this.expiresAt(session);
    const accountId = typeof session.accountId === 'number' ? session.accountId : null;
    this.db
      .write((m) => m.upsert(SessionEntity, { sid, expiresAt, accountId, data: JSON.stringify(session) }, ['sid']))
      .then(() => this.sweep())
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db
      .write((m) => m.delete(SessionEntity, { sid }))
      .then(() => callback?.())
      .catch((err) => callback?.(err));
  }

  /**
   * Deletes expired sessions, login rate-limit windows that have ended, and
   * failed logins of ids neither locked nor tried for a week (the throttle
   * forgets them after a day).
   */
  async prune(now = Date.now()): Promise<void> {
    await this.db.write(async (m) => {
      await m.delete(SessionEntity, { expiresAt: LessThan(now) });
      await m.delete(RateLimitEntity, { resetAt: LessThan(now) });
      await m.delete(LoginThrottleEntity, { lockedUntil: LessThan(now), lastAttemptAt: LessThan(now - 7 * 24 * 3_600_000) });
    });
  }

  /** Pruning runs after a write, at most once per SWEEP_MS in each process. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_MS) return;
    this.lastSweep = now;
    await this.prune(now);
  }
}
