import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * The secret that signs an account's per-message `callbackUrl` requests (they have no endpoint, so
 * no endpoint secret). Created on first use; `POST /v1/webhooks/callback-secret` replaces it and
 * shows the new one once.
 */
@Entity('webhook_callback_secrets')
export class WebhookCallbackSecretEntity {
  @PrimaryColumn('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('text', { name: 'secret_encrypted' })
  secretEncrypted: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
