/** HR's policy simulations: each run keeps the study it ran and, once done, its results. */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SIMULATION_STATUSES = ['queued', 'running', 'done', 'cancelled', 'failed'] as const;
export type SimulationStatus = (typeof SIMULATION_STATUSES)[number];

@Entity('simulation_runs')
export class SimulationRunEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: SimulationStatus;

  /** The study (rotation-simulation/1) exactly as it was run. */
  @Column({ type: 'text' })
  studyJson!: string;

  /** The results (rotation-simulation-result/1) once the run is done. */
  @Column({ type: 'text', nullable: true })
  resultJson!: string | null;

  /** Why the run failed, in Japanese. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** Simulated weeks and re-solved changes so far, out of the total known so far. */
  @Column({ type: 'integer', default: 0 })
  progressDone!: number;

  @Column({ type: 'integer', default: 0 })
  progressTotal!: number;

  /** Login id of who started it. */
  @Column({ type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  startedAt!: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  finishedAt!: string | null;

  /** Last sign of life of the process running it (written every few seconds while it runs). */
  @Column({ type: 'varchar', length: 30, nullable: true })
  heartbeatAt!: string | null;
}
