/**
 * What the app runs in the background for notifications: the e-mail outbox
 * (mailer.ts) and the scheduled notices (scheduled.ts). Timers never keep
 * the process alive; `close` stops both and waits for work under way, so
 * the database can be closed right after.
 */
import { Clock } from '../calendar';
import { Database } from '../../persistence/database';
import { MailConfig } from './mail-config';
import { Outbox, OutboxOptions } from './mailer';
import { NoticeScheduler } from './scheduled';

export interface NotificationOptions {
  /** SMTP settings; null: e-mail is off (notifications only in the app). */
  readonly mail: MailConfig | null;
  readonly outbox?: OutboxOptions;
  /** How often the scheduled notices run (default 5 minutes). */
  readonly scheduleEveryMs?: number;
  /** Run the scheduled notices at all (default true). */
  readonly scheduled?: boolean;
  readonly log?: (line: string) => void;
}

export class NotificationService {
  readonly outbox: Outbox;
  private readonly scheduler: NoticeScheduler | null;

  constructor(db: Database, clock: Clock, options: NotificationOptions) {
    this.outbox = new Outbox(db, options.mail, { ...(options.log ? { log: options.log } : {}), ...options.outbox });
    this.scheduler =
      options.scheduled === false
        ? null
        : new NoticeScheduler(db, clock, {
            ...(options.scheduleEveryMs ? { everyMs: options.scheduleEveryMs } : {}),
            ...(options.log ? { log: options.log } : {}),
          });
  }

  get mailEnabled(): boolean {
    return this.outbox.enabled;
  }

  start(): void {
    this.outbox.start();
    this.scheduler?.start();
  }

  async close(): Promise<void> {
    await Promise.all([this.outbox.close(), this.scheduler?.close()]);
  }
}
