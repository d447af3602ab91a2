import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR's telework allowance rule (在宅勤務等手当), one row set to the national rule: more than 10 days a month on average over 6 months, 3,000 yen. */
export class AllowanceRule1795700600010 implements MigrationInterface {
  name = 'AllowanceRule1795700600010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "allowance_rule" ("id" integer NOT NULL, "thresholdDays" integer NOT NULL, "periodMonths" integer NOT NULL, "amountYen" integer NOT NULL, "revision" integer NOT NULL DEFAULT 1, "updatedBy" character varying(64) NOT NULL, "updatedAt" character varying(30) NOT NULL, CONSTRAINT "PK_b44e3e26303cd4a52fc7a49ac56" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "allowance_rule" ("id", "thresholdDays", "periodMonths", "amountYen", "revision", "updatedBy", "updatedAt") VALUES (1, 10, 6, 3000, 1, 'system', '2026-11-26T00:00:00.000Z')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "allowance_rule"`);
  }
}
