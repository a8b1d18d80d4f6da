import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportedStatus } from '@sms-gateway/android-agent/protocol';
import { InboundMessageEntity } from './entities/inbound-message.entity.js';
import { MessageEventEntity, type EventSource } from './entities/message-event.entity.js';
import { MessageEntity } from './entities/message.entity.js';
import { allowedPredecessors, type MessageStatus } from './message-status.js';

export interface Transition {
  next: MessageStatus;
  at: Date;
  source: EventSource;
  deviceId?: string | null;
  carrierId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** Only apply when the message is assigned to this device (reports from phones). */
  requireDeviceId?: string;
}

/**
 * Queries of the messages module. Every method takes the account id first, so a query without a
 * tenant does not compile (STYLE.md).
 */
@Injectable()
export class MessagesRepository {
  constructor(private readonly db: DataSource) {}

  /** The message row and its first event in one statement: one round trip, atomic. */
  async insertQueued(accountId: string, m: MessageEntity): Promise<void> {
    await this.db.query(
      `WITH m AS (
         INSERT INTO messages (id, account_id, "to", "from", body, status, segments, encoding, priority, requested_device_id,
                               sim_slot, attempts, send_at, expires_at, created_at, updated_at, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $13, $14, $14, $15)
         RETURNING id, account_id, status, created_at)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt)
       SELECT id, account_id, status, created_at, 'api', 0 FROM m`,
      [
        m.id,
        accountId,
        m.to,
        m.from,
        m.body,
        m.status,
        m.segments,
        m.encoding,
        m.priority,
        m.requestedDeviceId,
        m.simSlot,
        m.sendAt,
        m.expiresAt,
        m.createdAt,
        m.metadata === null ? null : JSON.stringify(m.metadata),
      ],
    );
  }

  find(accountId: string, id: string): Promise<MessageEntity | null> {
    return this.db.getRepository(MessageEntity).findOne({ where: { id, accountId } });
  }

  events(accountId: string, messageId: string): Promise<MessageEventEntity[]> {
    return this.db.getRepository(MessageEventEntity).find({
      where: { accountId, messageId },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Hands the message to a device for one more attempt: status `sending` (handed over, not yet
   * confirmed) and an event for this attempt, in one statement and before the phone is asked, so a
   * report that overtakes the phone's ack always finds the message assigned. A repeated attempt
   * records another `sending` event. Undefined when the message is no longer dispatchable.
   */
  async assign(accountId: string, id: string, deviceId: string, at: Date): Promise<number | undefined> {
    const rows = await this.db.query<{ attempts: number }[]>(
      `WITH u AS (
         UPDATE messages SET status = 'sending', device_id = $3, attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND account_id = $2 AND status IN ('queued', 'sending')
          RETURNING id, account_id, attempts)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id)
       SELECT id, account_id, 'sending', $4, 'dispatcher', attempts, $3 FROM u
       RETURNING attempt AS attempts`,
      [id, accountId, deviceId, at],
    );
    return rows[0]?.attempts;
  }

  /**
   * Moves a message forward and records the event, in one statement. Returns false when the
   * message is already at or past `next` (a late or duplicate report), which changes nothing.
   */
  async transition(accountId: string, id: string, t: Transition): Promise<boolean> {
    // The statement's outer command is an INSERT, so TypeORM returns the rows array itself.
    const rows = await this.db.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE messages
            SET status = $3, updated_at = now(),
                sent_at = CASE WHEN $3 IN ('sent', 'delivered', 'undelivered') THEN COALESCE(sent_at, $4) ELSE sent_at END,
                delivered_at = CASE WHEN $3 = 'delivered' THEN $4 ELSE delivered_at END,
                error_code = CASE WHEN $3 IN ('failed', 'undelivered', 'expired') THEN $8 ELSE error_code END,
                error_message = CASE WHEN $3 IN ('failed', 'undelivered', 'expired') THEN $9 ELSE error_message END
          WHERE id = $1 AND account_id = $2 AND status = ANY($5::text[])
            AND ($10::uuid IS NULL OR device_id = $10::uuid)
          RETURNING id, account_id, attempts, device_id, carrier_id)
       INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, carrier_id, error_code, error_message)
       SELECT id, account_id, $3, $4, $6, attempts, COALESCE($7::uuid, device_id), carrier_id, $8, $9 FROM u
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
        t.requireDeviceId ?? null,
      ],
    );
    return rows.length > 0;
  }

  /** For reports that changed nothing: does this device hold this message at all? */
  async isAssignedTo(accountId: string, id: string, deviceId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM messages WHERE id = $1 AND account_id = $2 AND device_id = $3',
      [id, accountId, deviceId],
    );
    return rows.length > 0;
  }

  /** The states of the given messages as far as this device is concerned, for `hello` reconciliation. */
  async statesForDevice(accountId: string, deviceId: string, ids: string[]): Promise<Map<string, MessageStatus>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; status: MessageStatus }[] = await this.db.query(
      'SELECT id, status FROM messages WHERE account_id = $1 AND device_id = $2 AND id = ANY($3::uuid[])',
      [accountId, deviceId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** Stores an inbound SMS once; returns false when the channel already delivered this one. */
  async insertInbound(accountId: string, inbound: InboundMessageEntity): Promise<boolean> {
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

export type { ReportedStatus };
