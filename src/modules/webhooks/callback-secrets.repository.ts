import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccountId } from '@/common/account-id.js';

/** The sealed secret that signs an account's per-message callbackUrl requests (one per account). */
@Injectable()
export class CallbackSecretsRepository {
  constructor(private readonly db: DataSource) {}

  async find(accountId: AccountId): Promise<string | undefined> {
    const rows = await this.db.query<{ secret_encrypted: string }[]>(
      'SELECT secret_encrypted FROM webhook_callback_secrets WHERE account_id = $1',
      [accountId],
    );
    return rows[0]?.secret_encrypted;
  }

  /** Inserts `sealed` unless the account has one already; answers the one kept (two first callbacks at once agree). */
  async insertOrKeep(accountId: AccountId, sealed: string): Promise<string> {
    const rows = await this.db.query<{ secret_encrypted: string }[]>(
      `INSERT INTO webhook_callback_secrets (account_id, secret_encrypted, created_at) VALUES ($1, $2, now())
       ON CONFLICT (account_id) DO UPDATE SET secret_encrypted = webhook_callback_secrets.secret_encrypted
       RETURNING secret_encrypted`,
      [accountId, sealed],
    );
    return rows[0].secret_encrypted;
  }

  /** Puts `sealed` in place of the account's secret, in `manager`'s transaction; answers when. */
  async replace(accountId: AccountId, manager: EntityManager, sealed: string): Promise<Date> {
    const rows = await manager.query<{ created_at: Date }[]>(
      `INSERT INTO webhook_callback_secrets (account_id, secret_encrypted, created_at) VALUES ($1, $2, now())
       ON CONFLICT (account_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, created_at = EXCLUDED.created_at
       RETURNING created_at`,
      [accountId, sealed],
    );
    return rows[0].created_at;
  }
}
