/**
 * A real SMTP server on 127.0.0.1 for the mail tests (smtp-server), with a
 * login, and every message it accepted parsed (mailparser). It can refuse
 * for a while (451, temporary) or refuse a recipient for good (550).
 */
import { AddressInfo } from 'net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailConfig } from '../../src/app/notifications/mail-config';

export const SMTP_USER = 'rotation-mailer';
export const SMTP_PASSWORD = 'pa55-w0rd-never-logged';

export interface ReceivedMail {
  readonly envelopeTo: readonly string[];
  readonly parsed: ParsedMail;
}

export interface TestSmtp {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Every DATA answered with 451 while true. */
  tempFail: boolean;
  /** Recipients answered with 550 at RCPT TO. */
  readonly refused: Set<string>;
  /** Login attempts seen (user names). */
  readonly logins: string[];
  config(extra?: Partial<MailConfig>): MailConfig;
  /** Resolves when `count` mails have arrived in all (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const logins: string[] = [];
  const state = { tempFail: false };
  const refused = new Set<string>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address)) callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.tempFail) {
          callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get tempFail() {
      return state.tempFail;
    },
    set tempFail(v: boolean) {
      state.tempFail = v;
    },
    refused,
    logins,
    config: (extra = {}) => ({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: SMTP_USER, pass: SMTP_PASSWORD },
      from: '"テレワーク輪番表" <rotation@town.example.lg.jp>',
      appUrl: 'https://rotation.town.example.lg.jp',
      ...extra,
    }),
    async waitFor(count, ms = 10_000) {
      const until = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
