import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@/common/ids.js';
import type { RouteMatch, RouteStrategy, RouteTarget } from './route-decision.js';
import type { AccountId } from '@/common/account-id.js';

export interface RouteRow {
  id: string;
  account_id: AccountId;
  name: string;
  position: number;
  match: RouteMatch;
  strategy: RouteStrategy;
  targets: RouteTarget[];
  is_default: boolean;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

/** A route's stored fields, whole: the service merges a change into the row before writing it. */
export interface RouteValues {
  name: string;
  position: number | null;
  match: RouteMatch;
  strategy: RouteStrategy;
  targets: RouteTarget[];
  isDefault: boolean;
  enabled: boolean;
}

const COLUMNS = `id, account_id, name, position, match, strategy, targets, is_default, enabled, created_at, updated_at`;

/** The parameters $3 to $9 of insert and update: name, position, match, strategy, targets, is_default, enabled. */
function valueParams(v: RouteValues): unknown[] {
  return [v.name, v.position, JSON.stringify(v.match), v.strategy, JSON.stringify(v.targets), v.isDefault, v.enabled];
}

/** Queries of the routing rules; every one takes the account id first (STYLE.md). */
@Injectable()
export class RoutesRepository {
  constructor(private readonly db: DataSource) {}

  /** In evaluation order: position, then id (time-ordered, so older first). */
  list(accountId: AccountId): Promise<RouteRow[]> {
    return this.db.query<RouteRow[]>(`SELECT ${COLUMNS} FROM routes WHERE account_id = $1 ORDER BY position, id`, [
      accountId,
    ]);
  }

  async find(accountId: AccountId, id: string, manager?: EntityManager): Promise<RouteRow | undefined> {
    const rows = await (manager ?? this.db).query<RouteRow[]>(
      `SELECT ${COLUMNS} FROM routes WHERE id = $1 AND account_id = $2${manager ? ' FOR UPDATE' : ''}`,
      [id, accountId],
    );
    return rows[0];
  }

  async count(accountId: AccountId): Promise<number> {
    const rows = await this.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM routes WHERE account_id = $1', [
      accountId,
    ]);
    return rows[0].n;
  }

  /** The account's default route other than `exceptId`, if any. */
  async otherDefault(
    accountId: AccountId,
    manager: EntityManager,
    exceptId: string | null,
  ): Promise<string | undefined> {
    const rows = await manager.query<{ id: string }[]>(
      'SELECT id FROM routes WHERE account_id = $1 AND is_default AND id IS DISTINCT FROM $2::uuid',
      [accountId, exceptId],
    );
    return rows[0]?.id;
  }

  /**
   * A null position puts the route after the account's last one (10 apart, so one can go in between).
   * Undefined when it is a default route and the account has one already (committed meanwhile).
   */
  async insert(accountId: AccountId, manager: EntityManager, v: RouteValues): Promise<RouteRow | undefined> {
    const rows = await manager.query<RouteRow[]>(
      `INSERT INTO routes (id, account_id, name, position, match, strategy, targets, is_default, enabled, created_at, updated_at)
       VALUES ($1, $2, $3,
               COALESCE($4, (SELECT LEAST(COALESCE(max(position), 0) + 10, 1000000) FROM routes WHERE account_id = $2)),
               $5::jsonb, $6, $7::jsonb, $8, $9, now(), now())
       ON CONFLICT (account_id) WHERE is_default DO NOTHING
       RETURNING ${COLUMNS}`,
      [newId(), accountId, ...valueParams(v)],
    );
    return rows[0];
  }

  async update(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    v: RouteValues,
  ): Promise<RouteRow | undefined> {
    const rows = await manager.query<RouteRow[]>(
      `WITH u AS (
         UPDATE routes
            SET name = $3, position = COALESCE($4, position), match = $5::jsonb, strategy = $6, targets = $7::jsonb,
                is_default = $8, enabled = $9, updated_at = now()
          WHERE id = $1 AND account_id = $2
          RETURNING ${COLUMNS})
       SELECT * FROM u`,
      [id, accountId, ...valueParams(v)],
    );
    return rows[0];
  }

  async delete(accountId: AccountId, manager: EntityManager, id: string): Promise<RouteRow | undefined> {
    const rows = await manager.query<RouteRow[]>(
      `WITH d AS (DELETE FROM routes WHERE id = $1 AND account_id = $2 RETURNING ${COLUMNS}) SELECT * FROM d`,
      [id, accountId],
    );
    return rows[0];
  }
}
