import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795311036163 implements MigrationInterface {
  name = 'Initial1795311036163';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "divisions" ("id" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "terminals" integer, "sortOrder" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_c1f864477b3fd0954564108ed96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "counters" ("id" character varying(64) NOT NULL, "divisionId" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "minByWeekday" text NOT NULL, "sortOrder" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_910bfcbadea9cde6397e0daf996" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_12b772a09fe3f983dfbe73ae64" ON "counters"  ("divisionId") `);
    await queryRunner.query(
      `CREATE TABLE "counter_overrides" ("id" SERIAL NOT NULL, "counterId" character varying(64) NOT NULL, "day" character varying(10) NOT NULL, "min" integer NOT NULL, CONSTRAINT "uq_counter_override_day" UNIQUE ("counterId", "day"), CONSTRAINT "PK_6889d764bce9a31850af10b9e06" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5ec79c65c968baebb28836295b" ON "counter_overrides"  ("day") `);
    await queryRunner.query(
      `CREATE TABLE "closure_days" ("day" character varying(10) NOT NULL, "name" character varying(100) NOT NULL, CONSTRAINT "PK_0db8639fa458cab8730f24194ac" PRIMARY KEY ("day"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "divisionId" character varying(32) NOT NULL, "jobType" character varying(50) NOT NULL, "caregiver" boolean NOT NULL DEFAULT false, "maxTeleworkDays" integer, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d2ba993d04a13ff264a49bce62" ON "staff"  ("divisionId") `);
    await queryRunner.query(
      `CREATE TABLE "accounts" ("id" SERIAL NOT NULL, "loginId" character varying(64) NOT NULL, "passwordHash" character varying(255) NOT NULL, "role" character varying(16) NOT NULL, "staffId" character varying(32) NOT NULL, "icalToken" character varying(64) NOT NULL, "lastLoginAt" character varying(30), CONSTRAINT "REL_0cd1b74942815415963becece3" UNIQUE ("staffId"), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ee0dab5e59810bef0026334441" ON "accounts"  ("loginId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0cd1b74942815415963becece3" ON "accounts"  ("staffId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab0560e4d503e665436907ed94" ON "accounts"  ("icalToken") `);
    await queryRunner.query(
      `CREATE TABLE "telework_requests" ("id" SERIAL NOT NULL, "staffId" character varying(32) NOT NULL, "day" character varying(10) NOT NULL, "rank" integer NOT NULL, "reason" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "createdAt" character varying(30) NOT NULL, CONSTRAINT "uq_request_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "PK_d7191b5261bdb00962bbe5bf4ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c7be0a10943cfa4e95b18aaaaa" ON "telework_requests"  ("day") `);
    await queryRunner.query(
      `CREATE TABLE "absences" ("id" SERIAL NOT NULL, "staffId" character varying(32) NOT NULL, "day" character varying(10) NOT NULL, "createdBy" character varying(64) NOT NULL, CONSTRAINT "uq_absence_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "PK_bd79346866fea8ac6f269252748" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e798dec646a58bc6d05005a956" ON "absences"  ("day") `);
    await queryRunner.query(
      `CREATE TABLE "pins" ("id" SERIAL NOT NULL, "staffId" character varying(32) NOT NULL, "day" character varying(10) NOT NULL, "mode" character varying(16) NOT NULL, "createdBy" character varying(64) NOT NULL, CONSTRAINT "uq_pin_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "PK_a3e589ffd3c8c46861d011aede4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_614f84b83c5273042310776353" ON "pins"  ("day") `);
    await queryRunner.query(
      `CREATE TABLE "rosters" ("id" SERIAL NOT NULL, "divisionId" character varying(32) NOT NULL, "week" character varying(8) NOT NULL, "status" character varying(16) NOT NULL, "revision" integer NOT NULL DEFAULT '1', "publishedVersion" integer NOT NULL DEFAULT '0', "objective" integer NOT NULL, "solveStatus" character varying(16) NOT NULL, "problemJson" text NOT NULL, "generatedBy" character varying(64) NOT NULL, "generatedAt" character varying(30) NOT NULL, "publishedBy" character varying(64), "publishedAt" character varying(30), CONSTRAINT "uq_roster_division_week" UNIQUE ("divisionId", "week"), CONSTRAINT "PK_e1a50137614e6fe5a030145dadf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e31b30028af92b61b71997eb78" ON "rosters"  ("week") `);
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" SERIAL NOT NULL, "rosterId" integer NOT NULL, "staffId" character varying(32) NOT NULL, "day" character varying(10) NOT NULL, "mode" character varying(16) NOT NULL, "counterId" character varying(64), CONSTRAINT "uq_assignment_cell" UNIQUE ("rosterId", "staffId", "day"), CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4e676d5f71d2460f06ac82bdd4" ON "assignments"  ("rosterId") `);
    await queryRunner.query(
      `CREATE TABLE "roster_publications" ("id" SERIAL NOT NULL, "rosterId" integer NOT NULL, "version" integer NOT NULL, "publishedBy" character varying(64) NOT NULL, "publishedAt" character varying(30) NOT NULL, "objective" integer NOT NULL, "changes" integer NOT NULL DEFAULT '0', "assignments" text NOT NULL, "denials" text NOT NULL, CONSTRAINT "uq_publication_version" UNIQUE ("rosterId", "version"), CONSTRAINT "PK_6df3f10e6af0a2f4372586612e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5a62bfabf60c2a4142aed3752d" ON "roster_publications"  ("rosterId") `);
    await queryRunner.query(
      `CREATE TABLE "policy" ("id" integer NOT NULL, "maxTeleworkDays" integer NOT NULL, "licencesPerDay" integer, "deadlineWeekday" integer NOT NULL, "deadlineTime" character varying(5) NOT NULL, "rankWeights" text NOT NULL, "caregivingPriority" integer NOT NULL, "fairnessPerDenial" integer NOT NULL, "fairnessMax" integer NOT NULL, "fairnessWeeks" integer NOT NULL, "spreadBonus" text NOT NULL, "nonTeleworkJobTypes" text NOT NULL, "revision" integer NOT NULL DEFAULT '1', "updatedBy" character varying(64) NOT NULL, "updatedAt" character varying(30) NOT NULL, CONSTRAINT "PK_9917b0c5e4286703cc656b1d39f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" SERIAL NOT NULL, "at" character varying(30) NOT NULL, "actor" character varying(64) NOT NULL, "action" character varying(64) NOT NULL, "entity" character varying(64) NOT NULL, "entityId" character varying(128) NOT NULL, "before" text, "after" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log"  ("at") `);
    await queryRunner.query(`CREATE INDEX "IDX_7a09a92c169c7e52e7920f07c8" ON "audit_log"  ("entityId") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("sid" character varying(128) NOT NULL, "expiresAt" bigint NOT NULL, "data" text NOT NULL, CONSTRAINT "PK_e2d6172ca19b8ebef797c362b05" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_50762206f116cd47d1c3fec396" ON "sessions"  ("expiresAt") `);
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" character varying(200) NOT NULL, "hits" integer NOT NULL, "resetAt" bigint NOT NULL, CONSTRAINT "PK_8cb6aa4831e3e775ccf370521db" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_secrets" ("name" character varying(64) NOT NULL, "value" character varying(256) NOT NULL, CONSTRAINT "PK_6c785a9da9881929b0d1d780423" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_counters" ("staffId" character varying(32) NOT NULL, "counterId" character varying(64) NOT NULL, CONSTRAINT "PK_39904dd18d140ecbf62770c0503" PRIMARY KEY ("staffId", "counterId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_db4d55fd7426ae24f583abdf06" ON "staff_counters"  ("staffId") `);
    await queryRunner.query(`CREATE INDEX "IDX_a79b8d6a271721c3776f95f5cf" ON "staff_counters"  ("counterId") `);
    await queryRunner.query(
      `ALTER TABLE "counters" ADD CONSTRAINT "FK_12b772a09fe3f983dfbe73ae64d" FOREIGN KEY ("divisionId") REFERENCES "divisions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "counter_overrides" ADD CONSTRAINT "FK_86b01c2e3c4cb84987e57b6cfdb" FOREIGN KEY ("counterId") REFERENCES "counters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff" ADD CONSTRAINT "FK_d2ba993d04a13ff264a49bce627" FOREIGN KEY ("divisionId") REFERENCES "divisions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts" ADD CONSTRAINT "FK_0cd1b74942815415963becece3e" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "telework_requests" ADD CONSTRAINT "FK_0e48f13a517944dbe34bafe0ec0" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "absences" ADD CONSTRAINT "FK_112b27da7ca37fa5ee9ab58729d" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pins" ADD CONSTRAINT "FK_f227befe5c49180d750dc27833d" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rosters" ADD CONSTRAINT "FK_19a7a54e6fc83189e5b50e2fa99" FOREIGN KEY ("divisionId") REFERENCES "divisions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "FK_4e676d5f71d2460f06ac82bdd4f" FOREIGN KEY ("rosterId") REFERENCES "rosters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "roster_publications" ADD CONSTRAINT "FK_5a62bfabf60c2a4142aed3752d8" FOREIGN KEY ("rosterId") REFERENCES "rosters"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_counters" ADD CONSTRAINT "FK_db4d55fd7426ae24f583abdf06d" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "staff_counters" ADD CONSTRAINT "FK_a79b8d6a271721c3776f95f5cf1" FOREIGN KEY ("counterId") REFERENCES "counters"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_counters" DROP CONSTRAINT "FK_a79b8d6a271721c3776f95f5cf1"`);
    await queryRunner.query(`ALTER TABLE "staff_counters" DROP CONSTRAINT "FK_db4d55fd7426ae24f583abdf06d"`);
    await queryRunner.query(`ALTER TABLE "roster_publications" DROP CONSTRAINT "FK_5a62bfabf60c2a4142aed3752d8"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "FK_4e676d5f71d2460f06ac82bdd4f"`);
    await queryRunner.query(`ALTER TABLE "rosters" DROP CONSTRAINT "FK_19a7a54e6fc83189e5b50e2fa99"`);
    await queryRunner.query(`ALTER TABLE "pins" DROP CONSTRAINT "FK_f227befe5c49180d750dc27833d"`);
    await queryRunner.query(`ALTER TABLE "absences" DROP CONSTRAINT "FK_112b27da7ca37fa5ee9ab58729d"`);
    await queryRunner.query(`ALTER TABLE "telework_requests" DROP CONSTRAINT "FK_0e48f13a517944dbe34bafe0ec0"`);
    await queryRunner.query(`ALTER TABLE "accounts" DROP CONSTRAINT "FK_0cd1b74942815415963becece3e"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_d2ba993d04a13ff264a49bce627"`);
    await queryRunner.query(`ALTER TABLE "counter_overrides" DROP CONSTRAINT "FK_86b01c2e3c4cb84987e57b6cfdb"`);
    await queryRunner.query(`ALTER TABLE "counters" DROP CONSTRAINT "FK_12b772a09fe3f983dfbe73ae64d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a79b8d6a271721c3776f95f5cf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_db4d55fd7426ae24f583abdf06"`);
    await queryRunner.query(`DROP TABLE "staff_counters"`);
    await queryRunner.query(`DROP TABLE "app_secrets"`);
    await queryRunner.query(`DROP TABLE "rate_limits"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_50762206f116cd47d1c3fec396"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7a09a92c169c7e52e7920f07c8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "policy"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5a62bfabf60c2a4142aed3752d"`);
    await queryRunner.query(`DROP TABLE "roster_publications"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4e676d5f71d2460f06ac82bdd4"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e31b30028af92b61b71997eb78"`);
    await queryRunner.query(`DROP TABLE "rosters"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_614f84b83c5273042310776353"`);
    await queryRunner.query(`DROP TABLE "pins"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e798dec646a58bc6d05005a956"`);
    await queryRunner.query(`DROP TABLE "absences"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c7be0a10943cfa4e95b18aaaaa"`);
    await queryRunner.query(`DROP TABLE "telework_requests"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab0560e4d503e665436907ed94"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0cd1b74942815415963becece3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ee0dab5e59810bef0026334441"`);
    await queryRunner.query(`DROP TABLE "accounts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d2ba993d04a13ff264a49bce62"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TABLE "closure_days"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5ec79c65c968baebb28836295b"`);
    await queryRunner.query(`DROP TABLE "counter_overrides"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_12b772a09fe3f983dfbe73ae64"`);
    await queryRunner.query(`DROP TABLE "counters"`);
    await queryRunner.query(`DROP TABLE "divisions"`);
  }
}
