import { Args, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { MessagesArgs } from './dto/list-messages.dto.js';
import { MessageQueryService } from './message-query.service.js';
import { MessageConnectionModel } from './models/message-connection.model.js';

@Resolver(() => MessageConnectionModel)
export class MessageListResolver {
  constructor(private readonly queries: MessageQueryService) {}

  @Query(() => MessageConnectionModel, { description: 'Sent messages, newest first' })
  @RequireScopes('messages:read')
  async messages(@Account() account: AccountRef, @Args() args: MessagesArgs) {
    const { first, after, ...filters } = args;
    return toConnection(await this.queries.listMessages(account, { ...filters, cursor: after, limit: first }));
  }
}
