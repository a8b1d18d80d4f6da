import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountId } from '@/common/account-id.js';

export interface HourStatusCount {
  hour: Date;
  status: string;
  count: number;
}

/**
 * Aggregates of the account's messages for the dashboard; every query is bounded by the account and
 * by time, on an index. In the messages module, which owns the tables. The `…AcrossAccounts` ones
 * are the operator's metrics gauges (`messages.gauges`): global counts, which the caller caches.
 */
@Injectable()
export class MessageStatsRepository {
  constructor(private readonly db: DataSource) {}

  /** Messages created in each of the last 24 hours, by their status now (messages_account_created_idx). */
  async statusByHour(accountId: AccountId, since: Date): Promise<HourStatusCount[]> {
    const rows: { hour: Date; status: string; count: string }[] = await this.db.query(
      `SELECT date_trunc('hour', created_at) AS hour, status, count(*) AS count
         FROM messages WHERE account_id = $1 AND created_at >= $2
        GROUP BY 1, 2`,
      [accountId, since],
    );
    return rows.map((r) => ({ hour: r.hour, status: r.status, count: Number(r.count) }));
  }

  /** Messages that left a phone or carrier in each minute since `since` (messages_account_sent_idx). */
  async sentByMinute(accountId: AccountId, since: Date): Promise<{ minute: Date; count: number }[]> {
    const rows: { minute: Date; count: string }[] = await this.db.query(
      `SELECT date_trunc('minute', sent_at) AS minute, count(*) AS count
         FROM messages WHERE account_id = $1 AND sent_at >= $2
        GROUP BY 1`,
      [accountId, since],
    );
    return rows.map((r) => ({ minute: r.minute, count: Number(r.count) }));
  }

  /** Parts each phone sent since `since`: what its per-minute budget has spent. */
  async partsByDevice(accountId: AccountId, since: Date): Promise<Map<string, number>> {
    const rows: { device_id: string; parts: string }[] = await this.db.query(
      `SELECT device_id, sum(segments) AS parts
         FROM messages WHERE account_id = $1 AND sent_at >= $2 AND device_id IS NOT NULL
        GROUP BY 1`,
      [accountId, since],
    );
    return new Map(rows.map((r) => [r.device_id, Number(r.parts)]));
  }

  /** Messages waiting to be handed to a phone or carrier, and when the oldest of them was created. */
  async waiting(accountId: AccountId): Promise<{ queued: number; scheduled: number; oldestQueuedAt: Date | null }> {
    const [row]: { queued: string; scheduled: string; oldest: Date | null }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE status = 'queued') AS queued,
              count(*) FILTER (WHERE status = 'scheduled') AS scheduled,
              min(created_at) FILTER (WHERE status = 'queued') AS oldest
         FROM messages WHERE status IN ('queued', 'scheduled') AND account_id = $1`,
      [accountId],
    );
    return { queued: Number(row.queued), scheduled: Number(row.scheduled), oldestQueuedAt: row.oldest };
  }

  async deadLetters(accountId: AccountId): Promise<number> {
    const [row]: { count: string }[] = await this.db.query(
      `SELECT count(*) AS count FROM dead_letters WHERE account_id = $1`,
      [accountId],
    );
    return Number(row.count);
  }

  /** Messages by their current status, of all accounts (a global scan: the metrics cache it). */
  async countByStatusAcrossAccounts(): Promise<{ status: string; n: number }[]> {
    const rows = await this.db.query<{ status: string; n: string }[]>(
      'SELECT status, count(*) AS n FROM messages GROUP BY status',
    );
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }

  /** Rows in the dead-letter queue, of all accounts. */
  async countDeadLettersAcrossAccounts(): Promise<number> {
    const [row] = await this.db.query<{ n: string }[]>('SELECT count(*) AS n FROM dead_letters');
    return Number(row?.n ?? 0);
  }
}
