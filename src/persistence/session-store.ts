/**
 * express-session's store in our own database (the `sessions` table), so
 * that no app process keeps sessions in memory and several can share one
 * PostgreSQL database. connect-typeorm does not support TypeORM 1.x, and the
 * Store contract is small: get, set, destroy, touch.
 */
import { SessionData, Store } from 'express-session';
import { LessThan } from 'typeorm';
import { Database } from './database';
import { SessionEntity } from './entities';

const DAY_MS = 24 * 60 * 60 * 1000;

export class DatabaseSessionStore extends Store {
  private lastSweep = 0;

  constructor(private readonly db: Database) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.db.manager
      .findOneBy(SessionEntity, { sid })
      .then((row) => callback(null, row && row.expiresAt > Date.now() ? (JSON.parse(row.data) as SessionData) : null))
      .catch((err) => callback(err));
  }

  override set(sid: string, session: SessionData, callback?: (err?: unknown) => void): void {
    const expiresAt = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Date.now() + DAY_MS;
    this.db
      .write((m) => m.upsert(SessionEntity, { sid, expiresAt, data: JSON.stringify(session) }, ['sid']))
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

  override touch(sid: string, session: SessionData, callback?: () => void): void {
    const expiresAt = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : Date.now() + DAY_MS;
    this.db
      .write((m) => m.update(SessionEntity, { sid }, { expiresAt }))
      .then(() => callback?.())
      .catch(() => callback?.());
  }

  /** Expired sessions are removed at most once an hour. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 60 * 60 * 1000) return;
    this.lastSweep = now;
    await this.db.write((m) => m.delete(SessionEntity, { expiresAt: LessThan(now) }));
  }
}
