import { MigrationInterface, QueryRunner } from 'typeorm';

export class WeekOperations1795627134151 implements MigrationInterface {
  name = 'WeekOperations1795627134151';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" SERIAL NOT NULL, "staffId" character varying(32) NOT NULL, "kind" character varying(32) NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "link" character varying(200), "dedupeKey" character varying(128), "createdAt" character varying(30) NOT NULL, "readAt" character varying(30), "mailState" character varying(16) NOT NULL DEFAULT 'none', "mailAttempts" integer NOT NULL DEFAULT '0', "mailedAt" character varying(30), CONSTRAINT "uq_notification_dedupe" UNIQUE ("staffId", "dedupeKey"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0f2131294f73ee2bc3c5face1c" ON "notifications"  ("mailState") `);
    await queryRunner.query(`CREATE INDEX "idx_notification_unread" ON "notifications"  ("staffId", "readAt") `);
    await queryRunner.query(
      `CREATE TABLE "actual_days" ("id" SERIAL NOT NULL, "staffId" character varying(32) NOT NULL, "day" character varying(10) NOT NULL, "mode" character varying(16) NOT NULL, "recordedBy" character varying(64) NOT NULL, "recordedAt" character varying(30) NOT NULL, CONSTRAINT "uq_actual_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "PK_c2a6a620c5ee134de92013b46fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4a3370f36df607f39967d68b3e" ON "actual_days"  ("day") `);
    await queryRunner.query(`ALTER TABLE "staff" ADD "email" character varying(254)`);
    await queryRunner.query(`ALTER TABLE "accounts" ADD "emailNotifications" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_d376e39421a2ebc2a6b30815d66" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "actual_days" ADD CONSTRAINT "FK_52493eb9cf8daac1995f2881881" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "actual_days" DROP CONSTRAINT "FK_52493eb9cf8daac1995f2881881"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_d376e39421a2ebc2a6b30815d66"`);
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "emailNotifications"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4a3370f36df607f39967d68b3e"`);
    await queryRunner.query(`DROP TABLE "actual_days"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notification_unread"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0f2131294f73ee2bc3c5face1c"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
