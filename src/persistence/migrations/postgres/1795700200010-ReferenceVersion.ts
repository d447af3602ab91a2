import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows whose change raises the reference version (see ReferenceVersionEntity): each table, and what of it. */
const WATCHED: readonly (readonly [table: string, events: string])[] = [
  ['policy', 'INSERT OR UPDATE OR DELETE'],
  ['closure_days', 'INSERT OR UPDATE OR DELETE'],
  ['divisions', 'INSERT OR UPDATE OR DELETE'],
  ['counters', 'INSERT OR UPDATE OR DELETE'],
  ['counter_overrides', 'INSERT OR UPDATE OR DELETE'],
  ['staff', 'INSERT OR UPDATE OR DELETE'],
  ['staff_counters', 'INSERT OR UPDATE OR DELETE'],
  ['actual_days', 'INSERT OR UPDATE OR DELETE'],
  ['roster_publications', 'INSERT OR UPDATE OR DELETE'],
  // A roster's draft changes all the time; only which version is published counts.
  ['rosters', 'UPDATE OF "publishedVersion" OR DELETE'],
];

/**
 * The reference version and its triggers. They are deferred to the commit
 * and raise the version once per transaction, so the row is locked only
 * while a transaction commits (never while it waits for a week's lock).
 */
export class ReferenceVersion1795700200010 implements MigrationInterface {
  name = 'ReferenceVersion1795700200010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reference_version" ("id" integer NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_9619b4418d01e5ac1d9e94c93e0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "reference_version" ("id", "version") VALUES (1, 1)`);
    await queryRunner.query(`CREATE FUNCTION "raise_reference_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('rotation.reference_raised', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('rotation.reference_raised', 'yes', true);
    UPDATE "reference_version" SET "version" = "version" + 1 WHERE "id" = 1;
  END IF;
  RETURN NULL;
END $$`);
    for (const [table, events] of WATCHED) {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER "reference_version_${table}" AFTER ${events} ON "${table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "raise_reference_version"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of [...WATCHED].reverse()) await queryRunner.query(`DROP TRIGGER "reference_version_${table}" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "raise_reference_version"()`);
    await queryRunner.query(`DROP TABLE "reference_version"`);
  }
}
