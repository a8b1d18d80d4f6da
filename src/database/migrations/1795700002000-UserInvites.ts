import { MigrationInterface, QueryRunner } from "typeorm";

export class UserInvites1795700002000 implements MigrationInterface {
    name = 'UserInvites1795700002000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "invite_token_hash" text
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "invite_expires_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ALTER COLUMN "password_hash" DROP NOT NULL
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "users"
            ALTER COLUMN "password_hash"
            SET NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "invite_expires_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "invite_token_hash"
        `);
    }

}
