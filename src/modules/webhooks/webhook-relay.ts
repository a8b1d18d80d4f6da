import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { PeriodicPass } from '@/common/periodic.js';
import { AppConfig } from '@/config/app-config.js';
import { WebhookJob, WebhookQueue, webhookJobId, type WebhookJobData } from './queues.js';
import { WebhookRelayRepository } from './webhooks.repository.js';

const BATCH = 500;
const INTERVAL_MS = 200;
/** A claimed delivery whose job never ran (lost with a process or with Redis) is claimed again after this. */
const LEASE_SECONDS = 60;

/**
 * Moves due deliveries from the outbox table to the `webhooks` queue: the worker's loop, on a timer
 * in the process like the messages sweeps, so it survives Redis losing its data. Every step is
 * idempotent (one claim at a time; job ids are per attempt), so several workers can relay at once.
 * Deliveries are claimed per lane up to a cap (WebhookRelayRepository.claimDue); a finished attempt
 * frees a place in its lane, so the processor triggers a pass at once instead of waiting for the tick.
 */
@Injectable()
export class WebhookRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRelay.name);
  private readonly loop = new PeriodicPass(() => this.relay());

  constructor(
    private readonly repo: WebhookRelayRepository,
    private readonly config: AppConfig,
    @InjectQueue(WebhookQueue.Webhooks) private readonly queue: Queue<WebhookJobData>,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** An attempt finished: its lane has room again. */
  kick(): void {
    this.loop.trigger();
  }

  /** Relays until nothing is due; answers how many deliveries went to the queue. Exposed for tests. */
  async relay(): Promise<number> {
    let relayed = 0;
    try {
      for (;;) {
        const due = await this.repo.claimDue(
          {
            batch: BATCH,
            laneCap: this.config.WEBHOOK_ENDPOINT_CONCURRENCY,
            accountCap: this.config.WEBHOOK_ACCOUNT_CONCURRENCY,
          },
          LEASE_SECONDS,
        );
        if (due.length > 0) {
          await this.queue.addBulk(
            due.map((d) => ({
              name: WebhookJob.Deliver,
              data: {
                deliveryId: d.id,
                accountId: d.account_id,
                attempt: d.attempts,
                ...(d.traceparent ? { traceparent: d.traceparent } : {}),
              },
              opts: { jobId: webhookJobId(d.id, d.attempts), removeOnComplete: true, removeOnFail: true },
            })),
          );
        }
        relayed += due.length;
        if (due.length < BATCH) return relayed;
      }
    } catch (error) {
      this.logger.error({ err: error }, 'webhook relay failed; claimed deliveries come due again after their lease');
      return relayed;
    }
  }
}
