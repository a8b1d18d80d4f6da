import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetTime, type Cursor } from '@/common/pagination.js';
import { messageOutcomesSql, otherCampaignMessageBetweenSql } from '@/modules/messages/messages.sql.js';
import { isSuppressedSql, keywordStopSql } from '@/modules/suppression/suppression.sql.js';
import type { CampaignState, RecipientState } from './campaign-state.js';
import type { ImportErrorRow, ImportStats, RecipientRow } from './recipients-import.js';
import type { AccountId } from '@/common/account-id.js';

export interface CampaignRow {
  id: string;
  account_id: AccountId;
  name: string;
  state: CampaignState;
  template_id: string | null;
  body: string;
  defaults: Record<string, string>;
  from: string | null;
  device_id: string | null;
  sim_slot: number | null;
  start_at: Date | null;
  quiet_start: number | null;
  quiet_end: number | null;
  pace: number | null;
  import_id: string | null;
  import_stats: Omit<ImportStats, 'zones'> | null;
  zones: string[];
  paced_at: Date | null;
  launched_at: Date | null;
  finished_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export type NewCampaign = Pick<
  CampaignRow,
  | 'id'
  | 'name'
  | 'template_id'
  | 'body'
  | 'defaults'
  | 'from'
  | 'device_id'
  | 'sim_slot'
  | 'start_at'
  | 'quiet_start'
  | 'quiet_end'
  | 'pace'
  | 'created_by'
>;

/** A recipient the pump took: what its message is made of. */
export interface ClaimedRecipient {
  line: number;
  phone: string;
  variables: Record<string, string> | null;
}

/** Per recipient state, and per status of the messages made. */
export interface CampaignTallies {
  recipients: Partial<Record<RecipientState, number>>;
  messages: Record<string, number>;
  optedOut: number;
}

/** A line of the results export. */
export interface ResultRow {
  line: number;
  phone: string;
  state: string;
  error_code: string | null;
  message_id: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  opted_out: boolean;
}

const COLUMNS = `id, account_id, name, state, template_id, body, defaults, "from", device_id, sim_slot, start_at,
  quiet_start, quiet_end, pace, import_id, import_stats, zones, paced_at, launched_at, finished_at, created_by,
  created_at, updated_at`;

/**
 * A STOP (a `keyword` suppression) counts against the campaign whose message reached the number
 * last before it: after this recipient's message, and before any other campaign's message to the
 * number. `r` is a campaign_recipients row, `m` its message (messageOutcomesSql).
 */
const OPTED_OUT = `EXISTS (
  SELECT 1 FROM (${keywordStopSql('r.account_id', 'r.phone')}) s
   WHERE s.created_at > m.created_at
     AND NOT ${otherCampaignMessageBetweenSql({
       accountId: 'r.account_id',
       phone: 'r.phone',
       campaignId: 'r.campaign_id',
       after: 'm.created_at',
       before: 's.created_at',
     })})`;

/**
 * Queries of the campaigns. Every method of the API's side takes the account id first (STYLE.md);
 * the pump's (`active`, `lockForPump`, `claim`, …) are cross-account by design, each named so, and
 * work on a campaign the pump has locked.
 */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(accountId: AccountId, manager: EntityManager, c: NewCampaign): Promise<CampaignRow> {
    const rows = await manager.query<CampaignRow[]>(
      `INSERT INTO campaigns (id, account_id, name, state, template_id, body, defaults, "from", device_id, sim_slot,
                              start_at, quiet_start, quiet_end, pace, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, 'draft', $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13, $14, now(), now())
       RETURNING ${COLUMNS}`,
      [
        c.id,
        accountId,
        c.name,
        c.template_id,
        c.body,
        JSON.stringify(c.defaults),
        c.from,
        c.device_id,
        c.sim_slot,
        c.start_at,
        c.quiet_start,
        c.quiet_end,
        c.pace,
        c.created_by,
      ],
    );
    return rows[0];
  }

