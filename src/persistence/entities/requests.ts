/** What staff ask for and what the chief fixes: telework requests, absences and pins. */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { StaffEntity } from './staff';

/** `sick-child` (子の看護) and `illness` (急病・けが) are the reasons of a same-day request. */
export type ReasonCategory = 'childcare' | 'care' | 'health' | 'sick-child' | 'illness' | 'other';
/** `active` requests are scheduled; `pending` ones came after the deadline and wait for the chief. */
export type RequestStatus = 'active' | 'pending' | 'rejected';

@Entity('telework_requests')
@Unique('uq_request_staff_day', ['staffId', 'day'])
export class TeleworkRequestEntity {
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

  /** 1 = 第1希望. */
  @Column({ type: 'integer' })
  rank!: number;

  @Column({ type: 'varchar', length: 16 })
  reason!: ReasonCategory;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: RequestStatus;

  /** Where: a place's id (PlaceEntity), or null for home. */
  @Column({ type: 'integer', nullable: true })
  placeId!: number | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt!: string;
}

@Entity('absences')
@Unique('uq_absence_staff_day', ['staffId', 'day'])
export class AbsenceEntity {
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

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;
}

@Entity('pins')
@Unique('uq_pin_staff_day', ['staffId', 'day'])
export class PinEntity {
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
  mode!: 'office' | 'telework';

  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;
}

/**
 * A day the person did not ask for but would telework on to take their turn in a period
 * (可能日, `staff[].possible`): never on a day they asked for.
 */
@Entity('possible_days')
@Unique('uq_possible_staff_day', ['staffId', 'day'])
export class PossibleDayEntity {
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

  /** Where: a place's id, or null for home. */
  @Column({ type: 'integer', nullable: true })
  placeId!: number | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt!: string;
}
