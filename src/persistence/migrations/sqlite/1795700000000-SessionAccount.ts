import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whose session a row is, so that every session of an account can be ended with one DELETE. */
export class SessionAccount1795700000000 implements MigrationInterface {
  name = 'SessionAccount1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" ADD COLUMN "accountId" integer`);
    await queryRunner.query(`CREATE INDEX "IDX_6fee377066ebeed22567e4390e" ON "sessions" ("accountId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_6fee377066ebeed22567e4390e"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP COLUMN "accountId"`);
  }
}
