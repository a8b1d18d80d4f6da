import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { hardenedGraphQLOptions } from './common/graphql-options.js';
import { loggerParams } from './common/logging.js';
import { ProblemFilter } from './common/problem.filter.js';
import { RateLimitInterceptor } from './common/rate-limit/rate-limit.interceptor.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CarriersModule } from './modules/carriers/carriers.module.js';
import { EventsModule } from './modules/events/events.module.js';
import { ConversationsModule } from './modules/conversations/conversations.module.js';
import { DashboardModule } from './modules/dashboard/dashboard.module.js';
import { DevicesModule } from './modules/devices/devices.module.js';
import { DispatchModule } from './modules/dispatch/dispatch.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MessagesModule } from './modules/messages/messages.module.js';
import { ObservabilityModule } from './modules/observability/observability.module.js';
import { RoutingModule } from './modules/routing/routing.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';
import { SubscriptionServer, SubscriptionsModule } from './modules/subscriptions/subscriptions.module.js';
import { SuppressionModule } from './modules/suppression/suppression.module.js';
import { TemplatesModule } from './modules/templates/templates.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';

@Module({})
export class AppModule {
  /** The roles in `config.ROLES` decide what this process runs (DESIGN.md §1). */
  static forRoot(config: AppConfig): DynamicModule {
    const api = config.has('api');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL)),
        BullModule.forRoot({ redis: config.REDIS_URL, prefix: config.REDIS_PREFIX }),
        EventsModule,
        AuthModule,
        DevicesModule,
        RoutingModule,
        SuppressionModule,
        TemplatesModule,
        MessagesModule,
        DispatchModule.register({ worker: config.has('worker') }),
        CampaignsModule.register({ worker: config.has('worker') }),
        WebhooksModule.register({ worker: config.has('worker') }),
        CarriersModule,
        DashboardModule,
        ConversationsModule,
        HealthModule,
        ObservabilityModule,
        RateLimitModule,
        SubscriptionsModule,
        ...(api
          ? [
              GraphQLModule.forRootAsync<MercuriusDriverConfig>({
                driver: MercuriusDriver,
                imports: [SubscriptionsModule, AuthModule],
                inject: [SubscriptionServer, AuthService],
                useFactory: (subscriptions: SubscriptionServer, auth: AuthService) => ({
                  autoSchemaFile: true,
                  sortSchema: true,
                  // Batched operations stay off (DESIGN.md §4); size, depth, aliases, cost and the
                  // rest are refused before any resolver runs (src/common/graphql-options.ts).
                  allowBatchedQueries: false,
                  ...hardenedGraphQLOptions({ introspection: config.graphqlIntrospection, auth }),
                  context: (req: FastifyRequest, reply: FastifyReply) => ({ req, reply }),
                  subscription: subscriptions.options(),
                }),
              }),
            ]
          : []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        // An interceptor runs after every guard, so the AuthGuard (APP_GUARD in AuthModule) has named the caller.
        { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
      ],
    };
  }
}
