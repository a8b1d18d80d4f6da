import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** Where an account wants its events: a URL, the event types it takes, and the secret that signs them. */
@Entity('webhook_endpoints')
@Index('webhook_endpoints_account_idx', ['accountId', 'createdAt'])
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('text')
  url: string;

  /** `message.sent`, …, or `*` for every event (webhook-events.ts). */
  @Column('text', { array: true })
  events: string[];

  /**
   * The signing secret (`whsec_…`), AES-256-GCM under ENCRYPTION_KEY: it must be recoverable to
   * sign, so it is encrypted rather than hashed (secret-box.ts). Shown to the owner once.
   */
  @Column('text', { name: 'secret_encrypted' })
  secretEncrypted: string;

  /** The secret before the last rotation, which signs beside the new one until it expires. */
  @Column('text', { name: 'previous_secret_encrypted', nullable: true })
  previousSecretEncrypted: string | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('text', { nullable: true })
  description: string | null;

  /** Set by the first failed delivery since the last success; an endpoint failing too long is disabled. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince: Date | null;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
