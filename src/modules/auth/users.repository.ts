import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UserEntity, type UserRole } from './entities/user.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A user row to insert: the account id is the method's first argument; the rest take their defaults. */
export type NewUser = Pick<UserEntity, 'id' | 'email' | 'passwordHash' | 'role'> &
  Partial<Pick<UserEntity, 'inviteTokenHash' | 'inviteExpiresAt'>>;

/**
 * Queries of the users; every one takes the account id first (STYLE.md), except the three named
 * `…AcrossAccounts`: a sign-in, a sign-up and an accepted invitation come before anyone knows the
 * account, and an email is unique across all accounts.
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: DataSource) {}

  find(accountId: AccountId, id: string, manager: EntityManager = this.db.manager): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOne({ where: { id, accountId } });
  }

  /** As `find`, but a missing user is TypeORM's EntityNotFoundError (a row this request just wrote). */
  findOrFail(accountId: AccountId, id: string): Promise<UserEntity> {
    return this.db.getRepository(UserEntity).findOneByOrFail({ id, accountId });
  }

  /** Oldest first. */
  list(accountId: AccountId): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({ where: { accountId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The user's token version, or undefined when the user no longer exists. */
  async tokenVersion(accountId: AccountId, id: string): Promise<number | undefined> {
    const rows = await this.db.query<{ token_version: number }[]>(
      'SELECT token_version FROM users WHERE id = $1 AND account_id = $2',
      [id, accountId],
    );
    return rows.length === 0 ? undefined : rows[0].token_version;
  }

  /** A unique violation (23505) when the email is taken: emails are unique across accounts. */
  async insert(accountId: AccountId, user: NewUser, manager: EntityManager): Promise<void> {
    await manager.getRepository(UserEntity).insert({ ...user, accountId });
  }

  /** A new password; the version bump ends the access tokens issued before. */
  async setPassword(accountId: AccountId, id: string, passwordHash: string, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(UserEntity)
      .update({ id, accountId }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  /** The invited person's first password; the invitation is used up. */
  async acceptInvite(accountId: AccountId, id: string, passwordHash: string, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(UserEntity)
      .update({ id, accountId }, { passwordHash, inviteTokenHash: null, inviteExpiresAt: null });
  }

  /** A new role; the version bump ends the access tokens issued before. */
  async setRole(accountId: AccountId, id: string, role: UserRole, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(UserEntity)
      .update({ id, accountId }, { role, tokenVersion: () => 'token_version + 1' });
  }

  async delete(accountId: AccountId, id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(UserEntity).delete({ id, accountId });
  }

  /** Locks the account's owners who have a password (for the transaction) and answers how many there are. */
  async lockActiveOwners(accountId: AccountId, manager: EntityManager): Promise<number> {
    const owners: unknown[] = await manager.query(
      "SELECT id FROM users WHERE account_id = $1 AND role = 'owner' AND password_hash IS NOT NULL FOR UPDATE",
      [accountId],
    );
    return owners.length;
  }

  // ---- before the account is known (cross-account by design) ----

  /** Sign-in: the user with this (normalised) email, in whichever account. */
  findByEmailAcrossAccounts(email: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOne({ where: { email } });
  }

  /** Whether any account has a user with this (normalised) email: emails are unique across accounts. */
  emailTakenAcrossAccounts(email: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    return manager.getRepository(UserEntity).exists({ where: { email } });
  }

  /** The user invited with this token (its SHA-256), in whichever account. */
  findByInviteTokenAcrossAccounts(inviteTokenHash: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOne({ where: { inviteTokenHash } });
  }
}
