import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { SendBatchDto } from './dto/batch.dto.js';
import { DeadLetterQueryDto } from './dto/dead-letter-query.dto.js';
import { BATCH_EXAMPLES, SEND_EXAMPLES } from './dto/message.examples.js';
import { MessagePreviewDto, MessagePreviewModel } from './dto/message-preview.dto.js';
import { measureBody } from './message-validation.js';
import {
  AcceptedMessageResponse,
  BatchResultResponse,
  DeadLetterListResponse,
  MessageResponse,
} from './dto/message.response.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { parseIdempotencyKey } from './idempotency.js';
import { MessageNotFound } from './messages.errors.js';
import { MessageCommandsService } from './message-commands.service.js';
import { MessageIngestService } from './message-ingest.service.js';

// A malformed id names nothing in the caller's account: 404, the same answer as another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new MessageNotFound() });

/** The codes of a send's content, single or in a batch item (the service's own rules, after the DTO's). */
const SEND_CODES = [
  'INVALID_PHONE_NUMBER',
  'BODY_TOO_LONG',
  'INVALID_BODY',
  'INVALID_SCHEDULE',
  'DESTINATION_BLOCKED',
  'NO_ROUTE',
  'TEMPLATE_VARIABLE_MISSING',
] as const;
const MessageId = () => ApiParam({ name: 'id', format: 'uuid', description: 'The message id' });

@Controller('v1/messages')
@ApiTags('messages')
export class MessagesController {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly messages: MessageCommandsService,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Send one message',
    description: 'The message row is committed when this answers 202; dispatch follows from a queue.',
  })
  @ApiBody({ type: SendMessageDto, examples: SEND_EXAMPLES })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{1,255}$' },
    description: 'The same key with the same body answers the original message again (per account)',
  })
  @ApiAcceptedResponse({
    type: AcceptedMessageResponse,
    description: 'Accepted: the message as stored, with estimatedSendAt when it waits',
    headers: {
      'Idempotent-Replayed': {
        description: '`true` when this is the original answer again',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblems(...SEND_CODES, 'RECIPIENT_OPTED_OUT', 'IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_KEY_REUSED', 'NOT_FOUND')
  async send(
    @Account() account: AccountRef,
    @Body() dto: SendMessageDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { message, replayed } = await this.ingest.send(account, dto, parseIdempotencyKey(key));
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    // A scheduled message waits for its sendAt; one due now goes to the queue at once.
    return message.status === 'scheduled' && message.sendAt ? { ...message, estimatedSendAt: message.sendAt } : message;
  }

  @Post('batch')
  @HttpCode(202)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Send up to 1,000 messages',
    description:
      'Each item is checked on its own: one bad item is refused in its result and the others go out. ' +
      'The rate limit counts one point per message.',
  })
  @ApiBody({ type: SendBatchDto, examples: BATCH_EXAMPLES })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', pattern: '^[A-Za-z0-9_:.-]{1,255}$' },
    description:
      'The same key with the same body answers the first results again, each accepted item as its message is now, ' +
      'and creates nothing (per account, 24 hours)',
  })
  @ApiAcceptedResponse({
    type: BatchResultResponse,
    headers: {
      'Idempotent-Replayed': {
        description: '`true` when these are the first results again',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiProblems('IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_KEY_REUSED')
  async sendBatch(
    @Account() account: AccountRef,
    @Body() dto: SendBatchDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { results, replayed } = await this.ingest.sendBatch(account, dto.messages, parseIdempotencyKey(key));
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return { results };
  }

  @Post('preview')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Measure a body: encoding and segments as a send would count them',
    description: 'Nothing is stored or sent. A body over 10 segments is measured too (a send refuses it).',
  })
  @ApiOkResponse({ type: MessagePreviewModel })
  @ApiProblems('INVALID_BODY')
  preview(@Body() dto: MessagePreviewDto): MessagePreviewModel {
    return measureBody(dto.body);
  }

  @Get('dead-letters')
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Messages that exhausted their attempts, newest first' })
  @ApiOkResponse({ type: DeadLetterListResponse })
  deadLetters(@Account() account: AccountRef, @Query() query: DeadLetterQueryDto) {
    return this.messages.deadLetters(account, query.limit ?? 100);
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'One message with its events' })
  @MessageId()
  @ApiOkResponse({ type: MessageResponse })
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.messages.get(account, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Cancel a message while it is scheduled or queued' })
  @MessageId()
  @ApiOkResponse({ type: MessageResponse, description: 'Canceled (also when it was canceled before)' })
  @ApiProblems('MESSAGE_NOT_CANCELABLE')
  cancel(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.messages.cancel(account, id, context);
  }

  /** Re-drive a dead-lettered message (admins only). */
  @Post(':id/retry')
  @HttpCode(202)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Re-drive a dead-lettered message', description: 'It is queued again for a new attempt.' })
  @MessageId()
  @ApiAcceptedResponse({ type: MessageResponse })
  @ApiProblems('MESSAGE_NOT_REDRIVABLE')
  retry(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.messages.redrive(account, id, context);
  }
}
