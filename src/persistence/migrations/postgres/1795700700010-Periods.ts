import { MigrationInterface, QueryRunner } from 'typeorm';

/** HR's periods (試行期間, monthly caps): dates, scope, a goal and a cap per person. */
export class Periods1795700700010 implements MigrationInterface {
  name = 'Periods1795700700010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "periods" ("id" SERIAL NOT NULL, "name" character varying(60) NOT NULL, "fromDay" character varying(10) NOT NULL, "toDay" character varying(10) NOT NULL, "divisionIds" character varying(4000) NOT NULL DEFAULT '', "minDays" integer, "maxDays" integer, "turnDays" character varying(16) NOT NULL DEFAULT 'requested', "revision" integer NOT NULL DEFAULT 1, "updatedBy" character varying(64) NOT NULL, "updatedAt" character varying(30) NOT NULL, CONSTRAINT "PK_periods_id" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5806c7e3f975f655d6c46179ac" ON "periods" ("fromDay") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_5806c7e3f975f655d6c46179ac"`);
    await queryRunner.query(`DROP TABLE "periods"`);
  }
}
