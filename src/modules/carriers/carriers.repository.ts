import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@/common/ids.js';
import type { CarrierKind } from './entities/carrier.entity.js';
import type { AccountId } from '@/common/account-id.js';

export interface CarrierRow {
  id: string;
  account_id: AccountId;
  name: string;
  kind: CarrierKind;
  enabled: boolean;
  config: Record<string, unknown>;
  secret_encrypted: string | null;
  created_at: Date;
  updated_at: Date;
}

const CARRIER = 'id, account_id, name, kind, enabled, config, secret_encrypted, created_at, updated_at';

export interface CarrierChanges {
  name?: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  /** undefined leaves it. */
  secretEncrypted?: string | null;
}

/** One part's carrier id as deliver recorded it. */
export interface PartId {
  carrierMessageId: string;
  part: number;
}

export interface MatchedPart {
  account_id: AccountId;
  message_id: string;
  submission_id: string;
  part: number;
  parts: number;
  /**
   * The part belongs to the message's latest hand-over to a carrier: a receipt for an earlier one
   * (the message was retried since, here or elsewhere) must not change the message.
   */
  latest: boolean;
}

/**
 * Queries of the carriers module; every one takes the account id first (STYLE.md), except the two
 * a channel needs before it knows the account: the worker's list of SMPP links to hold, and the
 * receipt lookup by the carrier's own message id (the carrier id it is keyed by is the tenant's);
 * and the operator's metrics list (`…AcrossAccounts`).
 */
@Injectable()
export class CarriersRepository {
  constructor(private readonly db: DataSource) {}

  async insert(
    accountId: AccountId,
    manager: EntityManager,
    c: {
      name: string;
      kind: CarrierKind;
      enabled: boolean;
      config: Record<string, unknown>;
      secretEncrypted: string | null;
    },
  ): Promise<CarrierRow> {
    const rows = await manager.query<CarrierRow[]>(
      `INSERT INTO carriers (id, account_id, name, kind, enabled, config, secret_encrypted, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, now(), now())
       RETURNING ${CARRIER}`,
      [newId(), accountId, c.name, c.kind, c.enabled, JSON.stringify(c.config), c.secretEncrypted],
    );
    return rows[0];
  }

  list(accountId: AccountId): Promise<CarrierRow[]> {
    return this.db.query<CarrierRow[]>(
      `SELECT ${CARRIER} FROM carriers WHERE account_id = $1 ORDER BY created_at, id`,
      [accountId],
    );
  }

