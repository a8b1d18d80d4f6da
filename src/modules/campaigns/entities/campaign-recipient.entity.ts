import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RecipientState } from '../campaign-state.js';
import { CampaignEntity } from './campaign.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A recipient of a campaign's import: its line in the file, its number and variables, and its message once made. */
@Entity('campaign_recipients')
@Index('campaign_recipients_phone_key', ['importId', 'phone'], { unique: true })
// The pump takes the next recipients of the open zones in file order.
@Index('campaign_recipients_pending_idx', ['importId', 'zone', 'line'], { where: "state = 'pending'" })
@Index('campaign_recipients_campaign_idx', ['campaignId'])
export class CampaignRecipientEntity {
  @PrimaryColumn('uuid', { name: 'import_id' })
  importId: string;

  @PrimaryColumn('integer')
  line: number;

  @Column('uuid', { name: 'campaign_id' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @Column('text')
  phone: string;

  /** An IANA zone or `country:XX` (zones.ts). */
  @Column('text')
  zone: string;

  @Column('jsonb', { nullable: true })
  variables: Record<string, string> | null;

  @Column('text')
  state: RecipientState;

  /** Why its message could not be made (state `error`). */
  @Column('text', { name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column('uuid', { name: 'message_id', nullable: true })
  messageId: string | null;
}
