import { Injectable } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository.js';
import type { AccountSettings } from './entities/account.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** How long a process trusts an account's settings; a change made in the same process applies at once. */
const CACHE_MS = 2000;
const CACHE_MAX = 10_000;

/**
 * An account's settings for the send path, which asks on every message: read at most every two
 * seconds per account. AccountSettingsService forgets an account when it changes its settings, so
 * the process that made a change uses it from the next send on; other processes within two seconds.
 */
@Injectable()
export class AccountSettingsCache {
  private readonly entries = new Map<string, { at: number; value: Promise<AccountSettings> }>();

  constructor(private readonly accounts: AccountsRepository) {}

  get(accountId: AccountId): Promise<AccountSettings> {
    const hit = this.entries.get(accountId);
    if (hit && performance.now() - hit.at < CACHE_MS) return hit.value;
    if (this.entries.size >= CACHE_MAX) this.entries.clear();
    const value = this.accounts.findSettings(accountId).then((row) => row?.settings ?? {});
    // A failed read is not kept: the next send reads again.
    value.catch(() => this.entries.delete(accountId));
    this.entries.set(accountId, { at: performance.now(), value });
    return value;
  }

  /** Read now, past the cache (a keyword reply: rare, and a text just changed must be the one sent). */
  async fresh(accountId: AccountId): Promise<AccountSettings> {
    return (await this.accounts.findSettings(accountId))?.settings ?? {};
  }

  forget(accountId: AccountId): void {
    this.entries.delete(accountId);
  }
}
