import { MigrationInterface, QueryRunner } from 'typeorm';

/** Revisions of staff, counters and per-day overrides: a form built from an older revision is refused (HTTP 409). */
export class Revisions1795700100000 implements MigrationInterface {
  name = 'Revisions1795700100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff" ADD COLUMN "revision" integer NOT NULL DEFAULT (1)`);
    await queryRunner.query(`ALTER TABLE "counters" ADD COLUMN "revision" integer NOT NULL DEFAULT (1)`);
    await queryRunner.query(`ALTER TABLE "counter_overrides" ADD COLUMN "revision" integer NOT NULL DEFAULT (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "counter_overrides" DROP COLUMN "revision"`);
    await queryRunner.query(`ALTER TABLE "counters" DROP COLUMN "revision"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "revision"`);
  }
}
