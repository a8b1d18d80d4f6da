import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** An SMS a phone (or later a carrier) received. */
@Entity('inbound_messages')
@Index('inbound_messages_account_received_idx', ['accountId', 'receivedAt', 'id'])
// A conversation's inbound side, one number at a time (src/modules/conversations).
@Index('inbound_messages_account_from_received_idx', ['accountId', 'from', 'receivedAt', 'id'])
@Index('inbound_messages_device_source_key', ['deviceId', 'sourceId'], { unique: true, where: 'source_id IS NOT NULL' })
export class InboundMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('uuid', { name: 'device_id', nullable: true })
  deviceId: string | null;

  @Column('text', { name: 'source_id', nullable: true })
  sourceId: string | null;

  @Column('smallint', { name: 'sim_slot', nullable: true })
  simSlot: number | null;

  @Column('text')
  from: string;

  @Column('text', { nullable: true })
  to: string | null;

  @Column('text')
  body: string;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  /** W3C traceparent of the report that brought the SMS, when it was traced. */
  @Column('text', { nullable: true })
  traceparent?: string | null;
}
