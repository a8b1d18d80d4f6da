import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { activeTraceparent } from '@/common/trace.js';
import { isSuppressedSql } from '@/modules/suppression/suppression.sql.js';
import { DeadLetterEntity } from './entities/dead-letter.entity.js';
import type { StoredBatchResult } from './entities/idempotency-key.entity.js';
import { InboundMessageEntity } from './entities/inbound-message.entity.js';
import { MessageEventEntity, type EventSource } from './entities/message-event.entity.js';
import { MessageEntity } from './entities/message.entity.js';
import { IDEMPOTENCY_WINDOW_HOURS } from './idempotency.js';
import { allowedPredecessors, type MessageStatus } from './message-status.js';
import type { AccountId } from '@/common/account-id.js';

export interface Transition {
  next: MessageStatus;
  at: Date;
  source: EventSource;
  deviceId?: string | null;
  carrierId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** A status report to apply (MessagesRepository.applyReports): the rules of `transition` for a report. */
export interface ReportWrite {
  accountId: AccountId;
  id: string;
  next: MessageStatus;
  at: Date;
  source: EventSource;
  /** A phone's report: only while the message is assigned to this device (and its event names it). */
  deviceId: string | null;
  /** A carrier's receipt: only while the message is handed to this carrier (`sending` or `sent`). */
  carrierId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** The trace of the report: its event and webhook continue it. */
  traceparent: string | null;
}

/**
 * What a report did: moved the message (`changed`), or nothing, either to a message the reporting
 * device holds (`held`: a duplicate or late report) or to one it does not (`none`).
 */
export type ReportOutcome = 'changed' | 'held' | 'none';

/** Statuses whose report carries the error code and message onto the message. */
const ERROR_STATUSES = `('failed', 'undelivered', 'rejected', 'expired')`;

/** What a key was first used for: a single send's message, or a batch's results (no message). */
export interface IdempotencyKeyRow {
  requestHash: string;
  messageId: string | null;
  results: StoredBatchResult[] | null;
}

export type InsertOutcome = { inserted: true } | { inserted: false; requestHash: string; messageId: string | null };

const MESSAGE_COLUMNS = `id, account_id, "to", "from", body, status, segments, encoding, priority, requested_device_id,
  sim_slot, requested_sim_slot, attempts, send_at, expires_at, created_at, updated_at, metadata, callback_url,
  client_reference, template_id, campaign_id, sent_by`;

/** Column arrays for `unnest`: one round trip inserts any number of messages. */
function columnsOf(accountId: AccountId, messages: MessageEntity[]): unknown[] {
  return [
    messages.map((m) => m.id),
    messages.map(() => accountId),
    messages.map((m) => m.to),
    messages.map((m) => m.from),
    messages.map((m) => m.body),
    messages.map((m) => m.status),
    messages.map((m) => m.segments),
    messages.map((m) => m.encoding),
    messages.map((m) => m.priority),
    messages.map((m) => m.requestedDeviceId),
    messages.map((m) => m.simSlot),
    messages.map((m) => m.requestedSimSlot),
    messages.map((m) => m.sendAt),
    messages.map((m) => m.expiresAt),
    messages.map((m) => m.createdAt),
    messages.map((m) => (m.metadata === null ? null : JSON.stringify(m.metadata))),
    messages.map((m) => m.callbackUrl),
    messages.map((m) => m.clientReference),
    messages.map((m) => m.templateId),
    messages.map((m) => m.campaignId),
    messages.map((m) => m.sentBy),
  ];
}

const UNNEST_ARGS = `$1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::smallint[], $8::text[],
  $9::text[], $10::uuid[], $11::smallint[], $12::smallint[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
  $16::jsonb[], $17::text[], $18::text[], $19::uuid[], $20::uuid[], $21::text[]`;
const UNNEST_COLUMNS = `id, account_id, "to", "from", body, status, segments, encoding, priority, requested_device_id, sim_slot,
       requested_sim_slot, send_at, expires_at, created_at, metadata, callback_url, client_reference, template_id,
       campaign_id, sent_by`;
const UNNEST = `unnest(${UNNEST_ARGS}) AS t(${UNNEST_COLUMNS})`;

/** The messages' rows from `t` (an UNNEST), for INSERT INTO messages (MESSAGE_COLUMNS). */
const INSERT_SELECT = `SELECT t.id, t.account_id, t."to", t."from", t.body, t.status, t.segments, t.encoding, t.priority,
                  t.requested_device_id, t.sim_slot, t.requested_sim_slot, 0, t.send_at, t.expires_at, t.created_at, t.created_at, t.metadata,
                  t.callback_url, t.client_reference, t.template_id, t.campaign_id, t.sent_by`;

const SELECT_MESSAGE = `id, account_id, "to", "from", body, status, error_code, error_message, segments, encoding, priority,
  device_id, requested_device_id, carrier_id, route_id, sim_slot, requested_sim_slot, attempts, send_at, expires_at, created_at, updated_at, sent_at,
  delivered_at, metadata, callback_url, client_reference, template_id, campaign_id, sent_by`;

interface MessageRow {
  id: string;
  account_id: AccountId;
  to: string;
  from: string | null;
  body: string;
  status: MessageEntity['status'];
  error_code: string | null;
  error_message: string | null;
  segments: number;
  encoding: MessageEntity['encoding'];
  priority: MessageEntity['priority'];
  device_id: string | null;
  requested_device_id: string | null;
  carrier_id: string | null;
  route_id: string | null;
  sim_slot: number | null;
  requested_sim_slot: number | null;
  attempts: number;
  send_at: Date | null;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  metadata: Record<string, unknown> | null;
  callback_url: string | null;
  client_reference: string | null;
  template_id: string | null;
  campaign_id: string | null;
  sent_by: string | null;
}

/** A message a group assignment made `sending`: its id, the phone or carrier it went to, its attempt. */
type AssignedRow = { message_id: string; target_id: string; attempts: number };

/**
 * Each item's answer to a group assignment, in the order given: the attempt number, or undefined
 * when its message was not assigned to the phone or carrier it asked for. The first asker for a
 * message takes the answer; a second one for the same message gets none.
 */
function attemptsPerItem(
  items: readonly { id: string; deviceId: string | null; carrierId: string | null }[],
  rows: readonly AssignedRow[],
): (number | undefined)[] {
  const assigned = new Map(rows.map((r) => [r.message_id, r]));
  return items.map((a) => {
    const row = assigned.get(a.id);
    if (!row || row.target_id !== (a.deviceId ?? a.carrierId)) return undefined;
    assigned.delete(a.id);
    return row.attempts;
  });
}

function fromRow(r: MessageRow): MessageEntity {
  return Object.assign(new MessageEntity(), {
    id: r.id,
    accountId: r.account_id,
    to: r.to,
    from: r.from,
    body: r.body,
    status: r.status,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    segments: r.segments,
    encoding: r.encoding,
    priority: r.priority,
    deviceId: r.device_id,
    requestedDeviceId: r.requested_device_id,
    carrierId: r.carrier_id,
    routeId: r.route_id,
    simSlot: r.sim_slot,
    requestedSimSlot: r.requested_sim_slot,
    attempts: r.attempts,
    sendAt: r.send_at,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    deliveredAt: r.delivered_at,
    metadata: r.metadata,
    callbackUrl: r.callback_url,
    clientReference: r.client_reference,
    templateId: r.template_id,
    campaignId: r.campaign_id,
    sentBy: r.sent_by,
  } satisfies MessageEntity);
}

/**
 * Queries of the messages module. Every method takes the account id first, so a query without a
 * tenant does not compile (STYLE.md); the cross-tenant sweeps live in
 * MessageSweepsRepository (`…AcrossAccounts`).
 */
@Injectable()
export class MessagesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Messages and their first events in one statement. With an idempotency key, the key row is
   * inserted first and the messages only if it was new (`insertUnderKey`).
   */
  async insert(
    accountId: AccountId,
    messages: MessageEntity[],
    idempotency?: { key: string; hash: string },
  ): Promise<InsertOutcome> {
    if (messages.length === 0) return { inserted: true };
    if (!idempotency) {
      await this.db.query(
        `WITH m AS (
           INSERT INTO messages (${MESSAGE_COLUMNS})
           ${INSERT_SELECT}
             FROM ${UNNEST}
           RETURNING id, account_id, status, created_at)
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt)
         SELECT id, account_id, status, created_at, 'api', 0 FROM m`,
        columnsOf(accountId, messages),
      );
      return { inserted: true };
    }
    if (await this.insertUnderKey(accountId, messages, { ...idempotency, results: null })) return { inserted: true };
    const { requestHash, messageId } = await this.keyTaken(accountId, idempotency.key);
    return { inserted: false, requestHash, messageId };
  }

