import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OnEvent } from '@/modules/events/event-bus.js';
import type { DeviceStatusChange } from '@/modules/events/events.js';
import type { WebhookEvent, WebhookPayload } from './webhook-events.js';
import { WebhookOutboxRepository } from './webhook-outbox.repository.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * Records events for the account's webhook endpoints. Message and inbound SMS events need no call:
 * database triggers write them with the change itself (which status makes which event:
 * message-webhook-events.ts; their SQL: src/database/sql/webhook-outbox.ts). Others call `record`
 * inside the transaction of their change (suppression.added), so the event commits or rolls back
 * with it; the relay delivers it afterwards.
 */
@Injectable()
export class WebhookOutbox {
  private readonly logger = new Logger(WebhookOutbox.name);

  constructor(
    private readonly db: DataSource,
    private readonly outbox: WebhookOutboxRepository,
  ) {}

  /** One delivery per enabled endpoint of the account that takes `type`; answers how many. */
  async record(
    manager: EntityManager,
    accountId: AccountId,
    type: WebhookEvent,
    data: Record<string, unknown>,
    at: Date = new Date(),
  ): Promise<number> {
    const payload: WebhookPayload = { type, timestamp: at.toISOString(), data };
    return this.outbox.enqueue(accountId, manager, payload);
  }

  /**
   * `device.online` / `device.offline`. Presence lives in Redis, so there is no database transaction
   * to share: the event is written on its own, right after the change. A crash between the two loses
   * the event (the device's state in the API stays right).
   */
  @OnEvent('device.status')
  async deviceStatus(change: DeviceStatusChange): Promise<void> {
    try {
      await this.record(
        this.db.manager,
        change.accountId,
        change.status === 'online' ? 'device.online' : 'device.offline',
        { id: change.deviceId, status: change.status, ...(change.reason ? { reason: change.reason } : {}) },
        change.at,
      );
    } catch (error) {
      this.logger.warn({ err: error, deviceId: change.deviceId }, 'could not record the device webhook event');
    }
  }
}
