import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
    MESSAGE_EVENT_ROW_FUNCTION,
    MESSAGE_EVENT_ROW_TRIGGER,
    MESSAGE_EVENT_STATEMENT_FUNCTION,
    MESSAGE_EVENT_STATEMENT_TRIGGER,
} from '../sql/webhook-outbox.js';

/**
 * The message events' webhook outbox trigger runs once per statement over the statement's new
 * events (a transition table) instead of once per row: a group of status reports, written in one
 * statement, then costs one trigger call, not one per report (issue 18). The deliveries it writes
 * are the same: one `webhook_enqueue` per event that anyone listens to, in the order the events
 * were inserted, each with the payload the row trigger built (the message as the statement left
 * it). The payload is built in one place, `webhook_message_payload`, for the next change to it.
 */
export class WebhookOutboxStatements1795700034000 implements MigrationInterface {
    name = 'WebhookOutboxStatements1795700034000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE FUNCTION "webhook_message_payload"(p_type text, p_at timestamptz, p_error_code text, p_error_message text, m messages)
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
                        'metadata', m.metadata))
            $$
        `);
        await queryRunner.query(`DROP TRIGGER "message_events_webhook_outbox" ON "message_events"`);
        // AFTER triggers run once the whole statement is done, so the messages read here are the
        // ones its UPDATE changed, as the row trigger read them. A statement trigger has no WHEN:
        // the statuses that make webhooks are chosen inside, and the common case (nobody listens)
        // costs a primary-key read and an index probe per event, in one query.
        await queryRunner.query(MESSAGE_EVENT_STATEMENT_FUNCTION);
        await queryRunner.query(MESSAGE_EVENT_STATEMENT_TRIGGER);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "message_events_webhook_outbox" ON "message_events"`);
        await queryRunner.query(MESSAGE_EVENT_ROW_FUNCTION);
        await queryRunner.query(MESSAGE_EVENT_ROW_TRIGGER);
        await queryRunner.query(`DROP FUNCTION "webhook_message_payload"(text, timestamptz, text, text, messages)`);
    }
}
