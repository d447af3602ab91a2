import { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed logins per login id: the per-account delay and temporary lock. */
export class LoginThrottle1795700400000 implements MigrationInterface {
  name = 'LoginThrottle1795700400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_throttle" ("key" varchar(64) PRIMARY KEY NOT NULL, "failures" integer NOT NULL, "locks" integer NOT NULL, "lastAttemptAt" bigint NOT NULL, "lockedUntil" bigint NOT NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
