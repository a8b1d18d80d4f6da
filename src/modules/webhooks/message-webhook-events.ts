/**
 * Which message status makes which webhook event: the outbox in TypeScript (issue 20).
 *
 * Message webhooks are written by the database, not by a call in TypeScript: the statement that
 * moves a message to a new status also inserts its `message_events` row, and the outbox trigger on
 * that table (`webhook_outbox_message_event`, once per statement) turns each event of a status below
 * into the webhook event beside it, one `webhook_deliveries` row per endpoint that takes the event
 * (and the message's callback URL). The delivery therefore commits or rolls back with the status
 * change; the webhook relay sends it afterwards (webhook-relay.ts, webhook-delivery.service.ts).
 *
 * | message status (its event)         | webhook event         |
 * | ---------------------------------- | --------------------- |
 * | scheduled, queued, sending         | none                  |
 * | sent                               | `message.sent`        |
 * | sent, error code DLR_TIMEOUT       | `message.dlr_timeout` |
 * | delivered                          | `message.delivered`   |
 * | undelivered                        | `message.undelivered` |
 * | rejected                           | `message.rejected`    |
 * | failed                             | `message.failed`      |
 * | expired                            | `message.expired`     |
 * | canceled                           | none                  |
 *
 * The webhook's `data` is the message as GET /v1/messages/{id} shows it (toMessageResource, without
 * `events`) right after the change; `timestamp` is the event's time. Its one source, and the
 * trigger's, is src/database/sql/webhook-outbox.ts. Two tests hold them to this file:
 * test/integration/message-webhook-events.test.ts (every status and error code through the trigger
 * gives {@link messageWebhookEvent}) and test/e2e/webhook-payload-contract.test.ts (`data` equals
 * the REST resource, field by field).
 *
 * Other events: `message.received` (inbound_messages' trigger), `suppression.added` (WebhookOutbox
 * `record`, in the suppression's transaction) and `device.online` / `device.offline` (WebhookOutbox,
 * after the change in Redis).
 */
import type { MessageStatus } from '@/modules/messages/message-status.js';
import type { WebhookEvent } from './webhook-events.js';

/** The webhook event each message status makes, or null: the table above, as the trigger applies it. */
export const MESSAGE_STATUS_WEBHOOK_EVENTS = {
  scheduled: null,
  queued: null,
  sending: null,
  sent: 'message.sent',
  delivered: 'message.delivered',
  undelivered: 'message.undelivered',
  rejected: 'message.rejected',
  failed: 'message.failed',
  expired: 'message.expired',
  canceled: null,
} as const satisfies Record<MessageStatus, WebhookEvent | null>;

/**
 * The error code that makes an event of a webhook status `message.dlr_timeout` instead: the sweep
 * writes it on a `sent` event when no delivery report came within DLR_TIMEOUT_SECONDS (the message
 * stays `sent`).
 */
export const DLR_TIMEOUT_ERROR_CODE = 'DLR_TIMEOUT';

/** The webhook event a message event of `status` with `errorCode` makes, or null for none. */
export function messageWebhookEvent(status: MessageStatus, errorCode: string | null): WebhookEvent | null {
  const event = MESSAGE_STATUS_WEBHOOK_EVENTS[status];
  if (event === null) return null;
  return errorCode === DLR_TIMEOUT_ERROR_CODE ? 'message.dlr_timeout' : event;
}
