import { Injectable, Logger } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { AppConfig } from '@/config/app-config.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { backoffDelay } from '@/common/backoff.js';
import type { WebhookJobData } from './queues.js';
import { UrlGuard, WebhookUrlForbidden, WebhookUrlUnresolvable, type VettedTarget } from './url-guard.js';
import { WebhookSecrets } from './webhook-secrets.js';
import { postWebhook, type SendResult } from './webhook-sender.js';
import { WebhooksRepository, type DeliveryToSend } from './webhooks.repository.js';
import type { AccountId } from '@/common/account-id.js';

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/** Who disables an endpoint that failed too long, in the audit trail. */
const HEALTH_ACTOR = { kind: 'system', id: 'webhook-health' } as const;

/** One attempt of one delivery: sign, POST, record, and look after the endpoint's health. */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger(WebhookDeliveryService.name);

  constructor(
    private readonly db: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly secrets: WebhookSecrets,
    private readonly guard: UrlGuard,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async attempt(job: WebhookJobData): Promise<AttemptOutcome> {
    const delivery = await this.repo.toSend(job.accountId, job.deliveryId);
    // Gone (its endpoint was deleted), finished, or a later attempt already: a stale job.
    if (!delivery || delivery.status !== 'pending' || delivery.attempts !== job.attempt) return 'skipped';
    if (delivery.target_url === null) return 'skipped';

    const { result, permanent } = await this.send(job.accountId, delivery, delivery.target_url);
    if (result.ok) {
      await this.repo.recordSuccess(job.accountId, delivery.id, job.attempt, result);
      return 'delivered';
    }
    const outcome = await this.repo.recordFailure(job.accountId, delivery.id, job.attempt, result, {
      retryInMs: backoffDelay(job.attempt + 1, this.config.WEBHOOK_BACKOFF_MS, this.config.WEBHOOK_BACKOFF_MAX_MS),
      retryHours: this.config.WEBHOOK_RETRY_HOURS,
      disableAfterHours: this.config.WEBHOOK_DISABLE_AFTER_HOURS,
      permanent,
    });
    if (!outcome) return 'skipped';
    this.logger.debug(
      { deliveryId: delivery.id, attempt: job.attempt + 1, statusCode: result.statusCode, status: outcome.status },
      'webhook attempt failed',
    );
    if (outcome.overdue && outcome.endpointId) await this.disable(job.accountId, outcome.endpointId);
    return outcome.status === 'failed' ? 'failed' : 'retry';
  }

  private async send(
    accountId: AccountId,
    d: DeliveryToSend,
    url: string,
  ): Promise<{ result: SendResult; permanent: boolean }> {
    let target: VettedTarget;
    try {
      // Checked again at every attempt: the answer may have changed since the URL was saved.
      target = await this.guard.vet(url);
    } catch (error) {
      if (error instanceof WebhookUrlForbidden || error instanceof WebhookUrlUnresolvable) {
        return {
          result: { ok: false, statusCode: null, latencyMs: null, error: error.message },
          permanent: error instanceof WebhookUrlForbidden && error.permanent,
        };
      }
      throw error;
    }
    const sealed = d.secret_encrypted ?? (await this.secrets.sealedCallbackSecret(accountId));
    let secret: string;
    let previous: string | undefined;
    try {
      secret = await this.secrets.open(sealed);
      if (d.previous_secret_encrypted) previous = await this.secrets.open(d.previous_secret_encrypted);
    } catch (error) {
      // A secret sealed under another ENCRYPTION_KEY cannot sign: a failed attempt, so the retry
      // window still ends it, rather than a job that fails the same way forever.
      this.logger.error({ err: error, deliveryId: d.id }, 'cannot open the webhook signing secret');
      const message = 'the signing secret cannot be read (was ENCRYPTION_KEY changed?)';
      return { result: { ok: false, statusCode: null, latencyMs: null, error: message }, permanent: false };
    }
    // Serialized in the spec's order; jsonb keeps keys in its own order, and any order is valid JSON.
    const body = JSON.stringify({ type: d.payload.type, timestamp: d.payload.timestamp, data: d.payload.data });
    const now = new Date();
    const headers = {
      'webhook-id': d.event_id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      // After a rotation, both secrets sign until the old one expires: receivers accept either.
      'webhook-signature': [secret, ...(previous ? [previous] : [])]
        .map((s) => new Webhook(s).sign(d.event_id, now, body))
        .join(' '),
    };
    return { result: await postWebhook(target, body, headers, this.config.WEBHOOK_TIMEOUT_MS), permanent: false };
  }

  /**
   * An endpoint without a success for WEBHOOK_DISABLE_AFTER_HOURS is switched off, its pending
   * deliveries fail, and the audit trail tells the owner (webhook.disabled).
   */
  private async disable(accountId: AccountId, endpointId: string): Promise<void> {
    const hours = this.config.WEBHOOK_DISABLE_AFTER_HOURS;
    const reason = `No successful delivery for ${hours} hours`;
    await this.db.transaction(async (manager) => {
      const endpoint = await this.repo.disableEndpoint(accountId, manager, endpointId, reason);
      if (!endpoint) return;
      await this.repo.failPending(accountId, manager, endpointId);
      await this.audit.record(manager, {
        accountId,
        actor: HEALTH_ACTOR,
        action: 'webhook.disabled',
        target: { type: 'webhook', id: endpointId },
        diff: { enabled: false, reason, failingSince: endpoint.failing_since?.toISOString() ?? null },
      });
    });
    this.logger.warn({ webhookId: endpointId }, 'webhook endpoint disabled after failing too long');
  }
}
