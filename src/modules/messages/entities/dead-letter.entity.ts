import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A message that ran out of attempts: listed for admins, who may re-drive it. */
@Entity('dead_letters')
@Index('dead_letters_account_created_idx', ['accountId', 'createdAt'])
export class DeadLetterEntity {
  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id' })
  message?: MessageEntity;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @Column('text', { name: 'error_code' })
  errorCode: string;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage: string | null;

  @Column('integer')
  attempts: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
