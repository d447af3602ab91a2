import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795311035113 implements MigrationInterface {
  name = 'Initial1795311035113';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "divisions" ("id" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "terminals" integer, "sortOrder" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE TABLE "counters" ("id" varchar(64) PRIMARY KEY NOT NULL, "divisionId" varchar(32) NOT NULL, "name" varchar(100) NOT NULL, "minByWeekday" text NOT NULL, "sortOrder" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_12b772a09fe3f983dfbe73ae64" ON "counters" ("divisionId") `);
    await queryRunner.query(
      `CREATE TABLE "counter_overrides" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "counterId" varchar(64) NOT NULL, "day" varchar(10) NOT NULL, "min" integer NOT NULL, CONSTRAINT "uq_counter_override_day" UNIQUE ("counterId", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5ec79c65c968baebb28836295b" ON "counter_overrides" ("day") `);
    await queryRunner.query(`CREATE TABLE "closure_days" ("day" varchar(10) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL)`);
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "divisionId" varchar(32) NOT NULL, "jobType" varchar(50) NOT NULL, "caregiver" boolean NOT NULL DEFAULT (0), "maxTeleworkDays" integer, "active" boolean NOT NULL DEFAULT (1))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d2ba993d04a13ff264a49bce62" ON "staff" ("divisionId") `);
    await queryRunner.query(
      `CREATE TABLE "accounts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "loginId" varchar(64) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(16) NOT NULL, "staffId" varchar(32) NOT NULL, "icalToken" varchar(64) NOT NULL, "lastLoginAt" varchar(30), CONSTRAINT "REL_0cd1b74942815415963becece3" UNIQUE ("staffId"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ee0dab5e59810bef0026334441" ON "accounts" ("loginId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0cd1b74942815415963becece3" ON "accounts" ("staffId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab0560e4d503e665436907ed94" ON "accounts" ("icalToken") `);
    await queryRunner.query(
      `CREATE TABLE "telework_requests" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "rank" integer NOT NULL, "reason" varchar(16) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('active'), "createdAt" varchar(30) NOT NULL, CONSTRAINT "uq_request_staff_day" UNIQUE ("staffId", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c7be0a10943cfa4e95b18aaaaa" ON "telework_requests" ("day") `);
    await queryRunner.query(
      `CREATE TABLE "absences" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "createdBy" varchar(64) NOT NULL, CONSTRAINT "uq_absence_staff_day" UNIQUE ("staffId", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e798dec646a58bc6d05005a956" ON "absences" ("day") `);
    await queryRunner.query(
      `CREATE TABLE "pins" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "createdBy" varchar(64) NOT NULL, CONSTRAINT "uq_pin_staff_day" UNIQUE ("staffId", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_614f84b83c5273042310776353" ON "pins" ("day") `);
    await queryRunner.query(
      `CREATE TABLE "rosters" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "divisionId" varchar(32) NOT NULL, "week" varchar(8) NOT NULL, "status" varchar(16) NOT NULL, "revision" integer NOT NULL DEFAULT (1), "publishedVersion" integer NOT NULL DEFAULT (0), "objective" integer NOT NULL, "solveStatus" varchar(16) NOT NULL, "problemJson" text NOT NULL, "generatedBy" varchar(64) NOT NULL, "generatedAt" varchar(30) NOT NULL, "publishedBy" varchar(64), "publishedAt" varchar(30), CONSTRAINT "uq_roster_division_week" UNIQUE ("divisionId", "week"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e31b30028af92b61b71997eb78" ON "rosters" ("week") `);
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rosterId" integer NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "counterId" varchar(64), CONSTRAINT "uq_assignment_cell" UNIQUE ("rosterId", "staffId", "day"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4e676d5f71d2460f06ac82bdd4" ON "assignments" ("rosterId") `);
    await queryRunner.query(
      `CREATE TABLE "roster_publications" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rosterId" integer NOT NULL, "version" integer NOT NULL, "publishedBy" varchar(64) NOT NULL, "publishedAt" varchar(30) NOT NULL, "objective" integer NOT NULL, "changes" integer NOT NULL DEFAULT (0), "assignments" text NOT NULL, "denials" text NOT NULL, CONSTRAINT "uq_publication_version" UNIQUE ("rosterId", "version"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5a62bfabf60c2a4142aed3752d" ON "roster_publications" ("rosterId") `);
    await queryRunner.query(
      `CREATE TABLE "policy" ("id" integer PRIMARY KEY NOT NULL, "maxTeleworkDays" integer NOT NULL, "licencesPerDay" integer, "deadlineWeekday" integer NOT NULL, "deadlineTime" varchar(5) NOT NULL, "rankWeights" text NOT NULL, "caregivingPriority" integer NOT NULL, "fairnessPerDenial" integer NOT NULL, "fairnessMax" integer NOT NULL, "fairnessWeeks" integer NOT NULL, "spreadBonus" text NOT NULL, "nonTeleworkJobTypes" text NOT NULL, "revision" integer NOT NULL DEFAULT (1), "updatedBy" varchar(64) NOT NULL, "updatedAt" varchar(30) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" varchar(30) NOT NULL, "actor" varchar(64) NOT NULL, "action" varchar(64) NOT NULL, "entity" varchar(64) NOT NULL, "entityId" varchar(128) NOT NULL, "before" text, "after" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log" ("at") `);
    await queryRunner.query(`CREATE INDEX "IDX_7a09a92c169c7e52e7920f07c8" ON "audit_log" ("entityId") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("sid" varchar(128) PRIMARY KEY NOT NULL, "expiresAt" bigint NOT NULL, "data" text NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_50762206f116cd47d1c3fec396" ON "sessions" ("expiresAt") `);
    await queryRunner.query(
      `CREATE TABLE "rate_limits" ("key" varchar(200) PRIMARY KEY NOT NULL, "hits" integer NOT NULL, "resetAt" bigint NOT NULL)`,
    );
    await queryRunner.query(`CREATE TABLE "app_secrets" ("name" varchar(64) PRIMARY KEY NOT NULL, "value" varchar(256) NOT NULL)`);
    await queryRunner.query(
      `CREATE TABLE "staff_counters" ("staffId" varchar(32) NOT NULL, "counterId" varchar(64) NOT NULL, PRIMARY KEY ("staffId", "counterId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_db4d55fd7426ae24f583abdf06" ON "staff_counters" ("staffId") `);
    await queryRunner.query(`CREATE INDEX "IDX_a79b8d6a271721c3776f95f5cf" ON "staff_counters" ("counterId") `);
    await queryRunner.query(`DROP INDEX "IDX_12b772a09fe3f983dfbe73ae64"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_counters" ("id" varchar(64) PRIMARY KEY NOT NULL, "divisionId" varchar(32) NOT NULL, "name" varchar(100) NOT NULL, "minByWeekday" text NOT NULL, "sortOrder" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_12b772a09fe3f983dfbe73ae64d" FOREIGN KEY ("divisionId") REFERENCES "divisions" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_counters"("id", "divisionId", "name", "minByWeekday", "sortOrder") SELECT "id", "divisionId", "name", "minByWeekday", "sortOrder" FROM "counters"`,
    );
    await queryRunner.query(`DROP TABLE "counters"`);
    await queryRunner.query(`ALTER TABLE "temporary_counters" RENAME TO "counters"`);
    await queryRunner.query(`CREATE INDEX "IDX_12b772a09fe3f983dfbe73ae64" ON "counters" ("divisionId") `);
    await queryRunner.query(`DROP INDEX "IDX_5ec79c65c968baebb28836295b"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_counter_overrides" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "counterId" varchar(64) NOT NULL, "day" varchar(10) NOT NULL, "min" integer NOT NULL, CONSTRAINT "uq_counter_override_day" UNIQUE ("counterId", "day"), CONSTRAINT "FK_86b01c2e3c4cb84987e57b6cfdb" FOREIGN KEY ("counterId") REFERENCES "counters" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_counter_overrides"("id", "counterId", "day", "min") SELECT "id", "counterId", "day", "min" FROM "counter_overrides"`,
    );
    await queryRunner.query(`DROP TABLE "counter_overrides"`);
    await queryRunner.query(`ALTER TABLE "temporary_counter_overrides" RENAME TO "counter_overrides"`);
    await queryRunner.query(`CREATE INDEX "IDX_5ec79c65c968baebb28836295b" ON "counter_overrides" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_d2ba993d04a13ff264a49bce62"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_staff" ("id" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "divisionId" varchar(32) NOT NULL, "jobType" varchar(50) NOT NULL, "caregiver" boolean NOT NULL DEFAULT (0), "maxTeleworkDays" integer, "active" boolean NOT NULL DEFAULT (1), CONSTRAINT "FK_d2ba993d04a13ff264a49bce627" FOREIGN KEY ("divisionId") REFERENCES "divisions" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_staff"("id", "name", "divisionId", "jobType", "caregiver", "maxTeleworkDays", "active") SELECT "id", "name", "divisionId", "jobType", "caregiver", "maxTeleworkDays", "active" FROM "staff"`,
    );
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`ALTER TABLE "temporary_staff" RENAME TO "staff"`);
    await queryRunner.query(`CREATE INDEX "IDX_d2ba993d04a13ff264a49bce62" ON "staff" ("divisionId") `);
    await queryRunner.query(`DROP INDEX "IDX_ee0dab5e59810bef0026334441"`);
    await queryRunner.query(`DROP INDEX "IDX_0cd1b74942815415963becece3"`);
    await queryRunner.query(`DROP INDEX "IDX_ab0560e4d503e665436907ed94"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_accounts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "loginId" varchar(64) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(16) NOT NULL, "staffId" varchar(32) NOT NULL, "icalToken" varchar(64) NOT NULL, "lastLoginAt" varchar(30), CONSTRAINT "REL_0cd1b74942815415963becece3" UNIQUE ("staffId"), CONSTRAINT "FK_0cd1b74942815415963becece3e" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_accounts"("id", "loginId", "passwordHash", "role", "staffId", "icalToken", "lastLoginAt") SELECT "id", "loginId", "passwordHash", "role", "staffId", "icalToken", "lastLoginAt" FROM "accounts"`,
    );
    await queryRunner.query(`DROP TABLE "accounts"`);
    await queryRunner.query(`ALTER TABLE "temporary_accounts" RENAME TO "accounts"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ee0dab5e59810bef0026334441" ON "accounts" ("loginId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0cd1b74942815415963becece3" ON "accounts" ("staffId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab0560e4d503e665436907ed94" ON "accounts" ("icalToken") `);
    await queryRunner.query(`DROP INDEX "IDX_c7be0a10943cfa4e95b18aaaaa"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_telework_requests" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "rank" integer NOT NULL, "reason" varchar(16) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('active'), "createdAt" varchar(30) NOT NULL, CONSTRAINT "uq_request_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "FK_0e48f13a517944dbe34bafe0ec0" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_telework_requests"("id", "staffId", "day", "rank", "reason", "status", "createdAt") SELECT "id", "staffId", "day", "rank", "reason", "status", "createdAt" FROM "telework_requests"`,
    );
    await queryRunner.query(`DROP TABLE "telework_requests"`);
    await queryRunner.query(`ALTER TABLE "temporary_telework_requests" RENAME TO "telework_requests"`);
    await queryRunner.query(`CREATE INDEX "IDX_c7be0a10943cfa4e95b18aaaaa" ON "telework_requests" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_e798dec646a58bc6d05005a956"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_absences" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "createdBy" varchar(64) NOT NULL, CONSTRAINT "uq_absence_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "FK_112b27da7ca37fa5ee9ab58729d" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_absences"("id", "staffId", "day", "createdBy") SELECT "id", "staffId", "day", "createdBy" FROM "absences"`,
    );
    await queryRunner.query(`DROP TABLE "absences"`);
    await queryRunner.query(`ALTER TABLE "temporary_absences" RENAME TO "absences"`);
    await queryRunner.query(`CREATE INDEX "IDX_e798dec646a58bc6d05005a956" ON "absences" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_614f84b83c5273042310776353"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_pins" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "createdBy" varchar(64) NOT NULL, CONSTRAINT "uq_pin_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "FK_f227befe5c49180d750dc27833d" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_pins"("id", "staffId", "day", "mode", "createdBy") SELECT "id", "staffId", "day", "mode", "createdBy" FROM "pins"`,
    );
    await queryRunner.query(`DROP TABLE "pins"`);
    await queryRunner.query(`ALTER TABLE "temporary_pins" RENAME TO "pins"`);
    await queryRunner.query(`CREATE INDEX "IDX_614f84b83c5273042310776353" ON "pins" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_e31b30028af92b61b71997eb78"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_rosters" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "divisionId" varchar(32) NOT NULL, "week" varchar(8) NOT NULL, "status" varchar(16) NOT NULL, "revision" integer NOT NULL DEFAULT (1), "publishedVersion" integer NOT NULL DEFAULT (0), "objective" integer NOT NULL, "solveStatus" varchar(16) NOT NULL, "problemJson" text NOT NULL, "generatedBy" varchar(64) NOT NULL, "generatedAt" varchar(30) NOT NULL, "publishedBy" varchar(64), "publishedAt" varchar(30), CONSTRAINT "uq_roster_division_week" UNIQUE ("divisionId", "week"), CONSTRAINT "FK_19a7a54e6fc83189e5b50e2fa99" FOREIGN KEY ("divisionId") REFERENCES "divisions" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_rosters"("id", "divisionId", "week", "status", "revision", "publishedVersion", "objective", "solveStatus", "problemJson", "generatedBy", "generatedAt", "publishedBy", "publishedAt") SELECT "id", "divisionId", "week", "status", "revision", "publishedVersion", "objective", "solveStatus", "problemJson", "generatedBy", "generatedAt", "publishedBy", "publishedAt" FROM "rosters"`,
    );
    await queryRunner.query(`DROP TABLE "rosters"`);
    await queryRunner.query(`ALTER TABLE "temporary_rosters" RENAME TO "rosters"`);
    await queryRunner.query(`CREATE INDEX "IDX_e31b30028af92b61b71997eb78" ON "rosters" ("week") `);
    await queryRunner.query(`DROP INDEX "IDX_4e676d5f71d2460f06ac82bdd4"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_assignments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rosterId" integer NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "counterId" varchar(64), CONSTRAINT "uq_assignment_cell" UNIQUE ("rosterId", "staffId", "day"), CONSTRAINT "FK_4e676d5f71d2460f06ac82bdd4f" FOREIGN KEY ("rosterId") REFERENCES "rosters" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_assignments"("id", "rosterId", "staffId", "day", "mode", "counterId") SELECT "id", "rosterId", "staffId", "day", "mode", "counterId" FROM "assignments"`,
    );
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`ALTER TABLE "temporary_assignments" RENAME TO "assignments"`);
    await queryRunner.query(`CREATE INDEX "IDX_4e676d5f71d2460f06ac82bdd4" ON "assignments" ("rosterId") `);
    await queryRunner.query(`DROP INDEX "IDX_5a62bfabf60c2a4142aed3752d"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_roster_publications" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rosterId" integer NOT NULL, "version" integer NOT NULL, "publishedBy" varchar(64) NOT NULL, "publishedAt" varchar(30) NOT NULL, "objective" integer NOT NULL, "changes" integer NOT NULL DEFAULT (0), "assignments" text NOT NULL, "denials" text NOT NULL, CONSTRAINT "uq_publication_version" UNIQUE ("rosterId", "version"), CONSTRAINT "FK_5a62bfabf60c2a4142aed3752d8" FOREIGN KEY ("rosterId") REFERENCES "rosters" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_roster_publications"("id", "rosterId", "version", "publishedBy", "publishedAt", "objective", "changes", "assignments", "denials") SELECT "id", "rosterId", "version", "publishedBy", "publishedAt", "objective", "changes", "assignments", "denials" FROM "roster_publications"`,
    );
    await queryRunner.query(`DROP TABLE "roster_publications"`);
    await queryRunner.query(`ALTER TABLE "temporary_roster_publications" RENAME TO "roster_publications"`);
    await queryRunner.query(`CREATE INDEX "IDX_5a62bfabf60c2a4142aed3752d" ON "roster_publications" ("rosterId") `);
    await queryRunner.query(`DROP INDEX "IDX_db4d55fd7426ae24f583abdf06"`);
    await queryRunner.query(`DROP INDEX "IDX_a79b8d6a271721c3776f95f5cf"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_staff_counters" ("staffId" varchar(32) NOT NULL, "counterId" varchar(64) NOT NULL, CONSTRAINT "FK_db4d55fd7426ae24f583abdf06d" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_a79b8d6a271721c3776f95f5cf1" FOREIGN KEY ("counterId") REFERENCES "counters" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("staffId", "counterId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_staff_counters"("staffId", "counterId") SELECT "staffId", "counterId" FROM "staff_counters"`,
    );
    await queryRunner.query(`DROP TABLE "staff_counters"`);
    await queryRunner.query(`ALTER TABLE "temporary_staff_counters" RENAME TO "staff_counters"`);
    await queryRunner.query(`CREATE INDEX "IDX_db4d55fd7426ae24f583abdf06" ON "staff_counters" ("staffId") `);
    await queryRunner.query(`CREATE INDEX "IDX_a79b8d6a271721c3776f95f5cf" ON "staff_counters" ("counterId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_a79b8d6a271721c3776f95f5cf"`);
    await queryRunner.query(`DROP INDEX "IDX_db4d55fd7426ae24f583abdf06"`);
    await queryRunner.query(`ALTER TABLE "staff_counters" RENAME TO "temporary_staff_counters"`);
    await queryRunner.query(
      `CREATE TABLE "staff_counters" ("staffId" varchar(32) NOT NULL, "counterId" varchar(64) NOT NULL, PRIMARY KEY ("staffId", "counterId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "staff_counters"("staffId", "counterId") SELECT "staffId", "counterId" FROM "temporary_staff_counters"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_staff_counters"`);
    await queryRunner.query(`CREATE INDEX "IDX_a79b8d6a271721c3776f95f5cf" ON "staff_counters" ("counterId") `);
    await queryRunner.query(`CREATE INDEX "IDX_db4d55fd7426ae24f583abdf06" ON "staff_counters" ("staffId") `);
    await queryRunner.query(`DROP INDEX "IDX_5a62bfabf60c2a4142aed3752d"`);
    await queryRunner.query(`ALTER TABLE "roster_publications" RENAME TO "temporary_roster_publications"`);
    await queryRunner.query(
      `CREATE TABLE "roster_publications" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rosterId" integer NOT NULL, "version" integer NOT NULL, "publishedBy" varchar(64) NOT NULL, "publishedAt" varchar(30) NOT NULL, "objective" integer NOT NULL, "changes" integer NOT NULL DEFAULT (0), "assignments" text NOT NULL, "denials" text NOT NULL, CONSTRAINT "uq_publication_version" UNIQUE ("rosterId", "version"))`,
    );
    await queryRunner.query(
      `INSERT INTO "roster_publications"("id", "rosterId", "version", "publishedBy", "publishedAt", "objective", "changes", "assignments", "denials") SELECT "id", "rosterId", "version", "publishedBy", "publishedAt", "objective", "changes", "assignments", "denials" FROM "temporary_roster_publications"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_roster_publications"`);
    await queryRunner.query(`CREATE INDEX "IDX_5a62bfabf60c2a4142aed3752d" ON "roster_publications" ("rosterId") `);
    await queryRunner.query(`DROP INDEX "IDX_4e676d5f71d2460f06ac82bdd4"`);
    await queryRunner.query(`ALTER TABLE "assignments" RENAME TO "temporary_assignments"`);
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "rosterId" integer NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "counterId" varchar(64), CONSTRAINT "uq_assignment_cell" UNIQUE ("rosterId", "staffId", "day"))`,
    );
    await queryRunner.query(
      `INSERT INTO "assignments"("id", "rosterId", "staffId", "day", "mode", "counterId") SELECT "id", "rosterId", "staffId", "day", "mode", "counterId" FROM "temporary_assignments"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_assignments"`);
    await queryRunner.query(`CREATE INDEX "IDX_4e676d5f71d2460f06ac82bdd4" ON "assignments" ("rosterId") `);
    await queryRunner.query(`DROP INDEX "IDX_e31b30028af92b61b71997eb78"`);
    await queryRunner.query(`ALTER TABLE "rosters" RENAME TO "temporary_rosters"`);
    await queryRunner.query(
      `CREATE TABLE "rosters" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "divisionId" varchar(32) NOT NULL, "week" varchar(8) NOT NULL, "status" varchar(16) NOT NULL, "revision" integer NOT NULL DEFAULT (1), "publishedVersion" integer NOT NULL DEFAULT (0), "objective" integer NOT NULL, "solveStatus" varchar(16) NOT NULL, "problemJson" text NOT NULL, "generatedBy" varchar(64) NOT NULL, "generatedAt" varchar(30) NOT NULL, "publishedBy" varchar(64), "publishedAt" varchar(30), CONSTRAINT "uq_roster_division_week" UNIQUE ("divisionId", "week"))`,
    );
    await queryRunner.query(
      `INSERT INTO "rosters"("id", "divisionId", "week", "status", "revision", "publishedVersion", "objective", "solveStatus", "problemJson", "generatedBy", "generatedAt", "publishedBy", "publishedAt") SELECT "id", "divisionId", "week", "status", "revision", "publishedVersion", "objective", "solveStatus", "problemJson", "generatedBy", "generatedAt", "publishedBy", "publishedAt" FROM "temporary_rosters"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_rosters"`);
    await queryRunner.query(`CREATE INDEX "IDX_e31b30028af92b61b71997eb78" ON "rosters" ("week") `);
    await queryRunner.query(`DROP INDEX "IDX_614f84b83c5273042310776353"`);
    await queryRunner.query(`ALTER TABLE "pins" RENAME TO "temporary_pins"`);
    await queryRunner.query(
      `CREATE TABLE "pins" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "mode" varchar(16) NOT NULL, "createdBy" varchar(64) NOT NULL, CONSTRAINT "uq_pin_staff_day" UNIQUE ("staffId", "day"))`,
    );
    await queryRunner.query(
      `INSERT INTO "pins"("id", "staffId", "day", "mode", "createdBy") SELECT "id", "staffId", "day", "mode", "createdBy" FROM "temporary_pins"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_pins"`);
    await queryRunner.query(`CREATE INDEX "IDX_614f84b83c5273042310776353" ON "pins" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_e798dec646a58bc6d05005a956"`);
    await queryRunner.query(`ALTER TABLE "absences" RENAME TO "temporary_absences"`);
    await queryRunner.query(
      `CREATE TABLE "absences" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "createdBy" varchar(64) NOT NULL, CONSTRAINT "uq_absence_staff_day" UNIQUE ("staffId", "day"))`,
    );
    await queryRunner.query(
      `INSERT INTO "absences"("id", "staffId", "day", "createdBy") SELECT "id", "staffId", "day", "createdBy" FROM "temporary_absences"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_absences"`);
    await queryRunner.query(`CREATE INDEX "IDX_e798dec646a58bc6d05005a956" ON "absences" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_c7be0a10943cfa4e95b18aaaaa"`);
    await queryRunner.query(`ALTER TABLE "telework_requests" RENAME TO "temporary_telework_requests"`);
    await queryRunner.query(
      `CREATE TABLE "telework_requests" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "rank" integer NOT NULL, "reason" varchar(16) NOT NULL, "status" varchar(16) NOT NULL DEFAULT ('active'), "createdAt" varchar(30) NOT NULL, CONSTRAINT "uq_request_staff_day" UNIQUE ("staffId", "day"))`,
    );
    await queryRunner.query(
      `INSERT INTO "telework_requests"("id", "staffId", "day", "rank", "reason", "status", "createdAt") SELECT "id", "staffId", "day", "rank", "reason", "status", "createdAt" FROM "temporary_telework_requests"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_telework_requests"`);
    await queryRunner.query(`CREATE INDEX "IDX_c7be0a10943cfa4e95b18aaaaa" ON "telework_requests" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_ab0560e4d503e665436907ed94"`);
    await queryRunner.query(`DROP INDEX "IDX_0cd1b74942815415963becece3"`);
    await queryRunner.query(`DROP INDEX "IDX_ee0dab5e59810bef0026334441"`);
    await queryRunner.query(`ALTER TABLE "accounts" RENAME TO "temporary_accounts"`);
    await queryRunner.query(
      `CREATE TABLE "accounts" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "loginId" varchar(64) NOT NULL, "passwordHash" varchar(255) NOT NULL, "role" varchar(16) NOT NULL, "staffId" varchar(32) NOT NULL, "icalToken" varchar(64) NOT NULL, "lastLoginAt" varchar(30), CONSTRAINT "REL_0cd1b74942815415963becece3" UNIQUE ("staffId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "accounts"("id", "loginId", "passwordHash", "role", "staffId", "icalToken", "lastLoginAt") SELECT "id", "loginId", "passwordHash", "role", "staffId", "icalToken", "lastLoginAt" FROM "temporary_accounts"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_accounts"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ab0560e4d503e665436907ed94" ON "accounts" ("icalToken") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0cd1b74942815415963becece3" ON "accounts" ("staffId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ee0dab5e59810bef0026334441" ON "accounts" ("loginId") `);
    await queryRunner.query(`DROP INDEX "IDX_d2ba993d04a13ff264a49bce62"`);
    await queryRunner.query(`ALTER TABLE "staff" RENAME TO "temporary_staff"`);
    await queryRunner.query(
      `CREATE TABLE "staff" ("id" varchar(32) PRIMARY KEY NOT NULL, "name" varchar(100) NOT NULL, "divisionId" varchar(32) NOT NULL, "jobType" varchar(50) NOT NULL, "caregiver" boolean NOT NULL DEFAULT (0), "maxTeleworkDays" integer, "active" boolean NOT NULL DEFAULT (1))`,
    );
    await queryRunner.query(
      `INSERT INTO "staff"("id", "name", "divisionId", "jobType", "caregiver", "maxTeleworkDays", "active") SELECT "id", "name", "divisionId", "jobType", "caregiver", "maxTeleworkDays", "active" FROM "temporary_staff"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_staff"`);
    await queryRunner.query(`CREATE INDEX "IDX_d2ba993d04a13ff264a49bce62" ON "staff" ("divisionId") `);
    await queryRunner.query(`DROP INDEX "IDX_5ec79c65c968baebb28836295b"`);
    await queryRunner.query(`ALTER TABLE "counter_overrides" RENAME TO "temporary_counter_overrides"`);
    await queryRunner.query(
      `CREATE TABLE "counter_overrides" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "counterId" varchar(64) NOT NULL, "day" varchar(10) NOT NULL, "min" integer NOT NULL, CONSTRAINT "uq_counter_override_day" UNIQUE ("counterId", "day"))`,
    );
    await queryRunner.query(
      `INSERT INTO "counter_overrides"("id", "counterId", "day", "min") SELECT "id", "counterId", "day", "min" FROM "temporary_counter_overrides"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_counter_overrides"`);
    await queryRunner.query(`CREATE INDEX "IDX_5ec79c65c968baebb28836295b" ON "counter_overrides" ("day") `);
    await queryRunner.query(`DROP INDEX "IDX_12b772a09fe3f983dfbe73ae64"`);
    await queryRunner.query(`ALTER TABLE "counters" RENAME TO "temporary_counters"`);
    await queryRunner.query(
      `CREATE TABLE "counters" ("id" varchar(64) PRIMARY KEY NOT NULL, "divisionId" varchar(32) NOT NULL, "name" varchar(100) NOT NULL, "minByWeekday" text NOT NULL, "sortOrder" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "counters"("id", "divisionId", "name", "minByWeekday", "sortOrder") SELECT "id", "divisionId", "name", "minByWeekday", "sortOrder" FROM "temporary_counters"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_counters"`);
    await queryRunner.query(`CREATE INDEX "IDX_12b772a09fe3f983dfbe73ae64" ON "counters" ("divisionId") `);
    await queryRunner.query(`DROP INDEX "IDX_a79b8d6a271721c3776f95f5cf"`);
    await queryRunner.query(`DROP INDEX "IDX_db4d55fd7426ae24f583abdf06"`);
    await queryRunner.query(`DROP TABLE "staff_counters"`);
    await queryRunner.query(`DROP TABLE "app_secrets"`);
    await queryRunner.query(`DROP TABLE "rate_limits"`);
    await queryRunner.query(`DROP INDEX "IDX_50762206f116cd47d1c3fec396"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "IDX_7a09a92c169c7e52e7920f07c8"`);
    await queryRunner.query(`DROP INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "policy"`);
    await queryRunner.query(`DROP INDEX "IDX_5a62bfabf60c2a4142aed3752d"`);
    await queryRunner.query(`DROP TABLE "roster_publications"`);
    await queryRunner.query(`DROP INDEX "IDX_4e676d5f71d2460f06ac82bdd4"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
    await queryRunner.query(`DROP INDEX "IDX_e31b30028af92b61b71997eb78"`);
    await queryRunner.query(`DROP TABLE "rosters"`);
    await queryRunner.query(`DROP INDEX "IDX_614f84b83c5273042310776353"`);
    await queryRunner.query(`DROP TABLE "pins"`);
    await queryRunner.query(`DROP INDEX "IDX_e798dec646a58bc6d05005a956"`);
    await queryRunner.query(`DROP TABLE "absences"`);
    await queryRunner.query(`DROP INDEX "IDX_c7be0a10943cfa4e95b18aaaaa"`);
    await queryRunner.query(`DROP TABLE "telework_requests"`);
    await queryRunner.query(`DROP INDEX "IDX_ab0560e4d503e665436907ed94"`);
    await queryRunner.query(`DROP INDEX "IDX_0cd1b74942815415963becece3"`);
    await queryRunner.query(`DROP INDEX "IDX_ee0dab5e59810bef0026334441"`);
    await queryRunner.query(`DROP TABLE "accounts"`);
    await queryRunner.query(`DROP INDEX "IDX_d2ba993d04a13ff264a49bce62"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TABLE "closure_days"`);
    await queryRunner.query(`DROP INDEX "IDX_5ec79c65c968baebb28836295b"`);
    await queryRunner.query(`DROP TABLE "counter_overrides"`);
    await queryRunner.query(`DROP INDEX "IDX_12b772a09fe3f983dfbe73ae64"`);
    await queryRunner.query(`DROP TABLE "counters"`);
    await queryRunner.query(`DROP TABLE "divisions"`);
  }
}
