import { MigrationInterface, QueryRunner } from 'typeorm';

export class SimulationRuns1795314114012 implements MigrationInterface {
  name = 'SimulationRuns1795314114012';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "simulation_runs" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "status" varchar(16) NOT NULL, "studyJson" text NOT NULL, "resultJson" text, "error" text, "progressDone" integer NOT NULL DEFAULT (0), "progressTotal" integer NOT NULL DEFAULT (0), "createdBy" varchar(64) NOT NULL, "createdAt" varchar(30) NOT NULL, "startedAt" varchar(30), "finishedAt" varchar(30))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d000d71e96c8afdc393dabba24" ON "simulation_runs" ("status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_d000d71e96c8afdc393dabba24"`);
    await queryRunner.query(`DROP TABLE "simulation_runs"`);
  }
}
