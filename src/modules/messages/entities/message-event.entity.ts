import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';
import type { MessageStatus } from '../message-status.js';
import type { AccountId } from '@/common/account-id.js';

export type EventSource = 'api' | 'dispatcher' | 'scheduler' | 'device' | 'carrier' | 'system';

/** One row per status transition: the message's history, append-only. */
@Entity('message_events')
@Index('message_events_message_idx', ['messageId', 'id'])
export class MessageEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: MessageEntity;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @Column('text')
  status: MessageStatus;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  source: EventSource;

  @Column('integer', { default: 0 })
  attempt: number;

  @Column('uuid', { name: 'device_id', nullable: true })
  deviceId: string | null;

  @Column('uuid', { name: 'carrier_id', nullable: true })
  carrierId: string | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage: string | null;

  /** W3C traceparent of the work that caused the change, when it was traced. */
  @Column('text', { nullable: true })
  traceparent: string | null;
}
