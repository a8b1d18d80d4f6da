import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hand-written: the webhook tables as the entities describe them, plus what no entity can say: the
 * outbox triggers. Every status change inserts a `message_events` row in the statement that makes
 * it, and every inbound SMS an `inbound_messages` row, so a trigger on those inserts writes the
 * webhook deliveries in the same transaction as the change, whichever path made it (API, phone
 * reports, sweeps). `webhook_enqueue` is the one place that fans an event out to the account's
 * endpoints; WebhookOutbox.record calls it for events recorded from TypeScript.
 */
export class Webhooks1795700005000 implements MigrationInterface {
    name = 'Webhooks1795700005000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "webhook_endpoints" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "url" text NOT NULL,
                "events" text array NOT NULL,
                "secret_encrypted" text NOT NULL,
                "enabled" boolean NOT NULL DEFAULT true,
                "description" text,
                "failing_since" TIMESTAMP WITH TIME ZONE,
                "disabled_reason" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "webhook_endpoints_account_idx" ON "webhook_endpoints" ("account_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "endpoint_id" uuid,
                "url" text,
                "event_type" text NOT NULL,
                "event_id" uuid NOT NULL,
                "payload" jsonb NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_status_code" integer,
                "last_latency_ms" integer,
                "last_error" text,
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "enqueued_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" ("endpoint_id", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" ("next_attempt_at")
            WHERE status = 'pending'
        `);
        await queryRunner.query(`
            CREATE TABLE "webhook_callback_secrets" (
                "account_id" uuid NOT NULL,
                "secret_encrypted" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_c8bafa29d6079c7e7ea5fc5278f" PRIMARY KEY ("account_id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_endpoints"
            ADD CONSTRAINT "FK_4d6b730495c4aea409766707c49" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_198873590dd372c0bb12ff2a248" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_callback_secrets"
            ADD CONSTRAINT "FK_c8bafa29d6079c7e7ea5fc5278f" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

        // A time-ordered UUID (version 7), as the application's ids are: new rows stay at the
        // right edge of the primary key index.
        await queryRunner.query(`
            CREATE FUNCTION "webhook_uuid7"() RETURNS uuid LANGUAGE sql VOLATILE AS $$
                SELECT encode(
                    set_bit(set_bit(
                        overlay(uuid_send(gen_random_uuid())
                                placing substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                FROM 1 FOR 6),
                        52, 1), 53, 1),
                    'hex')::uuid
            $$
        `);
        // Times as the API writes them (Date#toISOString: UTC, milliseconds).
        await queryRunner.query(`
            CREATE FUNCTION "webhook_iso"(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
                SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            $$
        `);
        // One event to every enabled endpoint of the account that takes its type (or '*'), and to a
        // callback URL when given; all rows share the event id (the webhook-id header).
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
        // The message as its resource (DESIGN.md §3), read after the change that fired the trigger:
        // the UPDATE of messages and the INSERT of its event are one statement, and AFTER triggers
        // run once that statement is done, so the row read here is the changed one.
        await queryRunner.query(`
            CREATE FUNCTION "webhook_outbox_message_event"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
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
        await queryRunner.query(`
            CREATE TRIGGER "message_events_webhook_outbox"
            AFTER INSERT ON "message_events"
            FOR EACH ROW WHEN (NEW.status IN ('sent', 'delivered', 'undelivered', 'failed', 'expired'))
            EXECUTE FUNCTION "webhook_outbox_message_event"()
        `);
        await queryRunner.query(`
            CREATE FUNCTION "webhook_outbox_inbound_message"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
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
        await queryRunner.query(`
            CREATE TRIGGER "inbound_messages_webhook_outbox"
            AFTER INSERT ON "inbound_messages"
            FOR EACH ROW EXECUTE FUNCTION "webhook_outbox_inbound_message"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER "inbound_messages_webhook_outbox" ON "inbound_messages"
        `);
        await queryRunner.query(`
            DROP FUNCTION "webhook_outbox_inbound_message"()
        `);
        await queryRunner.query(`
            DROP TRIGGER "message_events_webhook_outbox" ON "message_events"
        `);
        await queryRunner.query(`
            DROP FUNCTION "webhook_outbox_message_event"()
        `);
        await queryRunner.query(`
            DROP FUNCTION "webhook_enqueue"(uuid, text, jsonb, text)
        `);
        await queryRunner.query(`
            DROP FUNCTION "webhook_iso"(timestamptz)
        `);
        await queryRunner.query(`
            DROP FUNCTION "webhook_uuid7"()
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_callback_secrets" DROP CONSTRAINT "FK_c8bafa29d6079c7e7ea5fc5278f"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_0b882c26a9b91c26e6e86b4867c"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_198873590dd372c0bb12ff2a248"
        `);
        await queryRunner.query(`
            ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "FK_4d6b730495c4aea409766707c49"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_callback_secrets"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."webhook_deliveries_due_idx"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."webhook_deliveries_endpoint_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."webhook_endpoints_account_idx"
        `);
        await queryRunner.query(`
            DROP TABLE "webhook_endpoints"
        `);
    }
}
