import { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed logins per login id: the per-account delay and temporary lock. */
export class LoginThrottle1795700400010 implements MigrationInterface {
  name = 'LoginThrottle1795700400010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_throttle" ("key" character varying(64) NOT NULL, "failures" integer NOT NULL, "locks" integer NOT NULL, "lastAttemptAt" bigint NOT NULL, "lockedUntil" bigint NOT NULL, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
