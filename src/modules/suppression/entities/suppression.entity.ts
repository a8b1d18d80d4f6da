import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

export const SUPPRESSION_REASONS = ['keyword', 'manual', 'import', 'carrier'] as const;
/** Why a number is suppressed: the recipient texted STOP, someone added it, a CSV import, or the carrier. */
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * A number the account must not send to (DESIGN.md §7). The unique index on (account, number) is
 * the check every send makes; the second index serves the newest-first list.
 */
@Entity('suppressions')
@Index('suppressions_account_phone_key', ['accountId', 'phoneNumber'], { unique: true })
@Index('suppressions_account_created_idx', ['accountId', 'createdAt', 'id'])
export class SuppressionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  /** E.164, normalised by libphonenumber. */
  @Column('text', { name: 'phone_number' })
  phoneNumber: string;

  @Column('text')
  reason: SuppressionReason;

  /** The inbound SMS that said STOP (reason `keyword`). No foreign key: inbound rows may be purged. */
  @Column('uuid', { name: 'source_message_id', nullable: true })
  sourceMessageId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
