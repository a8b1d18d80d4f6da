import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountId } from '@/common/account-id.js';

export type AuditActorKind = 'user' | 'client' | 'device' | 'system';

/**
 * One state change by a person, a client, a phone or the system: append-only. The database
 * refuses UPDATE, DELETE and TRUNCATE on this table (migration Audit1795700000000).
 */
@Entity('audit_events')
@Index('audit_events_account_at_idx', ['accountId', 'at', 'id'])
@Index('audit_events_account_actor_at_idx', ['accountId', 'actorId', 'at', 'id'])
@Index('audit_events_account_target_at_idx', ['accountId', 'targetId', 'at', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'account_id' })
  accountId: AccountId;

  @Column('text', { name: 'actor_kind' })
  actorKind: AuditActorKind;

  @Column('text', { name: 'actor_id' })
  actorId: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'target_type' })
  targetType: string;

  @Column('text', { name: 'target_id' })
  targetId: string;

  @Column('timestamptz')
  at: Date;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Column('jsonb', { nullable: true })
  diff: Record<string, unknown> | null;
}
