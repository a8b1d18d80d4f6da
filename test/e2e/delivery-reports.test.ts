import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { TestSmsc } from '../support/smsc.js';
import { waitFor } from '../support/wait.js';

const SYSTEM_ID = 'reports';
const PASSWORD = 'dlr-pass';
const UK = '+447911123456';

interface Hook {
  type: string;
  data: { id: string; status: string; errorCode: string | null };
}

/**
 * Delivery reports as the SMS Deliverer Standard asks, through real dispatch: UK numbers go to the
 * test SMSC (a real SMPP server process) first and to a phone (a headless agent that never reports
 * delivery) when the carrier cannot take them.
 */
describe('delivery reports', () => {
  let gw: TestGateway;
  let smsc: TestSmsc;
  let token: string;
  let carrierId: string;
  let ukRouteId: string;
  let phone: HeadlessAgent;
  let receiver: Server;
  const hooks: Hook[] = [];

  beforeAll(async () => {
    smsc = await TestSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD });
    gw = await TestGateway.start({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      CARRIER_SYNC_INTERVAL_MS: '300',
      DLR_TIMEOUT_SECONDS: '2',
      SWEEP_INTERVAL_MS: '300',
      DLR_RETRY_ERRORS: 'SMPP_ERR_027',
    });
    token = await gw.login();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push(JSON.parse(Buffer.concat(chunks).toString()) as Hook);
        res.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const hook = await gw.request('POST', '/v1/webhooks', {
      token,
      json: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
        events: ['message.rejected', 'message.dlr_timeout', 'message.delivered'],
      },
    });
    expect(hook.status).toBe(201);
    const carrier = await gw.request('POST', '/v1/carriers', {
      token,
      json: {
        name: 'UK SMSC',
        kind: 'smpp',
        smpp: {
          host: '127.0.0.1',
          port: smsc.port,
          systemId: SYSTEM_ID,
          password: PASSWORD,
          tps: 50,
          sourceAddr: 'ACME',
        },
      },
    });
    expect(carrier.status).toBe(201);
    carrierId = carrier.body.id;
    await waitFor(
      async () => (await gw.request('GET', `/v1/carriers/${carrierId}`, { token })).body.state,
      (state) => state === 'bound',
      { what: 'the carrier to bind' },
    );
    // A phone whose "SIM" never reports delivery: a message it sends stays `sent`.
    phone = await gw.pairAgent(token, { name: 'fallback-phone', deliveryMs: 3_600_000 });
    const uk = await gw.request('POST', '/v1/routes', {
      token,
      json: {
        name: 'UK',
        match: { prefixes: ['+44'] },
        strategy: 'failover',
        targets: [{ kind: 'carrier', carrierId }, { kind: 'devices' }],
      },
    });
    expect(uk.status).toBe(201);
    ukRouteId = uk.body.id;
    const rest = await gw.request('POST', '/v1/routes', {
      token,
      json: { name: 'rest', isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] },
    });
    expect(rest.status).toBe(201);
  });

  afterAll(async () => {
    await gw?.stop();
    await smsc?.stop();
    receiver?.close();
  });

  const sendUk = async (body: string): Promise<string> => {
    const res = await gw.request('POST', '/v1/messages', { token, json: { to: UK, body } });
    expect(res.status).toBe(202);
    return res.body.id;
  };
  /** The SMSC's message ids of the submits carrying `body`, in order. */
  const submitted = async (body: string, count = 1): Promise<string[]> => {
    const hex = Buffer.from(body).toString('hex');
    const found = await waitFor(
      async () => (await smsc.accepted()).filter((s) => s.shortMessageHex.includes(hex)),
      (list) => list.length >= count,
      { what: `${count} submits of "${body}"` },
    );
    return found.map((s) => s.messageId!);
  };

  it('makes REJECTD a rejected message (not undelivered), with its webhook, and nothing moves it after', async () => {
    const id = await sendUk('refused by the network');
    await gw.waitForStatus(token, id, ['sent']);
    const [smscId] = await submitted('refused by the network');
    expect(await smsc.receipt(smscId, 'REJECTD', { err: '011' })).toBe(0);
    const message = await gw.waitForStatus(token, id, ['rejected']);
    expect(message).toMatchObject({ status: 'rejected', errorCode: 'SMPP_ERR_011' });
    expect(message.events.at(-1)).toMatchObject({ status: 'rejected', source: 'carrier' });
    const hook = await waitFor(
      () => hooks.find((h) => h.type === 'message.rejected' && h.data.id === id),
      (h) => h !== undefined,
      { what: 'the message.rejected webhook' },
    );
    expect(hook!.data).toMatchObject({ status: 'rejected', errorCode: 'SMPP_ERR_011' });
    // A final status is final: a later receipt saying delivered changes nothing.
    await smsc.receipt(smscId, 'DELIVRD');
    expect((await gw.message(token, id)).status).toBe('rejected');
    const listed = await gw.request('GET', '/v1/messages?status=rejected', { token });
    expect(listed.body.data.map((m: { id: string }) => m.id)).toContain(id);
  });

  it('gives up on a report after DLR_TIMEOUT_SECONDS once: the message stays sent, an event and a webhook say so', async () => {
    const id = await sendUk('no report will come');
    await gw.waitForStatus(token, id, ['sent']);
    const message = await waitFor(
      () => gw.message(token, id),
      (m) => m.events.some((e: { errorCode?: string }) => e.errorCode === 'DLR_TIMEOUT'),
      { what: 'the DLR_TIMEOUT event', timeoutMs: 10_000 },
    );
    expect(message.status).toBe('sent');
    expect(message.events.at(-1)).toMatchObject({ status: 'sent', source: 'system', errorCode: 'DLR_TIMEOUT' });
    const hook = await waitFor(
      () => hooks.find((h) => h.type === 'message.dlr_timeout' && h.data.id === id),
      (h) => h !== undefined,
      { what: 'the message.dlr_timeout webhook' },
    );
    expect(hook!.data).toMatchObject({ status: 'sent', errorCode: 'DLR_TIMEOUT' });
    // Once: later sweeps leave it alone.
    await new Promise((r) => setTimeout(r, 1000));
    const again = await gw.message(token, id);
    expect(again.events.filter((e: { errorCode?: string }) => e.errorCode === 'DLR_TIMEOUT')).toHaveLength(1);
    // A receipt that still comes is the truth, and is applied.
    const [smscId] = await submitted('no report will come');
    await smsc.receipt(smscId, 'DELIVRD');
    await gw.waitForStatus(token, id, ['delivered']);
  });

  it('requeues on a transient receipt error (DLR_RETRY_ERRORS) and ignores a late receipt for the earlier hand-over', async () => {
    const id = await sendUk('absent subscriber');
    await gw.waitForStatus(token, id, ['sent']);
    const [first] = await submitted('absent subscriber');
    expect(await smsc.receipt(first, 'UNDELIV', { err: '027' })).toBe(0);
    // Tried again (the carrier is still the route's first choice): a second submit, a new id.
    const [, second] = await submitted('absent subscriber', 2);
    const resent = await waitFor(
      () => gw.message(token, id),
      (m) => m.status === 'sent' && m.attempts === 2,
      { what: 'the second attempt to be sent' },
    );
    expect(resent.events.map((e: { status: string; errorCode?: string }) => [e.status, e.errorCode ?? null])).toEqual(
      expect.arrayContaining([['queued', 'SMPP_ERR_027']]),
    );
    // The first hand-over's late "delivered" is not about this attempt.
    expect(await smsc.receipt(first, 'DELIVRD')).toBe(0);
    expect((await gw.message(token, id)).status).toBe('sent');
    expect(await smsc.receipt(second, 'DELIVRD')).toBe(0);
    await gw.waitForStatus(token, id, ['delivered']);
  });

  it('ignores a carrier receipt for a message that has since gone to a phone', async () => {
    const id = await sendUk('moved to a phone');
    await gw.waitForStatus(token, id, ['sent']);
    const [smscId] = await submitted('moved to a phone');
    // UK now goes to the phones: the transient receipt's retry goes there (the carrier stays bound).
    const moved = await gw.request('PATCH', `/v1/routes/${ukRouteId}`, {
      token,
      json: { targets: [{ kind: 'devices' }] },
    });
    expect(moved.status).toBe(200);
    expect(await smsc.receipt(smscId, 'UNDELIV', { err: '027' })).toBe(0);
    const onPhone = await waitFor(
      () => gw.message(token, id),
      (m) => m.status === 'sent' && m.deviceId === phone.deviceId,
      { what: 'the message sent by the phone' },
    );
    expect(onPhone.carrierId).toBeNull();
    // The carrier's late "delivered" is about a hand-over the message has left.
    await smsc.receipt(smscId, 'DELIVRD');
    const after = await gw.message(token, id);
    expect(after).toMatchObject({ status: 'sent', deviceId: phone.deviceId });
    expect(after.events.some((e: { status: string }) => e.status === 'delivered')).toBe(false);
  });
});
