/**
 * A division's roster for one ISO week: the working draft (its assignments)
 * and every published version, kept as snapshots staff can read.
 */
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DivisionEntity } from './organisation';

export type RosterStatus = 'draft' | 'published';

@Entity('rosters')
@Unique('uq_roster_division_week', ['divisionId', 'week'])
export class RosterEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  divisionId!: string;

  @ManyToOne(() => DivisionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'divisionId' })
  division?: DivisionEntity;

  /** ISO week, `2026-W50`. */
  @Index()
  @Column({ type: 'varchar', length: 8 })
  week!: string;

  /** `published` while the draft equals the latest published version. */
  @Column({ type: 'varchar', length: 16 })
  status!: RosterStatus;

  /** Optimistic lock: every save checks and increments it. */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  /** Number of the latest published version; 0 = never published. */
  @Column({ type: 'integer', default: 0 })
  publishedVersion!: number;

  @Column({ type: 'integer' })
  objective!: number;

  @Column({ type: 'varchar', length: 16 })
  solveStatus!: string;

  /** The exact problem (rotation-problem/1) the draft was solved against. */
  @Column({ type: 'text' })
  problemJson!: string;

  @Column({ type: 'varchar', length: 64 })
  generatedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  generatedAt!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  publishedBy!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  publishedAt!: string | null;
}

@Entity('assignments')
@Unique('uq_assignment_cell', ['rosterId', 'staffId', 'day'])
export class AssignmentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  rosterId!: number;

  @ManyToOne(() => RosterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rosterId' })
  roster?: RosterEntity;

  @Column({ type: 'varchar', length: 32 })
  staffId!: string;

  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'varchar', length: 16 })
  mode!: 'office' | 'telework' | 'absent';

  @Column({ type: 'varchar', length: 64, nullable: true })
  counterId!: string | null;

  /** Telework at a place (PlaceEntity id); null at home or in the office. */
  @Column({ type: 'integer', nullable: true })
  placeId!: number | null;
}

/** One denied request of a published version, with the engine's reason in Japanese. */
export interface PublishedDenial {
  readonly staff: string;
  readonly day: string;
  readonly reason: string;
}

export interface PublishedAssignment {
  readonly staff: string;
  readonly day: string;
  readonly mode: 'office' | 'telework' | 'absent';
  readonly counter?: string;
  /** Telework at a place, as the problem names it (`place-<PlaceEntity id>`); absent at home. */
  readonly place?: string;
}

@Entity('roster_publications')
@Unique('uq_publication_version', ['rosterId', 'version'])
export class RosterPublicationEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  rosterId!: number;

  @ManyToOne(() => RosterEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rosterId' })
  roster?: RosterEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 64 })
  publishedBy!: string;

  @Column({ type: 'varchar', length: 30 })
  publishedAt!: string;

  @Column({ type: 'integer' })
  objective!: number;

  /** Person-days that differ from the previous published version. */
  @Column({ type: 'integer', default: 0 })
  changes!: number;

  @Column({ type: 'simple-json' })
  assignments!: PublishedAssignment[];

  @Column({ type: 'simple-json' })
  denials!: PublishedDenial[];
}
