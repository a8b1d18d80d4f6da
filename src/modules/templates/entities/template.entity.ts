import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A message template of the account: a body with `{{variables}}` (template-text.ts) and defaults. */
@Entity('templates')
@Index('templates_account_name_key', ['accountId', 'name'], { unique: true })
export class TemplateEntity {
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
  body: string;

  /** Values for variables a send leaves out. */
  @Column('jsonb', { default: () => "'{}'" })
  defaults: Record<string, string>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
