import { MigrationInterface, QueryRunner } from 'typeorm';

/** One-time links that set an account's password (setup_links), and a revision for the divisions HR now edits. */
export class SetupLinks1795700300010 implements MigrationInterface {
  name = 'SetupLinks1795700300010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "setup_links" ("id" SERIAL NOT NULL, "accountId" integer NOT NULL, "tokenHash" character varying(64) NOT NULL, "expiresAt" character varying(30) NOT NULL, "createdBy" character varying(64) NOT NULL, "createdAt" character varying(30) NOT NULL, CONSTRAINT "PK_5e3bfdff225a21d7518e6fbeed6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c9ececb53d31ccbe38f3462c56" ON "setup_links"  ("accountId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab1af18f344a28bba8a526379c" ON "setup_links"  ("tokenHash") `);
    await queryRunner.query(`ALTER TABLE "divisions" ADD "revision" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(
      `ALTER TABLE "setup_links" ADD CONSTRAINT "FK_c9ececb53d31ccbe38f3462c565" FOREIGN KEY ("accountId") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "setup_links" DROP CONSTRAINT "FK_c9ececb53d31ccbe38f3462c565"`);
    await queryRunner.query(`ALTER TABLE "divisions" DROP COLUMN "revision"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab1af18f344a28bba8a526379c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c9ececb53d31ccbe38f3462c56"`);
    await queryRunner.query(`DROP TABLE "setup_links"`);
  }
}
