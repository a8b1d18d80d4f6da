import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { CampaignState } from '../campaign-state.js';
import type { ImportStats } from '../recipients-import.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * A campaign (issue 19): one text to many recipients. The rows are read and written with SQL in
 * CampaignsRepository; the entity declares the table for the schema check.
 */
@Entity('campaigns')
@Index('campaigns_account_created_idx', ['accountId', 'createdAt', 'id'])
// The pump's look-up of the campaigns it has work for.
@Index('campaigns_active_idx', ['state'], { where: "state IN ('scheduled', 'running')" })
export class CampaignEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('text')
  name: string;

  @Column('text')
  state: CampaignState;

  /** The template it was made from (the text is copied: a later change of the template does not change it). */
  @Column('uuid', { name: 'template_id', nullable: true })
  templateId: string | null;

  @Column('text')
  body: string;

  @Column('jsonb', { default: () => "'{}'" })
  defaults: Record<string, string>;

  @Column('text', { nullable: true })
  from: string | null;

  @Column('uuid', { name: 'device_id', nullable: true })
  deviceId: string | null;

  @Column('smallint', { name: 'sim_slot', nullable: true })
  simSlot: number | null;

  @Column('timestamptz', { name: 'start_at', nullable: true })
  startAt: Date | null;

  /** Minutes of the recipient's local day. */
  @Column('smallint', { name: 'quiet_start', nullable: true })
  quietStart: number | null;

  @Column('smallint', { name: 'quiet_end', nullable: true })
  quietEnd: number | null;

  /** Messages per minute; null: as fast as the pipeline takes them. */
  @Column('integer', { nullable: true })
  pace: number | null;

  /** The recipients' import in force. */
  @Column('uuid', { name: 'import_id', nullable: true })
  importId: string | null;

  @Column('jsonb', { name: 'import_stats', nullable: true })
  importStats: Omit<ImportStats, 'zones'> | null;

  @Column('text', { array: true, default: () => "'{}'" })
  zones: string[];

  /** The pump's pacing clock: the time up to which the pace has released messages. */
  @Column('timestamptz', { name: 'paced_at', nullable: true })
  pacedAt: Date | null;

  @Column('timestamptz', { name: 'launched_at', nullable: true })
  launchedAt: Date | null;

  /** Completed or canceled at. */
  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  /** `user:<id>` or `client:<id>`. */
  @Column('text', { name: 'created_by' })
  createdBy: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
