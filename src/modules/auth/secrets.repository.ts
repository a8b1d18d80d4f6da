import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The gateway's own settings table (the development JWT_SECRET and ENCRYPTION_KEY). It belongs to
 * no account, so its one method is named for that: cross-account by design.
 */
@Injectable()
export class SecretsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores `candidate` under `key` unless a value is there, and answers the value kept. Insert-or-keep
   * in one statement, so concurrent first boots agree on one value.
   */
  async insertOrKeepAcrossAccounts(key: string, candidate: string): Promise<string> {
    const rows: { value: string }[] = await this.db.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = settings.value RETURNING value`,
      [key, candidate],
    );
    return rows[0].value;
  }
}
