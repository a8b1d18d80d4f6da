import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each message records the routing rule its last hand-over followed (issue 8). */
export class MessageRoutes1795700009000 implements MigrationInterface {
  name = 'MessageRoutes1795700009000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "route_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "route_id"`);
  }
}
