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
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { RouteMatch, RouteStrategy, RouteTarget } from '../route-decision.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * A routing rule of the account (route-decision.ts says how rules are chosen and ordered). The
 * partial unique index allows one default route per account; the other serves the ordered list
 * that dispatch loads.
 */
@Entity('routes')
@Index('routes_account_position_idx', ['accountId', 'position', 'id'])
@Index('routes_account_default_key', ['accountId'], { unique: true, where: 'is_default' })
export class RouteEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  @Column('text')
  name: string;

  /** Evaluation order, lower first (ties: older first). */
  @Column('integer')
  position: number;

  /** `{prefixes?, countries?, priority?}`: every criterion given must match; none given matches all. */
  @Column('jsonb', { default: {} })
  match: RouteMatch;

  @Column('text')
  strategy: RouteStrategy;

  @Column('jsonb')
  targets: RouteTarget[];

  @Column('boolean', { name: 'is_default', default: false })
  isDefault: boolean;

  @Column('boolean', { default: true })
  enabled: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
