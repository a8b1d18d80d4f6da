import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access tokens carry their user's token version; removing a user, changing their role or their
 * password bumps it, and tokens of an older version stop working within seconds (AuthService).
 */
export class UserTokenVersion1795700013000 implements MigrationInterface {
    name = 'UserTokenVersion1795700013000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT 0`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
    }
}
