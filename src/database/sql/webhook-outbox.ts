/**
 * The webhook outbox's SQL: the one source of the message webhook payload and of the trigger that
 * writes it (issue 20). Migrations import these texts; nothing else runs them.
 *
 * How a status change becomes a webhook, inside the statement that makes the change (so the
 * delivery commits or rolls back with it, and a crash can never keep one without the other):
 *
 *  1. The statement updates the message and inserts its `message_events` row (messages.repository.ts).
 *  2. The AFTER INSERT trigger `message_events_webhook_outbox` runs `webhook_outbox_message_event`
 *     once per statement ({@link MESSAGE_EVENT_STATEMENT_FUNCTION}). It keeps the events whose status
 *     makes a webhook and names the webhook event: `MESSAGE_STATUS_WEBHOOK_EVENTS` in
 *     src/modules/webhooks/message-webhook-events.ts is that table in TypeScript, checked against
 *     this SQL by test/integration/message-webhook-events.test.ts.
 *  3. For each such event that an endpoint or the message's callback URL takes, `webhook_enqueue`
 *     inserts one `webhook_deliveries` row per receiver, with the payload `webhook_message_payload`
 *     builds ({@link MESSAGE_PAYLOAD_FUNCTION}): `data` is the message resource of GET
 *     /v1/messages/{id} (toMessageResource), field by field, as test/e2e/webhook-payload-contract.test.ts
 *     checks. The webhook relay sends the rows later.
 *
 * Migrations are history: a text here that a migration applied is never edited, or that migration
 * would build another schema on a new install than it did on the existing ones. To change the
 * payload or the trigger, add the new text here (the old one keeps its place, renamed if need be)
 * and a migration that applies it, as WebhookPayloadRouteId1795700040000 did. Copies older than the
 * ones kept here (Webhooks1795700005000, TraceContext1795700010000, the first `webhook_message_payload`
 * of WebhookOutboxStatements1795700034000) stay inline in their migrations: nothing reuses them.
 */

/**
 * `webhook_message_payload` as WebhookPayloadRouteId1795700040000 defines it: the live payload of
 * every message webhook. `data` holds the fields of the message resource (src/modules/messages/
 * message.resource.ts, without `events`), in its order, with its values: times as Date#toISOString
 * writes them (`webhook_iso`: UTC, milliseconds). `errorCode` and `errorMessage` are the event's
 * when it has them, else the message's: the same, but for a DLR timeout (an event with DLR_TIMEOUT
 * while the message, still `sent`, has none). `timestamp` is the time of the event.
 */
export const MESSAGE_PAYLOAD_FUNCTION = `
    CREATE OR REPLACE FUNCTION "webhook_message_payload"(p_type text, p_at timestamptz, p_error_code text, p_error_message text, m messages)
    RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_object(
            'type', p_type,
            'timestamp', webhook_iso(p_at),
            'data', jsonb_build_object(
                'id', m.id,
                'to', m."to",
                'from', m."from",
                'body', m.body,
                'status', m.status,
                'errorCode', COALESCE(p_error_code, m.error_code),
                'errorMessage', COALESCE(p_error_message, m.error_message),
                'segments', m.segments,
                'encoding', m.encoding,
                'priority', m.priority,
                'deviceId', m.device_id,
                'carrierId', m.carrier_id,
                'routeId', m.route_id,
                'simSlot', m.sim_slot,
                'attempts', m.attempts,
                'sendAt', webhook_iso(m.send_at),
                'expiresAt', webhook_iso(m.expires_at),
                'createdAt', webhook_iso(m.created_at),
                'updatedAt', webhook_iso(m.updated_at),
                'sentAt', webhook_iso(m.sent_at),
                'deliveredAt', webhook_iso(m.delivered_at),
                'metadata', m.metadata,
                'clientReference', m.client_reference,
                'templateId', m.template_id,
                'campaignId', m.campaign_id,
                'sentBy', m.sent_by))
    $$
`;

