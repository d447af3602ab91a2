import { MigrationInterface, QueryRunner } from 'typeorm';

export class SimulationRuns1795314121292 implements MigrationInterface {
  name = 'SimulationRuns1795314121292';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "simulation_runs" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "status" character varying(16) NOT NULL, "studyJson" text NOT NULL, "resultJson" text, "error" text, "progressDone" integer NOT NULL DEFAULT '0', "progressTotal" integer NOT NULL DEFAULT '0', "createdBy" character varying(64) NOT NULL, "createdAt" character varying(30) NOT NULL, "startedAt" character varying(30), "finishedAt" character varying(30), CONSTRAINT "PK_e721bc4d4fe17be8cab15c245e9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d000d71e96c8afdc393dabba24" ON "simulation_runs"  ("status") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_d000d71e96c8afdc393dabba24"`);
    await queryRunner.query(`DROP TABLE "simulation_runs"`);
  }
}
