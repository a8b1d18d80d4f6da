import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ListOf } from '@/common/openapi/list.response.js';
import { enumValues } from '@/common/openapi/enum-values.js';
import type { DeliveryStatus } from '../entities/webhook-delivery.entity.js';
import { SUBSCRIBABLE, TEST_EVENT, WEBHOOK_EVENTS } from '../webhook-events.js';
import type { WebhookDeliveryResource, WebhookResource } from '../webhook.resource.js';

const DELIVERY_STATUSES = enumValues<DeliveryStatus>()(['pending', 'delivered', 'failed']);

/** An endpoint as the API shows it: never its secret. */
@ApiSchema({ name: 'Webhook' })
export class WebhookResponse implements WebhookResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uri' })
  url: string;

  @ApiProperty({ type: [String], enum: SUBSCRIBABLE, description: '`*`: every event, also ones added later' })
  events: string[];

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: Boolean, description: 'Disabled by hand, or by the gateway after failing for days' })
  enabled: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Since when deliveries fail' })
  failingSince: string | null;

  @ApiProperty({ type: String, nullable: true })
  disabledReason: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

/** The endpoint with its signing secret: only the create and rotate answers show it. */
@ApiSchema({ name: 'CreatedWebhook' })
export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ type: String, description: 'whsec_…: verify signatures with it; not shown again', pattern: '^whsec_' })
  secret: string;
}

export const WebhookListResponse = ListOf(WebhookResponse, 'WebhookList', true);

/** One line of an endpoint's delivery log. */
@ApiSchema({ name: 'WebhookDelivery' })
export class WebhookDeliveryResponse implements WebhookDeliveryResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a per-message callbackUrl' })
  endpointId: string | null;

  @ApiProperty({ type: String, format: 'uuid', description: 'The `webhook-id` header: the same for every redelivery' })
  eventId: string;

  @ApiProperty({ enum: [...WEBHOOK_EVENTS, TEST_EVENT] })
  eventType: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts: number;

  @ApiProperty({ type: 'integer', nullable: true, description: "The last attempt's HTTP status" })
  statusCode: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  latencyMs: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The last failure' })
  error: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null once delivered or failed' })
  nextAttemptAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;
}

export const WebhookDeliveryListResponse = ListOf(WebhookDeliveryResponse, 'WebhookDeliveryList');

@ApiSchema({ name: 'CallbackSecret', description: 'Signs the requests to per-message callbackUrls' })
export class CallbackSecretResponse {
  @ApiProperty({ type: String, description: 'whsec_…: shown once' })
  secret: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}
