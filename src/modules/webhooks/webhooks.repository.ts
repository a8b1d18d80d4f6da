import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { newId } from '@/common/ids.js';
import { keysetTime, type Cursor } from '@/common/pagination.js';
import type { DeliveryStatus } from './entities/webhook-delivery.entity.js';
import type { DeliveryRow, EndpointRow } from './webhook.resource.js';
import type { WebhookPayload } from './webhook-events.js';
import type { AccountId } from '@/common/account-id.js';

const ENDPOINT = `id, account_id, url, events, secret_encrypted, enabled, description, failing_since, disabled_reason,
  created_at, updated_at`;

const DELIVERY = `id, account_id, endpoint_id, url, event_type, event_id, payload, status, attempts, last_status_code,
  last_latency_ms, last_error, next_attempt_at, enqueued_at, delivered_at, created_at`;

export interface EndpointChanges {
  url?: string;
  events?: string[];
  /** null clears it; undefined leaves it. */
  description?: string | null;
  enabled?: boolean;
}

/** A delivery as the processor needs it: where to, what, and the endpoint's sealed secret. */
export interface DeliveryToSend {
  id: string;
  endpoint_id: string | null;
  target_url: string | null;
  event_type: string;
  event_id: string;
  payload: WebhookPayload;
  status: DeliveryStatus;
  attempts: number;
  secret_encrypted: string | null;
  /** The rotated-out secret while it still signs (its overlap has not expired). */
  previous_secret_encrypted: string | null;
}

export interface AttemptResult {
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
}

/** After a failed attempt: what became of the delivery and whether its endpoint has failed too long. */
export interface FailureOutcome {
  status: DeliveryStatus;
  endpointId: string | null;
  /** The endpoint is enabled and has had no success for longer than the disable limit. */
  overdue: boolean;
}

