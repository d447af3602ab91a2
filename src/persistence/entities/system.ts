/** The policy HR sets, the audit log, and the server's own state kept in the database. */
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The one row of HR's policy (id 1). */
@Entity('policy')
export class PolicyEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  maxTeleworkDays!: number;

  /** Remote-access licences per day for the whole organisation; null = no limit. */
  @Column({ type: 'integer', nullable: true })
  licencesPerDay!: number | null;

  /** Requests for a week close on this ISO weekday (1–7) of the week before … */
  @Column({ type: 'integer' })
  deadlineWeekday!: number;

  /** … at this time (HH:MM, Asia/Tokyo). */
  @Column({ type: 'varchar', length: 5 })
  deadlineTime!: string;

  /** Weight of the 1st, 2nd, 3rd … ranked request. */
  @Column({ type: 'simple-json' })
  rankWeights!: number[];

  @Column({ type: 'integer' })
  caregivingPriority!: number;

  /** Added per request denied in the fairness window … */
  @Column({ type: 'integer' })
  fairnessPerDenial!: number;

  /** … up to this much. */
  @Column({ type: 'integer' })
  fairnessMax!: number;

  /** Weeks the fairness ledger looks back. */
  @Column({ type: 'integer' })
  fairnessWeeks!: number;

  @Column({ type: 'simple-json' })
  spreadBonus!: number[];

  /** 職種 that never telework. */
  @Column({ type: 'simple-json' })
  nonTeleworkJobTypes!: string[];

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;
}

@Entity('audit_log')
export class AuditEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'varchar', length: 30 })
  at!: string;

  /** Login id of who did it (`system` for the seed). */
  @Column({ type: 'varchar', length: 64 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Index()
  @Column({ type: 'varchar', length: 128 })
  entityId!: string;

  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Column({ type: 'text', nullable: true })
  after!: string | null;
}

@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid!: string;

  /** Milliseconds since the epoch. */
  @Index()
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  expiresAt!: number;

  @Column({ type: 'text' })
  data!: string;

  /** Whose session this is (null before login), so that every session of an account can be ended at once. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  accountId!: number | null;
}

/** Hits per client key for the login rate limit, shared by every app process. */
@Entity('rate_limits')
export class RateLimitEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'integer' })
  hits!: number;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  resetAt!: number;
}

/**
 * Failed logins per login id (the key is a hash of the normalised id, so a
 * password typed into the id field is never stored), shared by every app
 * process: the per-account delay and temporary lock of login-throttle.ts.
 */
@Entity('login_throttle')
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  /** Failed attempts since the last success or lock. */
  @Column({ type: 'integer' })
  failures!: number;

  /** Locks in a row (each lasts longer); back to 0 after a success or a quiet day. */
  @Column({ type: 'integer' })
  locks!: number;

  /** When the last attempt was made (ms since the epoch). */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  lastAttemptAt!: number;

  /** Until when no attempt is accepted (ms since the epoch); 0: not locked. */
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  lockedUntil!: number;
}

/** Secrets the server makes for itself on first start (the session signing key). */
@Entity('app_secrets')
export class AppSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 256 })
  value!: string;
}

/**
 * One row (id 1) whose version rises with every committed change to the
 * data that pages read on every view and that changes only now and then (the
 * policy, calendar, divisions, counters, staff and the published past):
 * database triggers raise it, whoever writes, so that each app process can
 * keep such reads and ask only whether they are still current
 * (reference-cache.ts).
 */
@Entity('reference_version')
export class ReferenceVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  version!: number;
}

/** What an API token may do: read everything, send absences (attendance system), or upsert the staff master (personnel system). */
export type ApiScope = 'read' | 'absences' | 'staff';

/**
 * A token of a system that calls the JSON API (/api/v1). Only the SHA-256
 * of the secret is kept; `prefix` is its first characters, shown to HR to
 * tell tokens apart and to match a leaked one.
 */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'PK_api_tokens' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  scope!: ApiScope;

  @Index('IDX_api_tokens_tokenHash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  expiresAt!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  lastUsedAt!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  revokedAt!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  revokedBy!: string | null;
}

/** The one row (id 1) of HR's telework allowance rule (在宅勤務等手当); see src/domain/allowance.ts. */
@Entity('allowance_rule')
export class AllowanceRuleEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  /** Qualifies when the average is MORE than this many days a month. */
  @Column({ type: 'integer' })
  thresholdDays!: number;

  @Column({ type: 'integer' })
  periodMonths!: number;

  @Column({ type: 'integer' })
  amountYen!: number;

  /** Incremented on every save; a form built from an older revision is refused. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;
}
