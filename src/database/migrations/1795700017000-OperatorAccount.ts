import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator account is marked, no longer taken to be the oldest one: a sign-up that raced the
 * bootstrap admin on a first boot could otherwise become it. An existing gateway's oldest account is
 * the one its bootstrap admin created, so it keeps the role; at most one account holds it.
 */
export class OperatorAccount1795700017000 implements MigrationInterface {
    name = 'OperatorAccount1795700017000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "accounts" ADD "is_operator" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`UPDATE "accounts" SET "is_operator" = true WHERE "id" = (SELECT "id" FROM "accounts" ORDER BY "created_at" ASC, "id" ASC LIMIT 1)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "accounts_operator_key" ON "accounts" ("is_operator") WHERE "is_operator"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."accounts_operator_key"`);
        await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "is_operator"`);
    }
}
