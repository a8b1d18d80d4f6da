import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `clientReference` on sends (issue 19): the caller's own id for a message, at most 64 characters,
 * shown back on the message, filterable in the list (an index per account, for the rows that have
 * one) and carried in its webhooks: the webhook payload function gains the field.
 */
export const webhookPayloadFunction = (extraFields: string) => `
    CREATE OR REPLACE FUNCTION "webhook_message_payload"(p_type text, p_at timestamptz, p_error_code text, p_error_message text, m messages)
    RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_object(
            'type', p_type,
            'timestamp', webhook_iso(p_at),
            'data', jsonb_build_object(
                'id', m.id, 'to', m."to", 'from', m."from", 'body', m.body, 'status', m.status,
                'errorCode', COALESCE(p_error_code, m.error_code), 'errorMessage', COALESCE(p_error_message, m.error_message),
                'segments', m.segments,
                'encoding', m.encoding, 'priority', m.priority, 'deviceId', m.device_id,
                'carrierId', m.carrier_id, 'simSlot', m.sim_slot, 'attempts', m.attempts,
                'sendAt', webhook_iso(m.send_at), 'expiresAt', webhook_iso(m.expires_at),
                'createdAt', webhook_iso(m.created_at), 'updatedAt', webhook_iso(m.updated_at),
                'sentAt', webhook_iso(m.sent_at), 'deliveredAt', webhook_iso(m.delivered_at),
                'metadata', m.metadata${extraFields}))
    $$
`;

/** The field this migration adds to the payload, for later migrations that add more. */
export const CLIENT_REFERENCE_FIELD = ", 'clientReference', m.client_reference";

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
