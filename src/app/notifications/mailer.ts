/**
 * The e-mail outbox: notifications written with `mailState = 'pending'`
 * (notify.ts) are sent over SMTP after their transaction commits.
 *
 * - **When.** Right after a transaction that put mail in the outbox commits
 *   (a TypeORM subscriber sees the flag notify() leaves on it), and by a poll
 *   every few seconds for anything else (another process's rows, retries).
 * - **Once.** A row is claimed before it is sent: one UPDATE that raises
 *   `mailAttempts` only if the row is still pending with the attempts seen,
 *   and sets `mailedAt` to the end of a lease. Only the process whose update
 *   changed the row sends it, so two app processes on one PostgreSQL
 *   database never both send (SQLite serves one process; its passes queue
 *   on the one connection); a process that dies while sending leaves a row
 *   that is due again when the lease ends (the same Message-ID is used
 *   again). The SMTP conversation happens outside any transaction.
 * - **`mailedAt`** is, while a row is pending, the instant it may next be
 *   tried (null: at once); once sent, when it was sent; once failed, when it
 *   failed.
 * - **Retries.** A failure the server calls temporary (4xx, no connection,
 *   a timeout, a refused login) is tried again after 1, 5, 15 and 60 minutes;
 *   after the fifth attempt the row is `failed`. A recipient or message the
 *   server refuses for good (5xx to RCPT TO or DATA) is `failed` at once.
 * - **Off.** Without SMTP settings (mail-config.ts) nothing is sent: pending
 *   rows are set to `none` as they come, so nothing piles up and turning SMTP
 *   on later does not send a backlog of old news. A person who has since
 *   turned e-mail off, lost their address or left gets `none` too. The
 *   notification itself always stays in the app.
 *
 * The log names the notification and the staff id, never an address, a
 * user name or a password.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { EntitySubscriberInterface } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, NotificationEntity, StaffEntity } from '../../persistence/entities';
import { MailConfig } from './mail-config';
import { OUTBOX_WRITTEN } from './notify';

export interface OutboxOptions {
  /** How often the outbox is looked at without a kick (default 5 s). */
  readonly pollMs?: number;
  /** Attempts before a row is `failed` (default 5). */
  readonly maxAttempts?: number;
  /** Wait after the n-th failed attempt (default 1, 5, 15, 60 minutes; the last one repeats). */
  readonly retryDelaysMs?: readonly number[];
  /** How long a claimed row is left to its sender (default 2 minutes: longer than a send can take). */
  readonly leaseMs?: number;
  /** Rows read per query (default 50). */
  readonly batch?: number;
  readonly log?: (line: string) => void;
  readonly now?: () => Date;
}

export interface DeliveryReport {
  sent: number;
  /** Failed this time, tried again later. */
  retrying: number;
  failed: number;
  /** Set to `none`: e-mail off, or the person has no address or turned e-mail off. */
  off: number;
}

const DEFAULT_DELAYS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

interface Claimed {
  readonly notification: NotificationEntity;
  readonly name: string;
  readonly email: string;
}

