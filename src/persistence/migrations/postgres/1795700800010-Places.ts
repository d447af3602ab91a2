import { MigrationInterface, QueryRunner } from 'typeorm';

/** Places to telework from besides home (サテライトオフィス): the place of a request, an assignment, and days a person could take a turn (可能日). */
export class Places1795700800010 implements MigrationInterface {
  name = 'Places1795700800010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "places" ("id" SERIAL NOT NULL, "name" character varying(60) NOT NULL, "desks" integer NOT NULL, "licence" boolean NOT NULL DEFAULT false, "sortOrder" integer NOT NULL DEFAULT '0', "revision" integer NOT NULL DEFAULT '1', "updatedBy" character varying(64) NOT NULL, "updatedAt" character varying(30) NOT NULL, CONSTRAINT "UQ_d93026712ed97941ccec28f8137" UNIQUE ("name"), CONSTRAINT "PK_1afab86e226b4c3bc9a74465c12" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "possible_days" ("id" SERIAL NOT NULL, "staffId" character varying(32) NOT NULL, "day" character varying(10) NOT NULL, "placeId" integer, "createdAt" character varying(30) NOT NULL, CONSTRAINT "uq_possible_staff_day" UNIQUE ("staffId", "day"), CONSTRAINT "PK_50a49e7804db2a778b3bc8911ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_88126cfe0997fc024eb404752f" ON "possible_days" ("day") `);
    await queryRunner.query(`ALTER TABLE "telework_requests" ADD "placeId" integer`);
    await queryRunner.query(`ALTER TABLE "assignments" ADD "placeId" integer`);
    await queryRunner.query(
      `ALTER TABLE "possible_days" ADD CONSTRAINT "FK_b4c34afac8cce1ac7c4dd05da61" FOREIGN KEY ("staffId") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "possible_days" DROP CONSTRAINT "FK_b4c34afac8cce1ac7c4dd05da61"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "placeId"`);
    await queryRunner.query(`ALTER TABLE "telework_requests" DROP COLUMN "placeId"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_88126cfe0997fc024eb404752f"`);
    await queryRunner.query(`DROP TABLE "possible_days"`);
    await queryRunner.query(`DROP TABLE "places"`);
  }
}
