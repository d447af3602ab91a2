import { MigrationInterface, QueryRunner } from 'typeorm';

/** Places to telework from besides home (サテライトオフィス): the place of a request, an assignment, and days a person could take a turn (可能日). */
export class Places1795700800000 implements MigrationInterface {
  name = 'Places1795700800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "places" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(60) NOT NULL, "desks" integer NOT NULL, "licence" boolean NOT NULL DEFAULT (0), "sortOrder" integer NOT NULL DEFAULT (0), "revision" integer NOT NULL DEFAULT (1), "updatedBy" varchar(64) NOT NULL, "updatedAt" varchar(30) NOT NULL, CONSTRAINT "UQ_d93026712ed97941ccec28f8137" UNIQUE ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "possible_days" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "staffId" varchar(32) NOT NULL, "day" varchar(10) NOT NULL, "placeId" integer, "createdAt" varchar(30) NOT NULL, CONSTRAINT "uq_possible_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "FK_b4c34afac8cce1ac7c4dd05da61" FOREIGN KEY ("staffId") REFERENCES "staff" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_88126cfe0997fc024eb404752f" ON "possible_days" ("day") `);
    await queryRunner.query(`ALTER TABLE "telework_requests" ADD COLUMN "placeId" integer`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD COLUMN "placeId" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "placeId"`);
    await queryRunner.query(`ALTER TABLE "telework_requests" DROP COLUMN "placeId"`);
    await queryRunner.query(`DROP INDEX "IDX_88126cfe0997fc024eb404752f"`);
    await queryRunner.query(`DROP TABLE "possible_days"`);
    await queryRunner.query(`DROP TABLE "places"`);
  }
}
