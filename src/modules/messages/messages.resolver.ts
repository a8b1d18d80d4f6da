import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { isUuid } from '@/common/ids.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DeadLettersArgs, RetryMessageInput } from './dto/dead-letter-query.dto.js';
import { MessagePreviewDto, MessagePreviewModel } from './dto/message-preview.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { measureBody } from './message-validation.js';
import { parseIdempotencyKey } from './idempotency.js';
import { MessageNotFound } from './messages.errors.js';
import { MessageCommandsService } from './message-commands.service.js';
import { MessageIngestService } from './message-ingest.service.js';
import { CancelMessageInput, SendMessagesInput, SendMessagesPayloadModel } from './models/batch.model.js';
import { DeadLetterModel } from './models/dead-letter.model.js';
import { MessageModel } from './models/message.model.js';

@Resolver(() => MessageModel)
export class MessagesResolver {
  constructor(
    private readonly ingest: MessageIngestService,
    private readonly messages: MessageCommandsService,
  ) {}

  /** Takes the same `Idempotency-Key` HTTP header as REST. */
  @Mutation(() => MessageModel)
  @RequireScopes('messages:send')
  async sendMessage(
    @Account() account: AccountRef,
    @Args('input', { type: () => SendMessageDto }) input: SendMessageDto,
    @Context('req') req: FastifyRequest,
  ) {
    return (await this.ingest.send(account, input, parseIdempotencyKey(req.headers['idempotency-key']))).message;
  }

  /** Takes the same `Idempotency-Key` HTTP header as REST's batch. */
  @Mutation(() => SendMessagesPayloadModel)
  @RequireScopes('messages:send')
  async sendMessages(
    @Account() account: AccountRef,
    @Args('input', { type: () => SendMessagesInput }) input: SendMessagesInput,
    @Context('req') req: FastifyRequest,
  ) {
    const key = parseIdempotencyKey(req.headers['idempotency-key']);
    return { results: (await this.ingest.sendBatch(account, input.messages, key)).results };
  }

  @Mutation(() => MessageModel)
  @RequireScopes('messages:send')
  cancelMessage(
    @Account() account: AccountRef,
    @Args('input', { type: () => CancelMessageInput }) input: CancelMessageInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.messages.cancel(account, input.id, context);
  }

  @Query(() => MessagePreviewModel, {
    description:
      'Encoding and segments of a body as a send would count them; nothing is stored (POST /v1/messages/preview)',
  })
  @RequireScopes('messages:send')
  messagePreview(@Args() args: MessagePreviewDto): MessagePreviewModel {
    return measureBody(args.body);
  }

  @Query(() => MessageModel)
  @RequireScopes('messages:read')
  message(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    if (!isUuid(id)) throw new MessageNotFound();
    return this.messages.get(account, id);
  }

  @Query(() => [DeadLetterModel], { description: 'Messages that ran out of attempts, newest first (admins)' })
  @RequireScopes('admin')
  async deadLetters(@Account() account: AccountRef, @Args() args: DeadLettersArgs) {
    return (await this.messages.deadLetters(account, args.first ?? undefined)).data;
  }

  @Mutation(() => MessageModel, {
    description: 'Re-drives a dead-lettered message: back to queued with a fresh round of attempts (admins)',
  })
  @RequireScopes('admin')
  retryMessage(
    @Account() account: AccountRef,
    @Args('input', { type: () => RetryMessageInput }) input: RetryMessageInput,
    @AuditContext() context: RequestContext,
  ) {
    if (!isUuid(input.id)) throw new MessageNotFound();
    return this.messages.redrive(account, input.id, context);
  }
}
