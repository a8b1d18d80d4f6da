import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { WebhookQueue } from './queues.js';
import { UrlGuard } from './url-guard.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookOutboxModule } from './webhook-outbox.module.js';
import { WebhookRelay } from './webhook-relay.js';
import { CallbackSecretsRepository } from './callback-secrets.repository.js';
import { WebhookRetention } from './webhook-retention.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { WebhookProcessor } from './webhook.processor.js';
import { WebhookDeliveriesController, WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository, WebhookRelayRepository } from './webhooks.repository.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

@Module({})
export class WebhooksModule {
  /**
   * Every role records events (the outbox, with the device listener); the worker role also relays
   * due deliveries to the `webhooks` queue and consumes it. The api role never touches the queue.
   */
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        AuditModule,
        AuthModule,
        WebhookOutboxModule,
        ...(options.worker
          ? [
              BullModule.registerQueueAsync({
                name: WebhookQueue.Webhooks,
                inject: [AppConfig],
                // The lock outlasts the longest request, so a slow receiver is not mistaken for a dead worker.
                useFactory: (config: AppConfig) => ({ settings: { lockDuration: config.WEBHOOK_TIMEOUT_MS + 30_000 } }),
              }),
            ]
          : []),
      ],
      controllers: [WebhooksController, WebhookDeliveriesController],
      providers: [
        WebhooksService,
        WebhooksRepository,
        WebhookSecrets,
        CallbackSecretsRepository,
        WebhooksResolver,
        {
          provide: UrlGuard,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => new UrlGuard(config.WEBHOOK_ALLOW_HOSTS),
        },
        ...(options.worker
          ? [WebhookDeliveryService, WebhookRelay, WebhookRelayRepository, WebhookProcessor, WebhookRetention]
          : []),
      ],
      exports: [WebhookOutboxModule],
    };
  }
}
