import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trace context in the outbox (issue 9): each status event records the traceparent of the work that
 * caused it (a phone's report, a sweep), and the webhook deliveries it fans out to carry it, so the
 * webhook attempt joins the message's trace. webhook_enqueue takes it as an optional fifth argument;
 * its other callers (suppression.added) are unchanged.
 */
export class TraceContext1795700010000 implements MigrationInterface {
    name = 'TraceContext1795700010000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "message_events" ADD "traceparent" text`);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD "traceparent" text`);
        await queryRunner.query(`DROP FUNCTION "webhook_enqueue"(uuid, text, jsonb, text)`);
        await queryRunner.query(`
            CREATE FUNCTION "webhook_enqueue"(p_account_id uuid, p_type text, p_payload jsonb, p_callback_url text, p_traceparent text DEFAULT NULL)
            RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                v_event_id uuid := gen_random_uuid();
                v_count integer;
            BEGIN
                INSERT INTO webhook_deliveries (id, account_id, endpoint_id, url, event_type, event_id, payload, next_attempt_at, created_at, traceparent)
                SELECT webhook_uuid7(), p_account_id, r.endpoint_id, r.url, p_type, v_event_id, p_payload, now(), now(), p_traceparent
                  FROM (SELECT e.id AS endpoint_id, NULL::text AS url
                          FROM webhook_endpoints e
                         WHERE e.account_id = p_account_id AND e.enabled AND e.events && ARRAY[p_type, '*']
                        UNION ALL
                        SELECT NULL::uuid, p_callback_url WHERE p_callback_url IS NOT NULL) r;
                GET DIAGNOSTICS v_count = ROW_COUNT;
                RETURN v_count;
            END
            $$
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
                -- The common case (nobody listens) costs one primary-key read and one index probe.
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
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
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
                -- The common case (nobody listens) costs one primary-key read and one index probe.
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
                    m.callback_url);
                RETURN NULL;
            END
            $$
        `);
        await queryRunner.query(`DROP FUNCTION "webhook_enqueue"(uuid, text, jsonb, text, text)`);
        await queryRunner.query(`
            CREATE FUNCTION "webhook_enqueue"(p_account_id uuid, p_type text, p_payload jsonb, p_callback_url text)
            RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                v_event_id uuid := gen_random_uuid();
                v_count integer;
            BEGIN
                INSERT INTO webhook_deliveries (id, account_id, endpoint_id, url, event_type, event_id, payload, next_attempt_at, created_at)
                SELECT webhook_uuid7(), p_account_id, r.endpoint_id, r.url, p_type, v_event_id, p_payload, now(), now()
                  FROM (SELECT e.id AS endpoint_id, NULL::text AS url
                          FROM webhook_endpoints e
                         WHERE e.account_id = p_account_id AND e.enabled AND e.events && ARRAY[p_type, '*']
                        UNION ALL
                        SELECT NULL::uuid, p_callback_url WHERE p_callback_url IS NOT NULL) r;
                GET DIAGNOSTICS v_count = ROW_COUNT;
                RETURN v_count;
            END
            $$
        `);
        await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP COLUMN "traceparent"`);
        await queryRunner.query(`ALTER TABLE "message_events" DROP COLUMN "traceparent"`);
    }
}
