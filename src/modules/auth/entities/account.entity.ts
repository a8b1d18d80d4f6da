import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AccountId } from '@/common/account-id.js';

/** The automatic answers to the opt-out keywords (DESIGN.md §7); a missing one is the default. */
export interface KeywordReplies {
  stop?: string;
  start?: string;
  help?: string;
}

export const DEFAULT_KEYWORD_REPLIES: Readonly<Required<KeywordReplies>> = {
  stop: 'You are unsubscribed and will receive no more messages. Reply START to resubscribe.',
  start: 'You are subscribed again. Reply STOP to unsubscribe.',
  help: 'Automated messages. Reply STOP to unsubscribe, START to subscribe again.',
};

export interface AccountSettings {
  /** The same recipient always hears from the same phone while it is healthy. */
  stickyRecipients?: boolean;
  /** Only the texts the account set; the others are DEFAULT_KEYWORD_REPLIES. */
  keywordReplies?: KeywordReplies;
  /** ISO 3166 alpha-2 codes the account may send to; absent: every country (DESIGN.md §3 DESTINATION_BLOCKED). */
  allowedCountries?: string[];
  /** For countries with several time zones, the one whose clock a campaign's quiet hours follow (country to IANA zone). */
  timeZones?: Record<string, string>;
}

/** A tenant: every other row belongs to exactly one account. */
@Entity('accounts')
@Index('accounts_operator_key', ['isOperator'], { unique: true, where: '"is_operator"' })
export class AccountEntity {
  @PrimaryColumn('uuid')
  id: AccountId;

  @Column('text')
  name: string;

  /** Per-account behaviour the owner can change (see AccountSettings). */
  @Column('jsonb', { default: {} })
  settings: AccountSettings;

  /**
   * The gateway operator's account (the bootstrap admin's): its admins see every tenant's queues. Set
   * at bootstrap only, never by sign-up; at most one account has it (a partial unique index).
   */
  @Column('boolean', { name: 'is_operator', default: false })
  isOperator: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
