import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens of the systems that call the JSON API (api_tokens): only a hash of each secret is kept. */
export class ApiTokens1795700500000 implements MigrationInterface {
  name = 'ApiTokens1795700500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(100) NOT NULL, "scope" varchar(16) NOT NULL, "tokenHash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "createdBy" varchar(64) NOT NULL, "createdAt" varchar(30) NOT NULL, "expiresAt" varchar(30), "lastUsedAt" varchar(30), "revokedAt" varchar(30), "revokedBy" varchar(64))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_api_tokens_tokenHash" ON "api_tokens" ("tokenHash") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_api_tokens_tokenHash"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
  }
}
