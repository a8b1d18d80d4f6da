import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trace context for inbound SMS (issue 9's trace, continued): the stored SMS records the traceparent
 * of the report that brought it, and its `message.received` webhook deliveries carry it.
 */
export class InboundTraceContext1795700011000 implements MigrationInterface {
    name = 'InboundTraceContext1795700011000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "inbound_messages" ADD "traceparent" text`);
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "webhook_outbox_inbound_message"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                IF NOT EXISTS (
                    SELECT 1 FROM webhook_endpoints e
                     WHERE e.account_id = NEW.account_id AND e.enabled AND e.events && ARRAY['message.received', '*']) THEN
                    RETURN NULL;
                END IF;
                PERFORM webhook_enqueue(NEW.account_id, 'message.received', jsonb_build_object(
                    'type', 'message.received',
                    'timestamp', webhook_iso(NEW.received_at),
                    'data', jsonb_build_object(
                        'id', NEW.id, 'from', NEW."from", 'to', NEW."to", 'body', NEW.body,
                        'deviceId', NEW.device_id, 'simSlot', NEW.sim_slot,
                        'receivedAt', webhook_iso(NEW.received_at), 'createdAt', webhook_iso(NEW.created_at))),
                    NULL, NEW.traceparent);
                RETURN NULL;
            END
            $$
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "webhook_outbox_inbound_message"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                IF NOT EXISTS (
                    SELECT 1 FROM webhook_endpoints e
                     WHERE e.account_id = NEW.account_id AND e.enabled AND e.events && ARRAY['message.received', '*']) THEN
                    RETURN NULL;
                END IF;
                PERFORM webhook_enqueue(NEW.account_id, 'message.received', jsonb_build_object(
                    'type', 'message.received',
                    'timestamp', webhook_iso(NEW.received_at),
                    'data', jsonb_build_object(
                        'id', NEW.id, 'from', NEW."from", 'to', NEW."to", 'body', NEW.body,
                        'deviceId', NEW.device_id, 'simSlot', NEW.sim_slot,
                        'receivedAt', webhook_iso(NEW.received_at), 'createdAt', webhook_iso(NEW.created_at))),
                    NULL);
                RETURN NULL;
            END
            $$
        `);
        await queryRunner.query(`ALTER TABLE "inbound_messages" DROP COLUMN "traceparent"`);
    }
}
