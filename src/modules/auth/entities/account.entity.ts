import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export interface AccountSettings {
  /** The same recipient always hears from the same phone while it is healthy. */
  stickyRecipients?: boolean;
}

/** A tenant: every other row belongs to exactly one account. */
@Entity('accounts')
export class AccountEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  /** Per-account behaviour the owner can change (see AccountSettings). */
  @Column('jsonb', { default: {} })
  settings: AccountSettings;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
