import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { keysetTime, type Cursor } from '@/common/pagination.js';
import { InboundMessageEntity } from './entities/inbound-message.entity.js';
import { MessageEntity } from './entities/message.entity.js';
import type { MessageStatus } from './message-status.js';
import type { AccountId } from '@/common/account-id.js';

/** Times are canonical UTC texts (`canonicalTimestamp`), cast in SQL so no microsecond is lost. */
export interface MessageFilter {
  statuses?: MessageStatus[];
  to?: string;
  clientReference?: string;
  campaignId?: string;
  since?: string;
  until?: string;
  after?: Cursor;
  /** Rows to fetch (the service asks for one more than it shows). */
  limit: number;
}

export interface InboundMessageFilter {
  from?: string;
  deviceId?: string;
  since?: string;
  until?: string;
  after?: Cursor;
  limit: number;
}

/** A message of a conversation (the number's thread): outbound or inbound, with its keyset time. */
export interface ThreadMessageRow {
  id: string;
  direction: 'inbound' | 'outbound';
  body: string;
  status: string | null;
  at: Date;
  device_id: string | null;
  sim_slot: number | null;
  error_code: string | null;
  t: string;
}

/** A row with its keyset time as PostgreSQL renders it (microseconds), for the cursor. */
export interface KeyedRow<T> {
  row: T;
  t: string;
}

/**
 * The list queries of the messages module: keyset pages, newest first, every one scoped to the
 * account first (STYLE.md). They run on the indexes (account_id, created_at, id) and
 * (account_id, received_at, id), scanned backwards from the cursor.
 */
@Injectable()
export class MessageQueryRepository {
  constructor(private readonly db: DataSource) {}

  listMessages(accountId: AccountId, f: MessageFilter): Promise<KeyedRow<MessageEntity>[]> {
    const qb = this.db
      .getRepository(MessageEntity)
      .createQueryBuilder('m')
      .where('"m"."account_id" = :accountId', { accountId });
    if (f.statuses) qb.andWhere('"m"."status" IN (:...statuses)', { statuses: f.statuses });
    if (f.to !== undefined) qb.andWhere('"m"."to" = :to', { to: f.to });
    if (f.clientReference !== undefined) {
      qb.andWhere('"m"."client_reference" = :clientReference', { clientReference: f.clientReference });
    }
    if (f.campaignId !== undefined) qb.andWhere('"m"."campaign_id" = :campaignId', { campaignId: f.campaignId });
    return keysetPage(qb, '"m"."created_at"', '"m"."id"', f);
  }

  listInbound(accountId: AccountId, f: InboundMessageFilter): Promise<KeyedRow<InboundMessageEntity>[]> {
    const qb = this.db
      .getRepository(InboundMessageEntity)
      .createQueryBuilder('i')
      .where('"i"."account_id" = :accountId', { accountId });
    if (f.from !== undefined) qb.andWhere('"i"."from" = :from', { from: f.from });
    if (f.deviceId !== undefined) qb.andWhere('"i"."device_id" = :deviceId', { deviceId: f.deviceId });
    return keysetPage(qb, '"i"."received_at"', '"i"."id"', f);
  }

  /**
   * Outbound (to = number) and inbound (from = number) merged newest first: each side seeks its own
   * index to the cursor and stops at `limit`, so a page costs the same in a thread of 10 or 100,000.
   */
  threadMessages(
    accountId: AccountId,
    number: string,
    f: { after?: Cursor; limit: number },
  ): Promise<ThreadMessageRow[]> {
    const params: unknown[] = [accountId, number, f.limit];
    let outbound = '';
    let inbound = '';
    if (f.after) {
      params.push(f.after.t, f.after.id);
      outbound = ' AND (created_at, id) < (CAST($4 AS timestamptz), CAST($5 AS uuid))';
      inbound = ' AND (received_at, id) < (CAST($4 AS timestamptz), CAST($5 AS uuid))';
    }
    return this.db.query(
      `SELECT * FROM (
         (SELECT id, 'outbound' AS direction, body, status, created_at AS at, device_id, sim_slot, error_code,
                 ${keysetTime('created_at')} AS t
            FROM messages WHERE account_id = $1 AND "to" = $2${outbound}
           ORDER BY created_at DESC, id DESC LIMIT $3)
         UNION ALL
         (SELECT id, 'inbound', body, NULL, received_at, device_id, sim_slot, NULL,
                 ${keysetTime('received_at')}
            FROM inbound_messages WHERE account_id = $1 AND "from" = $2${inbound}
           ORDER BY received_at DESC, id DESC LIMIT $3)
       ) merged ORDER BY at DESC, id DESC LIMIT $3`,
      params,
    );
  }
}

/** Adds the time range, the cursor, the order and the limit, and pairs each entity with its keyset time. */
async function keysetPage<T extends { id: string }>(
  qb: SelectQueryBuilder<T>,
  time: string,
  id: string,
  f: { since?: string; until?: string; after?: Cursor; limit: number },
): Promise<KeyedRow<T>[]> {
  qb.addSelect(keysetTime(time), 'keyset_t').addSelect(`${id}::text`, 'keyset_id');
  if (f.since !== undefined) qb.andWhere(`${time} >= CAST(:since AS timestamptz)`, { since: f.since });
  if (f.until !== undefined) qb.andWhere(`${time} < CAST(:until AS timestamptz)`, { until: f.until });
  // A row comparison, so PostgreSQL seeks the index to the cursor instead of filtering up to it.
  if (f.after) {
    qb.andWhere(`(${time}, ${id}) < (CAST(:afterT AS timestamptz), CAST(:afterId AS uuid))`, {
      afterT: f.after.t,
      afterId: f.after.id,
    });
  }
  qb.orderBy(time, 'DESC').addOrderBy(id, 'DESC').limit(f.limit);
  const { raw, entities } = await qb.getRawAndEntities<{ keyset_t: string; keyset_id: string }>();
  const times = new Map(raw.map((r) => [r.keyset_id, r.keyset_t]));
  return entities.map((row) => ({ row, t: times.get(row.id)! }));
}