  /**
   * A batch under an `Idempotency-Key`: `insert`'s statement with each item's outcome in the key
   * row. When the key is taken (within the window) nothing is written and the key's row is answered.
   */
  async insertBatch(
    accountId: AccountId,
    messages: MessageEntity[],
    idempotency: { key: string; hash: string; results: StoredBatchResult[] },
  ): Promise<{ inserted: true } | { inserted: false; requestHash: string; results: StoredBatchResult[] | null }> {
    if (await this.insertUnderKey(accountId, messages, idempotency)) return { inserted: true };
    const { requestHash, results } = await this.keyTaken(accountId, idempotency.key);
    return { inserted: false, requestHash, results };
  }

  /**
   * The key row (naming the first message, and a batch's `results`) and the messages with their
   * first events in one statement; false, writing nothing, when the key is taken within its window.
   * A concurrent insert of the same key waits on the key's unique index for the first to commit,
   * then sees it (so one set of messages, never two).
   */
  private async insertUnderKey(
    accountId: AccountId,
    messages: MessageEntity[],
    idempotency: { key: string; hash: string; results: StoredBatchResult[] | null },
  ): Promise<boolean> {
    const rows = await this.db.query<{ inserted: boolean }[]>(
      `WITH k AS (
         INSERT INTO idempotency_keys (account_id, key, request_hash, message_id, results, created_at)
         VALUES ($24, $22, $23, $25, $26::jsonb, $27)
         ON CONFLICT (account_id, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, message_id = EXCLUDED.message_id,
               results = EXCLUDED.results, created_at = EXCLUDED.created_at
           WHERE idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_WINDOW_HOURS} hours'
         RETURNING 1),
       m AS (
         INSERT INTO messages (${MESSAGE_COLUMNS})
         ${INSERT_SELECT}
           FROM ${UNNEST}
          WHERE EXISTS (SELECT 1 FROM k)
         RETURNING id, account_id, status, created_at),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt)
         SELECT id, account_id, status, created_at, 'api', 0 FROM m)
       SELECT EXISTS (SELECT 1 FROM k) AS inserted`,
      [
        ...columnsOf(accountId, messages),
        idempotency.key,
        idempotency.hash,
        accountId,
        messages[0]?.id ?? null,
        idempotency.results === null ? null : JSON.stringify(idempotency.results),
        messages[0]?.createdAt ?? new Date(),
      ],
    );
    return rows[0].inserted;
  }

