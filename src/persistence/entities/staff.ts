/** Staff (職員), their counter qualifications, their login accounts and the one-time links that set an account's password. */
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CounterEntity, DivisionEntity } from './organisation';

@Entity('staff')
export class StaffEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  divisionId!: string;

  @ManyToOne(() => DivisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'divisionId' })
  division?: DivisionEntity;

  /** 職種 (一般事務, 保育士, 消防職 …); the policy lists the ones that cannot telework. */
  @Column({ type: 'varchar', length: 50 })
  jobType!: string;

  /** Childcare or care duties: requests get the caregiving priority. */
  @Column({ type: 'boolean', default: false })
  caregiver!: boolean;

  /** Personal weekly maximum (caregivers may get more); null = the policy's. */
  @Column({ type: 'integer', nullable: true })
  maxTeleworkDays!: number | null;

  /** Staff who left stay for history but are not scheduled. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Where notifications are e-mailed; none = in the app only. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** Incremented on every change (the staff form, the CSV import); a form built from an older revision is refused. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @ManyToMany(() => CounterEntity)
  @JoinTable({ name: 'staff_counters', joinColumn: { name: 'staffId' }, inverseJoinColumn: { name: 'counterId' } })
  counters?: CounterEntity[];
}

export type AccountRole = 'staff' | 'chief' | 'hr';

@Entity('accounts')
export class AccountEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  loginId!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: AccountRole;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  staffId!: string;

  @OneToOne(() => StaffEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staffId' })
  staff?: StaffEntity;

  /** Secret of the personal iCalendar feed URL. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  icalToken!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  lastLoginAt!: string | null;

  /** The person's choice: notifications also by e-mail (when an address and SMTP are configured). */
  @Column({ type: 'boolean', default: true })
  emailNotifications!: boolean;
}

/**
 * A one-time link that lets a person set their password (ログイン用リンク):
 * at most one per account (a new one replaces it), kept as the SHA-256 of
 * its random token, used once, and only until it expires.
 */
@Entity('setup_links')
export class SetupLinkEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'integer' })
  accountId!: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'accountId' })
  account?: AccountEntity;

  /** Hex SHA-256 of the token in the link; the token itself is never stored. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  /** ISO instant after which the link no longer works. */
  @Column({ type: 'varchar', length: 30 })
  expiresAt!: string;

  /** Login id of who issued it (`cli` from the command line). */
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt!: string;
}
