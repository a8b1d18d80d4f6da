import { MigrationInterface, QueryRunner } from "typeorm";

export class Pipeline1795653964232 implements MigrationInterface {
    name = 'Pipeline1795653964232'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "dead_letters" (
                "message_id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "error_code" text NOT NULL,
                "error_message" text,
                "attempts" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_2e886bc0d926b497c728710f0aa" PRIMARY KEY ("message_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "dead_letters_account_created_idx" ON "dead_letters" ("account_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "account_id" uuid NOT NULL,
                "key" text NOT NULL,
                "request_hash" text NOT NULL,
                "message_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_797bef48c094807d04973d995e9" PRIMARY KEY ("account_id", "key")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" ("created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "messages"
            ADD "callback_url" text
        `);
        await queryRunner.query(`
            CREATE INDEX "messages_device_sending_idx" ON "messages" ("device_id")
            WHERE status = 'sending'
        `);
        await queryRunner.query(`
            CREATE INDEX "messages_account_to_created_idx" ON "messages" ("account_id", "to", "created_at", "id")
        `);
        await queryRunner.query(`
            ALTER TABLE "dead_letters"
            ADD CONSTRAINT "FK_2e886bc0d926b497c728710f0aa" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "idempotency_keys"
            ADD CONSTRAINT "FK_87baf47b09546cbf51ba7b9c942" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "idempotency_keys" DROP CONSTRAINT "FK_87baf47b09546cbf51ba7b9c942"
        `);
        await queryRunner.query(`
            ALTER TABLE "dead_letters" DROP CONSTRAINT "FK_2e886bc0d926b497c728710f0aa"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."messages_account_to_created_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."messages_device_sending_idx"
        `);
        await queryRunner.query(`
            ALTER TABLE "messages" DROP COLUMN "callback_url"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idempotency_keys_created_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."dead_letters_account_created_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "dead_letters"
        `);
    }

}
