import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetTime, type Cursor } from '@/common/pagination.js';
import { AuditEventEntity, type AuditActorKind } from './entities/audit-event.entity.js';
import type { AccountId } from '@/common/account-id.js';

export interface AuditEventRow {
  actorKind: AuditActorKind;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  ip: string | null;
  requestId: string | null;
  diff: Record<string, unknown> | null;
}

/** Times are canonical UTC texts (`canonicalTimestamp`), cast in SQL so no microsecond is lost. */
export interface AuditEventFilter {
  action?: string;
  targetId?: string;
  actorId?: string;
  since?: string;
  until?: string;
  after?: Cursor;
  limit: number;
}

/** Queries of the audit trail; every one takes the account id first (STYLE.md). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /** `at` is the transaction's time (`now()`), the moment the change it records took effect. */
  async insert(accountId: AccountId, manager: EntityManager, row: AuditEventRow): Promise<void> {
    await manager.query(
      `INSERT INTO audit_events (account_id, actor_kind, actor_id, action, target_type, target_id, at, ip, request_id, diff)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9::jsonb)`,
      [
        accountId,
        row.actorKind,
        row.actorId,
        row.action,
        row.targetType,
        row.targetId,
        row.ip,
        row.requestId,
        row.diff === null ? null : JSON.stringify(row.diff),
      ],
    );
  }

  /**
   * Newest first, scanned backwards from the cursor on (account_id, at, id), or on
   * (account_id, actor_id, at, id) / (account_id, target_id, at, id) when filtered by actor or
   * target, so a rare actor's or object's page does not walk the account's whole trail.
   */
  async list(accountId: AccountId, f: AuditEventFilter): Promise<{ row: AuditEventEntity; t: string }[]> {
    const qb = this.db
      .getRepository(AuditEventEntity)
      .createQueryBuilder('a')
      .where('"a"."account_id" = :accountId', { accountId })
      .addSelect(keysetTime('"a"."at"'), 'keyset_t')
      .addSelect('"a"."id"::text', 'keyset_id');
    if (f.action !== undefined) qb.andWhere('"a"."action" = :action', { action: f.action });
    if (f.targetId !== undefined) qb.andWhere('"a"."target_id" = :targetId', { targetId: f.targetId });
    if (f.actorId !== undefined) qb.andWhere('"a"."actor_id" = :actorId', { actorId: f.actorId });
    if (f.since !== undefined) qb.andWhere('"a"."at" >= CAST(:since AS timestamptz)', { since: f.since });
    if (f.until !== undefined) qb.andWhere('"a"."at" < CAST(:until AS timestamptz)', { until: f.until });
    if (f.after) {
      qb.andWhere('("a"."at", "a"."id") < (CAST(:afterT AS timestamptz), CAST(:afterId AS bigint))', {
        afterT: f.after.t,
        afterId: f.after.id,
      });
    }
    qb.orderBy('"a"."at"', 'DESC').addOrderBy('"a"."id"', 'DESC').limit(f.limit);
    const { raw, entities } = await qb.getRawAndEntities<{ keyset_t: string; keyset_id: string }>();
    const times = new Map(raw.map((r) => [r.keyset_id, r.keyset_t]));
    return entities.map((row) => ({ row, t: times.get(row.id)! }));
  }
}
