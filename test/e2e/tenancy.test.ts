import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

describe('tenant isolation', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it("answers NOT_FOUND when a second account reads the first account's message, over REST and GraphQL", async () => {
    const first = await gw.login();
    const second = await gw.createAccount('Second tenant');
    const sent = await gw.request('POST', '/v1/messages', {
      token: first,
      json: { to: '+4915123456789', body: 'private' },
    });
    expect(sent.status).toBe(202);

    const own = await gw.request('GET', `/v1/messages/${sent.body.id}`, { token: first });
    expect(own.status).toBe(200);
    const foreign = await gw.request('GET', `/v1/messages/${sent.body.id}`, { token: second.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain('private');

    const viaGraphql = await gw.graphql(
      'query M($id: ID!) { message(id: $id) { id body } }',
      { id: sent.body.id },
      second.token,
    );
    expect(viaGraphql.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(viaGraphql.body.data).toBeNull();
  });

  it("does not list, read, re-pair or revoke another account's device", async () => {
    const first = await gw.login();
    const second = await gw.createAccount('Device snoop');
    const created = await gw.request('POST', '/v1/devices', { token: first, json: { name: 'mine' } });
    const id: string = created.body.device.id;

    const list = await gw.request('GET', '/v1/devices', { token: second.token });
    expect(list.body.data.map((d: { id: string }) => d.id)).not.toContain(id);
    for (const [method, path] of [
      ['GET', `/v1/devices/${id}`],
      ['POST', `/v1/devices/${id}/pairing`],
      ['DELETE', `/v1/devices/${id}`],
    ] as const) {
      const res = await gw.request(method, path, { token: second.token });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const still = await gw.request('GET', `/v1/devices/${id}`, { token: first });
    expect(still.status).toBe(200);
  });

  it("never routes a message to another account's phone", async () => {
    const owner = await gw.createAccount('Phone owner');
    const sender = await gw.createAccount('Phoneless sender');
    const phone = await gw.pairAgent(owner.token, { name: 'owned' });
    const sent = await gw.request('POST', '/v1/messages', {
      token: sender.token,
      json: { to: '+4915123456789', body: 'not yours' },
    });
    // The sender has no phone of its own: its message waits for one (spending no attempt) while the
    // other account's phone, online and idle, never gets it.
    await waitFor(
      () =>
        gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM message_events WHERE message_id = $1', [
          sent.body.id,
        ]),
      (r) => r.rows[0].n >= 1,
      { what: 'the message to be accepted' },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const final = await gw.message(sender.token, sent.body.id);
    expect(final).toMatchObject({ status: 'queued', attempts: 0, deviceId: null });
    expect(phone.transport.sent).toHaveLength(0);
  });
});
