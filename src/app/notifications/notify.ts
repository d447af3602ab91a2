/**
 * Telling people: every notification is a row written in the same
 * transaction as the change it reports (so nobody is told of a change that
 * was rolled back), and shown in the person's unread list. A row that should
 * also go by e-mail waits in the outbox (`mailState = 'pending'`) until the
 * mailer sends it after the commit.
 */
import { EntityManager, In } from 'typeorm';
import { AccountEntity, NotificationEntity, NotificationKind, StaffEntity } from '../../persistence/entities';

export interface Notice {
  readonly staffId: string;
  readonly kind: NotificationKind;
  /** One line, shown in the list and as the e-mail's subject. */
  readonly title: string;
  /** Plain text, a few lines. */
  readonly body: string;
  /** A path inside the app. */
  readonly link?: string;
  /** A notice with a key is stored once per person (a deadline reminder per week). */
  readonly dedupeKey?: string;
}

/** Stores the notices; one person's duplicate keyed notice is skipped. Returns how many were stored. */
export async function notify(m: EntityManager, notices: readonly Notice[], now: string = new Date().toISOString()): Promise<number> {
  if (notices.length === 0) return 0;
  const ids = [...new Set(notices.map((n) => n.staffId))];
  const staff = await m.find(StaffEntity, { where: { id: In(ids) } });
  const accounts = await m.find(AccountEntity, { where: { staffId: In(ids) } });
  const email = new Map(staff.map((s) => [s.id, s.email]));
  const wants = new Map(accounts.map((a) => [a.staffId, a.emailNotifications]));
  const keyed = notices.filter((n) => n.dedupeKey !== undefined);
  const taken = new Set(
    keyed.length
      ? (
          await m.find(NotificationEntity, {
            select: { staffId: true, dedupeKey: true },
            where: { staffId: In(ids), dedupeKey: In(keyed.map((n) => n.dedupeKey)) },
          })
        ).map((n) => `${n.staffId}|${n.dedupeKey}`)
      : [],
  );
  const rows = [];
  for (const n of notices) {
    if (!email.has(n.staffId)) continue;
    if (n.dedupeKey !== undefined) {
      const key = `${n.staffId}|${n.dedupeKey}`;
      if (taken.has(key)) continue;
      taken.add(key);
    }
    rows.push({
      staffId: n.staffId,
      kind: n.kind,
      title: n.title.slice(0, 200),
      body: n.body,
      link: n.link ?? null,
      dedupeKey: n.dedupeKey ?? null,
      createdAt: now,
      readAt: null,
      mailState: email.get(n.staffId) && wants.get(n.staffId) !== false ? ('pending' as const) : ('none' as const),
    });
  }
  for (let i = 0; i < rows.length; i += 200) await m.insert(NotificationEntity, rows.slice(i, i + 200));
  if (rows.some((r) => r.mailState === 'pending')) markOutboxWritten(m);
  return rows.length;
}

/** The key, in a transaction's `queryRunner.data`, saying that it put mail in the outbox. */
export const OUTBOX_WRITTEN = 'notifications.outboxWritten';

/**
 * Tells the mailer (mailer.ts) to look at the outbox as soon as this
 * transaction commits, instead of at its next poll. Outside a transaction
 * there is nothing to wait for: the poll finds the rows.
 */
function markOutboxWritten(m: EntityManager): void {
  const data = m.queryRunner?.data;
  if (data) data[OUTBOX_WRITTEN] = true;
}

/** The staff ids of the chiefs of a division (who approve its urgent requests and publish its weeks). */
export async function chiefsOf(m: EntityManager, divisionId: string): Promise<string[]> {
  const rows = await m
    .createQueryBuilder(AccountEntity, 'a')
    .innerJoin(StaffEntity, 's', 's.id = a.staffId')
    .select('a.staffId', 'staffId')
    .where('a.role = :role', { role: 'chief' })
    .andWhere('s.divisionId = :divisionId', { divisionId })
    .andWhere('s.active = :active', { active: true })
    .getRawMany<{ staffId: string }>();
  return rows.map((r) => r.staffId).sort();
}
