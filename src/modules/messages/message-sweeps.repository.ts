import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deviceSilentSql } from '@/modules/devices/devices.sql.js';
import { IDEMPOTENCY_WINDOW_HOURS } from './idempotency.js';
import type { AccountId } from '@/common/account-id.js';

export interface RecoverableMessage {
  id: string;
  account_id: AccountId;
  status: 'scheduled' | 'queued';
  attempts: number;
  priority: string;
  send_at: Date | null;
}

/**
 * The sweeps: system work across all accounts by design (they act on every tenant's messages
 * the same way and return nothing to any caller), so these queries alone take no account id
 * (hence `…AcrossAccounts`). In the messages module, which owns the tables; the dispatch module's
 * MaintenanceService runs them.
 */
@Injectable()
export class MessageSweepsRepository {
  constructor(private readonly db: DataSource) {}

  /** Expires what is still waiting past its TTL, whichever process notices first; returns those. */
  async expireDueAcrossAccounts(limit: number): Promise<{ id: string; account_id: AccountId }[]> {
    return this.db.query<{ id: string; account_id: AccountId }[]>(
      `WITH due AS (
         SELECT id FROM messages
          WHERE status IN ('scheduled', 'queued') AND expires_at <= now()
          ORDER BY expires_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED),
       u AS (
         UPDATE messages m SET status = 'expired', error_code = 'EXPIRED',
                error_message = 'The message was not sent before its TTL ran out', updated_at = now()
           FROM due WHERE m.id = due.id AND m.status IN ('scheduled', 'queued')
         RETURNING m.id, m.account_id, m.attempts)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, error_code)
       SELECT id, account_id, 'expired', now(), 'system', attempts, 'EXPIRED' FROM u
       RETURNING message_id AS id, account_id`,
      [limit],
    );
  }

  /**
   * Messages `sent` for longer than `timeoutSeconds` with no delivery report: each is given up on
   * once (report_timed_out_at), with an event (status still `sent`, error code DLR_TIMEOUT) that
   * becomes the `message.dlr_timeout` webhook. The status stays `sent`: the SIM or carrier took the
   * message and nothing says it was lost. A receipt that still comes later is applied as usual.
   */
  async timeOutReportsAcrossAccounts(
    limit: number,
    timeoutSeconds: number,
  ): Promise<{ id: string; account_id: AccountId }[]> {
    return this.db.query<{ id: string; account_id: AccountId }[]>(
      `WITH due AS (
         SELECT id FROM messages
          WHERE status = 'sent' AND report_timed_out_at IS NULL AND sent_at <= now() - make_interval(secs => $2)
          ORDER BY sent_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED),
       u AS (
         UPDATE messages m SET report_timed_out_at = now(), updated_at = now()
           FROM due WHERE m.id = due.id AND m.status = 'sent' AND m.report_timed_out_at IS NULL
         RETURNING m.id, m.account_id, m.attempts, m.device_id, m.carrier_id)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, carrier_id, error_code, error_message)
       SELECT id, account_id, 'sent', now(), 'system', attempts, device_id, carrier_id, 'DLR_TIMEOUT',
              'No delivery report within ' || $2 || ' seconds of sent'
         FROM u
       RETURNING message_id AS id, account_id`,
      [limit, timeoutSeconds],
    );
  }

  /**
   * Messages that should have a dispatch job by now (queued, or scheduled to go within the hour),
   * oldest first, a page after `after` (keyset on created_at, id): the sweep walks them all, page by
   * page, instead of inspecting the same oldest rows each time (one account's backlog of waiting
   * messages starved recovery for every other account). A scheduled message further ahead is
   * looked at once it is within the hour of its time.
   */
  recoverableAcrossAccounts(
    limit: number,
    quietSeconds: number,
    after?: { createdAt: Date; id: string },
  ): Promise<(RecoverableMessage & { created_at: Date })[]> {
    return this.db.query(
      `SELECT id, account_id, status, attempts, priority, send_at, created_at FROM messages
        WHERE status IN ('queued', 'scheduled') AND updated_at < now() - make_interval(secs => $2)
          AND (status = 'queued' OR send_at IS NULL OR send_at <= now() + interval '1 hour')
          AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY created_at, id
        LIMIT $1`,
      [limit, quietSeconds, after?.createdAt ?? null, after?.id ?? null],
    );
  }

  /**
   * Messages handed to a phone whose last hello, heartbeat or disconnect (`last_seen_at`) is older
   * than `leaseSeconds`, and that have not moved for as long (status reports do not count as a sign
   * of life here; the caller also skips phones that are present and healthy in Redis). Uses the
   * partial index on sending messages. The phone's side of the test is the devices module's SQL
   * (deviceSilentSql): a message whose device row is gone is not returned, as with the join it replaces.
   */
  leaseExpiredAcrossAccounts(
    limit: number,
    leaseSeconds: number,
  ): Promise<{ id: string; account_id: AccountId; device_id: string }[]> {
    return this.db.query(
      `SELECT m.id, m.account_id, m.device_id
         FROM messages m
        WHERE m.status = 'sending' AND m.device_id IS NOT NULL
          AND m.updated_at < now() - make_interval(secs => $2)
          AND ${deviceSilentSql('m.device_id', 'm.account_id', '$2')}
        LIMIT $1`,
      [limit, leaseSeconds],
    );
  }

  async deleteOldIdempotencyKeysAcrossAccounts(): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE created_at < now() - interval '${IDEMPOTENCY_WINDOW_HOURS} hours'`,
    );
  }
}
