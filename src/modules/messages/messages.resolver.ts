import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { isUuid } from '@/common/ids.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { MessageNotFound } from './messages.errors.js';
import { MessagesService } from './messages.service.js';
import { MessageModel } from './models/message.model.js';

@Resolver(() => MessageModel)
export class MessagesResolver {
  constructor(private readonly messages: MessagesService) {}

  @Mutation(() => MessageModel)
  @RequireScopes('messages:send')
  sendMessage(@Account() account: AccountRef, @Args('input', { type: () => SendMessageDto }) input: SendMessageDto) {
    return this.messages.send(account, input);
  }

  @Query(() => MessageModel)
  @RequireScopes('messages:read')
  message(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    if (!isUuid(id)) throw new MessageNotFound();
    return this.messages.get(account, id);
  }
}
