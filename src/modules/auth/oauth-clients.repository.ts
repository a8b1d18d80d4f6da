import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { OAuthClientEntity } from './entities/oauth-client.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A client row to insert: the account id is the method's first argument. */
export type NewOAuthClient = Omit<OAuthClientEntity, 'accountId' | 'account'>;

/**
 * Queries of the OAuth2 clients; every one takes the account id first (STYLE.md), except the token
 * endpoint's lookup (`findActiveAcrossAccounts`): a client authenticates with its id alone, and its
 * row names the account. "Active" is not revoked.
 */
@Injectable()
export class OAuthClientsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(accountId: AccountId, client: NewOAuthClient, manager: EntityManager): Promise<void> {
    await manager.getRepository(OAuthClientEntity).insert({ ...client, accountId });
  }

  /** The active clients, oldest first. */
  listActive(accountId: AccountId): Promise<OAuthClientEntity[]> {
    return this.db.getRepository(OAuthClientEntity).find({
      where: { accountId, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findActive(accountId: AccountId, id: string): Promise<OAuthClientEntity | null> {
    return this.db.getRepository(OAuthClientEntity).findOne({ where: { id, accountId, revokedAt: IsNull() } });
  }

  async isActive(accountId: AccountId, id: string): Promise<boolean> {
    return (
      (await this.db.getRepository(OAuthClientEntity).count({ where: { id, accountId, revokedAt: IsNull() } })) > 0
    );
  }

  async setSecret(
    accountId: AccountId,
    id: string,
    secret: Pick<OAuthClientEntity, 'secretHash' | 'secretRotatedAt'>,
    manager: EntityManager,
  ): Promise<void> {
    await manager
      .getRepository(OAuthClientEntity)
      .update({ id, accountId }, { secretHash: secret.secretHash, secretRotatedAt: secret.secretRotatedAt });
  }

  async revoke(accountId: AccountId, id: string, revokedAt: Date, manager: EntityManager): Promise<void> {
    await manager.getRepository(OAuthClientEntity).update({ id, accountId }, { revokedAt });
  }

  async setLastUsed(accountId: AccountId, id: string, lastUsedAt: Date): Promise<void> {
    await this.db.getRepository(OAuthClientEntity).update({ id, accountId }, { lastUsedAt });
  }

  /** Cross-account by design: the token endpoint is given a client id, and the client's row names its account. */
  findActiveAcrossAccounts(id: string): Promise<OAuthClientEntity | null> {
    return this.db.getRepository(OAuthClientEntity).findOne({ where: { id, revokedAt: IsNull() } });
  }
}
