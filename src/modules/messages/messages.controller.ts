import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { SendBatchDto } from './dto/batch.dto.js';
import { DeadLetterQueryDto } from './dto/dead-letter-query.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { parseIdempotencyKey } from './idempotency.js';
import { MessageNotFound } from './messages.errors.js';
import { MessagesService } from './messages.service.js';

// A malformed id names nothing in the caller's account: 404, the same answer as another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new MessageNotFound() });

@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @HttpCode(202)
  @RequireScopes('messages:send')
  async send(
    @Account() account: AccountRef,
    @Body() dto: SendMessageDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { message, replayed } = await this.messages.send(account, dto, parseIdempotencyKey(key));
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return message;
  }

  @Post('batch')
  @HttpCode(202)
  @RequireScopes('messages:send')
  sendBatch(@Account() account: AccountRef, @Body() dto: SendBatchDto) {
    return this.messages.sendBatch(account, dto.messages);
  }

  @Get('dead-letters')
  @RequireScopes('admin')
  deadLetters(@Account() account: AccountRef, @Query() query: DeadLetterQueryDto) {
    return this.messages.deadLetters(account, query.limit ?? 100);
  }

  @Get(':id')
  @RequireScopes('messages:read')
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.messages.get(account, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes('messages:send')
  cancel(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.messages.cancel(account, id, context);
  }

  /** Re-drive a dead-lettered message (admins only). */
  @Post(':id/retry')
  @HttpCode(202)
  @RequireScopes('admin')
  retry(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.messages.redrive(account, id, context);
  }
}
