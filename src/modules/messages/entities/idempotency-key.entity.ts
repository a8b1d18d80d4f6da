import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProblemDetails } from '@/common/errors.js';
import { MessageEntity } from './message.entity.js';
import type { AccountId } from '@/common/account-id.js';

export type StoredBatchResult = { status: 202; messageId: string } | { status: number; error: ProblemDetails };

/**
 * One `Idempotency-Key` per account: the request it first came with and what it made: the message
 * of a single send, or each item's outcome of a batch (`results`, no `messageId`).
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: AccountId;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the canonical JSON of the request body. */
  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('uuid', { name: 'message_id', nullable: true })
  messageId: string | null;

  /** A batch's outcome per item, in order: the id of an accepted item's message, or its problem. */
  @Column('jsonb', { nullable: true })
  results: StoredBatchResult[] | null;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: MessageEntity;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
