import { Module } from '@nestjs/common';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { MessagesModule } from '@/modules/messages/messages.module.js';
import { SubscriptionBus } from './subscription-bus.js';
import { SubscriptionPublisher } from './subscription-publisher.js';
import { SubscriptionServer } from './subscription-server.js';
import { SubscriptionsResolver } from './subscriptions.resolver.js';

// What AppModule's GraphQL configuration needs from here.
export { SubscriptionServer } from './subscription-server.js';

/**
 * GraphQL subscriptions (DESIGN.md §4). Every role publishes what it changes to the subscription
 * bus (Redis); the api role, where the GraphQL module runs, also serves them over graphql-ws on the
 * GraphQL path (without it the resolver and the server are idle providers).
 */
@Module({
  imports: [AuthModule, MessagesModule],
  providers: [SubscriptionBus, SubscriptionPublisher, SubscriptionServer, SubscriptionsResolver],
  exports: [SubscriptionServer, SubscriptionBus],
})
export class SubscriptionsModule {}
