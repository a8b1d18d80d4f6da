import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@/common/ids.js';
import type { AccountId } from '@/common/account-id.js';

export interface TemplateRow {
  id: string;
  account_id: AccountId;
  name: string;
  body: string;
  defaults: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

export interface TemplateValues {
  name: string;
  body: string;
  defaults: Record<string, string>;
}

const COLUMNS = 'id, account_id, name, body, defaults, created_at, updated_at';

/** Queries of the templates; every one takes the account id first (STYLE.md). */
@Injectable()
export class TemplatesRepository {
  constructor(private readonly db: DataSource) {}

  /** By name, then id. */
  list(accountId: AccountId): Promise<TemplateRow[]> {
    return this.db.query<TemplateRow[]>(`SELECT ${COLUMNS} FROM templates WHERE account_id = $1 ORDER BY name, id`, [
      accountId,
    ]);
  }

  async find(accountId: AccountId, id: string, manager?: EntityManager): Promise<TemplateRow | undefined> {
    const rows = await (manager ?? this.db).query<TemplateRow[]>(
      `SELECT ${COLUMNS} FROM templates WHERE id = $1 AND account_id = $2${manager ? ' FOR UPDATE' : ''}`,
      [id, accountId],
    );
    return rows[0];
  }

  /** Those of `ids` that are the account's (a batch's templates in one read). */
  findMany(accountId: AccountId, ids: string[]): Promise<TemplateRow[]> {
    return this.db.query<TemplateRow[]>(
      `SELECT ${COLUMNS} FROM templates WHERE account_id = $1 AND id = ANY($2::uuid[])`,
      [accountId, ids],
    );
  }

  /** Undefined when the account has a template of that name already. */
  async insert(accountId: AccountId, manager: EntityManager, v: TemplateValues): Promise<TemplateRow | undefined> {
    const rows = await manager.query<TemplateRow[]>(
      `INSERT INTO templates (id, account_id, name, body, defaults, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, now(), now())
       ON CONFLICT (account_id, name) DO NOTHING
       RETURNING ${COLUMNS}`,
      [newId(), accountId, v.name, v.body, JSON.stringify(v.defaults)],
    );
    return rows[0];
  }

  /** Undefined when another template of the account has the name. */
  async update(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    v: TemplateValues,
  ): Promise<TemplateRow | undefined> {
    const rows = await manager.query<TemplateRow[]>(
      `WITH u AS (
         UPDATE templates SET name = $3, body = $4, defaults = $5::jsonb, updated_at = now()
          WHERE id = $1 AND account_id = $2
            AND NOT EXISTS (SELECT 1 FROM templates o WHERE o.account_id = $2 AND o.name = $3 AND o.id <> $1)
         RETURNING ${COLUMNS})
       SELECT * FROM u`,
      [id, accountId, v.name, v.body, JSON.stringify(v.defaults)],
    );
    return rows[0];
  }

  async delete(accountId: AccountId, manager: EntityManager, id: string): Promise<TemplateRow | undefined> {
    const rows = await manager.query<TemplateRow[]>(
      `WITH d AS (DELETE FROM templates WHERE id = $1 AND account_id = $2 RETURNING ${COLUMNS}) SELECT * FROM d`,
      [id, accountId],
    );
    return rows[0];
  }
}
