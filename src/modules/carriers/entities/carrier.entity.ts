import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

export const CARRIER_KINDS = ['smpp', 'http'] as const;
export type CarrierKind = (typeof CARRIER_KINDS)[number];

/**
 * A carrier connection of the account: an SMPP link or an HTTP API. `config` holds the settings
 * that are not secret (smpp-config.ts, http-config.ts); the SMPP password or the HTTP credential is
 * `secret_encrypted` (AES-256-GCM under ENCRYPTION_KEY, carrier-secrets.ts) and never leaves the server.
 */
@Entity('carriers')
@Index('carriers_account_idx', ['accountId', 'createdAt'])
export class CarrierEntity {
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
  kind: CarrierKind;

  @Column('boolean', { default: true })
  enabled: boolean;

  @Column('jsonb')
  config: Record<string, unknown>;

  @Column('text', { name: 'secret_encrypted', nullable: true })
  secretEncrypted: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
