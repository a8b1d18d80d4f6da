import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkAccountLimit } from '@/common/account-limits.js';
import { ValidationFailed } from '@/common/errors.js';
import { isUuid } from '@/common/ids.js';
import { pageWindow, resolveLimit, toRowPage, type Page } from '@/common/pagination.js';
import { AppConfig } from '@/config/app-config.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { HandlesRequest } from '@/modules/events/event-bus.js';
import type { StatusCount } from '@/modules/events/events.js';
import type { CreateWebhookDto, ListDeliveriesQueryDto, UpdateWebhookDto } from './dto/webhook.dto.js';
import { newSigningSecret } from './secret-box.js';
import { UrlGuard, WebhookUrlUnresolvable } from './url-guard.js';
import { TEST_EVENT, type WebhookPayload } from './webhook-events.js';
import { WebhookSecrets } from './webhook-secrets.js';
import {
  toDeliveryResource,
  toWebhookResource,
  type EndpointRow,
  type WebhookDeliveryResource,
  type WebhookResource,
} from './webhook.resource.js';
import { WebhookDeliveryNotFound, WebhookNotFound } from './webhooks.errors.js';
import { WebhooksRepository, type EndpointChanges } from './webhooks.repository.js';

/** How long a rotated-out signing secret keeps signing beside the new one, unless the caller says. */
export const DEFAULT_SECRET_OVERLAP_HOURS = 24;

export type CreatedWebhook = WebhookResource & { secret: string };

