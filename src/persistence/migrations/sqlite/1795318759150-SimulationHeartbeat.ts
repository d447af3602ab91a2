import { MigrationInterface, QueryRunner } from 'typeorm';

/** A running simulation's last sign of life, so that a run whose process stopped can be told from one still running elsewhere. */
export class SimulationHeartbeat1795318759150 implements MigrationInterface {
  name = 'SimulationHeartbeat1795318759150';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "simulation_runs" ADD COLUMN "heartbeatAt" varchar(30)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "simulation_runs" DROP COLUMN "heartbeatAt"`);
  }
}
