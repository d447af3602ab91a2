import { MigrationInterface, QueryRunner } from 'typeorm';

/** A running simulation's last sign of life, so that a run whose process stopped can be told from one still running elsewhere. */
export class SimulationHeartbeat1795318759160 implements MigrationInterface {
  name = 'SimulationHeartbeat1795318759160';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "simulation_runs" ADD "heartbeatAt" character varying(30)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "simulation_runs" DROP COLUMN "heartbeatAt"`);
  }
}
