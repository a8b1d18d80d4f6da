import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { migrate } from '../../src/database/migrate.js';
import { MESSAGE_STATUSES, type MessageStatus } from '../../src/modules/messages/message-status.js';
import {
  DLR_TIMEOUT_ERROR_CODE,
  MESSAGE_STATUS_WEBHOOK_EVENTS,
  messageWebhookEvent,
} from '../../src/modules/webhooks/message-webhook-events.js';
import { WEBHOOK_EVENTS } from '../../src/modules/webhooks/webhook-events.js';
import { TEST_DATABASE_URL } from '../support/services.js';

const ACCOUNT = '01a24656-0000-7000-8000-0000000000b2';

/**
 * The table of which message status makes which webhook event (src/modules/webhooks/
 * message-webhook-events.ts) is the one the outbox trigger applies: every status, with no error
 * code, another one and DLR_TIMEOUT, goes through the migrated database's trigger, all in one
 * statement as a group of status reports is written.
 */
describe('which message status makes which webhook event', () => {
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_events_${randomBytes(4).toString('hex')}`);
  const client = new pg.Client({ connectionString: url });

  beforeAll(async () => {
    await migrate(url);
    await client.connect();
    await client.query(`INSERT INTO accounts (id, name) VALUES ($1, 'events table')`, [ACCOUNT]);
  }, 60_000);
  afterAll(async () => {
    await client.end();
    await dropDatabase(url);
  });

  const cases = MESSAGE_STATUSES.flatMap((status) =>
    [null, 'GENERIC_FAILURE', DLR_TIMEOUT_ERROR_CODE].map((errorCode) => ({ id: randomUUID(), status, errorCode })),
  );

  it('makes, for an event of each status and error code, the webhook event of the TypeScript table', async () => {
    // Each message has a callback URL, so any event the trigger keeps is written, for nobody else to take.
    await client.query(
      `INSERT INTO messages (id, account_id, "to", body, status, segments, encoding, expires_at, created_at, updated_at, callback_url)
       SELECT id, $2, '+4915112345678', 'table', status, 1, 'GSM-7', now() + interval '1 day', now(), now(),
              'http://127.0.0.1:9/hook'
         FROM unnest($1::uuid[], $3::text[]) AS t(id, status)`,
      [cases.map((c) => c.id), ACCOUNT, cases.map((c) => c.status)],
    );
    await client.query(
      `INSERT INTO message_events (message_id, account_id, status, at, source, error_code, error_message)
       SELECT id, $2, status, now(), 'system', error_code, CASE WHEN error_code IS NOT NULL THEN 'why' END
         FROM unnest($1::uuid[], $3::text[], $4::text[]) AS t(id, status, error_code)`,
      [cases.map((c) => c.id), ACCOUNT, cases.map((c) => c.status), cases.map((c) => c.errorCode)],
    );
    const { rows } = await client.query<{ id: string; event_type: string; type: string }>(
      `SELECT payload->'data'->>'id' AS id, event_type, payload->>'type' AS type FROM webhook_deliveries WHERE account_id = $1`,
      [ACCOUNT],
    );
    const bySql = new Map<string, string[]>();
    for (const r of rows) {
      expect(r.type, 'the payload names the event it was written for').toBe(r.event_type);
      bySql.set(r.id, [...(bySql.get(r.id) ?? []), r.event_type]);
    }
    const made = (c: (typeof cases)[number]) => bySql.get(c.id) ?? [];
    const expected = (c: (typeof cases)[number]) => {
      const event = messageWebhookEvent(c.status, c.errorCode);
      return event === null ? [] : [event];
    };
    expect(cases.map((c) => ({ ...c, made: made(c) }))).toEqual(cases.map((c) => ({ ...c, made: expected(c) })));
  });

  it('reads as a plain table: these statuses make an event of their name, the others none', () => {
    const making = (Object.keys(MESSAGE_STATUS_WEBHOOK_EVENTS) as MessageStatus[]).filter(
      (s) => MESSAGE_STATUS_WEBHOOK_EVENTS[s] !== null,
    );
    expect(making).toEqual(['sent', 'delivered', 'undelivered', 'rejected', 'failed', 'expired']);
    for (const s of making) expect(MESSAGE_STATUS_WEBHOOK_EVENTS[s]).toBe(`message.${s}`);
    expect(messageWebhookEvent('delivered', null)).toBe('message.delivered');
    expect(messageWebhookEvent('sent', DLR_TIMEOUT_ERROR_CODE)).toBe('message.dlr_timeout');
    expect(messageWebhookEvent('queued', DLR_TIMEOUT_ERROR_CODE)).toBeNull();
  });

  it('makes every message event an endpoint can subscribe to (but message.received, from inbound SMS)', () => {
    const made = new Set(cases.map((c) => messageWebhookEvent(c.status, c.errorCode)).filter((e) => e !== null));
    const subscribable = WEBHOOK_EVENTS.filter((e) => e.startsWith('message.') && e !== 'message.received');
    expect([...made].sort()).toEqual([...subscribable].sort());
  });
});
