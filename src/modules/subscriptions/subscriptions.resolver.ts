import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import type { SubscriptionContext } from 'mercurius';
import { Account, RequireScopes, type SubscriptionConnectionContext } from '@/common/auth.decorators.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { InboundMessageModel } from '@/modules/messages/models/inbound-message.model.js';
import type { DeviceStatusEvent, MessageStatusEvent } from './account-events.js';
import type { InboundMessageResource } from '@/modules/messages/inbound-message.resource.js';
import { DeviceStatusEventModel, MessageStatusEventModel } from './models/subscription-events.model.js';
import { SubscriptionBus } from './subscription-bus.js';
import { SubscriptionServer } from './subscription-server.js';

/**
 * graphql-ws subscriptions (DESIGN.md §4), each on the caller's account only: the account is the
 * token's, never an argument. The published event is the field's value as it is.
 */
@Resolver()
export class SubscriptionsResolver {
  constructor(
    private readonly bus: SubscriptionBus,
    private readonly sessions: SubscriptionServer,
  ) {}

  @Subscription(() => MessageStatusEventModel, {
    description: "Every status change of the account's messages, or of one message",
    resolve: (event: MessageStatusEvent) => event,
  })
  @RequireScopes('messages:read')
  messageStatusChanged(
    @Account() account: AccountRef,
    @Context('pubsub') pubsub: SubscriptionContext,
    @Context() connection: SubscriptionConnectionContext,
    @Args('messageId', { type: () => ID, nullable: true, description: 'Only this message' }) messageId?: string | null,
  ) {
    const keep = messageId ? (event: MessageStatusEvent) => event.messageId === messageId : undefined;
    return this.bus.stream(pubsub, account.accountId, 'messageStatus', this.sessions.watch(connection), keep);
  }

  @Subscription(() => DeviceStatusEventModel, {
    description: "The account's phones coming online and going offline",
    resolve: (event: DeviceStatusEvent) => event,
  })
  @RequireScopes('devices:read')
  deviceStatusChanged(
    @Account() account: AccountRef,
    @Context('pubsub') pubsub: SubscriptionContext,
    @Context() connection: SubscriptionConnectionContext,
  ) {
    return this.bus.stream(pubsub, account.accountId, 'deviceStatus', this.sessions.watch(connection));
  }

  @Subscription(() => InboundMessageModel, {
    description: "SMS the account's phones receive, once each",
    resolve: (event: InboundMessageResource) => event,
  })
  @RequireScopes('messages:read')
  inboundMessageReceived(
    @Account() account: AccountRef,
    @Context('pubsub') pubsub: SubscriptionContext,
    @Context() connection: SubscriptionConnectionContext,
  ) {
    return this.bus.stream(pubsub, account.accountId, 'inbound', this.sessions.watch(connection));
  }
}
