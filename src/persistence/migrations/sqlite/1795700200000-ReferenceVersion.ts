import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows whose change raises the reference version (see ReferenceVersionEntity): each table, and the events. */
const WATCHED: readonly (readonly [table: string, events: readonly string[]])[] = [
  ['policy', ['INSERT', 'UPDATE', 'DELETE']],
  ['closure_days', ['INSERT', 'UPDATE', 'DELETE']],
  ['divisions', ['INSERT', 'UPDATE', 'DELETE']],
  ['counters', ['INSERT', 'UPDATE', 'DELETE']],
  ['counter_overrides', ['INSERT', 'UPDATE', 'DELETE']],
  ['staff', ['INSERT', 'UPDATE', 'DELETE']],
  ['staff_counters', ['INSERT', 'UPDATE', 'DELETE']],
  ['actual_days', ['INSERT', 'UPDATE', 'DELETE']],
  ['roster_publications', ['INSERT', 'UPDATE', 'DELETE']],
  // A roster's draft changes all the time; only which version is published counts.
  ['rosters', ['UPDATE OF "publishedVersion"', 'DELETE']],
];

const triggerName = (table: string, event: string) => `reference_version_${table}_${event.split(' ')[0].toLowerCase()}`;

/**
 * The reference version and its triggers. SQLite has one writer at a time,
 * so a trigger simply raises the version with each row it sees change.
 * (A migration that rebuilds one of these tables must create its triggers again.)
 */
export class ReferenceVersion1795700200000 implements MigrationInterface {
  name = 'ReferenceVersion1795700200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "reference_version" ("id" integer PRIMARY KEY NOT NULL, "version" integer NOT NULL)`);
    await queryRunner.query(`INSERT INTO "reference_version" ("id", "version") VALUES (1, 1)`);
    for (const [table, events] of WATCHED) {
      for (const event of events) {
        await queryRunner.query(
          `CREATE TRIGGER "${triggerName(table, event)}" AFTER ${event} ON "${table}" BEGIN UPDATE "reference_version" SET "version" = "version" + 1 WHERE "id" = 1; END`,
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, events] of [...WATCHED].reverse()) {
      for (const event of events) await queryRunner.query(`DROP TRIGGER "${triggerName(table, event)}"`);
    }
    await queryRunner.query(`DROP TABLE "reference_version"`);
  }
}
