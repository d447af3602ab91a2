/**
 * A person's own notifications: the list (unread first, newest first, a
 * page at a time), the unread count in the navigation, marking read, and
 * the choice to receive them by e-mail too. Every function works on the
 * actor's own notifications only: another person's id is "not found".
 */
import { EntityManager, IsNull } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, NotificationEntity, NotificationKind } from '../../persistence/entities';
import { Actor } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { notFound } from '../errors';

export const PAGE_SIZE = 20;

export const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  'week-changed': '勤務表の変更',
  'request-decided': '申請の結果',
  'urgent-waiting': '承認待ちの申請',
  'deadline-near': '希望の締切',
  'ready-to-publish': '勤務表の公開',
  bcp: 'BCP',
};

export interface NotificationItem {
  readonly id: number;
  readonly kind: NotificationKind;
  readonly kindLabel: string;
  readonly title: string;
  /** The body's lines. */
  readonly lines: readonly string[];
  readonly link: string | null;
  readonly createdAt: string;
  readonly unread: boolean;
  /** What became of the e-mail: null when none was to be sent. */
  readonly mail: null | 'waiting' | 'sent' | 'failed';
}

export interface NotificationPage {
  readonly items: readonly NotificationItem[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly unread: number;
}

/** The unread count of the navigation: one COUNT on the (staffId, readAt) index. */
export function unreadCount(m: EntityManager, staffId: string): Promise<number> {
  return m.count(NotificationEntity, { where: { staffId, readAt: IsNull() } });
}

export async function myNotifications(m: EntityManager, actor: Actor, page = 1): Promise<NotificationPage> {
  const [total, unread] = await Promise.all([
    m.count(NotificationEntity, { where: { staffId: actor.staffId } }),
    unreadCount(m, actor.staffId),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await m
    .createQueryBuilder(NotificationEntity, 'n')
    .where('n.staffId = :staffId', { staffId: actor.staffId })
    .orderBy('CASE WHEN n.readAt IS NULL THEN 0 ELSE 1 END', 'ASC')
    .addOrderBy('n.createdAt', 'DESC')
    .addOrderBy('n.id', 'DESC')
    .offset((current - 1) * PAGE_SIZE)
    .limit(PAGE_SIZE)
    .getMany();
  return {
    items: rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      kindLabel: KIND_LABELS[n.kind] ?? 'お知らせ',
      title: n.title,
      lines: n.body.split(/\r?\n/),
      link: safeLink(n.link),
      createdAt: n.createdAt,
      unread: n.readAt === null,
      mail: n.mailState === 'pending' ? 'waiting' : n.mailState === 'none' ? null : n.mailState,
    })),
    page: current,
    pages,
    total,
    unread,
  };
}

/** Marks one of my notifications read and gives the page it points to (null: none). */
export async function markRead(db: Database, actor: Actor, id: number, now: string = new Date().toISOString()): Promise<string | null> {
  return db.write(async (m) => {
    const n = Number.isSafeInteger(id) ? await m.findOneBy(NotificationEntity, { id, staffId: actor.staffId }) : null;
    if (!n) throw notFound('この通知は見つかりませんでした。');
    if (n.readAt === null) await m.update(NotificationEntity, { id, staffId: actor.staffId, readAt: IsNull() }, { readAt: now });
    return safeLink(n.link);
  });
}

/** Marks every unread notification of mine read; returns how many. */
export async function markAllRead(db: Database, actor: Actor, now: string = new Date().toISOString()): Promise<number> {
  return db.write(async (m) => {
    const result = await m.update(NotificationEntity, { staffId: actor.staffId, readAt: IsNull() }, { readAt: now });
    return result.affected ?? 0;
  });
}

/**
 * Turns my e-mail notifications on or off (audited). Mail already waiting
 * in the outbox is not sent once they are off: the mailer checks again.
 */
export async function setEmailNotifications(db: Database, actor: Actor, enabled: boolean): Promise<boolean> {
  return db.write(async (m) => {
    const account = await m.findOneByOrFail(AccountEntity, { id: actor.accountId });
    if (account.emailNotifications === enabled) return false;
    await m.update(AccountEntity, { id: account.id }, { emailNotifications: enabled });
    if (!enabled) await m.update(NotificationEntity, { staffId: actor.staffId, mailState: 'pending' }, { mailState: 'none' });
    await audit(
      m,
      actor.loginId,
      'email-notifications',
      'account',
      actor.loginId,
      { emailNotifications: account.emailNotifications },
      { emailNotifications: enabled },
    );
    return true;
  });
}

/** Links are paths inside the app; anything else (another site, `//host`) is not followed. */
function safeLink(link: string | null): string | null {
  return link && /^\/(?![/\\])[^\s]*$/.test(link) ? link : null;
}
