import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A refresh token row to insert: the account id is the method's first argument. */
export type NewRefreshToken = Omit<RefreshTokenEntity, 'accountId' | 'user'>;

/**
 * Queries of the refresh tokens; every one takes the account id first (STYLE.md), except the
 * lookup by the token itself (`findByHashAcrossAccounts`): a refresh or a sign-out presents only
 * the token, and its row names the account.
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly db: DataSource) {}

  async insert(accountId: AccountId, token: NewRefreshToken, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).insert({ ...token, accountId });
  }

  /**
   * Marks the token used only if nobody did first and it is not revoked: one statement, so two
   * concurrent uses cannot both win. False when it was used or revoked already.
   */
  async markUsed(accountId: AccountId, id: string): Promise<boolean> {
    const [, used] = await this.db.query<[unknown[], number]>(
      'UPDATE refresh_tokens SET used_at = now() WHERE id = $1 AND account_id = $2 AND used_at IS NULL AND revoked_at IS NULL',
      [id, accountId],
    );
    return used !== 0;
  }

  async revokeFamily(accountId: AccountId, familyId: string): Promise<void> {
    await this.db.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND family_id = $2 AND revoked_at IS NULL',
      [accountId, familyId],
    );
  }

  /** Every session of the user (in the caller's transaction). */
  async revokeAllOfUser(accountId: AccountId, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      'UPDATE refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND user_id = $2 AND revoked_at IS NULL',
      [accountId, userId],
    );
  }

  /** Cross-account by design: the token (its SHA-256) is all a refresh or a sign-out presents. */
  findByHashAcrossAccounts(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.db.getRepository(RefreshTokenEntity).findOne({ where: { tokenHash } });
  }
}
