import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { CarriersModule } from '@/modules/carriers/carriers.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { RoutingModule } from '@/modules/routing/routing.module.js';
import { SuppressionModule } from '@/modules/suppression/suppression.module.js';
import { backoffDelay } from '@/common/backoff.js';
import { DestinationPolicy } from './destination-policy.js';
import { DispatchProcessor } from './dispatch.processor.js';
import { InboundMessagesController } from './inbound-messages.controller.js';
import { InboundMessagesResolver } from './inbound-messages.resolver.js';
import { MaintenanceRepository } from './maintenance.repository.js';
import { MaintenanceService } from './maintenance.service.js';
import { MessageListController } from './message-list.controller.js';
import { MessageListResolver } from './message-list.resolver.js';
import { MessageQueryRepository } from './message-query.repository.js';
import { MessageQueryService } from './message-query.service.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesResolver } from './messages.resolver.js';
import { MessageFeed } from './message-feed.js';
import { MessagesService } from './messages.service.js';
import { DeferDispatch, DispatchQueue } from './dispatch-queue.js';
import { MessageTransitions } from './message-transitions.js';
import { PhoneWaitlist } from './phone-waitlist.js';
import { QueueName } from './queues.js';

@Module({})
export class MessagesModule {
  /** The worker role adds the queue consumer and the sweeps; the api role only produces. */
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: MessagesModule,
      imports: [
        BullModule.registerQueueAsync({
          name: QueueName.Dispatch,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            settings: {
              backoffStrategies: {
                jitter: (attemptsMade: number, error?: unknown) =>
                  error instanceof DeferDispatch
                    ? error.delayMs
                    : backoffDelay(attemptsMade, config.DISPATCH_BACKOFF_MS, config.DISPATCH_BACKOFF_MAX_MS),
              },
              // A job whose worker died is taken up again once its lock lapses; twice at most, then
              // it fails and the recovery sweep re-creates it from the database.
              lockDuration: config.DISPATCH_LOCK_MS,
              stalledInterval: Math.max(500, Math.floor(config.DISPATCH_LOCK_MS / 2)),
              maxStalledCount: 2,
            },
          }),
        }),
        AuditModule,
        AuthModule,
        CarriersModule,
        DevicesModule,
        RoutingModule,
        SuppressionModule,
      ],
      controllers: [MessagesController, MessageListController, InboundMessagesController],
      providers: [
        MessagesService,
        DestinationPolicy,
        MessageFeed,
        MessageTransitions,
        DispatchQueue,
        PhoneWaitlist,
        MessagesRepository,
        MessagesResolver,
        MessageQueryService,
        MessageQueryRepository,
        MessageListResolver,
        InboundMessagesResolver,
        ...(options.worker ? [DispatchProcessor, MaintenanceRepository, MaintenanceService] : []),
      ],
      exports: [MessagesService, MessageFeed],
    };
  }
}
