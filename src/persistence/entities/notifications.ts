/** What the app tells a person (an unread list, and e-mail sent from an outbox), and what actually happened on a past day. */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { StaffEntity } from './staff';

/**
 * - `week-changed`: my published week changed;
 * - `request-decided`: my urgent request was approved or rejected;
 * - `urgent-waiting`: (chief) an urgent request waits;
 * - `deadline-near`: the request deadline is near and I have not asked;
 * - `ready-to-publish`: (chief) a week's draft is ready to publish;
 * - `bcp`: the BCP plan of a day was applied.
 */
export type NotificationKind = 'week-changed' | 'request-decided' | 'urgent-waiting' | 'deadline-near' | 'ready-to-publish' | 'bcp';

/** `none`: no e-mail (turned off, no address or no SMTP); `pending`: in the outbox; `sent`; `failed` after retries. */
export type MailState = 'none' | 'pending' | 'sent' | 'failed';

@Entity('notifications')
@Unique('uq_notification_dedupe', ['staffId', 'dedupeKey'])
@Index('idx_notification_unread', ['staffId', 'readAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staffId' })
  staff?: StaffEntity;

  @Column({ type: 'varchar', length: 32 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** A path inside the app (`/me/weeks/2026-W49`). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  link!: string | null;

  /** Set for notifications that must be sent once only (a deadline reminder per week). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  readAt!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 16, default: 'none' })
  mailState!: MailState;

  @Column({ type: 'integer', default: 0 })
  mailAttempts!: number;

  @Column({ type: 'varchar', length: 30, nullable: true })
  mailedAt!: string | null;
}

/** What actually happened on a past day, recorded by the chief; it overrides the published version in the fairness ledger. */
@Entity('actual_days')
@Unique('uq_actual_staff_day', ['staffId', 'day'])
export class ActualDayEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  staffId!: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staffId' })
  staff?: StaffEntity;

  @Index()
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'varchar', length: 16 })
  mode!: 'office' | 'telework' | 'absent';

  @Column({ type: 'varchar', length: 64 })
  recordedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  recordedAt!: string;
}
