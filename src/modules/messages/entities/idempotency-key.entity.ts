import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';

/** One `Idempotency-Key` per account: the request it first came with and the message it made. */
@Entity('idempotency_keys')
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of the canonical JSON of the request body. */
  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('uuid', { name: 'message_id' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: MessageEntity;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
