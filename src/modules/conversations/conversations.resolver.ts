import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { SubscriptionContext } from 'mercurius';
import { Account, RequireScopes, type SubscriptionConnectionContext } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import type { InboundMessageResource } from '@/modules/messages/inbound-message.resource.js';
import { SubscriptionBus } from '@/modules/subscriptions/subscription-bus.js';
import { SubscriptionServer } from '@/modules/subscriptions/subscription-server.js';
import {
  ConversationConnectionModel,
  ConversationEventModel,
  ConversationMessageConnectionModel,
  ConversationModel,
  ConversationsArgs,
  MarkConversationReadInput,
  ThreadMessagesArgs,
} from './conversations.models.js';
import { ConversationsService } from './conversations.service.js';

@Resolver(() => ConversationModel)
export class ConversationsResolver {
  constructor(
    private readonly threads: ConversationsService,
    private readonly bus: SubscriptionBus,
    private readonly sessions: SubscriptionServer,
  ) {}

  @Query(() => ConversationConnectionModel, { description: 'Threads, latest activity first (GET /v1/conversations)' })
  @RequireScopes('messages:read')
  async conversations(@Account() account: AccountRef, @Args() args: ConversationsArgs) {
    const { first, after, number } = args;
    return toConnection(await this.threads.list(account, { number, cursor: after, limit: first }));
  }

  @Query(() => ConversationModel, { nullable: true, description: 'One thread; null when there is none yet' })
  @RequireScopes('messages:read')
  conversation(@Account() account: AccountRef, @Args('number') number: string) {
    return this.threads.get(account, number);
  }

  @ResolveField(() => ConversationMessageConnectionModel, {
    description: 'Inbound and outbound merged, newest first (GET /v1/conversations/{number}/messages)',
  })
  async messages(
    @Account() account: AccountRef,
    @Parent() thread: ConversationModel,
    @Args() args: ThreadMessagesArgs,
  ) {
    return toConnection(await this.threads.messages(account, thread.number, { cursor: args.after, limit: args.first }));
  }

  @Mutation(() => ConversationModel, { description: 'Unread count to 0 (POST /v1/conversations/{number}/read)' })
  @RequireScopes('messages:read')
  markConversationRead(
    @Account() account: AccountRef,
    @Args('input', { type: () => MarkConversationReadInput }) input: MarkConversationReadInput,
  ) {
    return this.threads.markRead(account, input.number);
  }

  @Subscription(() => ConversationEventModel, {
    description: "An SMS arrived in one of the account's threads",
    resolve: (sms: InboundMessageResource): ConversationEventModel => ({
      number: sms.from,
      direction: 'inbound',
      messageId: sms.id,
      body: sms.body,
      at: sms.receivedAt,
    }),
  })
  @RequireScopes('messages:read')
  conversationUpdated(
    @Account() account: AccountRef,
    @Context('pubsub') pubsub: SubscriptionContext,
    @Context() connection: SubscriptionConnectionContext,
  ) {
    return this.bus.stream(pubsub, account.accountId, 'inbound', this.sessions.watch(connection));
  }
}
