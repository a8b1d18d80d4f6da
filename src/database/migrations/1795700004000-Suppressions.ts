import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hand-written (another migration was being generated at the same time): the suppression list as
 * SuppressionEntity describes it, with TypeORM's own constraint names so the schema stays in step
 * with the entity. The unique index (account_id, phone_number) is the check every send makes.
 */
export class Suppressions1795700004000 implements MigrationInterface {
    name = 'Suppressions1795700004000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "suppressions" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "phone_number" text NOT NULL,
                "reason" text NOT NULL,
                "source_message_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_77bb19dbc77a4ce0ca8cb743f3b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "suppressions_account_phone_key" ON "suppressions" ("account_id", "phone_number")
        `);
        await queryRunner.query(`
            CREATE INDEX "suppressions_account_created_idx" ON "suppressions" ("account_id", "created_at", "id")
        `);
        await queryRunner.query(`
            ALTER TABLE "suppressions"
            ADD CONSTRAINT "FK_0fa137f43808fa222f550fe539e" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "suppressions" DROP CONSTRAINT "FK_0fa137f43808fa222f550fe539e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."suppressions_account_created_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."suppressions_account_phone_key"
        `);
        await queryRunner.query(`
            DROP TABLE "suppressions"
        `);
    }
}
