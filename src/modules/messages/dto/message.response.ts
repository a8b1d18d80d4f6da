import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { enumValues } from '@/common/openapi/enum-values.js';
import { ListOf } from '@/common/openapi/list.response.js';
import { ProblemResponse } from '@/common/openapi/problem.response.js';
import type { InboundMessageResource } from '../inbound-message.resource.js';
import type { MessageEventResource, MessageResource } from '../message.resource.js';
import { MESSAGE_STATUSES } from '../message-status.js';
import type { EventSource } from '../entities/message-event.entity.js';
import type { MessageEncoding, MessagePriority } from '../entities/message.entity.js';

const EVENT_SOURCES = enumValues<EventSource>()(['api', 'dispatcher', 'scheduler', 'device', 'carrier', 'system']);
const ENCODINGS = enumValues<MessageEncoding>()(['GSM-7', 'UCS-2']);
const PRIORITIES = enumValues<MessagePriority>()(['normal', 'high']);

@ApiSchema({ name: 'MessageEvent', description: 'One status transition of a message' })
export class MessageEventResponse implements MessageEventResource {
  @ApiProperty({ enum: MESSAGE_STATUSES, enumName: 'MessageStatus' })
  status: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at: string;

  @ApiProperty({ enum: EVENT_SOURCES, description: 'Who made the transition' })
  source: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'The delivery attempt it belongs to' })
  attempt: number;

  @ApiPropertyOptional({ type: String, format: 'uuid' })
  deviceId?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid' })
  carrierId?: string;

  @ApiPropertyOptional({ type: String })
  errorCode?: string;

  @ApiPropertyOptional({ type: String })
  errorMessage?: string;
}

/** The message resource of the contract (DESIGN.md §3). */
@ApiSchema({ name: 'Message' })
export class MessageResponse implements MessageResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, description: 'The recipient in E.164', example: '+4915123456789' })
  to: string;

  @ApiProperty({ type: String, nullable: true, description: 'The sender ID asked for, if any' })
  from: string | null;

  @ApiProperty({ type: String })
  body: string;

  @ApiProperty({ enum: MESSAGE_STATUSES, enumName: 'MessageStatus', description: 'See the message lifecycle' })
  status: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, as a stable code' })
  errorCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  errorMessage: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 10 })
  segments: number;

  @ApiProperty({ enum: ENCODINGS })
  encoding: string;

  @ApiProperty({ enum: PRIORITIES })
  priority: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The phone that carries it' })
  deviceId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The carrier that carries it' })
  carrierId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The route that chose its channel' })
  routeId: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 7, nullable: true })
  simSlot: number | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a scheduled message goes out' })
  sendAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: 'Not sent by then: expired' })
  expiresAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'As sent' })
  metadata: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true, description: 'Your own id for the message, as sent' })
  clientReference: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The template the body was rendered from' })
  templateId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The campaign that sent it' })
  campaignId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who sent it: user:<id>, client:<id>, campaign:<id>, or system (keyword replies)',
    example: 'client:0190a1b2-0000-7000-8000-000000000001',
  })
  sentBy: string | null;

  @ApiPropertyOptional({
    type: [MessageEventResponse],
    description: 'In time order; only in `GET /v1/messages/{id}` and its cancel and retry answers',
  })
  events?: MessageEventResponse[];
}

export const MessageListResponse = ListOf(MessageResponse, 'MessageList');

@ApiSchema({ name: 'BatchItemAccepted' })
/** The 202 of a single send: the message, and when it is expected to go when it waits. */
@ApiSchema({ name: 'AcceptedMessage' })
export class AcceptedMessageResponse extends MessageResponse {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'When the message is expected to go, when it waits (a sendAt ahead); absent when it goes now',
  })
  estimatedSendAt?: string;
}

export class BatchItemAcceptedResponse {
  @ApiProperty({ type: 'integer', enum: [202] })
  status: 202;

  @ApiProperty({ type: MessageResponse })
  message: MessageResponse;
}

@ApiSchema({ name: 'BatchItemRefused' })
export class BatchItemRefusedResponse {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, description: 'The status of `error`' })
  status: number;

  @ApiProperty({ type: ProblemResponse })
  error: ProblemResponse;
}

@ApiSchema({ name: 'BatchResult' })
@ApiExtraModels(BatchItemAcceptedResponse, BatchItemRefusedResponse)
export class BatchResultResponse {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [{ $ref: getSchemaPath(BatchItemAcceptedResponse) }, { $ref: getSchemaPath(BatchItemRefusedResponse) }],
    },
    description: 'One per message, in request order: the accepted message (202) or the problem that refused it',
  })
  results: (BatchItemAcceptedResponse | BatchItemRefusedResponse)[];
}

@ApiSchema({ name: 'DeadLetter', description: 'A message that exhausted its attempts' })
export class DeadLetterResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  messageId: string;

  @ApiProperty({ type: String, nullable: true })
  errorCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  errorMessage: string | null;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export const DeadLetterListResponse = ListOf(DeadLetterResponse, 'DeadLetterList', true);

@ApiSchema({ name: 'InboundMessage', description: 'An SMS a phone received' })
export class InboundMessageResponse implements InboundMessageResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, description: 'The sender, exactly as the phone reported it' })
  from: string;

  @ApiProperty({ type: String, nullable: true, description: "The receiving SIM's number, when the phone knows it" })
  to: string | null;

  @ApiProperty({ type: String })
  body: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  deviceId: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 7, nullable: true })
  simSlot: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export const InboundMessageListResponse = ListOf(InboundMessageResponse, 'InboundMessageList');
