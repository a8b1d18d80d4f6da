import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { PeriodicPass } from '@/common/periodic.js';
import { WebhookRelayRepository } from './webhooks.repository.js';

const INTERVAL_MS = 60 * 60 * 1000;
const BATCH = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The smallest UUIDv7 of a millisecond: delivery ids are UUIDv7 (webhook_uuid7), so "older than"
 * is a range of the primary key and each batch is an index range scan, not a table scan.
 */
export function uuid7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/**
 * Deletes finished webhook deliveries (delivered or failed) older than WEBHOOK_RETENTION_DAYS, an
 * hour apart, in batches so no statement holds many locks. Pending ones are never touched, however
 * old. The worker's timer, like the relay; several workers pruning at once only repeat work.
 */
@Injectable()
export class WebhookRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookRetention.name);
  private readonly loop = new PeriodicPass(() => this.prune());

  constructor(
    private readonly deliveries: WebhookRelayRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_RETENTION_DAYS > 0) this.loop.start(INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Answers how many deliveries were deleted; exposed for tests and operators. */
  async prune(now = Date.now()): Promise<number> {
    const days = this.config.WEBHOOK_RETENTION_DAYS;
    if (days === 0) return 0;
    const cutoff = now - days * DAY_MS;
    let deleted = 0;
    try {
      for (;;) {
        const batch = await this.deliveries.deleteFinishedBefore(uuid7Floor(cutoff), new Date(cutoff), BATCH);
        deleted += batch;
        if (batch < BATCH) break;
      }
      if (deleted > 0) this.logger.log({ deleted, days }, 'old webhook deliveries deleted');
    } catch (error) {
      this.logger.error({ err: error }, 'webhook retention failed; the next pass will try again');
    }
    return deleted;
  }
}
