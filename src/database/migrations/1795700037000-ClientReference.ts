import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CLIENT_REFERENCE_FIELD, webhookPayloadFunction } from '../sql/webhook-outbox.js';

/**
 * `clientReference` on sends (issue 19): the caller's own id for a message, at most 64 characters,
 * shown back on the message, filterable in the list (an index per account, for the rows that have
 * one) and carried in its webhooks: the webhook payload function gains the field.
 */
export class ClientReference1795700037000 implements MigrationInterface {
    name = 'ClientReference1795700037000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "messages" ADD "client_reference" text`);
        await queryRunner.query(
            `CREATE INDEX "messages_account_client_reference_idx" ON "messages" ("account_id", "client_reference", "created_at", "id") WHERE "client_reference" IS NOT NULL`,
        );
        await queryRunner.query(webhookPayloadFunction(CLIENT_REFERENCE_FIELD));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(webhookPayloadFunction(''));
        await queryRunner.query(`DROP INDEX "public"."messages_account_client_reference_idx"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "client_reference"`);
    }
}
