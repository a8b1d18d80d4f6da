import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

type Resource = Record<string, unknown> & { events: { status: string; at: string }[] };
interface Payload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The message resource without its events: what a webhook's `data` must be. */
const fieldsOf = ({ events: _events, ...fields }: Resource) => fields;

/** `data` and the resource have the same fields, and each the same value (times to the millisecond). */
function expectSameMessage(data: Record<string, unknown>, resource: Record<string, unknown>, what: string): void {
  expect(Object.keys(data).sort(), `${what}: the fields`).toEqual(Object.keys(resource).sort());
  for (const [field, value] of Object.entries(resource)) expect(data[field], `${what}: ${field}`).toEqual(value);
}

/**
 * The contract of the message webhooks (issue 20): a webhook's `data` is the message resource of
 * GET /v1/messages/{id} for the same row, field by field and value by value. The payload is built
 * in SQL (`webhook_message_payload`, src/database/sql/webhook-outbox.ts) by the trigger that writes
 * the delivery with the status change; the resource in TypeScript (toMessageResource). Checked for
 * messages queued, sent, delivered and failed with an error code, each with every optional field
 * set, through the function for each and through the trigger's delivery rows for those that make
 * a webhook.
 */
describe('the message webhook payload is the REST message resource', () => {
  let gw: TestGateway;
  let receiver: Server;
  let receiverUrl: string;
  let endpointId: string;
  /** The message in each status, by its status. */
  const messages = new Map<string, { id: string; token: string }>();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });

    const phones = await gw.createAccount('Payload contract');
    const phoneless = await gw.createAccount('Payload contract, no phone');
    const endpoint = await gw.request('POST', '/v1/webhooks', {
      token: phones.token,
      json: { url: receiverUrl, events: ['*'] },
    });
    expect(endpoint.status).toBe(201);
    endpointId = endpoint.body.id;

    // A phone and a route to it per outcome, so the message has a routeId as well as a deviceId.
    const outcomes = [
      { status: 'delivered', prefix: '+4915111', agent: { deliveryMs: 0 } },
      { status: 'sent', prefix: '+4915122', agent: { deliveryMs: -1 } },
      { status: 'failed', prefix: '+4915133', agent: { failRate: 1, failCode: 'INVALID_DESTINATION' } },
    ];
    for (const [i, o] of outcomes.entries()) {
      const phone = await gw.pairAgent(phones.token, { name: `${o.status} phone`, ...o.agent });
      const route = await gw.request('POST', '/v1/routes', {
        token: phones.token,
        json: {
          name: `to the ${o.status} phone`,
          position: 10 * (i + 1),
          match: { prefixes: [o.prefix] },
          strategy: 'failover',
          targets: [{ kind: 'device', deviceId: phone.deviceId }],
        },
      });
      expect(route.status).toBe(201);
    }

    const sendAt = new Date(Date.now() + 2000).toISOString();
    const send = async (status: string, account: { token: string }, to: string) => {
      const template = await gw.request('POST', '/v1/templates', {
        token: account.token,
        json: { name: `contract ${status}`, body: 'Hi {{name}}, your code is {{code}}.', defaults: { code: '0000' } },
      });
      expect(template.status).toBe(201);
      const campaign = await gw.request('POST', '/v1/campaigns', {
        token: account.token,
        json: { name: `contract ${status}`, body: 'Campaign' },
      });
      expect(campaign.status).toBe(201);
      const sent = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: {
          to,
          templateId: template.body.id,
          variables: { name: 'Ada' },
          priority: 'high',
          ttlSeconds: 3600,
          metadata: { order: 42, tags: ['a', 'b'], nested: { ok: true, none: null } },
          sendAt,
          clientReference: `contract-${status}`,
        },
      });
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      // A message comes from the API or from a campaign, never both: the campaign is set on the row,
      // while the message waits for its sendAt, so that one row has every optional field.
      const marked = await gw.db.query(`UPDATE messages SET campaign_id = $2 WHERE id = $1 AND status = 'scheduled'`, [
        sent.body.id,
        campaign.body.id,
      ]);
      expect(marked.rowCount).toBe(1);
      messages.set(status, { id: sent.body.id, token: account.token });
    };
    for (const o of outcomes) await send(o.status, phones, `${o.prefix}000001`);
    // No phone: the message waits, queued.
    await send('queued', phoneless, '+4915144000001');

    for (const [status, m] of messages) {
      const reached = await gw.waitForStatus(m.token, m.id, [status, 'delivered', 'failed'], 20_000);
      expect(reached.status).toBe(status);
    }
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const resource = async (status: string): Promise<Resource> => {
    const m = messages.get(status)!;
    return (await gw.message(m.token, m.id)) as Resource;
  };
  /** The deliveries the trigger wrote to the endpoint for the message, by event type. */
  const deliveries = async (status: string): Promise<Map<string, Payload[]>> => {
    const { rows } = await gw.db.query<{ event_type: string; payload: Payload }>(
      `SELECT event_type, payload FROM webhook_deliveries
        WHERE endpoint_id = $1 AND payload->'data'->>'id' = $2 ORDER BY created_at, id`,
      [endpointId, messages.get(status)!.id],
    );
    const byType = new Map<string, Payload[]>();
    for (const r of rows) byType.set(r.event_type, [...(byType.get(r.event_type) ?? []), r.payload]);
    return byType;
  };

  it('has every optional field set on the messages compared', async () => {
    for (const status of ['queued', 'sent', 'delivered', 'failed']) {
      const r = await resource(status);
      expect(r.status).toBe(status);
      for (const field of ['clientReference', 'templateId', 'campaignId', 'sentBy', 'metadata', 'sendAt']) {
        expect(r[field], `${status}: ${field}`).not.toBeNull();
      }
      expect(r.sentBy).toMatch(/^user:/);
    }
    for (const status of ['sent', 'delivered', 'failed']) {
      const r = await resource(status);
      for (const field of ['deviceId', 'routeId', 'simSlot']) expect(r[field], `${status}: ${field}`).not.toBeNull();
    }
    expect((await resource('sent')).sentAt).not.toBeNull();
    expect(await resource('delivered')).toMatchObject({ sentAt: expect.any(String), deliveredAt: expect.any(String) });
    expect((await resource('failed')).errorCode).toBe('INVALID_DESTINATION');
  });

  it.each(['queued', 'sent', 'delivered', 'failed'])(
    'builds, from a %s message, the data GET /v1/messages/{id} shows',
    async (status) => {
      const { id } = messages.get(status)!;
      const r = await resource(status);
      const { rows } = await gw.db.query<{ payload: Payload }>(
        `SELECT webhook_message_payload('message.contract', now(), NULL, NULL, m) AS payload FROM messages m WHERE m.id = $1`,
        [id],
      );
      expectSameMessage(rows[0].payload.data, fieldsOf(r), `${status}, webhook_message_payload`);
    },
  );

  it.each(['sent', 'delivered', 'failed'])(
    'writes, when a message is %s, a webhook whose data is the message GET shows, with the time of its event',
    async (status) => {
      const r = await resource(status);
      const written = (await deliveries(status)).get(`message.${status}`) ?? [];
      expect(written).toHaveLength(1);
      const payload = written[0];
      expect(payload.type).toBe(`message.${status}`);
      expectSameMessage(payload.data, fieldsOf(r), `${status}, the trigger's delivery`);
      expect(payload.timestamp).toBe(r.events.findLast((e) => e.status === status)!.at);
    },
  );

  it("writes a delivered message's message.sent with the message as it was before its delivery", async () => {
    const r = fieldsOf(await resource('delivered'));
    const sent = (await deliveries('delivered')).get('message.sent') ?? [];
    expect(sent).toHaveLength(1);
    // The delivery report changed these three fields and nothing else.
    const { status, updatedAt, deliveredAt, ...unchanged } = sent[0].data;
    expect({ status, deliveredAt }).toEqual({ status: 'sent', deliveredAt: null });
    expect(Date.parse(updatedAt as string)).toBeLessThanOrEqual(Date.parse(r.updatedAt as string));
    const { status: _s, updatedAt: _u, deliveredAt: _d, ...now } = r;
    expectSameMessage(unchanged, now, 'delivered, its message.sent');
  });
});