/** The webhooks module's behaviour; the REST controller and the GraphQL resolver are shells over it. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly secrets: WebhookSecrets,
    private readonly guard: UrlGuard,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** `webhooks.gauges`: deliveries of the last hour by status, of all accounts (the metrics ask, from below). */
  @HandlesRequest('webhooks.gauges')
  async gauges(): Promise<{ deliveriesLastHour: StatusCount[] }> {
    return { deliveriesLastHour: await this.repo.countLastHourByStatusAcrossAccounts() };
  }

  /** The SSRF check at the API: a refused address is 422 WEBHOOK_URL_FORBIDDEN, a host that does not resolve 400. */
  private async vet(url: string): Promise<void> {
    try {
      await this.guard.vet(url);
    } catch (error) {
      if (error instanceof WebhookUrlUnresolvable) {
        throw new ValidationFailed([{ field: 'url', message: `url: the host ${error.hostname} does not resolve` }]);
      }
      throw error;
    }
  }

  /** The endpoint and its secret; the secret is in this answer only (the database keeps it sealed). */
  async create(account: AccountRef, dto: CreateWebhookDto, context?: RequestContext): Promise<CreatedWebhook> {
    await this.vet(dto.url);
    const secret = newSigningSecret();
    const secretEncrypted = await this.secrets.seal(secret);
    const row = await this.db.transaction(async (manager) => {
      await checkAccountLimit(manager, account.accountId, 'webhooks', this.config.ACCOUNT_MAX_WEBHOOKS);
      const created = await this.repo.insertEndpoint(account.accountId, manager, {
        url: dto.url,
        events: dto.events,
        secretEncrypted,
        enabled: dto.enabled ?? true,
        description: dto.description ?? null,
      });
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'webhook.created',
        target: { type: 'webhook', id: created.id },
        diff: { url: created.url, events: created.events, enabled: created.enabled },
      });
      return created;
    });
    return { ...toWebhookResource(row), secret };
  }

  async list(account: AccountRef): Promise<WebhookResource[]> {
    return (await this.repo.listEndpoints(account.accountId)).map(toWebhookResource);
  }

  async get(account: AccountRef, id: string): Promise<WebhookResource> {
    return toWebhookResource(await this.find(account, id));
  }

  async update(
    account: AccountRef,
    id: string,
    dto: UpdateWebhookDto,
    context?: RequestContext,
  ): Promise<WebhookResource> {
    await this.find(account, id);
    if (dto.url !== undefined) await this.vet(dto.url);
    const changes: EndpointChanges = {
      url: dto.url,
      events: dto.events,
      description: dto.description,
      enabled: dto.enabled,
    };
    const row = await this.db.transaction(async (manager) => {
      const updated = await this.repo.updateEndpoint(account.accountId, manager, id, changes);
      if (!updated) throw new WebhookNotFound();
      const { before, after } = updated;
      // Switched off: what was still pending for it fails now (re-deliverable), as on an automatic disable.
      if (before.enabled && !after.enabled) await this.repo.failPending(account.accountId, manager, id);
      const diff: Record<string, unknown> = {};
      for (const key of ['url', 'events', 'description', 'enabled'] as const) {
        if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) diff[key] = after[key];
      }
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'webhook.updated',
        target: { type: 'webhook', id },
        diff,
      });
      return after;
    });
    return toWebhookResource(row);
  }

  /** Removes the endpoint and its delivery log. */
  async remove(account: AccountRef, id: string, context?: RequestContext): Promise<void> {
    if (!isUuid(id)) throw new WebhookNotFound();
    await this.db.transaction(async (manager) => {
      if (!(await this.repo.deleteEndpoint(account.accountId, manager, id))) throw new WebhookNotFound();
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'webhook.deleted',
        target: { type: 'webhook', id },
      });
    });
  }

  /**
   * A new secret, shown once; deliveries from now on (retries included) are signed with it, and
   * with the old one too for `keepPreviousForHours` (default 24; 0 ends the old one at once, for a
   * secret that leaked).
   */
  async rotateSecret(
    account: AccountRef,
    id: string,
    context?: RequestContext,
    keepPreviousForHours = DEFAULT_SECRET_OVERLAP_HOURS,
  ): Promise<CreatedWebhook> {
    await this.find(account, id);
    const secret = newSigningSecret();
    const secretEncrypted = await this.secrets.seal(secret);
    const row = await this.db.transaction(async (manager) => {
      const updated = await this.repo.setSecret(account.accountId, manager, id, secretEncrypted, keepPreviousForHours);
      if (!updated) throw new WebhookNotFound();
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'webhook.secret_rotated',
        target: { type: 'webhook', id },
      });
      return updated;
    });
    return { ...toWebhookResource(row), secret };
  }

  /** A `webhook.test` event to this endpoint alone, due now; it goes out even while the endpoint is disabled. */
  async sendTest(account: AccountRef, id: string): Promise<WebhookDeliveryResource> {
    const endpoint = await this.find(account, id);
    const payload: WebhookPayload = {
      type: TEST_EVENT,
      timestamp: new Date().toISOString(),
      data: { webhookId: endpoint.id, message: 'A test event from the SMS gateway' },
    };
    const row = await this.repo.insertDelivery(account.accountId, {
      endpointId: endpoint.id,
      url: null,
      eventType: TEST_EVENT,
      eventId: randomUUID(),
      payload,
    });
    return toDeliveryResource(row);
  }

  async deliveries(
    account: AccountRef,
    id: string,
    query: ListDeliveriesQueryDto,
  ): Promise<Page<WebhookDeliveryResource>> {
    await this.find(account, id);
    const limit = resolveLimit(query.limit);
    const rows = await this.repo.listDeliveries(account.accountId, id, {
      status: query.status,
      ...pageWindow(limit, query.cursor),
    });
    return toRowPage(rows, limit, toDeliveryResource);
  }

  /**
   * The same event again, as a new delivery with the same `webhook-id` (receivers de-duplicate on
   * it) and its own attempts and retry window; the original stays in the log as it ended.
   */
  async redeliver(account: AccountRef, deliveryId: string): Promise<WebhookDeliveryResource> {
    const original = isUuid(deliveryId) ? await this.repo.findDelivery(account.accountId, deliveryId) : undefined;
    if (!original) throw new WebhookDeliveryNotFound();
    const row = await this.repo.insertDelivery(account.accountId, {
      endpointId: original.endpoint_id,
      url: original.url,
      eventType: original.event_type,
      eventId: original.event_id,
      payload: original.payload as unknown as WebhookPayload,
    });
    return toDeliveryResource(row);
  }

  /** Replaces the secret that signs callbackUrl requests and shows it once. */
  async replaceCallbackSecret(
    account: AccountRef,
    context?: RequestContext,
  ): Promise<{ secret: string; createdAt: string }> {
    const created = await this.db.transaction(async (manager) => {
      const replaced = await this.secrets.replaceCallbackSecret(manager, account.accountId);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'webhook.callback_secret_rotated',
        target: { type: 'account', id: account.accountId },
      });
      return replaced;
    });
    return { secret: created.secret, createdAt: created.createdAt.toISOString() };
  }

  private async find(account: AccountRef, id: string): Promise<EndpointRow> {
    const row = isUuid(id) ? await this.repo.findEndpoint(account.accountId, id) : undefined;
    if (!row) throw new WebhookNotFound();
    return row;
  }
}
