import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageInfoModel } from '@/common/page-info.model.js';
import { PageArgs, PageQuery, type PageParams } from '@/common/page-params.js';
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
export interface ThreadListQuery extends PageParams {
  number?: string | null;
}

/** Threads are keyed by their number, not a UUID. */
const threadPage = { cursorId: isThreadNumber };

/** The filter of `GET /v1/conversations`. */
class ConversationFilters {
  @IsOptional()
  @IsString()
  @Matches(NUMBER_RULE, { message: NUMBER_MESSAGE })
  @ApiPropertyOptional({ type: String, description: 'Threads whose number starts with this (encode + as %2B)' })
  number?: string;
}

/** `GET /v1/conversations?number=&cursor=&limit=` */
export class ListConversationsQueryDto extends PageQuery(ConversationFilters, threadPage) implements ThreadListQuery {}

/** `GET /v1/conversations/{number}/messages?cursor=&limit=` */
export class ListThreadMessagesQueryDto extends PageQuery() {}

@ArgsType()
export class ConversationsArgs extends PageArgs(undefined, threadPage) {
  @Field(() => String, { nullable: true, description: 'Threads whose number starts with this' })
  @IsOptional()
  @IsString()
  @Matches(NUMBER_RULE, { message: NUMBER_MESSAGE })
  number?: string | null;
}

@ArgsType()
export class ThreadMessagesArgs extends PageArgs() {}

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
