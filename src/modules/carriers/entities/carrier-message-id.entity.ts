import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import { CarrierEntity } from './carrier.entity.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * The carrier's id for one part of a message (what submit_sm_resp or the HTTP answer said), so a
 * delivery receipt that names it finds the message. Parts handed over together share a
 * `submission_id`; each keeps its own final receipt state, and the message is reported once the
 * parts agree (carrier-receipts.ts). No foreign key to messages: message rows may be purged.
 */
@Entity('carrier_message_ids')
@Index('carrier_message_ids_submission_idx', ['submissionId'])
// A receipt counts only for the message's latest hand-over: found by message, newest first.
@Index('carrier_message_ids_message_idx', ['messageId', 'createdAt'])
export class CarrierMessageIdEntity {
  @PrimaryColumn('uuid', { name: 'carrier_id' })
  carrierId: string;

  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id' })
  carrier?: CarrierEntity;

  @PrimaryColumn('text', { name: 'carrier_message_id' })
  carrierMessageId: string;

  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('uuid', { name: 'submission_id' })
  submissionId: string;

  /** 0-based part number, and how many parts the submission has. */
  @Column('int')
  part: number;

  @Column('int')
  parts: number;

  /** The part's final receipt state once one arrived: delivered | undelivered | expired | failed. */
  @Column('text', { nullable: true })
  status: string | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
