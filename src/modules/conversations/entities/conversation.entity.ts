import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * One thread per counterpart number: kept by database triggers on messages and inbound_messages
 * (migration 1795700015000), so a list of threads never aggregates the message tables.
 */
@Entity('conversations')
@Index('conversations_account_last_idx', ['accountId', 'lastMessageAt', 'number'])
export class ConversationEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  /** The recipient of outbound messages, the sender of inbound ones (as the phone reported it). */
  @PrimaryColumn('text')
  number: string;

  @Column('timestamptz', { name: 'last_message_at' })
  lastMessageAt: Date;

  @Column('text', { name: 'last_body' })
  lastBody: string;

  @Column('text', { name: 'last_direction' })
  lastDirection: 'inbound' | 'outbound';

  /** Inbound messages since the thread was last marked read. */
  @Column('integer', { default: 0 })
  unread: number;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;
}
