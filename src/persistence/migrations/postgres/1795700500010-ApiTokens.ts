import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens of the systems that call the JSON API (api_tokens): only a hash of each secret is kept. */
export class ApiTokens1795700500010 implements MigrationInterface {
  name = 'ApiTokens1795700500010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_tokens" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "scope" character varying(16) NOT NULL, "tokenHash" character varying(64) NOT NULL, "prefix" character varying(16) NOT NULL, "createdBy" character varying(64) NOT NULL, "createdAt" character varying(30) NOT NULL, "expiresAt" character varying(30), "lastUsedAt" character varying(30), "revokedAt" character varying(30), "revokedBy" character varying(64), CONSTRAINT "PK_api_tokens" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_api_tokens_tokenHash" ON "api_tokens" ("tokenHash") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_api_tokens_tokenHash"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
  }
}
