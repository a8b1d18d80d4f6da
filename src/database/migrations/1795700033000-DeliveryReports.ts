import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MESSAGE_EVENT_ROW_FUNCTION, MESSAGE_EVENT_ROW_TRIGGER } from '../sql/webhook-outbox.js';

/**
 * Delivery reports as the SMS Deliverer Standard asks: the final status `rejected` gets its webhook
 * event (`message.rejected`), and a message left `sent` without a report for DLR_TIMEOUT_SECONDS is
 * given up on once (`report_timed_out_at`), with an event whose error code DLR_TIMEOUT becomes the
 * `message.dlr_timeout` webhook. The index holds only messages still waiting for their report.
 */
export class DeliveryReports1795700033000 implements MigrationInterface {
    name = 'DeliveryReports1795700033000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "messages" ADD "report_timed_out_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(
            `CREATE INDEX "carrier_message_ids_message_idx" ON "carrier_message_ids" ("message_id", "created_at")`,
        );
        await queryRunner.query(`
            CREATE INDEX "messages_awaiting_report_idx" ON "messages" ("sent_at")
            WHERE status = 'sent' AND report_timed_out_at IS NULL
        `);
        await queryRunner.query(MESSAGE_EVENT_ROW_FUNCTION);
        await queryRunner.query(`DROP TRIGGER "message_events_webhook_outbox" ON "message_events"`);
        await queryRunner.query(MESSAGE_EVENT_ROW_TRIGGER);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "message_events_webhook_outbox" ON "message_events"`);
        await queryRunner.query(`
            CREATE TRIGGER "message_events_webhook_outbox"
            AFTER INSERT ON "message_events"
            FOR EACH ROW WHEN (NEW.status IN ('sent', 'delivered', 'undelivered', 'failed', 'expired'))
            EXECUTE FUNCTION "webhook_outbox_message_event"()
        `);
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "webhook_outbox_message_event"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                v_type text := 'message.' || NEW.status;
                m messages%ROWTYPE;
            BEGIN
                SELECT * INTO m FROM messages WHERE id = NEW.message_id;
                IF NOT FOUND THEN
                    RETURN NULL;
                END IF;
                IF m.callback_url IS NULL AND NOT EXISTS (
                    SELECT 1 FROM webhook_endpoints e
                     WHERE e.account_id = NEW.account_id AND e.enabled AND e.events && ARRAY[v_type, '*']) THEN
                    RETURN NULL;
                END IF;
                PERFORM webhook_enqueue(NEW.account_id, v_type, jsonb_build_object(
                    'type', v_type,
                    'timestamp', webhook_iso(NEW.at),
                    'data', jsonb_build_object(
                        'id', m.id, 'to', m."to", 'from', m."from", 'body', m.body, 'status', m.status,
                        'errorCode', m.error_code, 'errorMessage', m.error_message, 'segments', m.segments,
                        'encoding', m.encoding, 'priority', m.priority, 'deviceId', m.device_id,
                        'carrierId', m.carrier_id, 'simSlot', m.sim_slot, 'attempts', m.attempts,
                        'sendAt', webhook_iso(m.send_at), 'expiresAt', webhook_iso(m.expires_at),
                        'createdAt', webhook_iso(m.created_at), 'updatedAt', webhook_iso(m.updated_at),
                        'sentAt', webhook_iso(m.sent_at), 'deliveredAt', webhook_iso(m.delivered_at),
                        'metadata', m.metadata)),
                    m.callback_url, NEW.traceparent);
                RETURN NULL;
            END
            $$
        `);
        await queryRunner.query(`DROP INDEX "public"."messages_awaiting_report_idx"`);
        await queryRunner.query(`DROP INDEX "public"."carrier_message_ids_message_idx"`);
        await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "report_timed_out_at"`);
    }
}
