import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SimInfo } from '@sms-gateway/android-agent/protocol';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** How a device picks a SIM when the message names none: the first with budget left, or in turn. */
export type SimPolicy = 'first' | 'round-robin';

export interface DeviceThrottle {
  partsPerMinute?: number;
  partsPerHour?: number;
  partsPerDay?: number;
  minIntervalMs?: number;
}

@Entity('devices')
@Index('devices_token_hash_key', ['tokenHash'], { unique: true, where: 'token_hash IS NOT NULL' })
@Index('devices_pairing_code_hash_key', ['pairingCodeHash'], { unique: true, where: 'pairing_code_hash IS NOT NULL' })
export class DeviceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  @Index('devices_account_id_idx')
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('text')
  name: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  /** SHA-256 of the device token: the token is 256 random bits, so a fast hash is enough. */
  @Column('text', { name: 'token_hash', nullable: true })
  tokenHash: string | null;

  @Column('text', { name: 'pairing_code_hash', nullable: true })
  pairingCodeHash: string | null;

  @Column('timestamptz', { name: 'pairing_expires_at', nullable: true })
  pairingExpiresAt: Date | null;

  @Column('timestamptz', { name: 'paired_at', nullable: true })
  pairedAt: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;

  @Column('timestamptz', { name: 'last_seen_at', nullable: true })
  lastSeenAt: Date | null;

  @Column('text', { name: 'app_version', nullable: true })
  appVersion: string | null;

  @Column('jsonb', { default: [] })
  sims: SimInfo[];

  @Column('jsonb', { name: 'device_info', default: {} })
  deviceInfo: Record<string, string>;

  @Column('smallint', { nullable: true })
  battery: number | null;

  @Column('boolean', { nullable: true })
  charging: boolean | null;

  @Column('smallint', { nullable: true })
  signal: number | null;

  @Column('boolean', { name: 'battery_optimization_exempt', nullable: true })
  batteryOptimizationExempt: boolean | null;

  @Column('integer', { name: 'queue_depth', default: 0 })
  queueDepth: number;

  @Column('text', { name: 'sim_policy', default: 'first' })
  simPolicy: SimPolicy;

  /** The whole phone's limits (Android's per-app limit counts every SIM together). */
  @Column('jsonb', { default: {} })
  throttle: DeviceThrottle;

  /** Limits of single SIMs (a carrier plan's daily cap, say), by slot. */
  @Column('jsonb', { name: 'sim_throttles', default: {} })
  simThrottles: Record<string, DeviceThrottle>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
