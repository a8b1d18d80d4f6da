import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { MessageStatus } from '../message-status.js';
import type { AccountId } from '@/common/account-id.js';

export type MessagePriority = 'normal' | 'high';
export type MessageEncoding = 'GSM-7' | 'UCS-2';

@Entity('messages')
@Index('messages_account_created_idx', ['accountId', 'createdAt', 'id'])
// GET /v1/messages?to=…: one recipient's history without scanning the account.
@Index('messages_account_to_created_idx', ['accountId', 'to', 'createdAt', 'id'])
@Index('messages_status_idx', ['status', 'createdAt'])
// What a phone holds unconfirmed, for reconciliation when it says hello.
@Index('messages_device_sending_idx', ['deviceId'], { where: "status = 'sending'" })
// The dashboard's throughput and each phone's parts in the last minute (src/modules/dashboard).
@Index('messages_account_sent_idx', ['accountId', 'sentAt'], { where: '"sent_at" IS NOT NULL' })
// The DLR timeout sweep's: messages still waiting for their delivery report.
@Index('messages_awaiting_report_idx', ['sentAt'], { where: `status = 'sent' AND report_timed_out_at IS NULL` })
// The list's clientReference filter, for the messages that have one.
@Index('messages_account_client_reference_idx', ['accountId', 'clientReference', 'createdAt', 'id'], {
  where: '"client_reference" IS NOT NULL',
})
// A campaign's messages: the list's campaignId filter, and the campaign's counts by status.
@Index('messages_account_campaign_idx', ['accountId', 'campaignId', 'createdAt', 'id'], {
  where: '"campaign_id" IS NOT NULL',
})
@Index('messages_campaign_status_idx', ['campaignId', 'status'], { where: '"campaign_id" IS NOT NULL' })
export class MessageEntity {
  /** UUIDv7: time-ordered, so inserts stay at the right edge of the index. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('text')
  to: string;

  @Column('text', { nullable: true })
  from: string | null;

  @Column('text')
  body: string;

  @Column('text')
  status: MessageStatus;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage: string | null;

  @Column('smallint')
  segments: number;

  @Column('text')
  encoding: MessageEncoding;

  @Column('text', { default: 'normal' })
  priority: MessagePriority;

  /** The phone the message was given to (last attempt). */
  @Column('uuid', { name: 'device_id', nullable: true })
  deviceId: string | null;

  /** The phone the caller asked for, if any. */
  @Column('uuid', { name: 'requested_device_id', nullable: true })
  requestedDeviceId: string | null;

  @Column('uuid', { name: 'carrier_id', nullable: true })
  carrierId: string | null;

  /** The routing rule the last hand-over followed (null: the account has none, or the caller named a phone). */
  @Column('uuid', { name: 'route_id', nullable: true })
  routeId: string | null;

  /** The SIM the message went out on (the requested one, or the one the device's policy chose). */
  @Column('smallint', { name: 'sim_slot', nullable: true })
  simSlot: number | null;

  /** The SIM the caller asked for, if any. */
  @Column('smallint', { name: 'requested_sim_slot', nullable: true })
  requestedSimSlot: number | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'send_at', nullable: true })
  sendAt: Date | null;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  /** When the DLR timeout sweep gave up on a delivery report (the message stays `sent`). */
  @Column('timestamptz', { name: 'report_timed_out_at', nullable: true })
  reportTimedOutAt?: Date | null;

  @Column('jsonb', { nullable: true })
  metadata: Record<string, unknown> | null;

  /** Receives this message's status events (signed like webhooks). */
  @Column('text', { name: 'callback_url', nullable: true })
  callbackUrl: string | null;

  /** The caller's own id for the message (at most 64 characters), filterable and in its webhooks. */
  @Column('text', { name: 'client_reference', nullable: true })
  clientReference: string | null;

  /** The template the body was rendered from (kept when the template is deleted). */
  @Column('uuid', { name: 'template_id', nullable: true })
  templateId: string | null;

  /** The campaign that sent it (no foreign key: the message outlives a deleted campaign). */
  @Column('uuid', { name: 'campaign_id', nullable: true })
  campaignId: string | null;

  /** Who sent it: `user:<id>`, `client:<id>`, `campaign:<id>`, or `system` (keyword replies). */
  @Column('text', { name: 'sent_by', nullable: true })
  sentBy: string | null;
}
