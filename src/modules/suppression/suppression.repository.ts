import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetTime, type Cursor } from '@/common/pagination.js';
import { SuppressionEntity, type SuppressionReason } from './entities/suppression.entity.js';
import type { AccountId } from '@/common/account-id.js';

interface SuppressionRow {
  id: string;
  account_id: AccountId;
  phone_number: string;
  reason: SuppressionReason;
  source_message_id: string | null;
  created_at: Date;
}

const COLUMNS = 'id, account_id, phone_number, reason, source_message_id, created_at';

function fromRow(r: SuppressionRow): SuppressionEntity {
  return Object.assign(new SuppressionEntity(), {
    id: r.id,
    accountId: r.account_id,
    phoneNumber: r.phone_number,
    reason: r.reason,
    sourceMessageId: r.source_message_id,
    createdAt: r.created_at,
  } satisfies SuppressionEntity);
}

export interface SuppressionFilter {
  phoneNumber?: string;
  reason?: SuppressionReason;
  after?: Cursor;
  /** Rows to fetch (the service asks for one more than it shows). */
  limit: number;
}

/**
 * Queries of the suppression list, each scoped to the account first (STYLE.md). Every lookup by
 * number runs on the unique index (account_id, phone_number); the list on (account_id, created_at, id).
 * Plain SQL: the send path asks on every message.
 */
