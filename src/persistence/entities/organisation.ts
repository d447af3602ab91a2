/**
 * The organisation and its calendar: divisions (課), their service counters
 * (窓口) with a minimum per weekday and per-date overrides, and closure days
 * beyond the national holidays.
 */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('divisions')
export class DivisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Shared telework terminals; null = no limit. */
  @Column({ type: 'integer', nullable: true })
  terminals!: number | null;

  @Column({ type: 'integer', default: 0 })
  sortOrder!: number;

  /** Incremented on every save of the division's form; a form built from an older revision is refused. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;
}

@Entity('counters')
export class CounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  divisionId!: string;

  @ManyToOne(() => DivisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'divisionId' })
  division?: DivisionEntity;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Required staff Monday … Sunday (ISO weekday 1–7 at index 0–6). */
  @Column({ type: 'simple-json' })
  minByWeekday!: number[];

  @Column({ type: 'integer', default: 0 })
  sortOrder!: number;

  /** Incremented on every save; a form built from an older revision is refused. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;
}

@Entity('counter_overrides')
@Unique('uq_counter_override_day', ['counterId', 'day'])
export class CounterOverrideEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  counterId!: string;

  @ManyToOne(() => CounterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'counterId' })
  counter?: CounterEntity;

  /** ISO date. */
  @Index()
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'integer' })
  min!: number;

  /** Incremented on every save; a form built from an older revision is refused. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;
}

@Entity('closure_days')
export class ClosureDayEntity {
  /** ISO date. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}

/** Where the engine may give turns in a period besides requests: nowhere else, or any day at work. */
/** Where a goal may be met besides requests: nowhere else, days the person marked as possible (可能日), or any working day. */
export type PeriodTurnDays = 'requested' | 'possible' | 'any';

/**
 * A period set by HR (試行期間, a month's cap): over its dates, each person in scope who can
 * telework should telework at least `minDays` days, and at most `maxDays` (docs/format-periods.md).
 */
@Entity('periods')
export class PeriodEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 60 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 10 })
  fromDay!: string;

  @Column({ type: 'varchar', length: 10 })
  toDay!: string;

  /** Division ids, comma-separated; '' = every division. */
  @Column({ type: 'varchar', length: 4000, default: '' })
  divisionIds!: string;

  @Column({ type: 'integer', nullable: true })
  minDays!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxDays!: number | null;

  @Column({ type: 'varchar', length: 16, default: 'requested' })
  turnDays!: PeriodTurnDays;

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;
}

/**
 * A place staff may telework from besides home (サテライトオフィス, 支所): desks per open day,
 * and whether a day there takes a remote-access licence and a terminal (a co-working space) or
 * not (an office on the internal network). In a week's problem it is `place-<id>`
 * (docs/format-periods.md).
 */
@Entity('places')
export class PlaceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 60, unique: true })
  name!: string;

  /** Desks per open day; 0 = closed to new requests. */
  @Column({ type: 'integer' })
  desks!: number;

  /** true: a day here takes a licence and a terminal, as a day at home does. */
  @Column({ type: 'boolean', default: false })
  licence!: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder!: number;

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  updatedAt!: string;
}