/**
 * `webhook_outbox_message_event` as WebhookOutboxStatements1795700034000 defines it (live; its plan
 * settings are WebhookOutboxPlan1795700035000's): once per statement, over the statement's new
 * events, in their order. Events of the statuses sent, delivered, undelivered, rejected, failed and
 * expired make `message.<status>`, but one with error code DLR_TIMEOUT makes `message.dlr_timeout`;
 * the others make none. The common case (nobody listens) costs a primary-key read and an index
 * probe per event.
 */
export const MESSAGE_EVENT_STATEMENT_FUNCTION = `
            CREATE OR REPLACE FUNCTION "webhook_outbox_message_event"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM webhook_enqueue(e.account_id, e.type,
                                        webhook_message_payload(e.type, e.at, e.error_code, e.error_message, m),
                                        m.callback_url, e.traceparent)
                   FROM (SELECT n.id, n.message_id, n.account_id, n.at, n.error_code, n.error_message, n.traceparent,
                                CASE WHEN n.error_code = 'DLR_TIMEOUT' THEN 'message.dlr_timeout' ELSE 'message.' || n.status END AS type
                           FROM new_events n
                          WHERE n.status IN ('sent', 'delivered', 'undelivered', 'rejected', 'failed', 'expired')) e
                   JOIN messages m ON m.id = e.message_id
                  WHERE m.callback_url IS NOT NULL OR EXISTS (
                        SELECT 1 FROM webhook_endpoints w
                         WHERE w.account_id = e.account_id AND w.enabled AND w.events && ARRAY[e.type, '*'])
                  ORDER BY e.id;
                RETURN NULL;
            END
            $$
        `;

/** The trigger that runs {@link MESSAGE_EVENT_STATEMENT_FUNCTION} (WebhookOutboxStatements1795700034000). */
export const MESSAGE_EVENT_STATEMENT_TRIGGER = `
            CREATE TRIGGER "message_events_webhook_outbox"
            AFTER INSERT ON "message_events"
            REFERENCING NEW TABLE AS new_events
            FOR EACH STATEMENT EXECUTE FUNCTION "webhook_outbox_message_event"()
        `;

// History: texts that later migrations re-apply on their way down, or that tests compare with.

/**
 * `webhook_message_payload` from ClientReference1795700037000 to Campaigns1795700039000: the fields
 * of WebhookOutboxStatements1795700034000 and `extraFields` (one of the lists below, or '').
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

/** The payload's extra fields as ClientReference1795700037000 left them. */
export const CLIENT_REFERENCE_FIELD = ", 'clientReference', m.client_reference";

/** The payload's extra fields as Templates1795700038000 left them. */
export const TEMPLATE_FIELDS = `${CLIENT_REFERENCE_FIELD}, 'templateId', m.template_id`;

/** The payload's extra fields as Campaigns1795700039000 left them. */
export const CAMPAIGN_FIELDS = `${TEMPLATE_FIELDS}, 'campaignId', m.campaign_id, 'sentBy', m.sent_by`;

/**
 * The row-level outbox trigger on message events as DeliveryReports1795700033000 left it, with its
 * own copy of the payload; WebhookOutboxStatements1795700034000 (which replaces it with the
 * statement-level one) restores it from here when reverted.
 */
export const MESSAGE_EVENT_ROW_FUNCTION = `
            CREATE OR REPLACE FUNCTION "webhook_outbox_message_event"() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
            DECLARE
                v_type text := CASE WHEN NEW.error_code = 'DLR_TIMEOUT' THEN 'message.dlr_timeout' ELSE 'message.' || NEW.status END;
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
                        'errorCode', COALESCE(NEW.error_code, m.error_code), 'errorMessage', COALESCE(NEW.error_message, m.error_message),
                        'segments', m.segments,
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
        `;

/** The row-level trigger of {@link MESSAGE_EVENT_ROW_FUNCTION} (DeliveryReports1795700033000). */
export const MESSAGE_EVENT_ROW_TRIGGER = `
            CREATE TRIGGER "message_events_webhook_outbox"
            AFTER INSERT ON "message_events"
            FOR EACH ROW WHEN (NEW.status IN ('sent', 'delivered', 'undelivered', 'rejected', 'failed', 'expired'))
            EXECUTE FUNCTION "webhook_outbox_message_event"()
        `;
