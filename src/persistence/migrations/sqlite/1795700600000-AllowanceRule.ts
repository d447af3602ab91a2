import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR's telework allowance rule (在宅勤務等手当), one row set to the national rule: more than 10 days a month on average over 6 months, 3,000 yen. */
export class AllowanceRule1795700600000 implements MigrationInterface {
  name = 'AllowanceRule1795700600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "allowance_rule" ("id" integer PRIMARY KEY NOT NULL, "thresholdDays" integer NOT NULL, "periodMonths" integer NOT NULL, "amountYen" integer NOT NULL, "revision" integer NOT NULL DEFAULT (1), "updatedBy" varchar(64) NOT NULL, "updatedAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "allowance_rule" ("id", "thresholdDays", "periodMonths", "amountYen", "revision", "updatedBy", "updatedAt") VALUES (1, 10, 6, 3000, 1, 'system', '2026-11-26T00:00:00.000Z')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "allowance_rule"`);
  }
}
