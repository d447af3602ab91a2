import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time links that set an account's password (setup_links), and a
 * revision for the divisions HR now edits. The column is added in place:
 * rebuilding `divisions` would drop its reference-version triggers.
 */
export class SetupLinks1795700300000 implements MigrationInterface {
  name = 'SetupLinks1795700300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "setup_links" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "accountId" integer NOT NULL, "tokenHash" varchar(64) NOT NULL, "expiresAt" varchar(30) NOT NULL, "createdBy" varchar(64) NOT NULL, "createdAt" varchar(30) NOT NULL, CONSTRAINT "FK_c9ececb53d31ccbe38f3462c565" FOREIGN KEY ("accountId") REFERENCES "accounts" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c9ececb53d31ccbe38f3462c56" ON "setup_links" ("accountId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab1af18f344a28bba8a526379c" ON "setup_links" ("tokenHash") `);
    await queryRunner.query(`ALTER TABLE "divisions" ADD COLUMN "revision" integer NOT NULL DEFAULT (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "divisions" DROP COLUMN "revision"`);
    await queryRunner.query(`DROP INDEX "IDX_ab1af18f344a28bba8a526379c"`);
    await queryRunner.query(`DROP INDEX "IDX_c9ececb53d31ccbe38f3462c56"`);
    await queryRunner.query(`DROP TABLE "setup_links"`);
  }
}
