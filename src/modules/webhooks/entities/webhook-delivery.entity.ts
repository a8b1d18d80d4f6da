import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import { WebhookEndpointEntity } from './webhook-endpoint.entity.js';
import type { AccountId } from '@/common/account-id.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One event for one receiver: the outbox row (written in the transaction of the change, mostly by
 * the triggers of migration Webhooks1795700005000) and then its delivery log.
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('webhook_deliveries_endpoint_idx', ['endpointId', 'createdAt', 'id'])
// Expression indexes of the relay's lanes (migration WebhookLanes1795700032000), which TypeORM cannot describe.
@Index('webhook_deliveries_lane_due_idx', { synchronize: false })
@Index('webhook_deliveries_in_flight_idx', { synchronize: false })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  /** Null for a message's own callbackUrl. */
  @Column('uuid', { name: 'endpoint_id', nullable: true })
  endpointId: string | null;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpointEntity;

  /** The callbackUrl; null for an endpoint's delivery, which goes to the endpoint's current URL. */
  @Column('text', { nullable: true })
  url: string | null;

  @Column('text', { name: 'event_type' })
  eventType: string;

  /** The `webhook-id` header: the same on every attempt and on a re-delivery, so receivers can de-duplicate. */
  @Column('uuid', { name: 'event_id' })
  eventId: string;

  /** `{type, timestamp, data}` (Standard Webhooks). */
  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text', { default: 'pending' })
  status: DeliveryStatus;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode: number | null;

  @Column('integer', { name: 'last_latency_ms', nullable: true })
  lastLatencyMs: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'next_attempt_at' })
  nextAttemptAt: Date;

  /** When the relay last put this attempt on the queue; a claim older than the relay's lease is taken again. */
  @Column('timestamptz', { name: 'enqueued_at', nullable: true })
  enqueuedAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** The trace of the event's cause (a status event's traceparent): each attempt's span joins it. */
  @Column('text', { nullable: true })
  traceparent: string | null;
}
