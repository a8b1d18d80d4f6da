import {
  ApiProperty,
  ApiPropertyOptional,
  ApiSchema,
  getSchemaPath,
  OmitType,
  type OpenAPIObject,
  type PathItemObject,
} from '@nestjs/swagger';
import { InboundMessageResponse, MessageResponse } from '@/modules/messages/dto/message.response.js';
import { SUPPRESSION_REASONS } from '@/modules/suppression/entities/suppression.entity.js';
import { TEST_EVENT, WEBHOOK_EVENTS, type WebhookEvent } from '@/modules/webhooks/webhook-events.js';

/**
 * The events the gateway POSTs to webhook endpoints (DESIGN.md §6), as OpenAPI 3.1 `webhooks`:
 * the Standard Webhooks envelope `{type, timestamp, data}` and its signature headers. The message
 * and inbound payloads are written by database triggers (migrations Webhooks, TraceContext,
 * InboundTraceContext, SuppressionWebhooks); these classes describe what they build.
 */

@ApiSchema({ name: 'WebhookMessageData', description: 'The message as the API shows it, without its events' })
export class WebhookMessageData extends OmitType(MessageResponse, ['events'] as const) {}

@ApiSchema({ name: 'WebhookDeviceData' })
export class WebhookDeviceData {
  @ApiProperty({ type: String, format: 'uuid', description: 'The device id' })
  id: string;

  @ApiProperty({ enum: ['online', 'offline'] })
  status: string;

  @ApiPropertyOptional({
    enum: ['disconnected', 'silent', 'revoked', 'disabled'],
    description: 'Why it went offline (silent: its heartbeats stopped)',
  })
  reason?: string;
}

@ApiSchema({ name: 'WebhookSuppressionData' })
export class WebhookSuppressionData {
  @ApiProperty({ type: String, description: 'E.164' })
  phoneNumber: string;

  @ApiProperty({ enum: SUPPRESSION_REASONS.filter((r) => r !== 'import') })
  reason: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sourceMessageId: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

@ApiSchema({ name: 'WebhookTestData' })
export class WebhookTestData {
  @ApiProperty({ type: String, format: 'uuid', description: 'The endpoint the test was sent to' })
  webhookId: string;

  @ApiProperty({ type: String })
  message: string;
}

export const WEBHOOK_MODELS: Function[] = [
  WebhookMessageData,
  InboundMessageResponse,
  WebhookDeviceData,
  WebhookSuppressionData,
  WebhookTestData,
];

function dataOf(event: WebhookEvent | typeof TEST_EVENT): { model: Function; summary: string } {
  switch (event) {
    case 'message.sent':
      return { model: WebhookMessageData, summary: 'A phone or carrier accepted a message' };
    case 'message.delivered':
      return { model: WebhookMessageData, summary: 'A delivery report says delivered' };
    case 'message.undelivered':
      return { model: WebhookMessageData, summary: 'A delivery report says not delivered' };
    case 'message.rejected':
      return { model: WebhookMessageData, summary: 'A delivery report says the network refused the message (REJECTD)' };
    case 'message.dlr_timeout':
      return {
        model: WebhookMessageData,
        summary:
          'No delivery report came within DLR_TIMEOUT_SECONDS of sent: the message stays sent, errorCode DLR_TIMEOUT',
      };
    case 'message.failed':
      return { model: WebhookMessageData, summary: 'The gateway gave up on a message (see errorCode)' };
    case 'message.expired':
      return { model: WebhookMessageData, summary: 'A message was not sent before its expiry' };
    case 'message.received':
      return { model: InboundMessageResponse, summary: 'A phone received an SMS' };
    case 'device.online':
      return { model: WebhookDeviceData, summary: 'A phone connected' };
    case 'device.offline':
      return { model: WebhookDeviceData, summary: 'A phone disconnected or went silent' };
    case 'suppression.added':
      return { model: WebhookSuppressionData, summary: 'A number joined the opt-out list (not by CSV import)' };
    case TEST_EVENT:
      return { model: WebhookTestData, summary: 'Sent by POST /v1/webhooks/{id}/test only' };
  }
}

const SIGNATURE_HEADERS = [
  { name: 'webhook-id', description: 'The event id: the same on every redelivery (deduplicate by it)' },
  { name: 'webhook-timestamp', description: 'Seconds since the epoch, signed with the body' },
  {
    name: 'webhook-signature',
    description:
      '`v1,<base64 HMAC-SHA256>` of `{webhook-id}.{webhook-timestamp}.{body}` with the secret (Standard Webhooks); ' +
      'during a secret rotation, one signature per secret, space-separated',
  },
].map((h) => ({ in: 'header' as const, required: true, schema: { type: 'string' as const }, ...h }));

/** Adds `webhooks` (one per event type) to the document. */
export function addWebhooks(document: OpenAPIObject): void {
  const webhooks: Record<string, PathItemObject> = {};
  for (const event of [...WEBHOOK_EVENTS, TEST_EVENT] as const) {
    const { model, summary } = dataOf(event);
    webhooks[event] = {
      post: {
        summary,
        operationId: `webhook_${event.replace(/\W/g, '_')}`,
        tags: ['webhook events'],
        description:
          'Sent to each enabled endpoint that subscribes to this event (or to `*`), and for message events to the ' +
          "message's own callbackUrl. Retried with backoff for 24 hours until the endpoint answers 2xx.",
        parameters: SIGNATURE_HEADERS,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  type: { type: 'string', enum: [event] },
                  timestamp: { type: 'string', format: 'date-time' },
                  data: { $ref: getSchemaPath(model) },
                },
                required: ['type', 'timestamp', 'data'],
              },
            },
          },
        },
        responses: { '2XX': { description: 'Received: any 2xx ends the retries' } },
        security: [],
      },
    };
  }
  document.webhooks = webhooks;
}
