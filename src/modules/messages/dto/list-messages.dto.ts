import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  PageArgs,
  PageQuery,
  TimeWindowArgs,
  TimeWindowQuery,
  type PageParams,
  type TimeWindowParams,
} from '@/common/page-params.js';
import { MESSAGE_STATUSES, type MessageStatus } from '../message-status.js';
import { IsClientReference } from './send-message.dto.js';

/** The list query as the service takes it, from REST or GraphQL (absent and null mean no filter). */
export interface MessageListQuery extends PageParams, TimeWindowParams {
  status?: string[] | null;
  to?: string | null;
  clientReference?: string | null;
  campaignId?: string | null;
}

export interface InboundMessageListQuery extends PageParams, TimeWindowParams {
  from?: string | null;
  deviceId?: string | null;
}

const EXAMPLE_TIME = '2026-05-01T00:00:00Z';

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

/** The filters of `GET /v1/messages`. */
class MessageFilters {
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
}

/** `GET /v1/messages` query parameters; any other parameter is VALIDATION_FAILED (global pipe). */
export class ListMessagesQueryDto
  extends PageQuery(
    TimeWindowQuery(MessageFilters, { since: 'Created at or after', until: 'Created before', example: EXAMPLE_TIME }),
  )
  implements MessageListQuery {}

/** The filters of GraphQL `messages(...)`, before its time window. */
@ArgsType()
class MessageFilterArgs extends TimeWindowArgs({
  since: 'Created at or after (ISO 8601)',
  until: 'Created before (ISO 8601)',
}) {
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
}

/** GraphQL `messages(...)` arguments: a Relay connection's `first`/`after` and the REST filters. */
@ArgsType()
export class MessagesArgs extends PageArgs(MessageFilterArgs) {}

/** The filters of `GET /v1/inbound-messages`. */
class InboundMessageFilters {
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
}

/** `GET /v1/inbound-messages` query parameters. */
export class ListInboundMessagesQueryDto
  extends PageQuery(
    TimeWindowQuery(InboundMessageFilters, {
      since: 'Received at or after',
      until: 'Received before',
      example: EXAMPLE_TIME,
    }),
  )
  implements InboundMessageListQuery {}

/** The filters of GraphQL `inboundMessages(...)`, before its time window. */
@ArgsType()
class InboundMessageFilterArgs extends TimeWindowArgs({
  since: 'Received at or after (ISO 8601)',
  until: 'Received before (ISO 8601)',
}) {
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
}

/** GraphQL `inboundMessages(...)` arguments. */
@ArgsType()
export class InboundMessagesArgs extends PageArgs(InboundMessageFilterArgs) {}
