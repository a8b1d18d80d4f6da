import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MESSAGE_EVENT_ROW_FUNCTION, MESSAGE_EVENT_ROW_TRIGGER } from '../../src/database/sql/webhook-outbox.js';
import { EventBus } from '../../src/modules/events/event-bus.js';
import type { MessageStatusChange, StatusReport } from '../../src/modules/events/events.js';
import { MessagesRepository } from '../../src/modules/messages/messages.repository.js';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';
const CARRIER = '01a24656-0000-7000-8000-00000000ca01';
const OTHER_CARRIER = '01a24656-0000-7000-8000-00000000ca02';

/**
 * Status reports arriving together are applied by one UPDATE of their messages and one INSERT of
 * their events (issue 18), and the webhook outbox trigger runs once per statement. Each report's
 * answer, the statuses, the events' order and the webhooks must be exactly those of applying the
 * reports one at a time, in the order they came.
 */
describe('status reports in group writes', () => {
  let gw: TestGateway;
  let repo: MessagesRepository;
  let receiver: Server;
  let receiverUrl: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    repo = gw.running.app.get(MessagesRepository);
  }, 60_000);
  afterAll(async () => {
    vi.restoreAllMocks();
    await gw?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function queuedMessage(token: string, extra: Record<string, unknown> = {}) {
    const res = await gw.request('POST', '/v1/messages', { token, json: { to: TO, body: 'group', ...extra } });
    expect(res.status).toBe(202);
    return res.body.id as string;
  }
  async function device(token: string, name: string) {
    const res = await gw.request('POST', '/v1/devices', { token, json: { name } });
    expect(res.status).toBe(201);
    return res.body.device.id as string;
  }
  async function listenToEverything(token: string) {
    const res = await gw.request('POST', '/v1/webhooks', { token, json: { url: receiverUrl, events: ['*'] } });
    expect(res.status).toBe(201);
  }
  /** The account's webhook events per message, in the order they were written. */
  async function webhooks(accountId: string) {
    const { rows } = await gw.db.query<{ message_id: string; type: string; status: string }>(
      `SELECT payload->'data'->>'id' AS message_id, event_type AS type, payload->'data'->>'status' AS status
         FROM webhook_deliveries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    return rows;
  }
  async function events(id: string) {
    const { rows } = await gw.db.query<{ status: string; source: string }>(
      'SELECT status, source FROM message_events WHERE message_id = $1 ORDER BY id',
      [id],
    );
    return rows.map((r) => r.status);
  }
  async function row(id: string) {
    const { rows } = await gw.db.query<{ status: string; sent_at: Date | null; delivered_at: Date | null }>(
      'SELECT status, sent_at, delivered_at, error_code FROM messages WHERE id = $1',
      [id],
    );
    return rows[0];
  }

  it('answers each report of a group its own, as one at a time in arrival order, in one statement per round', async () => {
    const account = await gw.createAccount('Group reports');
    await listenToEverything(account.token);
    const mine = await device(account.token, 'reporting phone');
    const other = await device(account.token, 'other phone');
    const [a, b, c, d, e, f, g] = [
      await queuedMessage(account.token),
      await queuedMessage(account.token),
      await queuedMessage(account.token),
      await queuedMessage(account.token),
      await queuedMessage(account.token),
      await queuedMessage(account.token),
      await queuedMessage(account.token),
    ];
    const handedAt = new Date();
    const to = (id: string, deviceId: string) => ({
      accountId: account.accountId,
      id,
      deviceId,
      at: handedAt,
      simSlot: 0,
      routeId: null,
    });
    expect(await repo.assignMany([to(a, mine), to(b, mine), to(c, mine), to(d, mine), to(e, other)])).toEqual([
      1, 1, 1, 1, 1,
    ]);
    expect(
      await repo.assignCarrierMany([
        { accountId: account.accountId, id: f, carrierId: CARRIER, at: handedAt, routeId: null },
        { accountId: account.accountId, id: g, carrierId: CARRIER, at: handedAt, routeId: null },
      ]),
    ).toEqual([1, 1]);

    const sentAt = new Date(Date.now() + 10);
    const deliveredAt = new Date(Date.now() + 20);
    const phone = (messageId: string, status: StatusReport['status'], at: Date, errorCode?: string): StatusReport => ({
      accountId: account.accountId,
      deviceId: mine,
      messageId,
      status,
      at,
      ...(errorCode ? { errorCode } : {}),
    });
    const carrier = (messageId: string, carrierId: string): StatusReport => ({
      accountId: account.accountId,
      carrierId,
      messageId,
      status: 'delivered',
      at: deliveredAt,
    });
    const reports: StatusReport[] = [
      phone(a, 'sent', sentAt),
      phone(a, 'delivered', deliveredAt), // the same message: applied after its sent
      phone(b, 'delivered', deliveredAt),
      phone(b, 'sent', sentAt), // after its delivery: the late sent keeps its time, the status stays
      phone(c, 'failed', sentAt, 'INVALID_DESTINATION'),
      phone(e, 'sent', sentAt), // another phone's message
      carrier(f, CARRIER),
      carrier(g, OTHER_CARRIER), // a carrier the message was never handed to
      phone(d, 'sent', sentAt),
      phone(d, 'sent', sentAt), // a repeat (the phone did not get the first ack)
    ];

    const db = gw.running.app.get(DataSource);
    const query = vi.spyOn(db, 'query');
    const bus = gw.running.app.get(EventBus);
    const feed = vi.spyOn(bus, 'emit');
    // Submitted in one turn of the event loop, as a burst of reports from sockets is.
    const answers = await Promise.all(reports.map((r) => bus.request('channel.status', r)));
    const statements = query.mock.calls.map(([sql]) => sql);
    const changes = feed.mock.calls
      .filter(([name]) => name === 'message.status')
      .map(([, change]) => [(change as MessageStatusChange).messageId, (change as MessageStatusChange).status]);
    query.mockRestore();
    feed.mockRestore();

    expect(answers).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
      { ok: true },
      { ok: true },
      { ok: false, code: 'NOT_FOUND' },
      { ok: true },
      { ok: false, code: 'NOT_FOUND' },
      { ok: true },
      { ok: true },
    ]);
    // Ten reports: one statement for the first report of each message, one for the second ones
    // (a message's reports wait for each other). Only the two `sent` reports that moved nothing
    // have a statement of their own: the look for a late sent (b's applies, d's repeat finds none).
    const writes = statements.filter((sql) => /UPDATE messages\b/.test(sql));
    expect(writes.filter((sql) => sql.includes('FROM unnest('))).toHaveLength(2);
    expect(writes.filter((sql) => sql.includes('sent_at IS NULL'))).toHaveLength(2);
    expect(writes).toHaveLength(4);

    expect(await row(a)).toMatchObject({ status: 'delivered', sent_at: sentAt, delivered_at: deliveredAt });
    expect(await events(a)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    expect(await row(b)).toMatchObject({ status: 'delivered', sent_at: sentAt, delivered_at: deliveredAt });
    expect(await events(b)).toEqual(['queued', 'sending', 'delivered', 'sent']);
    expect(await row(c)).toMatchObject({ status: 'failed', error_code: 'INVALID_DESTINATION' });
    expect(await events(c)).toEqual(['queued', 'sending', 'failed']);
    expect(await row(d)).toMatchObject({ status: 'sent', sent_at: sentAt });
    expect(await events(d)).toEqual(['queued', 'sending', 'sent']);
    expect(await row(e)).toMatchObject({ status: 'sending', sent_at: null });
    expect(await events(e)).toEqual(['queued', 'sending']);
    expect(await row(f)).toMatchObject({ status: 'delivered', delivered_at: deliveredAt });
    expect(await row(g)).toMatchObject({ status: 'sending', delivered_at: null });

    // The feed (subscriptions, metrics) hears of each change once, and of nothing else.
    expect(changes).toEqual(
      expect.arrayContaining([
        [a, 'sent'],
        [a, 'delivered'],
        [b, 'delivered'],
        [c, 'failed'],
        [f, 'delivered'],
        [d, 'sent'],
      ]),
    );
    expect(changes).toHaveLength(6);

    // One webhook per event, each with the message as that event left it: a's sent says `sent`,
    // written by its own statement before the delivery's.
    const hooks = await webhooks(account.accountId);
    const of = (id: string) => hooks.filter((h) => h.message_id === id).map((h) => [h.type, h.status]);
    expect(of(a)).toEqual([
      ['message.sent', 'sent'],
      ['message.delivered', 'delivered'],
    ]);
    expect(of(b)).toEqual([
      ['message.delivered', 'delivered'],
      ['message.sent', 'delivered'],
    ]);
    expect(of(c)).toEqual([['message.failed', 'failed']]);
    expect(of(d)).toEqual([['message.sent', 'sent']]);
    expect(of(e)).toEqual([]);
    expect(of(f)).toEqual([['message.delivered', 'delivered']]);
    expect(of(g)).toEqual([]);
    expect(hooks).toHaveLength(7);
  });

  it('fails only the report PostgreSQL refuses, and applies the rest of its group once', async () => {
    const account = await gw.createAccount('Group fault');
    const phone = await device(account.token, 'faulty phone');
    const ids = [
      await queuedMessage(account.token),
      await queuedMessage(account.token),
      await queuedMessage(account.token),
    ];
    const at = new Date();
    expect(
      await repo.assignMany(
        ids.map((id) => ({ accountId: account.accountId, id, deviceId: phone, at, simSlot: 0, routeId: null })),
      ),
    ).toEqual([1, 1, 1]);
    const report = (messageId: string, errorMessage?: string): StatusReport => ({
      accountId: account.accountId,
      deviceId: phone,
      messageId,
      status: 'undelivered',
      at,
      errorCode: 'CARRIER_ERROR',
      ...(errorMessage !== undefined ? { errorMessage } : {}),
    });
    const bus = gw.running.app.get(EventBus);
    // A NUL in text, which PostgreSQL cannot store (the socket's validation keeps it out; a bug
    // elsewhere must still not fail the reports that share its statement).
    const answers = await Promise.allSettled([
      bus.request('channel.status', report(ids[0])),
      bus.request('channel.status', report(ids[1], 'bad \u0000 byte')),
      bus.request('channel.status', report(ids[2])),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(answers[0]).toMatchObject({ value: { ok: true } });
    expect(answers[2]).toMatchObject({ value: { ok: true } });
    expect(await row(ids[0])).toMatchObject({ status: 'undelivered', error_code: 'CARRIER_ERROR' });
    expect(await row(ids[1])).toMatchObject({ status: 'sending', error_code: null });
    expect(await row(ids[2])).toMatchObject({ status: 'undelivered', error_code: 'CARRIER_ERROR' });
    expect(await events(ids[0])).toEqual(['queued', 'sending', 'undelivered']);
    expect(await events(ids[1])).toEqual(['queued', 'sending']);
  });

  it("acks each report of a phone's burst over the socket, and frees the phone's window", async () => {
    const account = await gw.createAccount('Socket burst');
    const token = account.token;
    const raw = await rawPhone(gw, token, 'burst phone');
    const socket = await raw.connect();
    const bystander = await rawPhone(gw, token, 'bystander phone');
    const bystanderSocket = await bystander.connect();
    try {
      const ids: string[] = [];
      // Up to the phone's window (DEVICE_WINDOW, 10), which holds each until its report.
      for (let i = 0; i < 9; i++) ids.push(await queuedMessage(token, { deviceId: raw.deviceId }));
      const theirs = await queuedMessage(token, { deviceId: bystander.deviceId });
      for (const id of [...ids, theirs]) await gw.waitForStatus(token, id, ['sending']);

      const at = new Date().toISOString();
      const later = new Date(Date.now() + 5).toISOString();
      const burst = [
        ...ids.map((id) => ({ id, status: 'sent', at })),
        { id: ids[0], status: 'delivered', at: later },
        { id: ids[1], status: 'failed', at: later, errorCode: 'INVALID_DESTINATION' },
        { id: theirs, status: 'delivered', at: later },
      ];
      const db = gw.running.app.get(DataSource);
      const query = vi.spyOn(db, 'query');
      const acks = await Promise.all(burst.map((report) => socket.emitWithAck('message.status', report)));
      const groupWrites = query.mock.calls.filter(([sql]) => /UPDATE messages\b/.test(sql)).length;
      query.mockRestore();

      expect(acks).toEqual([
        ...ids.map(() => ({ ok: true })),
        { ok: true },
        { ok: true },
        { ok: false, code: 'NOT_FOUND' },
      ]);
      // Fewer statements than reports: they were written in groups.
      expect(groupWrites).toBeLessThan(burst.length / 2);
      expect((await gw.message(token, ids[0])).events.map((e: { status: string }) => e.status)).toEqual([
        'queued',
        'sending',
        'sent',
        'delivered',
      ]);
      expect(await gw.message(token, ids[1])).toMatchObject({ status: 'failed', errorCode: 'INVALID_DESTINATION' });
      for (const id of ids.slice(2)) expect((await gw.message(token, id)).status).toBe('sent');
      expect((await gw.message(token, theirs)).status).toBe('sending');
      // Every report released its message from the phone's window (one Redis round trip for the group).
      const inflight = `${gw.config.REDIS_PREFIX}:fleet:dev:${raw.deviceId}:inflight`;
      await waitFor(
        () => gw.redis.zcard(inflight),
        (n) => n === 0,
        { what: "the burst phone's window to be empty" },
      );
    } finally {
      socket.close();
      bystanderSocket.close();
    }
  });

  it('writes the same webhook payloads as the row trigger it replaced (migration 1795700033000)', async () => {
    const account = await gw.createAccount('Same payloads');
    await listenToEverything(account.token);
    const phone = await device(account.token, 'payload phone');
    const plain = await queuedMessage(account.token, { metadata: { order: 7 } });
    const called = await queuedMessage(account.token, { callbackUrl: receiverUrl });
    const at = new Date();
    const to = (id: string) => ({ accountId: account.accountId, id, deviceId: phone, at, simSlot: 0, routeId: null });
    expect(await repo.assignMany([to(plain), to(called)])).toEqual([1, 1]);

    // One statement with several events per message: a webhook status, a DLR timeout, and one
    // that makes no webhook. Run once with each trigger in one transaction (now() is the same).
    const statement = `
      WITH u AS (
        UPDATE messages SET status = 'sent', sent_at = $2, updated_at = now()
         WHERE id = ANY($1::uuid[]) RETURNING id, account_id, attempts, device_id)
      INSERT INTO message_events (message_id, account_id, status, at, source, attempt, device_id, error_code, error_message, traceparent)
      SELECT id, account_id, 'sent', $2, 'device', attempts, device_id, NULL, NULL,
             '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' FROM u
      UNION ALL
      SELECT id, account_id, 'sent', $2, 'system', attempts, device_id, 'DLR_TIMEOUT', 'No delivery report', NULL FROM u
      UNION ALL
      SELECT id, account_id, 'queued', $2, 'system', attempts, device_id, 'X', NULL, NULL FROM u`;
    const written = `
      SELECT event_type, endpoint_id, url, payload::text AS payload, traceparent
        FROM webhook_deliveries WHERE account_id = $1 ORDER BY event_type, url NULLS FIRST, payload::text`;
    const client = await gw.db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SAVEPOINT statement_trigger');
      await client.query(statement, [[plain, called], new Date('2030-01-02T03:04:05.678Z')]);
      const byStatement = (await client.query(written, [account.accountId])).rows;
      await client.query('ROLLBACK TO SAVEPOINT statement_trigger');
      await client.query(`DROP TRIGGER "message_events_webhook_outbox" ON "message_events"`);
      await client.query(MESSAGE_EVENT_ROW_FUNCTION);
      await client.query(MESSAGE_EVENT_ROW_TRIGGER);
      await client.query(statement, [[plain, called], new Date('2030-01-02T03:04:05.678Z')]);
      const byRow = (await client.query(written, [account.accountId])).rows;
      // 2 messages × 2 webhook events, to the endpoint, and the callback URL for one of them.
      expect(byStatement).toHaveLength(6);
      // The payload gained clientReference, templateId, campaignId, sentBy and routeId after the row
      // trigger (migrations 1795700037000 to 1795700040000): null here but sentBy (the API user), and
      // the rest the same.
      const older = (rows: typeof byStatement) =>
        rows
          .map((r) => {
            const payload = JSON.parse(r.payload as string) as { data: Record<string, unknown> };
            expect(payload.data).toMatchObject({
              clientReference: null,
              templateId: null,
              campaignId: null,
              sentBy: expect.stringMatching(/^user:/),
              routeId: null,
            });
            delete payload.data.clientReference;
            delete payload.data.templateId;
            delete payload.data.campaignId;
            delete payload.data.sentBy;
            delete payload.data.routeId;
            return { ...r, payload };
          })
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const asRow = (rows: typeof byRow) =>
        rows
          .map((r) => ({ ...r, payload: JSON.parse(r.payload as string) as unknown }))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(older(byStatement)).toEqual(asRow(byRow));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
