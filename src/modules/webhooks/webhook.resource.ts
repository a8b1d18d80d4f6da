import type { DeliveryStatus } from './entities/webhook-delivery.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** An endpoint as the API shows it: never its secret (that is in the create and rotate answers only). */
export interface WebhookResource {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  failingSince: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One line of an endpoint's delivery log. */
export interface WebhookDeliveryResource {
  id: string;
  endpointId: string | null;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  statusCode: number | null;
  latencyMs: number | null;
  /** The last failure: the network error, or the status and at most 1 KiB of the response body. */
  error: string | null;
  /** When the next attempt is due (in the past while it is on the queue); null once delivered or failed. */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface EndpointRow {
  id: string;
  account_id: AccountId;
  url: string;
  events: string[];
  secret_encrypted: string;
  enabled: boolean;
  description: string | null;
  failing_since: Date | null;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  account_id: AccountId;
  endpoint_id: string | null;
  url: string | null;
  event_type: string;
  event_id: string;
  payload: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  enqueued_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toWebhookResource(r: EndpointRow): WebhookResource {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    description: r.description,
    enabled: r.enabled,
    failingSince: iso(r.failing_since),
    disabledReason: r.disabled_reason,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function toDeliveryResource(r: DeliveryRow): WebhookDeliveryResource {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    statusCode: r.last_status_code,
    latencyMs: r.last_latency_ms,
    error: r.last_error,
    // A claimed delivery's next_attempt_at is its lease (the relay's safety net); it is due since its claim.
    nextAttemptAt: r.status !== 'pending' ? null : (r.enqueued_at ?? r.next_attempt_at).toISOString(),
    createdAt: r.created_at.toISOString(),
    deliveredAt: iso(r.delivered_at),
  };
}
