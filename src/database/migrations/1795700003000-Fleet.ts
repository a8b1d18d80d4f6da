import { MigrationInterface, QueryRunner } from "typeorm";

export class Fleet1795700003000 implements MigrationInterface {
    name = 'Fleet1795700003000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "accounts"
            ADD "settings" jsonb NOT NULL DEFAULT '{}'
        `);
        await queryRunner.query(`
            ALTER TABLE "devices"
            ADD "sim_throttles" jsonb NOT NULL DEFAULT '{}'
        `);
        await queryRunner.query(`
            ALTER TABLE "messages"
            ADD "requested_sim_slot" smallint
        `);
        // Until now sim_slot only ever held the caller's request.
        await queryRunner.query(`
            UPDATE "messages" SET "requested_sim_slot" = "sim_slot" WHERE "sim_slot" IS NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "messages" DROP COLUMN "requested_sim_slot"
        `);
        await queryRunner.query(`
            ALTER TABLE "devices" DROP COLUMN "sim_throttles"
        `);
        await queryRunner.query(`
            ALTER TABLE "accounts" DROP COLUMN "settings"
        `);
    }

}
