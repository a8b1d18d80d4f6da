/** The events an endpoint can subscribe to (DESIGN.md §6). */
export const WEBHOOK_EVENTS = [
  'message.sent',
  'message.delivered',
  'message.undelivered',
  'message.rejected',
  'message.failed',
  'message.expired',
  'message.dlr_timeout',
  'message.received',
  'device.online',
  'device.offline',
  'suppression.added',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What an endpoint's `events` may hold: the events, or `*` for all of them (and any added later). */
export const SUBSCRIBABLE = [...WEBHOOK_EVENTS, '*'] as const;

/** Sent only by `POST /v1/webhooks/{id}/test`, to that endpoint, whatever it subscribes to. */
export const TEST_EVENT = 'webhook.test';

/** The Standard Webhooks payload: what every request body is. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}
