import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A real week: notifications (with their e-mail outbox), each person's
 * e-mail address and choice, and what actually happened on past days.
 * The two added columns are written by hand (no copy of the tables).
 */
export class WeekOperations1795627134141 implements MigrationInterface {
  name = 'WeekOperations1795627134141';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "kind" varchar(32) NOT NULL, "title" varchar(200) NOT NULL, "body" text NOT NULL, "link" varchar(200), "dedupeKey" varchar(128), "createdAt" varchar(30) NOT NULL, "readAt" varchar(30), "mailState" varchar(16) NOT NULL DEFAULT ('none'), "mailAttempts" integer NOT NULL DEFAULT (0), "mailedAt" varchar(30), CONSTRAINT "uq_notification_dedupe" UNIQUE ("staffId", "dedupeKey"), CONSTRAINT "FK_d376e39421a2ebc2a6b30815d66" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0f2131294f73ee2bc3c5face1c" ON "notifications" ("mailState") `);
    await queryRunner.query(`CREATE INDEX "idx_notification_unread" ON "notifications" ("staffId", "readAt") `);
    await queryRunner.query(
      `CREATE TABLE "actual_days" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "recordedBy" varchar(64) NOT NULL, "recordedAt" varchar(30) NOT NULL, CONSTRAINT "uq_actual_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "FK_52493eb9cf8daac1995f2881881" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4a3370f36df607f39967d68b3e" ON "actual_days" ("day") `);
    await queryRunner.query(`ALTER TABLE "staff" ADD COLUMN "email" varchar(254)`);
    await queryRunner.query(`ALTER TABLE "accounts" ADD COLUMN "emailNotifications" boolean NOT NULL DEFAULT (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "emailNotifications"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "email"`);
    await queryRunner.query(`DROP TABLE "actual_days"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