  /** Which of the ids are carriers of the account. */
  async ownedAmong(accountId: AccountId, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }[]>(
      'SELECT id FROM carriers WHERE account_id = $1 AND id = ANY($2::uuid[])',
      [accountId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async find(accountId: AccountId, id: string): Promise<CarrierRow | undefined> {
    const rows = await this.db.query<CarrierRow[]>(
      `SELECT ${CARRIER} FROM carriers WHERE id = $1 AND account_id = $2`,
      [id, accountId],
    );
    return rows[0];
  }

  /** The row, locked for the rest of `manager`'s transaction (an update's before-image). */
  async lock(accountId: AccountId, manager: EntityManager, id: string): Promise<CarrierRow | undefined> {
    const rows = await manager.query<CarrierRow[]>(
      `SELECT ${CARRIER} FROM carriers WHERE id = $1 AND account_id = $2 FOR UPDATE`,
      [id, accountId],
    );
    return rows[0];
  }

  async update(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    c: CarrierChanges,
  ): Promise<CarrierRow | undefined> {
    const rows = await manager.query<CarrierRow[]>(
      `WITH u AS (
       UPDATE carriers
          SET name = COALESCE($3, name),
              enabled = COALESCE($4, enabled),
              config = COALESCE($5::jsonb, config),
              secret_encrypted = CASE WHEN $6 THEN $7 ELSE secret_encrypted END,
              updated_at = now()
        WHERE id = $1 AND account_id = $2
        RETURNING ${CARRIER})
       SELECT * FROM u`,
      [
        id,
        accountId,
        c.name ?? null,
        c.enabled ?? null,
        c.config !== undefined ? JSON.stringify(c.config) : null,
        c.secretEncrypted !== undefined,
        c.secretEncrypted ?? null,
      ],
    );
    return rows[0];
  }

  async delete(accountId: AccountId, manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      'WITH d AS (DELETE FROM carriers WHERE id = $1 AND account_id = $2 RETURNING id) SELECT id FROM d',
      [id, accountId],
    );
    return rows.length > 0;
  }

  /** System-wide: the SMPP carriers a worker keeps links to. */
  enabledSmppAcrossAccounts(): Promise<CarrierRow[]> {
    return this.db.query<CarrierRow[]>(
      `SELECT ${CARRIER} FROM carriers WHERE kind = 'smpp' AND enabled ORDER BY created_at, id`,
    );
  }

  /**
   * By id alone: an HTTP carrier's DLR callback names no account until its token checks out, and a
   * delivery compares the row's account with its message's itself.
   */
  async findByIdAcrossAccounts(id: string): Promise<CarrierRow | undefined> {
    const rows = await this.db.query<CarrierRow[]>(`SELECT ${CARRIER} FROM carriers WHERE id = $1`, [id]);
    return rows[0];
  }

  /** The parts of one hand-over, in one statement; a repeated carrier id (a re-used id) points at the newest message. */
  async recordParts(accountId: AccountId, carrierId: string, messageId: string, parts: PartId[]): Promise<void> {
    if (parts.length === 0) return;
    const submissionId = newId();
    await this.db.query(
      `INSERT INTO carrier_message_ids
         (carrier_id, carrier_message_id, message_id, account_id, submission_id, part, parts, created_at)
       SELECT $1, p.id, $2, $3, $4, p.part, $5, now()
         FROM unnest($6::text[], $7::int[]) AS p(id, part)
       ON CONFLICT (carrier_id, carrier_message_id) DO UPDATE
         SET message_id = EXCLUDED.message_id, account_id = EXCLUDED.account_id, submission_id = EXCLUDED.submission_id,
             part = EXCLUDED.part, parts = EXCLUDED.parts, status = NULL, error_code = NULL, created_at = EXCLUDED.created_at`,
      [
        carrierId,
        messageId,
        accountId,
        submissionId,
        parts.length,
        parts.map((p) => p.carrierMessageId),
        parts.map((p) => p.part),
      ],
    );
  }

  /**
   * Records a part's final receipt state and answers which message it belongs to (undefined: not
   * ours), and whether that is the message's latest hand-over, in the same statement.
   */
  async markPart(
    accountId: AccountId,
    carrierId: string,
    carrierMessageId: string,
    status: string,
    errorCode: string | null,
  ): Promise<MatchedPart | undefined> {
    const rows = await this.db.query<MatchedPart[]>(
      `WITH u AS (
       UPDATE carrier_message_ids SET status = $3, error_code = $4
        WHERE carrier_id = $1 AND carrier_message_id = $2 AND account_id = $5
        RETURNING account_id, message_id, submission_id, part, parts)
       SELECT u.*, u.submission_id = (
                SELECT l.submission_id FROM carrier_message_ids l
                 WHERE l.account_id = u.account_id AND l.message_id = u.message_id
                 ORDER BY l.created_at DESC LIMIT 1) AS latest
         FROM u`,
      [carrierId, carrierMessageId, status, errorCode, accountId],
    );
    return rows[0];
  }

  /** The final states the parts of a hand-over have so far (null: no receipt yet). */
  async submissionStates(accountId: AccountId, submissionId: string): Promise<(string | null)[]> {
    const rows = await this.db.query<{ status: string | null }[]>(
      'SELECT status FROM carrier_message_ids WHERE account_id = $1 AND submission_id = $2 ORDER BY part',
      [accountId, submissionId],
    );
    return rows.map((r) => r.status);
  }

  /** The first `limit` carriers by id, of all accounts, enabled or not: the metrics' series. */
  listByIdAcrossAccounts(limit: number): Promise<{ id: string; enabled: boolean }[]> {
    const sql = 'SELECT id, enabled FROM carriers ORDER BY id LIMIT $1';
    return this.db.query<{ id: string; enabled: boolean }[]>(sql, [limit]);
  }
}
