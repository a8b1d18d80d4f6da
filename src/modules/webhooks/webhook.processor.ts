import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '@/config/app-config.js';
import { validatePayload } from '@/common/validate-payload.js';
import { SpanKind, traced } from '@/common/trace.js';
import { WebhookJobDto } from './dto/webhook-job.dto.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';
import { WebhookRelay } from './webhook-relay.js';
import { WebhookJob, WebhookQueue, type WebhookJobs } from './queues.js';

type Handlers = { [K in WebhookJob]: (job: Job<WebhookJobs[K]>) => Promise<unknown> };

/**
 * The worker role's shell over WebhookDeliveryService. Registered by hand (as DispatchProcessor is)
 * so that concurrency comes from config and only worker processes consume the queue. Retries are
 * not Bull's: a failed attempt is recorded with its next time, and the relay enqueues it then.
 */
@Injectable()
export class WebhookProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookProcessor.name);

  /** One handler per job name: the mapped type makes a missing one a compile error. */
  readonly handlers: Handlers = {
    [WebhookJob.Deliver]: async (job) => {
      const data = await validatePayload(WebhookJobDto, job.data);
      const attributes = { 'sms.webhook.delivery.id': data.deliveryId, 'sms.webhook.attempt': data.attempt + 1 };
      const remoteParent = { traceparent: data.traceparent };
      return traced('webhook deliver', { remoteParent, kind: SpanKind.CONSUMER, attributes }, () =>
        this.deliveries.attempt(data),
      )
        .catch((error: unknown) => {
          // Not recorded: the claim's lease runs out and the relay enqueues this attempt again.
          this.logger.error({ err: error, deliveryId: data.deliveryId }, 'webhook attempt could not run');
          throw error;
        })
        .finally(() => this.relay.kick());
    },
  };

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly relay: WebhookRelay,
    private readonly config: AppConfig,
    @InjectQueue(WebhookQueue.Webhooks) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(WebhookJob)) {
      this.queue.process(name, this.config.WEBHOOK_CONCURRENCY, this.handlers[name]).catch((error: unknown) => {
        this.logger.error({ err: error }, `queue ${WebhookQueue.Webhooks} stopped consuming`);
      });
    }
    this.logger.log(`consuming queue ${WebhookQueue.Webhooks} with concurrency ${this.config.WEBHOOK_CONCURRENCY}`);
  }
}
