import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keysetTime, type Cursor } from '@/common/pagination.js';
import type { AccountId } from '@/common/account-id.js';

export interface ThreadRow {
  number: string;
  last_message_at: Date;
  last_body: string;
  last_direction: 'inbound' | 'outbound';
  unread: number;
  t: string;
}

/** Threads and their messages; every query starts with the account id and runs on an index. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly db: DataSource) {}

  /** Newest activity first, keyset on (last_message_at, number) (conversations_account_last_idx). */
  listThreads(accountId: AccountId, f: { prefix?: string; after?: Cursor; limit: number }): Promise<ThreadRow[]> {
    const params: unknown[] = [accountId, f.limit];
    let where = 'account_id = $1';
    if (f.prefix !== undefined) {
      params.push(`${f.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where += ` AND number LIKE $${params.length}`;
    }
    if (f.after) {
      params.push(f.after.t, f.after.id);
      where += ` AND (last_message_at, number) < (CAST($${params.length - 1} AS timestamptz), $${params.length})`;
    }
    return this.db.query(
      `SELECT number, last_message_at, last_body, last_direction, unread, ${keysetTime('last_message_at')} AS t
         FROM conversations WHERE ${where}
        ORDER BY last_message_at DESC, number DESC LIMIT $2`,
      params,
    );
  }

  async thread(accountId: AccountId, number: string): Promise<ThreadRow | undefined> {
    const [row] = await this.db.query<ThreadRow[]>(
      `SELECT number, last_message_at, last_body, last_direction, unread, ${keysetTime('last_message_at')} AS t
         FROM conversations WHERE account_id = $1 AND number = $2`,
      [accountId, number],
    );
    return row;
  }

  /** Marks the thread read up to now; undefined when the account has no such thread. */
  async markRead(accountId: AccountId, number: string): Promise<ThreadRow | undefined> {
    const [rows] = await this.db.query<[ThreadRow[], number]>(
      `UPDATE conversations SET unread = 0, read_at = now() WHERE account_id = $1 AND number = $2
       RETURNING number, last_message_at, last_body, last_direction, unread, ${keysetTime('last_message_at')} AS t`,
      [accountId, number],
    );
    return rows[0];
  }
}
