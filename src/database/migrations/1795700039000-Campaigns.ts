import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CAMPAIGN_FIELDS, TEMPLATE_FIELDS, webhookPayloadFunction } from '../sql/webhook-outbox.js';

/**
 * Campaigns (issue 19): one message to many recipients, imported from a CSV, released by the
 * worker's pump at the campaign's pace outside its quiet hours. A recipient row belongs to one
 * import (a new upload replaces the last); the campaign names the import in force. A recipient's
 * message is written in the transaction that marks the recipient taken, so it is made once.
 * Messages gain `campaign_id` and `sent_by` (who sent it: `user:<id>`, `client:<id>`,
 * `campaign:<id>` or `system`), both in the webhook payload.
 */
export class Campaigns1795700039000 implements MigrationInterface {
    name = 'Campaigns1795700039000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "campaigns" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "name" text NOT NULL,
                "state" text NOT NULL,
                "template_id" uuid,
                "body" text NOT NULL,
                "defaults" jsonb NOT NULL DEFAULT '{}',
                "from" text,
                "device_id" uuid,
                "sim_slot" smallint,
                "start_at" TIMESTAMP WITH TIME ZONE,
                "quiet_start" smallint,
                "quiet_end" smallint,
                "pace" integer,
                "import_id" uuid,
                "import_stats" jsonb,
                "zones" text array NOT NULL DEFAULT '{}',
                "paced_at" TIMESTAMP WITH TIME ZONE,
                "launched_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "created_by" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(
            `CREATE INDEX "campaigns_account_created_idx" ON "campaigns" ("account_id", "created_at", "id")`,
        );
        await queryRunner.query(
            `CREATE INDEX "campaigns_active_idx" ON "campaigns" ("state") WHERE state IN ('scheduled', 'running')`,
        );
        await queryRunner.query(`
            CREATE TABLE "campaign_recipients" (
                "import_id" uuid NOT NULL,
                "line" integer NOT NULL,
                "campaign_id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "phone" text NOT NULL,
                "zone" text NOT NULL,
                "variables" jsonb,
                "state" text NOT NULL,
                "error_code" text,
                "message_id" uuid,
                CONSTRAINT "PK_4c0e0ccb5759dbc315e3ef2bc5c" PRIMARY KEY ("import_id", "line")
            )
        `);
        await queryRunner.query(
            `CREATE UNIQUE INDEX "campaign_recipients_phone_key" ON "campaign_recipients" ("import_id", "phone")`,
        );
        await queryRunner.query(
            `CREATE INDEX "campaign_recipients_pending_idx" ON "campaign_recipients" ("import_id", "zone", "line") WHERE state = 'pending'`,
        );
        await queryRunner.query(
            `CREATE INDEX "campaign_recipients_campaign_idx" ON "campaign_recipients" ("campaign_id")`,
        );
        await queryRunner.query(`
            CREATE TABLE "campaign_import_errors" (
                "import_id" uuid NOT NULL,
                "line" integer NOT NULL,
                "campaign_id" uuid NOT NULL,
                "value" text NOT NULL,
                "code" text NOT NULL,
                "message" text NOT NULL,
                CONSTRAINT "PK_73434e7beeb7bcdfb6ee909201f" PRIMARY KEY ("import_id", "line")
            )
        `);
        await queryRunner.query(
            `CREATE INDEX "campaign_import_errors_campaign_idx" ON "campaign_import_errors" ("campaign_id")`,
        );
        await queryRunner.query(`ALTER TABLE "messages" ADD "campaign_id" uuid`);
        await queryRunner.query(`ALTER TABLE "messages" ADD "sent_by" text`);
        await queryRunner.query(
            `CREATE INDEX "messages_account_campaign_idx" ON "messages" ("account_id", "campaign_id", "created_at", "id") WHERE "campaign_id" IS NOT NULL`,
        );
        await queryRunner.query(
            `CREATE INDEX "messages_campaign_status_idx" ON "messages" ("campaign_id", "status") WHERE "campaign_id" IS NOT NULL`,
        );
        await queryRunner.query(webhookPayloadFunction(CAMPAIGN_FIELDS));
        await queryRunner.query(`
            ALTER TABLE "campaigns"
            ADD CONSTRAINT "FK_6fca73bc027c168f88c54e2f112" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_recipients"
            ADD CONSTRAINT "FK_37f67f778844dcc3a0d641a6173" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "campaign_import_errors"
            ADD CONSTRAINT "FK_2d15ba0fa16b340655a60475c1e" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(webhookPayloadFunction(TEMPLATE_FIELDS));
        await queryRunner.query(`DROP INDEX "public"."messages_campaign_status_idx"`);
        await queryRunner.query(`DROP INDEX "public"."messages_account_campaign_idx"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "sent_by"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "campaign_id"`);
        await queryRunner.query(`DROP TABLE "campaign_import_errors"`);
        await queryRunner.query(`DROP TABLE "campaign_recipients"`);
        await queryRunner.query(`DROP TABLE "campaigns"`);
    }
}
