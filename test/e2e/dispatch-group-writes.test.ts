import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagesRepository } from '../../src/modules/messages/messages.repository.js';
import { TestGateway } from '../support/gateway.js';

const TO = '+4915123456789';

/**
 * The dispatcher reads and assigns the messages of the jobs running at once in one statement each
 * (issue 18). Each caller's answer must be its own, exactly as with a statement per message.
 */
describe("the dispatcher's group reads and writes", () => {
  let gw: TestGateway;
  let repo: MessagesRepository;

  beforeAll(async () => {
    gw = await TestGateway.start();
    repo = gw.running.app.get(MessagesRepository);
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
  });

  async function queuedMessage(token: string) {
    const res = await gw.request('POST', '/v1/messages', { token, json: { to: TO, body: 'group' } });
    expect(res.status).toBe(202);
    return res.body.id as string;
  }
  async function device(token: string, name: string) {
    const res = await gw.request('POST', '/v1/devices', { token, json: { name } });
    expect(res.status).toBe(201);
    return res.body.device.id as string;
  }

  it('answers each read in order, and nothing for another account', async () => {
    const a = await gw.createAccount('Reads A');
    const b = await gw.createAccount('Reads B');
    const ma = await queuedMessage(a.token);
    const mb = await queuedMessage(b.token);
    const found = await repo.findMany([
      { accountId: a.accountId, id: mb },
      { accountId: b.accountId, id: mb },
      { accountId: a.accountId, id: ma },
      { accountId: a.accountId, id: '01a24656-0000-7000-8000-000000000000' },
    ]);
    expect(found.map((m) => m?.id ?? null)).toEqual([null, mb, ma, null]);
  });

  it('assigns each message once, in its own account, only while it may be sent', async () => {
    const a = await gw.createAccount('Assigns A');
    const b = await gw.createAccount('Assigns B');
    const phone = await device(a.token, 'assign-phone');
    const first = await queuedMessage(a.token);
    const canceled = await queuedMessage(a.token);
    expect((await gw.request('POST', `/v1/messages/${canceled}/cancel`, { token: a.token })).status).toBe(200);
    const foreign = await queuedMessage(b.token);
    const at = new Date();
    const item = (id: string, accountId = a.accountId) => ({
      accountId,
      id,
      deviceId: phone,
      at,
      simSlot: 0,
      routeId: null,
    });

    const answers = await repo.assignMany([
      item(first),
      item(first), // the same message twice in one group: assigned once
      item(canceled),
      item(foreign), // another account's message under this account's id
    ]);
    expect(answers).toEqual([1, undefined, undefined, undefined]);

    const rows = await gw.db.query<{ id: string; status: string; attempts: number; device_id: string | null }>(
      `SELECT id, status, attempts, device_id FROM messages WHERE id = ANY($1::uuid[])`,
      [[first, canceled, foreign]],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    expect(byId.get(first)).toMatchObject({ status: 'sending', attempts: 1, device_id: phone });
    expect(byId.get(canceled)).toMatchObject({ status: 'canceled', attempts: 0, device_id: null });
    expect(byId.get(foreign)).toMatchObject({ status: 'queued', attempts: 0, device_id: null });
    const events = await gw.db.query<{ message_id: string; status: string; attempt: number }>(
      `SELECT message_id, status, attempt FROM message_events WHERE message_id = ANY($1::uuid[]) AND status = 'sending'`,
      [[first, canceled, foreign]],
    );
    expect(events.rows).toEqual([{ message_id: first, status: 'sending', attempt: 1 }]);

    // A later group for the same message is its next attempt.
    expect(await repo.assignMany([item(first)])).toEqual([2]);
  });

  it('hands each message to a carrier once, in its own account, only while it may be sent', async () => {
    const a = await gw.createAccount('Carrier assigns A');
    const b = await gw.createAccount('Carrier assigns B');
    const carrier = '01a24656-0000-7000-8000-00000000ca03';
    const first = await queuedMessage(a.token);
    const canceled = await queuedMessage(a.token);
    expect((await gw.request('POST', `/v1/messages/${canceled}/cancel`, { token: a.token })).status).toBe(200);
    const foreign = await queuedMessage(b.token);
    const at = new Date();
    const item = (id: string, accountId = a.accountId) => ({ accountId, id, carrierId: carrier, at, routeId: null });

    expect(await repo.assignCarrierMany([item(first), item(first), item(canceled), item(foreign)])).toEqual([
      1,
      undefined,
      undefined,
      undefined,
    ]);
    const rows = await gw.db.query<{ id: string; status: string; attempts: number; carrier_id: string | null }>(
      `SELECT id, status, attempts, carrier_id FROM messages WHERE id = ANY($1::uuid[])`,
      [[first, canceled, foreign]],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    expect(byId.get(first)).toMatchObject({ status: 'sending', attempts: 1, carrier_id: carrier });
    expect(byId.get(canceled)).toMatchObject({ status: 'canceled', attempts: 0, carrier_id: null });
    expect(byId.get(foreign)).toMatchObject({ status: 'queued', attempts: 0, carrier_id: null });
    const events = await gw.db.query<{ message_id: string; attempt: number; carrier_id: string }>(
      `SELECT message_id, attempt, carrier_id FROM message_events WHERE message_id = ANY($1::uuid[]) AND status = 'sending'`,
      [[first, canceled, foreign]],
    );
    expect(events.rows).toEqual([{ message_id: first, attempt: 1, carrier_id: carrier }]);
  });
});
