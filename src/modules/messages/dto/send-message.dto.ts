import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { MessagePriority } from '../entities/message.entity.js';

/** A caller's own id for a message: 1 to 64 characters, none of them a control character. */
const CLIENT_REFERENCE = /^[^\p{Cc}]{1,64}$/u;

/** The rule of a `clientReference`, on a send and on the list's filter alike. */
export const IsClientReference = () =>
  applyDecorators(
    IsString(),
    Matches(CLIENT_REFERENCE, { message: 'clientReference must be 1 to 64 characters without control characters' }),
  );

/**
 * One field's decorators, listed as they would stand above it and applied as such a stack is,
 * bottom first: the rules' order is the order of their messages and of the document's keywords.
 */
const FieldStack = (...decorators: PropertyDecorator[]) => applyDecorators(...decorators.reverse());

/** `from`, on a send and on a campaign: the sender ID. */
export const SenderIdField = () =>
  FieldStack(
    Field(() => String, { nullable: true }),
    IsOptional(),
    IsString(),
    MinLength(1),
    MaxLength(32),
    ApiPropertyOptional({ type: String, description: 'Sender ID, where the channel allows one' }),
  );

/**
 * `deviceId`, on a send and on a campaign: the phone to send from, skipping routing. `openApi`
 * adds to its OpenAPI keywords (the campaign's states the uuid format that IsUUID implies).
 */
export const SendingDeviceField = (openApi: { format?: 'uuid' } = {}) =>
  FieldStack(
    Field(() => ID, { nullable: true }),
    IsOptional(),
    IsUUID(),
    ApiPropertyOptional({ type: String, ...openApi, description: 'Send from this phone (skips routing)' }),
  );

/** `simSlot`, on a send and on a campaign: the SIM of that phone. */
export const SimSlotField = () =>
  FieldStack(
    Field(() => Int, { nullable: true }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(7),
    ApiPropertyOptional({ type: 'integer', description: "The phone's SIM slot" }),
  );

/**
 * The send command, shared by REST and GraphQL. Type checks live here (VALIDATION_FAILED); the
 * rules with their own codes (number plan, segments, TTL range) live in the service.
 */
@InputType('SendMessageInput')
export class SendMessageDto {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @ApiProperty({ type: String, description: 'The recipient in E.164', example: '+4915123456789' })
  to: string;

  /** Required unless `templateId` is given; never both. */
  @Field(() => String, { nullable: true })
  @ValidateIf((o: SendMessageDto) => o.templateId === undefined || o.body !== undefined)
  @IsString()
  @MinLength(1, { message: 'body must not be empty' })
  @ApiPropertyOptional({
    type: String,
    description:
      'At most 10 segments (1,530 GSM-7 or 670 UCS-2 characters); no control characters but line breaks. ' +
      'Required unless templateId is given',
    example: 'Your code is 123456',
  })
  body?: string;

  /** The template whose rendering is the body (with `variables`; its defaults fill the rest). */
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'Send this template instead of a body' })
  templateId?: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @ValidateIf((o: SendMessageDto) => o.variables !== undefined)
  @IsObject()
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "The template's variables (with templateId)",
    example: { name: 'Ada' },
  })
  variables?: Record<string, string>;

  @SenderIdField()
  from?: string;

  @SendingDeviceField()
  deviceId?: string;

  @SimSlotField()
  simSlot?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(['normal', 'high'])
  @ApiPropertyOptional({ type: String, default: 'normal' })
  priority?: MessagePriority;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @ApiPropertyOptional({
    type: 'integer',
    description: 'Expire if not sent within this many seconds (INVALID_SCHEDULE when out of range)',
  })
  ttlSeconds?: number;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Yours: stored and shown back as sent',
  })
  metadata?: Record<string, unknown>;

  /** ISO 8601 with a time zone; up to a year ahead. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:?\d{2})$/, { message: 'sendAt must carry a time zone (Z or ±hh:mm)' })
  @ApiPropertyOptional({
    type: String,
    description: 'Send later: ISO 8601 with a time zone, up to a year ahead',
    example: '2030-01-01T09:00:00Z',
  })
  sendAt?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2048)
  @ApiPropertyOptional({
    type: String,
    description: "Status callbacks for this message, signed with the account's callback secret",
  })
  callbackUrl?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsClientReference()
  @ApiPropertyOptional({
    type: String,
    maxLength: 64,
    description: 'Your own id for the message: shown back, filterable in the list and sent in its webhooks',
    example: 'order-A-1001',
  })
  clientReference?: string;
}
