import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageInfoModel } from '@/common/page-info.model.js';
import { IsCursor, MAX_LIMIT, QueryInt } from '@/common/pagination.js';
import { ListOf } from '@/common/openapi/list.response.js';

/** A counterpart as stored: E.164 for recipients, what the phone reported for senders (short codes, names). */
const NUMBER_RULE = /^[^\p{Cc}]{1,64}$/u;
const NUMBER_MESSAGE = 'number must be 1 to 64 characters without control characters';
const isThreadNumber = (value: unknown): value is string => typeof value === 'string' && NUMBER_RULE.test(value);

export const threadCursor = { isId: isThreadNumber };

/** One thread (REST and GraphQL alike). */
@ObjectType('Conversation')
export class ConversationModel {
  @Field({ description: 'The counterpart: recipient of outbound, sender of inbound messages' })
  @ApiProperty({ type: String, example: '+4915123456789' })
  number: string;

  @Field()
  @ApiProperty({ type: String, format: 'date-time' })
  lastMessageAt: string;

  @Field()
  @ApiProperty({ type: String })
  lastBody: string;

  @Field({ description: '`inbound` or `outbound`' })
  @ApiProperty({ type: String, enum: ['inbound', 'outbound'] })
  lastDirection: string;

  @Field(() => Int, { description: 'Inbound messages since the thread was last marked read' })
  @ApiProperty({ type: 'integer' })
  unread: number;
}

@ObjectType('ConversationMessage')
export class ConversationMessageModel {
  @Field(() => ID)
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @Field({ description: '`inbound` or `outbound`' })
  @ApiProperty({ type: String, enum: ['inbound', 'outbound'] })
  direction: string;

  @Field()
  @ApiProperty({ type: String })
  body: string;

  @Field(() => String, { nullable: true, description: "An outbound message's status; null for inbound" })
  @ApiProperty({ type: String, nullable: true })
  status: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  errorCode: string | null;

  @Field({ description: 'Created (outbound) or received (inbound)' })
  @ApiProperty({ type: String, format: 'date-time' })
  at: string;

  @Field(() => ID, { nullable: true })
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  deviceId: string | null;

  @Field(() => Int, { nullable: true })
  @ApiProperty({ type: 'integer', nullable: true })
  simSlot: number | null;
}

export const ConversationListResponse = ListOf(ConversationModel, 'ConversationList');
export const ConversationMessageListResponse = ListOf(ConversationMessageModel, 'ConversationMessageList');

@ObjectType('ConversationEdge')
class ConversationEdgeModel {
  @Field()
  cursor: string;

  @Field(() => ConversationModel)
  node: ConversationModel;
}

@ObjectType('ConversationConnection')
export class ConversationConnectionModel {
  @Field(() => [ConversationEdgeModel])
  edges: ConversationEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}

@ObjectType('ConversationMessageEdge')
class ConversationMessageEdgeModel {
  @Field()
  cursor: string;

  @Field(() => ConversationMessageModel)
  node: ConversationMessageModel;
}

@ObjectType('ConversationMessageConnection')
export class ConversationMessageConnectionModel {
  @Field(() => [ConversationMessageEdgeModel])
  edges: ConversationMessageEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;
}

/** `conversationUpdated`: an SMS arrived in a thread (outbound statuses come by messageStatusChanged). */
@ObjectType('ConversationEvent')
export class ConversationEventModel {
  @Field()
  number: string;

  @Field({ description: '`inbound`' })
  direction: string;

  @Field(() => ID)
  messageId: string;

  @Field()
  body: string;

  @Field()
  at: string;
}

/** The query both list forms take (absent and null mean none). */
export interface ThreadListQuery {
  number?: string | null;
  cursor?: string | null;
  limit?: number | null;
}

const limitMessage = `limit must be an integer from 1 to ${MAX_LIMIT}`;

/** `GET /v1/conversations?number=&cursor=&limit=` */
export class ListConversationsQueryDto implements ThreadListQuery {
  @IsOptional()
  @IsString()
  @Matches(NUMBER_RULE, { message: NUMBER_MESSAGE })
  @ApiPropertyOptional({ type: String, description: 'Threads whose number starts with this (encode + as %2B)' })
  number?: string;

  @IsOptional()
  @IsCursor(undefined, isThreadNumber)
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @QueryInt()
  @IsInt({ message: limitMessage })
  @Min(1, { message: limitMessage })
  @Max(MAX_LIMIT, { message: limitMessage })
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  limit?: number;
}

/** `GET /v1/conversations/{number}/messages?cursor=&limit=` */
export class ListThreadMessagesQueryDto {
  @IsOptional()
  @IsCursor()
  @ApiPropertyOptional({ type: String, description: 'The nextCursor of the previous page' })
  cursor?: string;

  @IsOptional()
  @QueryInt()
  @IsInt({ message: limitMessage })
  @Min(1, { message: limitMessage })
  @Max(MAX_LIMIT, { message: limitMessage })
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  limit?: number;
}

@ArgsType()
export class ConversationsArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_LIMIT} (default 50)` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `first must be an integer from 1 to ${MAX_LIMIT}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsCursor(undefined, isThreadNumber)
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Threads whose number starts with this' })
  @IsOptional()
  @IsString()
  @Matches(NUMBER_RULE, { message: NUMBER_MESSAGE })
  number?: string | null;
}

@ArgsType()
export class ThreadMessagesArgs {
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
}

@InputType('MarkConversationReadInput')
export class MarkConversationReadInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(NUMBER_RULE, { message: NUMBER_MESSAGE })
  number: string;
}

export { isThreadNumber, NUMBER_MESSAGE };