  /** The row of a key `insertUnderKey` found taken: it stays, in its window, until it expires. */
  private async keyTaken(accountId: AccountId, key: string): Promise<IdempotencyKeyRow> {
    const existing = await this.findKey(accountId, key);
    if (!existing) throw new Error('idempotency key vanished between its conflict and its read');
    return existing;
  }

  /** The request an `Idempotency-Key` of the account first came with, while it is in its window. */
  async findKey(accountId: AccountId, key: string): Promise<IdempotencyKeyRow | null> {
    const rows = await this.db.query<
      { request_hash: string; message_id: string | null; results: StoredBatchResult[] | null }[]
    >(
      `SELECT request_hash, message_id, results FROM idempotency_keys
        WHERE account_id = $1 AND key = $2 AND created_at >= now() - interval '${IDEMPOTENCY_WINDOW_HOURS} hours'`,
      [accountId, key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, messageId: row.message_id, results: row.results } : null;
  }

  /**
   * Like `insert` without an idempotency key, but a message whose `checkSuppression` is set is not
   * written when the account's suppression list has its recipient (DESIGN.md §7): the check is part
   * of the statement (same snapshot, no round trip of its own), where a lookup first would cost one
   * more statement per send. Answers, per message in order, whether it was written.
   */
  async insertUnlessSuppressed(
    accountId: AccountId,
    messages: MessageEntity[],
    checkSuppression: boolean[],
    manager: EntityManager = this.db.manager,
  ): Promise<boolean[]> {
    if (messages.length === 0) return [];
    const rows = await manager.query<{ id: string }[]>(
      `WITH m AS (
         INSERT INTO messages (${MESSAGE_COLUMNS})
         ${INSERT_SELECT}
           FROM unnest(${UNNEST_ARGS}, $22::boolean[]) AS t(${UNNEST_COLUMNS}, check_suppression)
          WHERE NOT (t.check_suppression AND ${isSuppressedSql('t.account_id', 't."to"')})
         RETURNING id, account_id, status, created_at),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt)
         SELECT id, account_id, status, created_at, 'api', 0 FROM m)
       SELECT id FROM m`,
      [...columnsOf(accountId, messages), checkSuppression],
    );
    const written = new Set(rows.map((r) => r.id));
    return messages.map((m) => written.has(m.id));
  }

  /**
   * Plain SQL rather than the repository's findOne: this runs for every dispatch and API read, and
   * TypeORM's query building showed up as a large share of worker CPU (in a profile dominated by
   * no-phone retries; in the bench the switch moved end to end from 290 to 345 msg/s).
   */
  async find(accountId: AccountId, id: string): Promise<MessageEntity | null> {
    const rows = await this.db.query<MessageRow[]>(
      `SELECT ${SELECT_MESSAGE} FROM messages WHERE id = $1 AND account_id = $2`,
      [id, accountId],
    );
    return rows.length > 0 ? fromRow(rows[0]) : null;
  }

  /**
   * `find` for many messages at once (the dispatcher's group read): one statement, each answer
   * in the order asked, null for one not found or of another account.
   */
  async findMany(keys: readonly { accountId: AccountId; id: string }[]): Promise<(MessageEntity | null)[]> {
    const rows = await this.db.query<MessageRow[]>(
      `SELECT ${SELECT_MESSAGE} FROM messages
        WHERE (id, account_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [keys.map((k) => k.id), keys.map((k) => k.accountId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return keys.map((k) => {
      const row = byId.get(k.id);
      return row && row.account_id === k.accountId ? fromRow(row) : null;
    });
  }

  events(accountId: AccountId, messageId: string): Promise<MessageEventEntity[]> {
    return this.db.getRepository(MessageEventEntity).find({
      where: { accountId, messageId },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Hands messages to devices for one more attempt each: status `sending` (handed over, not yet
   * confirmed) and an event for the attempt, in one statement for all of them (the dispatcher's
   * group write) and before the phones are asked, so a report that overtakes a phone's ack always
   * finds its message assigned. A repeated attempt records another `sending` event. Each answer, in
   * the order given, is the attempt number, or undefined when the message is no longer `queued` or
   * `sending`. A message named twice in one call is assigned once: the first gets the attempt.
   */
  async assignMany(
    items: readonly {
      accountId: AccountId;
      id: string;
      deviceId: string;
      at: Date;
      simSlot: number | null;
      routeId: string | null;
    }[],
  ): Promise<(number | undefined)[]> {
    return this.assign(items.map((a) => ({ ...a, carrierId: null })));
  }

  /**
   * assignMany for carriers: the messages handed to carriers together become `sending` with their
   * carrier in one UPDATE and one multi-row insert of their events. Answers, per item, the
   * message's attempts, or undefined when it was no longer queued or sending.
   */
  async assignCarrierMany(
    items: readonly { accountId: AccountId; id: string; carrierId: string; at: Date; routeId: string | null }[],
  ): Promise<(number | undefined)[]> {
    return this.assign(items.map((a) => ({ ...a, deviceId: null, simSlot: null })));
  }

  /**
   * The statement of assignMany and assignCarrierMany: each item names either a device (and maybe a
   * SIM) or a carrier; the target it does not name is cleared on the message and left out of its event.
   */
  private async assign(
    items: readonly {
      accountId: AccountId;
      id: string;
      deviceId: string | null;
      carrierId: string | null;
      at: Date;
      simSlot: number | null;
      routeId: string | null;
    }[],
  ): Promise<(number | undefined)[]> {
    const rows = await this.db.query<AssignedRow[]>(
      `WITH i AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::int[], $7::uuid[])
                    AS t(id, account_id, device_id, carrier_id, at, sim_slot, route_id)),
       u AS (
         UPDATE messages m SET status = 'sending', device_id = i.device_id, carrier_id = i.carrier_id,
                route_id = i.route_id, sim_slot = i.sim_slot, attempts = m.attempts + 1, updated_at = now()
           FROM i
          WHERE m.id = i.id AND m.account_id = i.account_id AND m.status IN ('queued', 'sending')
          RETURNING m.id, m.account_id, m.attempts, i.device_id, i.carrier_id, i.at)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, carrier_id)
       SELECT id, account_id, 'sending', at, 'dispatcher', attempts, device_id, carrier_id FROM u
       RETURNING message_id, COALESCE(device_id, carrier_id) AS target_id, attempt AS attempts`,
      [
        items.map((a) => a.id),
        items.map((a) => a.accountId),
        items.map((a) => a.deviceId),
        items.map((a) => a.carrierId),
        items.map((a) => a.at),
        items.map((a) => a.simSlot),
        items.map((a) => a.routeId),
      ],
    );
    return attemptsPerItem(items, rows);
  }

  /**
   * Moves a message forward and records the event, in one statement. Returns false when the
   * message is already at or past `next` (a late or duplicate report), which changes nothing.
   * `sent_at` is only ever the time of a `sent` report, so a delivery that overtakes it leaves
   * `sent_at` for the late `sent` to fill (recordLateSent).
   */
  async transition(accountId: AccountId, id: string, t: Transition): Promise<boolean> {
    // The statement's outer command is an INSERT, so TypeORM returns the rows array itself.
    const rows = await this.db.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE messages
            SET status = $3, updated_at = now(),
                sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END,
                delivered_at = CASE WHEN $3 = 'delivered' THEN $4 ELSE delivered_at END,
                error_code = CASE WHEN $3 IN ('failed', 'undelivered', 'rejected', 'expired') THEN $8 ELSE error_code END,
                error_message = CASE WHEN $3 IN ('failed', 'undelivered', 'rejected', 'expired') THEN $9 ELSE error_message END
          WHERE id = $1 AND account_id = $2 AND status = ANY($5::text[])
          RETURNING id, account_id, attempts, device_id, carrier_id)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, carrier_id, error_code, error_message, traceparent)
       SELECT id, account_id, $3, $4, $6, attempts, COALESCE($7::uuid, device_id), carrier_id, $8, $9, $10 FROM u
       RETURNING id`,
      [
        id,
        accountId,
        t.next,
        t.at,
        allowedPredecessors(t.next),
        t.source,
        t.deviceId ?? null,
        t.errorCode ?? null,
        t.errorMessage ?? null,
        // The trace that caused the change (a phone's report, a sweep): its webhook continues it.
        activeTraceparent(),
      ],
    );
    return rows.length > 0;
  }

  /**
   * `transition` for many reports at once (the report path's group write): one UPDATE of all their
   * messages, forward only and only while the message is the reporter's, and one multi-row INSERT
   * of their events, in one statement. Each answer, in the order given, says what its report did.
   * Each message at most once per call: two reports of one message depend on each other's outcome,
   * so they go in calls one after the other (the caller's group commit keys by message).
   */
  async applyReports(items: readonly ReportWrite[]): Promise<ReportOutcome[]> {
    if (new Set(items.map((r) => r.id)).size !== items.length) {
      throw new Error('applyReports: a message named twice in one call');
    }
    const rows = await this.db.query<{ n: string; outcome: ReportOutcome }[]>(
      `WITH i AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::uuid[],
                              $8::uuid[], $9::text[], $10::text[], $11::text[])
                  WITH ORDINALITY AS t(id, account_id, status, at, after, source, device_id, carrier_id, error_code,
                                       error_message, traceparent, n)),
       u AS (
         UPDATE messages m
            SET status = i.status, updated_at = now(),
                sent_at = CASE WHEN i.status = 'sent' THEN i.at ELSE m.sent_at END,
                delivered_at = CASE WHEN i.status = 'delivered' THEN i.at ELSE m.delivered_at END,
                error_code = CASE WHEN i.status IN ${ERROR_STATUSES} THEN i.error_code ELSE m.error_code END,
                error_message = CASE WHEN i.status IN ${ERROR_STATUSES} THEN i.error_message ELSE m.error_message END
           FROM i
          WHERE m.id = i.id AND m.account_id = i.account_id AND m.status = ANY(i.after::text[])
            AND (i.device_id IS NULL OR m.device_id = i.device_id)
            AND (i.carrier_id IS NULL OR (m.carrier_id = i.carrier_id AND m.status IN ('sending', 'sent')))
          RETURNING i.n, m.attempts, m.device_id, m.carrier_id),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, carrier_id, error_code, error_message, traceparent)
         SELECT i.id, i.account_id, i.status, i.at, i.source, u.attempts, COALESCE(i.device_id, u.device_id), u.carrier_id,
                i.error_code, i.error_message, i.traceparent
           FROM u JOIN i USING (n)
          ORDER BY n)
       -- The main query sees the messages as they were before u: for a report that changed nothing, as
       -- they are. A scalar subquery, probed by primary key for those reports only (as EXISTS, the
       -- planner may hash the whole table for it).
       SELECT i.n, CASE WHEN u.n IS NOT NULL THEN 'changed'
                        WHEN (SELECT h.device_id FROM messages h WHERE h.id = i.id AND h.account_id = i.account_id) = i.device_id
                        THEN 'held'
                        ELSE 'none' END AS outcome
         FROM i LEFT JOIN u ON u.n = i.n`,
      [
        items.map((r) => r.id),
        items.map((r) => r.accountId),
        items.map((r) => r.next),
        items.map((r) => r.at),
        // The forward-only rule as message-status.ts states it: the statuses each report may move on from.
        items.map((r) => `{${allowedPredecessors(r.next).join(',')}}`),
        items.map((r) => r.source),
        items.map((r) => r.deviceId),
        items.map((r) => r.carrierId),
        items.map((r) => r.errorCode),
        items.map((r) => r.errorMessage),
        items.map((r) => r.traceparent),
      ],
    );
    const outcomes = new Map(rows.map((r) => [Number(r.n), r.outcome]));
    return items.map((_, i) => outcomes.get(i + 1) ?? 'none');
  }

  /** A `sent` report that arrives after the delivery report: its time and event are kept, the status stays. */
  async recordLateSent(accountId: AccountId, id: string, deviceId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE messages SET sent_at = $4, updated_at = now()
          WHERE id = $1 AND account_id = $2 AND device_id = $3 AND sent_at IS NULL
            AND status IN ('delivered', 'undelivered', 'rejected')
          RETURNING id, account_id, attempts)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id)
       SELECT id, account_id, 'sent', $4, 'device', attempts, $3 FROM u
       RETURNING id`,
      [id, accountId, deviceId, at],
    );
    return rows.length > 0;
  }

  /**
   * Puts a message back in the queue for another attempt (a transient failure the dispatcher will
   * retry). The one move back the lifecycle allows, and only the dispatcher makes it; the event
   * says why. Returns the attempts so far, or undefined when the message is not in `from`.
   */
  async requeue(
    accountId: AccountId,
    id: string,
    from: MessageStatus[],
    e: { at: Date; source: EventSource; errorCode: string; errorMessage?: string; requireDeviceId?: string },
  ): Promise<{ attempts: number; priority: string } | undefined> {
    const rows = await this.db.query<{ attempts: number; priority: string }[]>(
      `WITH u AS (
         UPDATE messages SET status = 'queued', updated_at = now()
          WHERE id = $1 AND account_id = $2 AND status = ANY($3::text[])
            AND ($7::uuid IS NULL OR device_id = $7::uuid)
          RETURNING id, account_id, attempts, device_id, priority),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, error_code, error_message)
         SELECT id, account_id, 'queued', $4, $5, attempts, device_id, $6, $8 FROM u)
       SELECT attempts, priority FROM u`,
      [id, accountId, from, e.at, e.source, e.errorCode, e.requireDeviceId ?? null, e.errorMessage ?? null],
    );
    return rows[0];
  }

  /** The last attempt failed: `failed`, its event and a dead-letter record, in one statement. */
  async failAndDeadLetter(
    accountId: AccountId,
    id: string,
    e: { at: Date; source: EventSource; errorCode: string; errorMessage: string; requireDeviceId?: string },
  ): Promise<boolean> {
    const rows = await this.db.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE messages SET status = 'failed', error_code = $5, error_message = $6, updated_at = now()
          WHERE id = $1 AND account_id = $2 AND status = ANY($7::text[])
            AND ($8::uuid IS NULL OR device_id = $8::uuid)
          RETURNING id, account_id, attempts, device_id),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, error_code, error_message, traceparent)
         SELECT id, account_id, 'failed', $3, $4, attempts, device_id, $5, $6, $9 FROM u)
       INSERT INTO dead_letters (message_id, account_id, error_code, error_message, attempts, created_at)
       SELECT id, account_id, $5, $6, attempts, $3 FROM u
       ON CONFLICT (message_id) DO UPDATE
         SET error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
             attempts = EXCLUDED.attempts, created_at = EXCLUDED.created_at
       RETURNING message_id`,
      [
        id,
        accountId,
        e.at,
        e.source,
        e.errorCode,
        e.errorMessage,
        allowedPredecessors('failed'),
        e.requireDeviceId ?? null,
        activeTraceparent(),
      ],
    );
    return rows.length > 0;
  }

  /**
   * Re-drive: a dead-lettered message goes back to `queued` and its dead letter is removed. Runs in
   * `manager`'s transaction when given (the caller records the audit event in it).
   */
  async redrive(
    accountId: AccountId,
    id: string,
    at: Date,
    manager: EntityManager = this.db.manager,
  ): Promise<{ attempts: number; priority: string } | undefined> {
    const rows = await manager.query<{ attempts: number; priority: string }[]>(
      `WITH d AS (
         DELETE FROM dead_letters WHERE message_id = $1 AND account_id = $2 RETURNING message_id),
       u AS (
         UPDATE messages SET status = 'queued', error_code = NULL, error_message = NULL, updated_at = now()
          WHERE id IN (SELECT message_id FROM d) AND account_id = $2 AND status = 'failed'
          RETURNING id, account_id, attempts, priority),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt, error_code)
         SELECT id, account_id, 'queued', $3, 'api', attempts, 'REDRIVEN' FROM u)
       SELECT attempts, priority FROM u`,
      [id, accountId, at],
    );
    return rows[0];
  }

  async deadLetters(accountId: AccountId, limit: number): Promise<DeadLetterEntity[]> {
    return this.db.getRepository(DeadLetterEntity).find({
      where: { accountId },
      order: { createdAt: 'DESC', messageId: 'DESC' },
      take: limit,
    });
  }

  /**
   * Cancels while scheduled or queued; answers the status the message has afterwards (or undefined),
   * and whether this call canceled it (false when it was canceled before). Runs in `manager`'s
   * transaction when given.
   */
  async cancel(
    accountId: AccountId,
    id: string,
    at: Date,
    manager: EntityManager = this.db.manager,
  ): Promise<{ status: MessageStatus; attempts: number; changed: boolean } | undefined> {
    const rows = await manager.query<{ status: MessageStatus; attempts: number; changed: boolean }[]>(
      `WITH u AS (
         UPDATE messages SET status = 'canceled', updated_at = now()
          WHERE id = $1 AND account_id = $2 AND status IN ('scheduled', 'queued')
          RETURNING id, account_id, attempts),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt)
         SELECT id, account_id, 'canceled', $3, 'api', attempts FROM u)
       SELECT 'canceled' AS status, attempts, true AS changed FROM u
       UNION ALL
       SELECT status, attempts, false FROM messages WHERE id = $1 AND account_id = $2 AND NOT EXISTS (SELECT 1 FROM u)`,
      [id, accountId, at],
    );
    return rows[0];
  }

  /** A campaign's messages by status (campaigns' counts). */
  async campaignStatusCounts(accountId: AccountId, campaignId: string): Promise<Record<string, number>> {
    const rows = await this.db.query<{ status: string; n: string }[]>(
      'SELECT status, count(*) AS n FROM messages WHERE campaign_id = $1 AND account_id = $2 GROUP BY status',
      [campaignId, accountId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** How many of a campaign's messages are in one of `statuses` (the campaign pump's window and end). */
  async countCampaignIn(
    accountId: AccountId,
    manager: EntityManager,
    campaignId: string,
    statuses: readonly MessageStatus[],
  ): Promise<number> {
    const rows = await manager.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messages WHERE campaign_id = $1 AND account_id = $2 AND status = ANY($3::text[])',
      [campaignId, accountId, statuses],
    );
    return Number(rows[0].n);
  }

  /**
   * Cancels a campaign's messages still scheduled or queued (not yet handed to a phone or carrier),
   * each with its event; answers those canceled.
   */
  async cancelCampaign(
    accountId: AccountId,
    manager: EntityManager,
    campaignId: string,
    at: Date,
  ): Promise<{ id: string; attempts: number }[]> {
    return manager.query<{ id: string; attempts: number }[]>(
      `WITH u AS (
         UPDATE messages SET status = 'canceled', updated_at = now()
          WHERE campaign_id = $1 AND account_id = $2 AND status IN ('scheduled', 'queued')
          RETURNING id, account_id, attempts),
       e AS (
         INSERT INTO message_events (message_id, account_id, status, at, source, attempt)
         SELECT id, account_id, 'canceled', $3, 'api', attempts FROM u)
       SELECT id, attempts FROM u`,
      [campaignId, accountId, at],
    );
  }

  /** The states of the given messages as far as this device is concerned, for `hello` reconciliation. */
  async statesForDevice(accountId: AccountId, deviceId: string, ids: string[]): Promise<Map<string, MessageStatus>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; status: MessageStatus }[] = await this.db.query(
      'SELECT id, status FROM messages WHERE account_id = $1 AND device_id = $2 AND id = ANY($3::uuid[])',
      [accountId, deviceId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** Messages this device should hold unconfirmed but does not list in its outbox. */
  async sendingNotIn(
    accountId: AccountId,
    deviceId: string,
    ids: string[],
    assignedBefore: Date,
  ): Promise<{ id: string; updated_at: Date; attempts: number; priority: string }[]> {
    return this.db.query(
      `SELECT id, updated_at, attempts, priority FROM messages
        WHERE account_id = $1 AND device_id = $2 AND status = 'sending' AND NOT (id = ANY($3::uuid[]))
          AND updated_at < $4`,
      [accountId, deviceId, ids, assignedBefore],
    );
  }

  /** Stores an inbound SMS once; returns false when the channel already delivered this one. */
  /** The stored id of a phone's SMS by the phone's own id for it (the de-duplication key). */
  async inboundIdBySource(accountId: AccountId, deviceId: string, sourceId: string): Promise<string | undefined> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM inbound_messages WHERE account_id = $1 AND device_id = $2 AND source_id = $3`,
      [accountId, deviceId, sourceId],
    );
    return rows[0]?.id;
  }

  async insertInbound(accountId: AccountId, inbound: InboundMessageEntity): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .insert()
      .into(InboundMessageEntity)
      .values({ ...inbound, accountId })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }
}
