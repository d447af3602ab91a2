/**
 * express-rate-limit's store in the `rate_limits` table: the login limit
 * holds across every app process that shares the database.
 */
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import { Database } from './database';
import { RateLimitEntity } from './entities';

export class DatabaseRateLimitStore implements Store {
  private windowMs = 15 * 60 * 1000;
  readonly localKeys = false;

  constructor(
    private readonly db: Database,
    readonly prefix = 'login:',
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const id = this.prefix + key;
    return this.db.write(
      async (m) => {
        const now = Date.now();
        const row = await m.findOneBy(RateLimitEntity, { key: id });
        if (!row || row.resetAt <= now) {
          const resetAt = now + this.windowMs;
          await m.upsert(RateLimitEntity, { key: id, hits: 1, resetAt }, ['key']);
          return { totalHits: 1, resetTime: new Date(resetAt) };
        }
        await m.update(RateLimitEntity, { key: id }, { hits: row.hits + 1 });
        return { totalHits: row.hits + 1, resetTime: new Date(row.resetAt) };
      },
      [id],
    );
  }

  async decrement(key: string): Promise<void> {
    const id = this.prefix + key;
    await this.db.write(
      async (m) => {
        const row = await m.findOneBy(RateLimitEntity, { key: id });
        if (row && row.hits > 0) await m.update(RateLimitEntity, { key: id }, { hits: row.hits - 1 });
      },
      [id],
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.db.write((m) => m.delete(RateLimitEntity, { key: this.prefix + key }));
  }
}
