import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccountEntity, type AccountSettings } from './entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * Queries of the accounts; every one takes the account id first (STYLE.md), except the bootstrap's
 * three, named so: which account is the operator's is a question about all of them.
 */
@Injectable()
export class AccountsRepository {
  constructor(private readonly db: DataSource) {}

  find(accountId: AccountId): Promise<AccountEntity | null> {
    return this.db.getRepository(AccountEntity).findOne({ where: { id: accountId } });
  }

  /** The account's id and settings only. */
  findSettings(accountId: AccountId): Promise<AccountEntity | null> {
    return this.db
      .getRepository(AccountEntity)
      .findOne({ where: { id: accountId }, select: { id: true, settings: true } });
  }

  /** As `findSettings`, the row locked for the caller's transaction. */
  lockSettings(accountId: AccountId, manager: EntityManager): Promise<AccountEntity | null> {
    return manager.findOne(AccountEntity, {
      where: { id: accountId },
      select: { id: true, settings: true },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async updateSettings(accountId: AccountId, settings: AccountSettings, manager: EntityManager): Promise<void> {
    await manager.update(AccountEntity, { id: accountId }, { settings });
  }

  /** A new account (not the operator's unless `isOperator`), with the default settings. */
  async insert(
    accountId: AccountId,
    account: { name: string; isOperator?: boolean },
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(AccountEntity).insert({ ...account, id: accountId });
  }

  // ---- the operator account (cross-account by design) ----

  /**
   * Serialises first boots of several processes for the rest of the caller's transaction: a
   * gateway-wide advisory lock, not an account's.
   */
  async lockBootstrapAcrossAccounts(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(7245002)');
  }

  /** Whether any account is marked operator (there is at most one). */
  operatorExistsAcrossAccounts(manager: EntityManager = this.db.manager): Promise<boolean> {
    return manager.getRepository(AccountEntity).exists({ where: { isOperator: true } });
  }

  /** The account marked operator, or null before the bootstrap. */
  findOperatorAcrossAccounts(): Promise<AccountEntity | null> {
    return this.db.getRepository(AccountEntity).findOne({ where: { isOperator: true } });
  }
}
