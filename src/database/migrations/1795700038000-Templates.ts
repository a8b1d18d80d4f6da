import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CLIENT_REFERENCE_FIELD, TEMPLATE_FIELDS, webhookPayloadFunction } from '../sql/webhook-outbox.js';

/**
 * Message templates (issue 19): a body with {{variables}} and their defaults, named once per
 * account. A message sent from one keeps the template's id (no foreign key: deleting a template
 * leaves its messages as they were), shown on the message and in its webhooks.
 */
export class Templates1795700038000 implements MigrationInterface {
    name = 'Templates1795700038000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "templates" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "name" text NOT NULL,
                "body" text NOT NULL,
                "defaults" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_515948649ce0bbbe391de702ae5" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`CREATE UNIQUE INDEX "templates_account_name_key" ON "templates" ("account_id", "name")`);
        await queryRunner.query(`ALTER TABLE "messages" ADD "template_id" uuid`);
        await queryRunner.query(webhookPayloadFunction(TEMPLATE_FIELDS));
        await queryRunner.query(`
            ALTER TABLE "templates"
            ADD CONSTRAINT "FK_444e01e8e550ba2eccbcbbf4e07" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(webhookPayloadFunction(CLIENT_REFERENCE_FIELD));
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "template_id"`);
        await queryRunner.query(`DROP TABLE "templates"`);
    }
}
