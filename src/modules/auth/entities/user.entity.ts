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
import { AccountEntity } from './account.entity.js';
import type { AccountId } from '@/common/account-id.js';

export type UserRole = 'owner' | 'admin' | 'developer' | 'viewer';

@Entity('users')
@Index('users_email_key', ['email'], { unique: true })
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'account_id' })
  @Index('users_account_id_idx')
  accountId: AccountId;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: AccountEntity;

  /** Stored lower-cased; the unique index makes sign-in case-insensitive. */
  @Column('text')
  email: string;

  /** Null while an invited user has not chosen a password yet. */
  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash: string | null;

  /** SHA-256 of the one-time invitation token (shown once to the inviter). */
  @Column('text', { name: 'invite_token_hash', nullable: true })
  inviteTokenHash: string | null;

  @Column('timestamptz', { name: 'invite_expires_at', nullable: true })
  inviteExpiresAt: Date | null;

  @Column('text')
  role: UserRole;

  /** In every access token; bumped when the user's role or password changes, so older tokens stop working. */
  @Column('integer', { name: 'token_version', default: 0 })
  tokenVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
