import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR's periods (試行期間, monthly caps): dates, scope, a goal and a cap per person. */
export class Periods1795700700000 implements MigrationInterface {
  name = 'Periods1795700700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "periods" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(60) NOT NULL, "fromDay" varchar(10) NOT NULL, "toDay" varchar(10) NOT NULL, "divisionIds" varchar(4000) NOT NULL DEFAULT (''), "minDays" integer, "maxDays" integer, "turnDays" varchar(16) NOT NULL DEFAULT ('requested'), "revision" integer NOT NULL DEFAULT (1), "updatedBy" varchar(64) NOT NULL, "updatedAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5806c7e3f975f655d6c46179ac" ON "periods" ("fromDay") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_5806c7e3f975f655d6c46179ac"`);
    await queryRunner.query(`DROP TABLE "periods"`);
  }
}