@Injectable()
export class SuppressionRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Adds the number unless the account has it already; either way answers the stored entry and
   * whether this call created it. A concurrent add of the same number waits on the unique index.
   */
  async add(
    accountId: AccountId,
    entry: Pick<SuppressionEntity, 'id' | 'phoneNumber' | 'reason' | 'sourceMessageId' | 'createdAt'>,
    manager: EntityManager = this.db.manager,
  ): Promise<{ entry: SuppressionEntity; created: boolean }> {
    const inserted = await manager.query<SuppressionRow[]>(
      `INSERT INTO suppressions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id, phone_number) DO NOTHING
       RETURNING ${COLUMNS}`,
      [entry.id, accountId, entry.phoneNumber, entry.reason, entry.sourceMessageId, entry.createdAt],
    );
    if (inserted.length > 0) return { entry: fromRow(inserted[0]), created: true };
    // A separate statement: one that started before a concurrent insert committed would not see its row.
    const existing = await this.find(accountId, entry.phoneNumber, manager);
    if (!existing) throw new Error('suppression vanished between insert and read');
    return { entry: existing, created: false };
  }

  async find(
    accountId: AccountId,
    phoneNumber: string,
    manager: EntityManager = this.db.manager,
  ): Promise<SuppressionEntity | null> {
    const rows = await manager.query<SuppressionRow[]>(
      `SELECT ${COLUMNS} FROM suppressions WHERE account_id = $1 AND phone_number = $2`,
      [accountId, phoneNumber],
    );
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /** Removes the number; answers the removed entry, or null when the account did not have it. */
  async remove(
    accountId: AccountId,
    phoneNumber: string,
    manager: EntityManager = this.db.manager,
  ): Promise<SuppressionEntity | null> {
    // Wrapped in a SELECT so TypeORM answers the rows (a bare DELETE answers [rows, count]).
    const rows = await manager.query<SuppressionRow[]>(
      `WITH d AS (DELETE FROM suppressions WHERE account_id = $1 AND phone_number = $2 RETURNING ${COLUMNS})
       SELECT ${COLUMNS} FROM d`,
      [accountId, phoneNumber],
    );
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /** Which of these numbers the account suppresses: one query for a whole batch. */
  async suppressedAmong(accountId: AccountId, phoneNumbers: string[]): Promise<Set<string>> {
    if (phoneNumbers.length === 0) return new Set();
    const rows = await this.db.query<{ phone_number: string }[]>(
      'SELECT phone_number FROM suppressions WHERE account_id = $1 AND phone_number = ANY($2::text[])',
      [accountId, phoneNumbers],
    );
    return new Set(rows.map((r) => r.phone_number));
  }

  /**
   * For each check in order, whether its number was suppressed after its `since` (a message created
   * before that must not go out): one query for any number of checks.
   */
  async suppressedAfter(accountId: AccountId, checks: { phoneNumber: string; since: Date }[]): Promise<boolean[]> {
    if (checks.length === 0) return [];
    const rows = await this.db.query<{ i: string }[]>(
      `SELECT t.i FROM unnest($2::text[], $3::timestamptz[]) WITH ORDINALITY AS t(phone_number, since, i)
        WHERE EXISTS (SELECT 1 FROM suppressions s
                       WHERE s.account_id = $1 AND s.phone_number = t.phone_number AND s.created_at > t.since)`,
      [accountId, checks.map((c) => c.phoneNumber), checks.map((c) => c.since)],
    );
    const hits = new Set(rows.map((r) => Number(r.i) - 1));
    return checks.map((_, i) => hits.has(i));
  }

  /**
   * Inserts numbers (already E.164 and distinct) in one statement, skipping those the account has;
   * answers how many were new.
   */
  async insertMany(
    accountId: AccountId,
    entries: { ids: string[]; phoneNumbers: string[]; reason: SuppressionReason; createdAt: Date },
    manager: EntityManager = this.db.manager,
  ): Promise<number> {
    if (entries.phoneNumbers.length === 0) return 0;
    const rows = await manager.query<{ n: number }[]>(
      `WITH i AS (
         INSERT INTO suppressions (id, account_id, phone_number, reason, created_at)
         SELECT t.id, $2, t.phone_number, $4, $5 FROM unnest($1::uuid[], $3::text[]) AS t(id, phone_number)
         ON CONFLICT (account_id, phone_number) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM i`,
      [entries.ids, accountId, entries.phoneNumbers, entries.reason, entries.createdAt],
    );
    return rows[0].n;
  }

  /** One chunk of an import's numbers into its staging rows (a statement of its own, no transaction). */
  async stageImport(accountId: AccountId, importId: string, phoneNumbers: string[]): Promise<void> {
    if (phoneNumbers.length === 0) return;
    await this.db.query(
      `INSERT INTO suppression_import_rows (import_id, account_id, phone_number)
       SELECT $1, $2, p FROM unnest($3::text[]) AS p`,
      [importId, accountId, phoneNumbers],
    );
  }

  /**
   * Moves an import's staged numbers into the list (in the caller's transaction): how many were new.
   * Ids are time-ordered UUIDs made by the database (webhook_uuid7, from the webhooks migration).
   */
  async commitImport(
    accountId: AccountId,
    importId: string,
    reason: SuppressionReason,
    createdAt: Date,
    manager: EntityManager,
  ): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(
      `WITH i AS (
         INSERT INTO suppressions (id, account_id, phone_number, reason, created_at)
         SELECT webhook_uuid7(), $2, s.phone_number, $3, $4
           FROM (SELECT DISTINCT phone_number FROM suppression_import_rows
                  WHERE import_id = $1 AND account_id = $2) AS s
         ON CONFLICT (account_id, phone_number) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS n FROM i`,
      [importId, accountId, reason, createdAt],
    );
    return rows[0].n;
  }

  /** Drops an import's staging rows, and any an earlier import could not (a process died mid-import). */
  async dropStaged(accountId: AccountId, importId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM suppression_import_rows
        WHERE (import_id = $1 AND account_id = $2) OR created_at < now() - interval '1 day'`,
      [importId, accountId],
    );
  }

  /** Newest first, keyset-paginated; each row with its keyset time (microseconds) for the cursor. */
  async list(accountId: AccountId, f: SuppressionFilter): Promise<{ row: SuppressionEntity; t: string }[]> {
    const params: unknown[] = [accountId];
    const where = ['account_id = $1'];
    if (f.phoneNumber !== undefined) {
      params.push(f.phoneNumber);
      where.push(`phone_number = $${params.length}`);
    }
    if (f.reason !== undefined) {
      params.push(f.reason);
      where.push(`reason = $${params.length}`);
    }
    if (f.after) {
      params.push(f.after.t, f.after.id);
      // A row comparison, so PostgreSQL seeks the index to the cursor instead of filtering up to it.
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit);
    const rows = await this.db.query<(SuppressionRow & { keyset_t: string })[]>(
      `SELECT ${COLUMNS}, ${keysetTime('created_at')} AS keyset_t FROM suppressions
        WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ row: fromRow(r), t: r.keyset_t }));
  }

  /** Refreshes the planner's statistics of the table (after a bulk import). */
  async refreshStatisticsAcrossAccounts(): Promise<void> {
    await this.db.query('ANALYZE suppressions');
  }

  /** One page of the export, in number order on the unique index (the keyset is the number). */
  async exportPage(
    accountId: AccountId,
    afterPhoneNumber: string | undefined,
    limit: number,
  ): Promise<SuppressionEntity[]> {
    const rows =
      afterPhoneNumber === undefined
        ? await this.db.query<SuppressionRow[]>(
            `SELECT ${COLUMNS} FROM suppressions WHERE account_id = $1 ORDER BY phone_number LIMIT $2`,
            [accountId, limit],
          )
        : await this.db.query<SuppressionRow[]>(
            `SELECT ${COLUMNS} FROM suppressions WHERE account_id = $1 AND phone_number > $2
              ORDER BY phone_number LIMIT $3`,
            [accountId, afterPhoneNumber, limit],
          );
    return rows.map(fromRow);
  }
}
