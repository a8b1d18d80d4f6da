import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from './campaign.entity.js';

/** A row of an import that was not taken: invalid, a duplicate, or its text would not send. */
@Entity('campaign_import_errors')
@Index('campaign_import_errors_campaign_idx', ['campaignId'])
export class CampaignImportErrorEntity {
  @PrimaryColumn('uuid', { name: 'import_id' })
  importId: string;

  @PrimaryColumn('integer')
  line: number;

  @Column('uuid', { name: 'campaign_id' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  /** The phone cell as given (64 characters at most). */
  @Column('text')
  value: string;

  @Column('text')
  code: string;

  @Column('text')
  message: string;
}
