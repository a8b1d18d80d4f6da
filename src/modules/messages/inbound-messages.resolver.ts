import { Args, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { InboundMessagesArgs } from './dto/list-messages.dto.js';
import { MessageQueryService } from './message-query.service.js';
import { InboundMessageConnectionModel } from './models/inbound-message.model.js';

@Resolver(() => InboundMessageConnectionModel)
export class InboundMessagesResolver {
  constructor(private readonly queries: MessageQueryService) {}

  @Query(() => InboundMessageConnectionModel, { description: 'SMS the phones received, newest first' })
  @RequireScopes('messages:read')
  async inboundMessages(@Account() account: AccountRef, @Args() args: InboundMessagesArgs) {
    const { first, after, ...filters } = args;
    return toConnection(await this.queries.listInbound(account, { ...filters, cursor: after, limit: first }));
  }
}