export class Outbox {
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly delays: readonly number[];
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private readonly subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: (event) => {
      const data = event.queryRunner.data as Record<string, unknown> | undefined;
      if (!data?.[OUTBOX_WRITTEN]) return;
      delete data[OUTBOX_WRITTEN];
      setImmediate(() => this.kick());
    },
    afterTransactionRollback: (event) => {
      const data = event.queryRunner.data as Record<string, unknown> | undefined;
      if (data) delete data[OUTBOX_WRITTEN];
    },
  };

  constructor(
    private readonly db: Database,
    readonly config: MailConfig | null,
    options: OutboxOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.delays = options.retryDelaysMs?.length ? options.retryDelaysMs : DEFAULT_DELAYS;
    this.leaseMs = options.leaseMs ?? 2 * 60_000;
    this.batch = options.batch ?? 50;
    this.log = options.log ?? ((line) => console.log(line));
    this.now = options.now ?? (() => new Date());
    this.transport = config
      ? nodemailer.createTransport({
          host: config.host,
          port: config.port,
          secure: config.secure,
          ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 30_000,
          logger: false,
          debug: false,
        })
      : null;
  }

  /** E-mail is sent (SMTP is configured). */
  get enabled(): boolean {
    return this.config !== null;
  }

  /** Polls, and looks at once after every commit that wrote to the outbox. */
  start(): void {
    if (this.timer || this.closed) return;
    this.db.source.subscribers.push(this.subscriber);
    this.timer = setInterval(() => this.kick(), this.pollMs);
    // A timer alone never keeps the process (or jest) alive.
    this.timer.unref();
    this.kick();
  }

  /** Look at the outbox soon; kicks while a pass runs make one more pass. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Stops polling and waits for a pass under way; the database can be closed after it. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const i = this.db.source.subscribers.indexOf(this.subscriber);
    if (i >= 0) this.db.source.subscribers.splice(i, 1);
    await this.running;
    this.transport?.close();
  }

  /**
   * One mail sent now, outside the outbox, for what must not be stored (a
   * one-time login link): true when the server took it. A failure is logged
   * (never the address) and not tried again; the caller says so instead.
   */
  async sendNow(to: { readonly name: string; readonly address: string }, subject: string, text: string): Promise<boolean> {
    if (!this.transport || this.closed) return false;
    try {
      const info = (await this.transport.sendMail({
        from: this.config!.from,
        to,
        subject: subject.replace(/[\r\n]+/g, ' '),
        text,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      })) as { rejected?: unknown[] };
      if (info.rejected?.length) throw Object.assign(new Error('the recipient was rejected'), { responseCode: 550 });
      return true;
    } catch (e) {
      this.log(`[mail] a direct mail (${subject.slice(0, 40)}) could not be sent: ${this.safe(e)}`);
      return false;
    }
  }

  /** Waits until no pass runs (for tests: after a kick). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.deliver();
      } catch (e) {
        if (!this.closed) this.log(`[mail] the outbox could not be read: ${this.safe(e)}`);
      }
    } while (this.again && !this.closed);
  }

  /** One pass: every row that is due, until none is. */
  async deliver(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, off: 0 };
    if (!this.transport) {
      // A read first: the poll takes no write lock while there is nothing to do.
      if (!(await this.db.manager.existsBy(NotificationEntity, { mailState: 'pending' }))) return report;
      const result = await this.db.write((m) => m.update(NotificationEntity, { mailState: 'pending' }, { mailState: 'none' }));
      report.off = result.affected ?? 0;
      return report;
    }
    for (;;) {
      const due = await this.db.manager
        .createQueryBuilder(NotificationEntity, 'n')
        .select(['n.id', 'n.mailAttempts'])
        .where('n.mailState = :pending', { pending: 'pending' })
        .andWhere('(n.mailedAt IS NULL OR n.mailedAt <= :now)', { now: this.now().toISOString() })
        .orderBy('n.id', 'ASC')
        .limit(this.batch)
        .getMany();
      for (const row of due) {
        if (this.closed) return report;
        await this.deliverOne(row.id, row.mailAttempts, report);
      }
      if (due.length < this.batch || this.closed) return report;
    }
  }

  private async deliverOne(id: number, seen: number, report: DeliveryReport): Promise<void> {
    const attempt = seen + 1;
    const claimed = await this.claim(id, seen);
    if (claimed === 'taken') return;
    if (claimed === 'off') {
      report.off += 1;
      return;
    }
    const n = claimed.notification;
    try {
      const info = (await this.transport!.sendMail({
        from: this.config!.from,
        to: { name: claimed.name, address: claimed.email },
        subject: mailSubject(n),
        text: mailText(n, claimed.name, this.config!.appUrl),
        messageId: messageIdOf(n, this.config!.from),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      })) as { rejected?: unknown[] };
      if (info.rejected?.length) throw Object.assign(new Error('the recipient was rejected'), { responseCode: 550, command: 'RCPT TO' });
      await this.settle(id, attempt, { mailState: 'sent', mailedAt: this.now().toISOString() });
      report.sent += 1;
    } catch (e) {
      const permanent = isPermanent(e);
      const giveUp = permanent || attempt >= this.maxAttempts;
      const delay = this.delays[Math.min(attempt, this.delays.length) - 1];
      const at = new Date(this.now().getTime() + (giveUp ? 0 : delay)).toISOString();
      await this.settle(id, attempt, giveUp ? { mailState: 'failed', mailedAt: at } : { mailedAt: at });
      if (giveUp) report.failed += 1;
      else report.retrying += 1;
      const what = giveUp
        ? `failed for good after ${attempt} attempt${attempt === 1 ? '' : 's'}${permanent ? ' (refused by the server)' : ''}`
        : `attempt ${attempt} of ${this.maxAttempts} failed, next at ${at}`;
      this.log(`[mail] notification ${id} to ${n.staffId}: ${what}: ${this.safe(e)}`);
    }
  }

  /** Takes the row for this process, or says that another process has it or that it is not to be mailed. */
  private claim(id: number, seen: number): Promise<Claimed | 'taken' | 'off'> {
    const now = this.now().getTime();
    return this.db.write(async (m) => {
      const taken = await m
        .createQueryBuilder()
        .update(NotificationEntity)
        .set({ mailAttempts: seen + 1, mailedAt: new Date(now + this.leaseMs).toISOString() })
        .where('id = :id AND mailState = :pending AND mailAttempts = :seen', { id, pending: 'pending', seen })
        .execute();
      if (taken.affected !== 1) return 'taken';
      const notification = await m.findOneByOrFail(NotificationEntity, { id });
      const staff = await m.findOneBy(StaffEntity, { id: notification.staffId });
      const account = await m.findOneBy(AccountEntity, { staffId: notification.staffId });
      if (!staff?.email || !staff.active || account?.emailNotifications === false) {
        await m.update(NotificationEntity, { id }, { mailState: 'none', mailAttempts: seen, mailedAt: null });
        return 'off';
      }
      return { notification, name: staff.name, email: staff.email };
    });
  }

  /** Records the outcome, unless the row changed meanwhile (its lease ended and another process took it). */
  private async settle(id: number, attempt: number, fields: Partial<Pick<NotificationEntity, 'mailState' | 'mailedAt'>>): Promise<void> {
    await this.db.write((m) => m.update(NotificationEntity, { id, mailState: 'pending', mailAttempts: attempt }, fields));
  }

  /** An error as the log may show it: no user name or password, one line. */
  private safe(e: unknown): string {
    const err = e as { code?: unknown; responseCode?: unknown; message?: unknown };
    let text = [err.code, err.responseCode, typeof err.message === 'string' ? err.message : String(e)]
      .filter((x) => x !== undefined && x !== null && x !== '')
      .join(' ');
    const auth = this.config?.auth;
    for (const secret of [auth?.pass, auth?.user, auth?.pass && encodeURIComponent(auth.pass)]) {
      if (secret && secret.length >= 3) text = text.split(secret).join('***');
    }
    return text.replace(/\s+/g, ' ').slice(0, 300);
  }
}