/**
 * Queries of the webhooks module; every one takes the account id first (STYLE.md), except the
 * operator's metrics count (`…AcrossAccounts`). Statements that change rows end in a SELECT, so
 * TypeORM answers the rows themselves (for an outer UPDATE or DELETE it answers `[rows, count]`).
 */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: DataSource) {}

  async insertEndpoint(
    accountId: AccountId,
    manager: EntityManager,
    e: { url: string; events: string[]; secretEncrypted: string; enabled: boolean; description: string | null },
  ): Promise<EndpointRow> {
    const rows = await manager.query<EndpointRow[]>(
      `INSERT INTO webhook_endpoints (id, account_id, url, events, secret_encrypted, enabled, description, created_at, updated_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, now(), now())
       RETURNING ${ENDPOINT}`,
      [newId(), accountId, e.url, e.events, e.secretEncrypted, e.enabled, e.description],
    );
    return rows[0];
  }

  listEndpoints(accountId: AccountId): Promise<EndpointRow[]> {
    return this.db.query<EndpointRow[]>(
      `SELECT ${ENDPOINT} FROM webhook_endpoints WHERE account_id = $1 ORDER BY created_at, id`,
      [accountId],
    );
  }

  async findEndpoint(accountId: AccountId, id: string): Promise<EndpointRow | undefined> {
    const rows = await this.db.query<EndpointRow[]>(
      `SELECT ${ENDPOINT} FROM webhook_endpoints WHERE id = $1 AND account_id = $2`,
      [id, accountId],
    );
    return rows[0];
  }

  /** Re-enabling forgets the failure record; the previous row comes back too, for the audit diff. */
  async updateEndpoint(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    c: EndpointChanges,
  ): Promise<{ before: EndpointRow; after: EndpointRow } | undefined> {
    const before = await manager.query<EndpointRow[]>(
      `SELECT ${ENDPOINT} FROM webhook_endpoints WHERE id = $1 AND account_id = $2 FOR UPDATE`,
      [id, accountId],
    );
    if (before.length === 0) return undefined;
    const after = await manager.query<EndpointRow[]>(
      `WITH u AS (
       UPDATE webhook_endpoints
          SET url = COALESCE($3, url),
              events = COALESCE($4::text[], events),
              description = CASE WHEN $5 THEN $6 ELSE description END,
              enabled = COALESCE($7, enabled),
              failing_since = CASE WHEN $7 IS TRUE AND NOT enabled THEN NULL ELSE failing_since END,
              disabled_reason = CASE WHEN $7 IS TRUE THEN NULL ELSE disabled_reason END,
              updated_at = now()
        WHERE id = $1 AND account_id = $2
        RETURNING ${ENDPOINT})
       SELECT * FROM u`,
      [
        id,
        accountId,
        c.url ?? null,
        c.events ?? null,
        c.description !== undefined,
        c.description ?? null,
        c.enabled ?? null,
      ],
    );
    return { before: before[0], after: after[0] };
  }

  async deleteEndpoint(accountId: AccountId, manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query<{ id: string }[]>(
      'WITH d AS (DELETE FROM webhook_endpoints WHERE id = $1 AND account_id = $2 RETURNING id) SELECT id FROM d',
      [id, accountId],
    );
    return rows.length > 0;
  }

  async setSecret(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    secretEncrypted: string,
    keepPreviousForHours = 0,
  ): Promise<EndpointRow | undefined> {
    // SET reads the row as it was: the previous secret is the one being replaced.
    const rows = await manager.query<EndpointRow[]>(
      `WITH u AS (
         UPDATE webhook_endpoints
            SET secret_encrypted = $3, updated_at = now(),
                previous_secret_encrypted = CASE WHEN $4::float8 > 0 THEN secret_encrypted END,
                previous_secret_expires_at = CASE WHEN $4::float8 > 0 THEN now() + $4::float8 * interval '1 hour' END
          WHERE id = $1 AND account_id = $2 RETURNING ${ENDPOINT})
       SELECT * FROM u`,
      [id, accountId, secretEncrypted, keepPreviousForHours],
    );
    return rows[0];
  }

  /**
   * Disables an endpoint that is still enabled; answers the row as it was, or undefined when it was
   * already disabled (or gone), so only one caller records the change.
   */
  async disableEndpoint(
    accountId: AccountId,
    manager: EntityManager,
    id: string,
    reason: string | null,
  ): Promise<EndpointRow | undefined> {
    const rows = await manager.query<EndpointRow[]>(
      `WITH u AS (
         UPDATE webhook_endpoints SET enabled = false, disabled_reason = $3, updated_at = now()
          WHERE id = $1 AND account_id = $2 AND enabled
          RETURNING ${ENDPOINT})
       SELECT * FROM u`,
      [id, accountId, reason],
    );
    return rows[0];
  }

  /** A disabled endpoint gets nothing more: what was still pending for it fails (it can be re-delivered). */
  async failPending(accountId: AccountId, manager: EntityManager, endpointId: string): Promise<void> {
    await manager.query(
      `UPDATE webhook_deliveries
          SET status = 'failed', enqueued_at = NULL,
              last_error = COALESCE(last_error, 'the endpoint was disabled before this was delivered')
        WHERE endpoint_id = $1 AND account_id = $2 AND status = 'pending'`,
      [endpointId, accountId],
    );
  }

  /** A delivery written from TypeScript (test events, re-deliveries), due at once. */
  async insertDelivery(
    accountId: AccountId,
    d: { endpointId: string | null; url: string | null; eventType: string; eventId: string; payload: WebhookPayload },
  ): Promise<DeliveryRow> {
    const rows = await this.db.query<DeliveryRow[]>(
      `INSERT INTO webhook_deliveries (id, account_id, endpoint_id, url, event_type, event_id, payload, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now(), now())
       RETURNING ${DELIVERY}`,
      [newId(), accountId, d.endpointId, d.url, d.eventType, d.eventId, JSON.stringify(d.payload)],
    );
    return rows[0];
  }

  async findDelivery(accountId: AccountId, id: string): Promise<DeliveryRow | undefined> {
    const rows = await this.db.query<DeliveryRow[]>(
      `SELECT ${DELIVERY} FROM webhook_deliveries WHERE id = $1 AND account_id = $2`,
      [id, accountId],
    );
    return rows[0];
  }

  /** An endpoint's log, newest first, on the index (endpoint_id, created_at, id). */
  async listDeliveries(
    accountId: AccountId,
    endpointId: string,
    f: { status?: DeliveryStatus; after?: Cursor; limit: number },
  ): Promise<{ row: DeliveryRow; t: string }[]> {
    const params: unknown[] = [endpointId, accountId];
    let where = 'endpoint_id = $1 AND account_id = $2';
    if (f.status !== undefined) {
      params.push(f.status);
      where += ` AND status = $${params.length}`;
    }
    if (f.after) {
      params.push(f.after.t, f.after.id);
      where += ` AND (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(f.limit);
    const rows = await this.db.query<(DeliveryRow & { keyset_t: string })[]>(
      `SELECT ${DELIVERY}, ${keysetTime('created_at')} AS keyset_t FROM webhook_deliveries
        WHERE ${where}
        ORDER BY created_at DESC, id DESC
        LIMIT $${params.length}`,
      params,
    );
    return rows.map(({ keyset_t, ...row }) => ({ row, t: keyset_t }));
  }

  async toSend(accountId: AccountId, id: string): Promise<DeliveryToSend | undefined> {
    const rows = await this.db.query<DeliveryToSend[]>(
      `SELECT d.id, d.endpoint_id, COALESCE(e.url, d.url) AS target_url, d.event_type, d.event_id, d.payload,
              d.status, d.attempts, e.secret_encrypted,
              CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_encrypted END AS previous_secret_encrypted
         FROM webhook_deliveries d
         LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.account_id = d.account_id
        WHERE d.id = $1 AND d.account_id = $2`,
      [id, accountId],
    );
    return rows[0];
  }

  /**
   * Records a 2xx and clears the endpoint's failure record, in one statement. Only the attempt that
   * was claimed counts (`attempts = attempt`), so a duplicate job cannot record twice.
   */
  async recordSuccess(accountId: AccountId, id: string, attempt: number, r: AttemptResult): Promise<boolean> {
    const rows = await this.db.query<{ ok: boolean }[]>(
      `WITH d AS (
         UPDATE webhook_deliveries
            SET status = 'delivered', attempts = attempts + 1, last_status_code = $4, last_latency_ms = $5,
                last_error = NULL, delivered_at = now(), enqueued_at = NULL
          WHERE id = $1 AND account_id = $2 AND status = 'pending' AND attempts = $3
          RETURNING endpoint_id),
       e AS (
         UPDATE webhook_endpoints SET failing_since = NULL
          WHERE id = (SELECT endpoint_id FROM d) AND account_id = $2 AND failing_since IS NOT NULL)
       SELECT EXISTS (SELECT 1 FROM d) AS ok`,
      [id, accountId, attempt, r.statusCode, r.latencyMs],
    );
    return rows[0].ok;
  }

  /**
   * Records a failed attempt: the next one after `retryInMs`, or `failed` when that would fall past
   * the retry window (or `permanent`). The endpoint's failure record starts with its first failure.
   * Undefined when this attempt was recorded already.
   */
  async recordFailure(
    accountId: AccountId,
    id: string,
    attempt: number,
    r: AttemptResult,
    policy: { retryInMs: number; retryHours: number; disableAfterHours: number; permanent: boolean },
  ): Promise<FailureOutcome | undefined> {
    const rows = await this.db.query<{ status: DeliveryStatus; endpoint_id: string | null; overdue: boolean | null }[]>(
      `WITH d AS (
         UPDATE webhook_deliveries
            SET attempts = attempts + 1, last_status_code = $4, last_latency_ms = $5, last_error = $6,
                enqueued_at = NULL,
                next_attempt_at = now() + make_interval(secs => $7 / 1000.0),
                status = CASE
                  WHEN $8 OR now() + make_interval(secs => $7 / 1000.0) > created_at + make_interval(secs => $9 * 3600.0)
                  THEN 'failed' ELSE 'pending' END
          WHERE id = $1 AND account_id = $2 AND status = 'pending' AND attempts = $3
          RETURNING endpoint_id, status),
       e AS (
         UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, now())
          WHERE id = (SELECT endpoint_id FROM d) AND account_id = $2
          RETURNING enabled AND failing_since < now() - make_interval(secs => $10 * 3600.0) AS overdue)
       SELECT d.status, d.endpoint_id, (SELECT overdue FROM e) AS overdue FROM d`,
      [
        id,
        accountId,
        attempt,
        r.statusCode,
        r.latencyMs,
        r.error,
        policy.retryInMs,
        policy.permanent,
        policy.retryHours,
        policy.disableAfterHours,
      ],
    );
    if (rows.length === 0) return undefined;
    return { status: rows[0].status, endpointId: rows[0].endpoint_id, overdue: rows[0].overdue === true };
  }

  /** Deliveries created in the last hour by status, of all accounts: the metrics' gauge. */
  async countLastHourByStatusAcrossAccounts(): Promise<{ status: string; n: number }[]> {
    const rows = await this.db.query<{ status: string; n: string }[]>(
      `SELECT status, count(*) AS n FROM webhook_deliveries
        WHERE created_at > now() - interval '1 hour'
        GROUP BY status`,
    );
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }
}

/**
 * The relay's and the retention's queries: across all accounts by design (they move or prune every
 * tenant's deliveries the same way and return nothing to any caller), like the messages sweeps.
 */
@Injectable()
export class WebhookRelayRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims due deliveries for the queue, lane by lane: a lane (an endpoint; an account's per-message
   * callbacks share one) gets at most `laneCap` deliveries in flight and an account at most
   * `accountCap` over all its lanes, so a slow receiver holds only its own lane's requests and
   * everyone else's go out beside it. The claim moves `next_attempt_at` a lease ahead: if the job is
   * lost (the process died before adding it, Redis lost it), the delivery comes due again then, and
   * stops counting as in flight. One relay claims at a time (a transaction-scoped advisory lock), so
   * two workers cannot both see a lane idle and fill it twice; the other skips its pass.
   */
  claimDue(
    limits: { batch: number; laneCap: number; accountCap: number },
    leaseSeconds: number,
  ): Promise<{ id: string; account_id: AccountId; attempts: number; traceparent: string | null }[]> {
    return this.db.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext('webhook-relay-claim')) AS locked`,
      );
      if (!locked) return [];
      return manager.query(
        `WITH RECURSIVE lanes(lane) AS (
           (SELECT COALESCE(endpoint_id, account_id) FROM webhook_deliveries
             WHERE status = 'pending' ORDER BY 1 LIMIT 1)
           UNION ALL
           SELECT (SELECT COALESCE(d.endpoint_id, d.account_id) FROM webhook_deliveries d
                    WHERE d.status = 'pending' AND COALESCE(d.endpoint_id, d.account_id) > l.lane
                    ORDER BY 1 LIMIT 1)
             FROM lanes l WHERE l.lane IS NOT NULL),
         busy AS (
           SELECT account_id, COALESCE(endpoint_id, account_id) AS lane, count(*)::int AS n
             FROM webhook_deliveries
            WHERE status = 'pending' AND enqueued_at IS NOT NULL AND next_attempt_at > now()
            GROUP BY 1, 2),
         picks AS (
           SELECT p.id, p.account_id, p.next_attempt_at
             FROM lanes l
            CROSS JOIN LATERAL (
              SELECT d.id, d.account_id, d.next_attempt_at FROM webhook_deliveries d
               WHERE d.status = 'pending' AND COALESCE(d.endpoint_id, d.account_id) = l.lane
                 AND d.next_attempt_at <= now()
               ORDER BY d.next_attempt_at
               LIMIT GREATEST(0, $2 - COALESCE((SELECT sum(b.n) FROM busy b WHERE b.lane = l.lane), 0))) p
            WHERE l.lane IS NOT NULL),
         ranked AS (
           SELECT p.id, p.next_attempt_at,
                  row_number() OVER (PARTITION BY p.account_id ORDER BY p.next_attempt_at)
                    + COALESCE((SELECT sum(b.n) FROM busy b WHERE b.account_id = p.account_id), 0) AS used
             FROM picks p),
         chosen AS (
           SELECT id FROM ranked WHERE used <= $3 ORDER BY next_attempt_at LIMIT $1),
         u AS (
           UPDATE webhook_deliveries d
              SET enqueued_at = now(), next_attempt_at = now() + make_interval(secs => $4)
             FROM chosen WHERE d.id = chosen.id AND d.status = 'pending'
           RETURNING d.id, d.account_id, d.attempts, d.traceparent)
         SELECT * FROM u`,
        [limits.batch, limits.laneCap, limits.accountCap, leaseSeconds],
      );
    });
  }

  /**
   * Deletes up to `limit` finished deliveries (delivered or failed; never pending) created before
   * `before`, answering how many. created_at decides; `beforeId` (the smallest UUIDv7 of that
   * millisecond: delivery ids are UUIDv7) only lets the primary key find the candidates, so each
   * batch is an index range scan.
   */
  async deleteFinishedBefore(beforeId: string, before: Date, limit: number): Promise<number> {
    // The outer command is a SELECT, so TypeORM answers the rows themselves.
    const [{ n }] = await this.db.query<{ n: number }[]>(
      `WITH d AS (
         DELETE FROM webhook_deliveries WHERE id IN (
           SELECT id FROM webhook_deliveries
            WHERE id < $1 AND created_at < $2 AND status <> 'pending'
            ORDER BY id LIMIT $3)
         RETURNING id)
       SELECT count(*)::int AS n FROM d`,
      [beforeId, before, limit],
    );
    return n;
  }
}