  /** With `manager`, locked for the transaction. */
  async find(accountId: AccountId, id: string, manager?: EntityManager): Promise<CampaignRow | undefined> {
    const rows = await (manager ?? this.db).query<CampaignRow[]>(
      `SELECT ${COLUMNS} FROM campaigns WHERE id = $1 AND account_id = $2${manager ? ' FOR UPDATE' : ''}`,
      [id, accountId],
    );
    return rows[0];
  }

  /** Newest first, a keyset page. */
  async list(
    accountId: AccountId,
    after: Cursor | undefined,
    limit: number,
  ): Promise<{ row: CampaignRow; t: string }[]> {
    const params: unknown[] = [accountId, limit];
    let where = 'account_id = $1';
    if (after) {
      params.push(after.t, after.id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    const rows = await this.db.query<(CampaignRow & { keyset_t: string })[]>(
      `SELECT ${COLUMNS}, ${keysetTime('created_at')} AS keyset_t FROM campaigns
        WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return rows.map(({ keyset_t, ...row }) => ({ row, t: keyset_t }));
  }

  /** Moves the campaign from one of `from` to `to` (with `set`, SQL assignments); undefined when it was in none of them. */
  async setState(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    from: readonly CampaignState[],
    to: CampaignState,
    set = '',
  ): Promise<CampaignRow | undefined> {
    const rows = await manager.query<CampaignRow[]>(
      // In a CTE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
      `WITH u AS (
         UPDATE campaigns SET state = $3, updated_at = now()${set ? `, ${set}` : ''}
          WHERE id = $1 AND account_id = $2 AND state = ANY($4::text[])
          RETURNING ${COLUMNS})
       SELECT * FROM u`,
      [id, accountId, to, from],
    );
    return rows[0];
  }

  // ---- import ----

  /**
   * Distinct numbers of one import (the sink of RecipientImport); a number the import has already
   * is not written and its line is answered as a duplicate. A number on the opt-out list is written
   * as `suppressed`.
   */
  async insertRecipients(
    accountId: AccountId,
    campaignId: string,
    importId: string,
    rows: RecipientRow[],
  ): Promise<{ suppressed: number; duplicateLines: number[] }> {
    const written = await this.db.query<{ line: number; state: RecipientState }[]>(
      `INSERT INTO campaign_recipients (import_id, line, campaign_id, account_id, phone, zone, variables, state)
       SELECT $1, t.line, $2, $3, t.phone, t.zone, t.variables,
              CASE WHEN ${isSuppressedSql('$3', 't.phone')} THEN 'suppressed' ELSE 'pending' END
         FROM unnest($4::int[], $5::text[], $6::text[], $7::jsonb[]) AS t(line, phone, zone, variables)
       ON CONFLICT (import_id, phone) DO NOTHING
       RETURNING line, state`,
      [
        importId,
        campaignId,
        accountId,
        rows.map((r) => r.line),
        rows.map((r) => r.phone),
        rows.map((r) => r.zone),
        rows.map((r) => (r.variables ? JSON.stringify(r.variables) : null)),
      ],
    );
    const taken = new Set(written.map((w) => w.line));
    return {
      suppressed: written.filter((w) => w.state === 'suppressed').length,
      duplicateLines: rows.filter((r) => !taken.has(r.line)).map((r) => r.line),
    };
  }

  /** The import's refused rows, for a campaign of the account (none are written for another account's). */
  async insertErrors(
    accountId: AccountId,
    campaignId: string,
    importId: string,
    rows: ImportErrorRow[],
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO campaign_import_errors (import_id, line, campaign_id, value, code, message)
       SELECT $1, t.line, c.id, t.value, t.code, t.message
         FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS t(line, value, code, message)
         JOIN campaigns c ON c.id = $2 AND c.account_id = $7
       ON CONFLICT DO NOTHING`,
      [
        importId,
        campaignId,
        rows.map((r) => r.line),
        rows.map((r) => r.value),
        rows.map((r) => r.code),
        rows.map((r) => r.message),
        accountId,
      ],
    );
  }

  /** Puts an import in force; answers the one it replaced. */
  async useImport(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    importId: string,
    stats: ImportStats,
  ): Promise<string | null> {
    const { zones, ...counts } = stats;
    const rows = await manager.query<{ previous: string | null }[]>(
      `WITH u AS (
         UPDATE campaigns c SET import_id = $3, import_stats = $4::jsonb, zones = $5::text[], updated_at = now()
           FROM (SELECT import_id AS previous FROM campaigns WHERE id = $1 AND account_id = $2) p
          WHERE c.id = $1 AND c.account_id = $2
          RETURNING p.previous)
       SELECT previous FROM u`,
      [id, accountId, importId, JSON.stringify(counts), zones],
    );
    return rows[0]?.previous ?? null;
  }

  /** Drops an import's rows (a failed or replaced one). */
  async dropImport(accountId: AccountId, importId: string): Promise<void> {
    await this.db.query('DELETE FROM campaign_recipients WHERE import_id = $1 AND account_id = $2', [
      importId,
      accountId,
    ]);
    await this.db.query(
      `DELETE FROM campaign_import_errors e USING campaigns c
        WHERE e.import_id = $1 AND c.id = e.campaign_id AND c.account_id = $2`,
      [importId, accountId],
    );
  }

  /** The first rows refused by the import in force, by line. */
  importErrors(accountId: AccountId, id: string, limit: number): Promise<ImportErrorRow[]> {
    return this.db.query<ImportErrorRow[]>(
      `SELECT e.line, e.value, e.code, e.message FROM campaign_import_errors e
         JOIN campaigns c ON c.import_id = e.import_id AND c.id = e.campaign_id
        WHERE c.id = $1 AND c.account_id = $2 ORDER BY e.line LIMIT $3`,
      [id, accountId, limit],
    );
  }

  // ---- counts and results ----

  /** Per recipient state, and the recipients who replied STOP after their message (the messages' counts: MessagesRepository). */
  async tallies(
    accountId: AccountId,
    c: { id: string; import_id: string | null },
  ): Promise<Omit<CampaignTallies, 'messages'>> {
    if (!c.import_id) return { recipients: {}, optedOut: 0 };
    const [recipients, optedOut] = await Promise.all([
      this.db.query<{ state: RecipientState; n: string }[]>(
        `SELECT state, count(*) AS n FROM campaign_recipients WHERE import_id = $1 AND account_id = $2 GROUP BY state`,
        [c.import_id, accountId],
      ),
      this.db.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM campaign_recipients r
           JOIN (${messageOutcomesSql()}) m ON m.id = r.message_id AND m.account_id = r.account_id
          WHERE r.import_id = $1 AND r.account_id = $2 AND r.message_id IS NOT NULL AND ${OPTED_OUT}`,
        [c.import_id, accountId],
      ),
    ]);
    return {
      recipients: Object.fromEntries(recipients.map((r) => [r.state, Number(r.n)])),
      optedOut: Number(optedOut[0].n),
    };
  }

  /**
   * One page of the results, by line: each recipient (its message's status, or its own state) and
   * each refused row of the import (its code as the state).
   */
  resultsPage(accountId: AccountId, importId: string, afterLine: number, limit: number): Promise<ResultRow[]> {
    return this.db.query<ResultRow[]>(
      `SELECT * FROM (
         SELECT r.line, r.phone, COALESCE(m.status, r.state) AS state, COALESCE(m.error_code, r.error_code) AS error_code,
                r.message_id, m.sent_at, m.delivered_at, (m.id IS NOT NULL AND ${OPTED_OUT}) AS opted_out
           FROM campaign_recipients r
           LEFT JOIN (${messageOutcomesSql()}) m ON m.id = r.message_id AND m.account_id = r.account_id
          WHERE r.import_id = $1 AND r.account_id = $2 AND r.line > $3
          ORDER BY r.line LIMIT $4) a
       UNION ALL
       SELECT * FROM (
         SELECT e.line, e.value, CASE WHEN e.code = 'DUPLICATE' THEN 'duplicate' ELSE 'invalid' END, e.code,
                NULL::uuid, NULL::timestamptz, NULL::timestamptz, false
           FROM campaign_import_errors e
          WHERE e.import_id = $1 AND e.line > $3
            AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = e.campaign_id AND c.account_id = $2)
          ORDER BY e.line LIMIT $4) b
       ORDER BY line LIMIT $4`,
      [importId, accountId, afterLine, limit],
    );
  }

  // ---- cancel ----

  /** Recipients still waiting will get no message. */
  async cancelPending(accountId: AccountId, manager: EntityManager, c: CampaignRow): Promise<void> {
    if (!c.import_id) return;
    await manager.query(
      `UPDATE campaign_recipients SET state = 'canceled' WHERE import_id = $1 AND account_id = $2 AND state = 'pending'`,
      [c.import_id, accountId],
    );
  }
}

/**
 * The pump's queries: cross-account by design (it works every tenant's running campaigns alike and
 * answers no caller), each on a campaign the pump has locked, whose row carries its account.
 */
@Injectable()
export class CampaignPumpRepository {
  constructor(private readonly db: DataSource) {}

  /** Campaigns with work for the pump: scheduled ones now due, and running ones. */
  active(): Promise<{ id: string; account_id: AccountId; state: CampaignState }[]> {
    return this.db.query(
      `SELECT id, account_id, state FROM campaigns
        WHERE state = 'running' OR (state = 'scheduled' AND (start_at IS NULL OR start_at <= now()))`,
    );
  }

  /** The campaign, locked, when it is running and no other pump holds it; undefined otherwise. */
  async lockForPump(manager: EntityManager, id: string): Promise<CampaignRow | undefined> {
    const rows = await manager.query<CampaignRow[]>(
      `SELECT ${COLUMNS} FROM campaigns WHERE id = $1 AND state = 'running' FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows[0];
  }

  /** A scheduled campaign whose start has come starts running. */
  async startDue(id: string): Promise<void> {
    await this.db.query(
      `UPDATE campaigns SET state = 'running', paced_at = now(), updated_at = now()
        WHERE id = $1 AND state = 'scheduled' AND (start_at IS NULL OR start_at <= now())`,
      [id],
    );
  }

  /** The next pending recipients of the open zones, in file order, locked for the transaction. */
  claim(manager: EntityManager, c: CampaignRow, zones: string[], limit: number): Promise<ClaimedRecipient[]> {
    return manager.query<ClaimedRecipient[]>(
      `SELECT line, phone, variables FROM campaign_recipients
        WHERE import_id = $1 AND account_id = $2 AND state = 'pending' AND zone = ANY($3::text[])
        ORDER BY line LIMIT $4
        FOR UPDATE SKIP LOCKED`,
      [c.import_id, c.account_id, zones, limit],
    );
  }

  /** Each claimed recipient's outcome: its message, or why it has none. */
  async settle(
    manager: EntityManager,
    c: CampaignRow,
    outcomes: { line: number; state: RecipientState; messageId: string | null; errorCode: string | null }[],
  ): Promise<void> {
    if (outcomes.length === 0) return;
    await manager.query(
      `UPDATE campaign_recipients r SET state = t.state, message_id = t.message_id, error_code = t.error_code
         FROM unnest($3::int[], $4::text[], $5::uuid[], $6::text[]) AS t(line, state, message_id, error_code)
        WHERE r.import_id = $1 AND r.account_id = $2 AND r.line = t.line`,
      [
        c.import_id,
        c.account_id,
        outcomes.map((o) => o.line),
        outcomes.map((o) => o.state),
        outcomes.map((o) => o.messageId),
        outcomes.map((o) => o.errorCode),
      ],
    );
  }

  async setPacedAt(manager: EntityManager, c: CampaignRow, at: Date): Promise<void> {
    await manager.query('UPDATE campaigns SET paced_at = $2 WHERE id = $1', [c.id, at]);
  }

  /** Whether any recipient still waits for its turn. */
  async hasPending(manager: EntityManager, c: CampaignRow): Promise<boolean> {
    const rows = await manager.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM campaign_recipients WHERE import_id = $1 AND account_id = $2 AND state = 'pending') AS any`,
      [c.import_id, c.account_id],
    );
    return rows[0].any;
  }
}