/** A refusal that trying again will not change: the recipient or the message itself (5xx), not a login or a connection. */
function isPermanent(e: unknown): boolean {
  const err = e as { responseCode?: unknown; command?: unknown; code?: unknown };
  if (typeof err.responseCode !== 'number' || err.responseCode < 500 || err.responseCode > 599) return false;
  if (err.code === 'EAUTH' || err.code === 'ECONNECTION' || err.code === 'ETIMEDOUT') return false;
  return err.command === 'RCPT TO' || err.command === 'DATA' || err.code === 'EENVELOPE' || err.code === 'EMESSAGE';
}

export function mailSubject(n: Pick<NotificationEntity, 'title'>): string {
  return `【テレワーク輪番表】${n.title}`.replace(/[\r\n]+/g, ' ');
}

/** The plain-text body: the notice, its link (absolute with APP_URL), and how to stop these mails. */
export function mailText(n: Pick<NotificationEntity, 'body' | 'link'>, name: string, appUrl: string | null): string {
  const lines = [`${name} さん`, '', n.body.trim(), ''];
  if (n.link && appUrl) lines.push('詳しくは次のページをご覧ください。', `${appUrl}${n.link}`, '');
  else lines.push('詳しくは、テレワーク輪番表にログインして「通知」をご覧ください。', '');
  lines.push(
    '――――',
    'このメールはテレワーク輪番表から自動で送信しています。このメールに返信しても届きません。',
    appUrl
      ? `メールでの通知は、「自分の予定」の画面（${appUrl}/me）の「通知の設定」で止められます。`
      : 'メールでの通知は、テレワーク輪番表の「自分の予定」の画面の「通知の設定」で止められます。',
  );
  return lines.join('\n') + '\n';
}

/** The same for every attempt at one notification, so a mail sent twice (a crash between sending and recording) can be recognised. */
function messageIdOf(n: Pick<NotificationEntity, 'id' | 'createdAt'>, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'telework-rotation.invalid';
  const created = Date.parse(n.createdAt);
  return `<notification.${n.id}.${Number.isNaN(created) ? 0 : created}@${domain}>`;
}
