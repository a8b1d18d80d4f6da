import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsCursor, MAX_LIMIT, QueryInt } from '@/common/pagination.js';
import { IsTimestamp } from '@/common/timestamps.js';
import { MESSAGE_STATUSES, type MessageStatus } from '../message-status.js';
import { IsClientReference } from './send-message.dto.js';

/** The list query as the service takes it, from REST or GraphQL (absent and null mean no filter). */
export interface MessageListQuery {
  status?: string[] | null;
  to?: string | null;
  clientReference?: string | null;
  campaignId?: string | null;
  since?: string | null;
  until?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

export interface InboundMessageListQuery {
  from?: string | null;
  deviceId?: string | null;
  since?: string | null;
  until?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

const statusRule = { each: true, message: `status must be one of ${MESSAGE_STATUSES.join(', ')}` };

/** `status=queued,failed` and `status=queued&status=failed` both mean either status. */
const CommaList = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return value.split(',');
    if (Array.isArray(value)) return value.flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v]));
    return value;
  });

/**
 * An unencoded `+` in a query string decodes to a space, so `?to=+4915…` arrives as ` 4915…`. A
 * space followed by digits can only be that, so it is read as the `+` that was meant.
 */
const PhoneInQuery = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/^ (?=\d)/, '+') : value));

/** `GET /v1/messages` query parameters; any other parameter is VALIDATION_FAILED (global pipe). */
export class ListMessagesQueryDto implements MessageListQuery {
  @IsOptional()
  @CommaList()
  @IsArray()
  @ArrayMaxSize(MESSAGE_STATUSES.length)
  @IsIn(MESSAGE_STATUSES, statusRule)
  @ApiPropertyOptional({
    type: [String],
    description: 'Any of these statuses: `status=queued,failed` or `status=queued&status=failed`',
  })
  status?: MessageStatus[];

  @IsOptional()
  @PhoneInQuery()
  @IsString()
  @MaxLength(64)
  @ApiPropertyOptional({ type: String, description: 'Recipient in E.164 (encode the + as %2B)' })
  to?: string;

  @IsOptional()
  @IsClientReference()
  @ApiPropertyOptional({ type: String, description: 'The messages sent with this clientReference' })
  clientReference?: string;

  @IsOptional()
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  @ApiPropertyOptional({ type: String, format: 'uuid', description: "The campaign's messages" })
  campaignId?: string;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({
    type: String,
    description: 'Created at or after: a date (2026-05-01) or a date-time with its offset',
    example: '2026-05-01T00:00:00Z',
  })
  since?: string;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({
    type: String,
    description: 'Created before: a date (2026-05-01) or a date-time with its offset',
    example: '2026-05-01T00:00:00Z',
  })
  until?: string;

  @IsOptional()
  @IsCursor()
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @QueryInt()
  @IsInt({ message: `limit must be an integer from 1 to ${MAX_LIMIT}` })
  @Min(1, { message: `limit must be an integer from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `limit must be an integer from 1 to ${MAX_LIMIT}` })
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  limit?: number;
}

/** GraphQL `messages(...)` arguments: a Relay connection's `first`/`after` and the REST filters. */
@ArgsType()
export class MessagesArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_LIMIT} (default 50)` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsCursor()
  after?: string | null;

  @Field(() => [String], { nullable: true, description: 'Any of these statuses' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MESSAGE_STATUSES.length)
  @IsIn(MESSAGE_STATUSES, statusRule)
  status?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Recipient in E.164' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'The messages sent with this clientReference' })
  @IsOptional()
  @IsClientReference()
  clientReference?: string | null;

  @Field(() => ID, { nullable: true, description: "The campaign's messages" })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId?: string | null;

  @Field(() => String, { nullable: true, description: 'Created at or after (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  since?: string | null;

  @Field(() => String, { nullable: true, description: 'Created before (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  until?: string | null;
}

/** `GET /v1/inbound-messages` query parameters. */
export class ListInboundMessagesQueryDto implements InboundMessageListQuery {
  @IsOptional()
  @PhoneInQuery()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @ApiPropertyOptional({ type: String, description: 'Sender, exactly as the phone reported it' })
  from?: string;

  @IsOptional()
  @IsUUID()
  @ApiPropertyOptional({ type: String, description: 'Received by this phone' })
  deviceId?: string;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({
    type: String,
    description: 'Received at or after: a date (2026-05-01) or a date-time with its offset',
    example: '2026-05-01T00:00:00Z',
  })
  since?: string;

  @IsOptional()
  @IsTimestamp()
  @ApiPropertyOptional({
    type: String,
    description: 'Received before: a date (2026-05-01) or a date-time with its offset',
    example: '2026-05-01T00:00:00Z',
  })
  until?: string;

  @IsOptional()
  @IsCursor()
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @QueryInt()
  @IsInt({ message: `limit must be an integer from 1 to ${MAX_LIMIT}` })
  @Min(1, { message: `limit must be an integer from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `limit must be an integer from 1 to ${MAX_LIMIT}` })
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  limit?: number;
}

/** GraphQL `inboundMessages(...)` arguments. */
@ArgsType()
export class InboundMessagesArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_LIMIT} (default 50)` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsCursor()
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Sender, exactly as the phone reported it' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  from?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  deviceId?: string | null;

  @Field(() => String, { nullable: true, description: 'Received at or after (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  since?: string | null;

  @Field(() => String, { nullable: true, description: 'Received before (ISO 8601)' })
  @IsOptional()
  @IsTimestamp()
  until?: string | null;
}
