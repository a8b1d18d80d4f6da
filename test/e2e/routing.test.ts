import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { TestSmsc } from '../support/smsc.js';
import { waitFor } from '../support/wait.js';

const SYSTEM_ID = 'router';
const PASSWORD = 'r0uting!';
const UK = '+447911123456';
const DE = '+4915123456789';
/** ESME_RSYSERR: the SMSC failed inside, a refusal another try may fix. */
const ESME_RSYSERR = 0x08;

interface Verified {
  type: string;
  data: { id: string; status: string; carrierId: string | null };
}

/**
 * One API, phones and a carrier behind it, chosen by routing rules: UK numbers go to the SMPP
 * carrier first and to the phones when it fails; everything else goes to the phones. The carrier
 * is the test SMSC process, the phone a headless agent, the webhook receiver a real HTTP server.
 */
describe('routing between a carrier and the phones', () => {
  let gw: TestGateway;
  let smsc: TestSmsc;
  let token: string;
  let phone: HeadlessAgent;
  let carrierId: string;
  let ukRouteId: string;
  let defaultRouteId: string;
  let receiver: Server;
  let secret: string;
  const hooks: Verified[] = [];

  beforeAll(async () => {
    smsc = await TestSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD });
    gw = await TestGateway.start({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      CARRIER_RECONNECT_BASE_MS: '100',
      CARRIER_RECONNECT_MAX_MS: '400',
      CARRIER_SYNC_INTERVAL_MS: '500',
      BREAKER_VOLUME: '2',
      BREAKER_ERROR_PERCENT: '50',
      BREAKER_RESET_MS: '1500',
    });
    token = await gw.login();

    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        hooks.push(new Webhook(secret).verify(body, req.headers as Record<string, string>) as Verified);
        res.writeHead(204).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const hook = await gw.request('POST', '/v1/webhooks', {
      token,
      json: {
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
        events: ['message.delivered'],
      },
    });
    secret = hook.body.secret;

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
          windowSize: 50,
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
    phone = await gw.pairAgent(token, { name: 'fallback-phone' });

    const uk = await gw.request('POST', '/v1/routes', {
      token,
      json: {
        name: 'UK via the carrier',
        match: { prefixes: ['+44'] },
        strategy: 'failover',
        targets: [{ kind: 'carrier', carrierId }, { kind: 'devices' }],
      },
    });
    expect(uk.status).toBe(201);
    ukRouteId = uk.body.id;
    const fallback = await gw.request('POST', '/v1/routes', {
      token,
      json: { name: 'everything else', isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] },
    });
    expect(fallback.status).toBe(201);
    defaultRouteId = fallback.body.id;
  });

  afterAll(async () => {
    await gw?.stop();
    await smsc?.stop();
    receiver?.close();
  });

  const send = async (to: string, body: string): Promise<string> => {
    const res = await gw.request('POST', '/v1/messages', { token, json: { to, body } });
    expect(res.status).toBe(202);
    return res.body.id;
  };
  /** The message's events as [status, where, errorCode]. */
  const trail = async (id: string): Promise<[string, string | null, string | null][]> =>
    (await gw.message(token, id)).events.map(
      (e: { status: string; deviceId?: string; carrierId?: string; errorCode?: string }) => [
        e.status,
        e.carrierId ? 'carrier' : e.deviceId ? 'phone' : null,
        e.errorCode ?? null,
      ],
    );
  const submitsTo = async (number: string) => (await smsc.submits()).filter((s) => `+${s.destinationAddr}` === number);

  it('sends a UK number through the carrier (sent on its answer, delivered on its receipt, signed webhook) and others to the phone', async () => {
    const id = await send(UK, 'via the carrier');
    const sent = await gw.waitForStatus(token, id, ['sent']);
    expect(sent).toMatchObject({ carrierId, routeId: ukRouteId, deviceId: null });
    const [submit] = await submitsTo(UK);
    expect(submit.status).toBe(0);
    expect(await smsc.receipt(submit.messageId!, 'DELIVRD')).toBe(0);
    await gw.waitForStatus(token, id, ['delivered']);
    const hook = await waitFor(
      () => hooks.find((h) => h.data.id === id),
      (h) => h !== undefined,
      { what: 'the message.delivered webhook' },
    );
    expect(hook).toMatchObject({ type: 'message.delivered', data: { status: 'delivered', carrierId } });

    const other = await send(DE, 'via the phone');
    const delivered = await gw.waitForStatus(token, other, ['delivered']);
    expect(delivered).toMatchObject({ deviceId: phone.deviceId, carrierId: null, routeId: defaultRouteId });
    expect(await submitsTo(DE)).toEqual([]);
    expect(phone.transport.sent.map((s) => s.id)).toEqual([other]);
  });

  it('fails over to the phone while the carrier fails, opens its breaker, and goes back once it recovers', async () => {
    await smsc.reset();
    await smsc.reject(2, ESME_RSYSERR);
    // Two failures in a row: each message tries the carrier, then goes out through the phone.
    const failedOver: string[] = [];
    for (const n of [1, 2]) {
      const id = await send(UK, `carrier failing ${n}`);
      await gw.waitForStatus(token, id, ['delivered']);
      failedOver.push(id);
    }
    expect(await trail(failedOver[0])).toEqual([
      ['queued', null, null],
      ['sending', 'carrier', null],
      ['queued', null, 'SMPP_ESME_RSYSERR'],
      ['sending', 'phone', null],
      ['sent', 'phone', null],
      ['delivered', 'phone', null],
    ]);
    expect((await submitsTo(UK)).map((s) => s.status)).toEqual([ESME_RSYSERR, ESME_RSYSERR]);

    // The breaker is open: the next UK message goes straight to the phone, the carrier untried.
    const bypassed = await send(UK, 'breaker open');
    await gw.waitForStatus(token, bypassed, ['delivered']);
    expect((await trail(bypassed)).filter(([status, where]) => status === 'sending' && where === 'carrier')).toEqual(
      [],
    );
    expect(await submitsTo(UK)).toHaveLength(2);

    // After BREAKER_RESET_MS one trial goes to the carrier again; it succeeds and closes the breaker.
    await new Promise((r) => setTimeout(r, 1700));
    for (const n of [1, 2]) {
      const id = await send(UK, `carrier back ${n}`);
      expect(await gw.waitForStatus(token, id, ['sent'])).toMatchObject({ carrierId, deviceId: null });
    }
    expect((await submitsTo(UK)).map((s) => s.status)).toEqual([ESME_RSYSERR, ESME_RSYSERR, 0, 0]);
  });

  it('holds a message whose every target is failing until its breaker lets a trial through, spending no attempt meanwhile', async () => {
    const FR = '+33612345678';
    const fr = await gw.request('POST', '/v1/routes', {
      token,
      json: {
        name: 'France via the carrier only',
        match: { prefixes: ['+33'] },
        strategy: 'failover',
        targets: [{ kind: 'carrier', carrierId }],
      },
    });
    expect(fr.status).toBe(201);
    await smsc.reset();
    await smsc.reject(2, ESME_RSYSERR);
    // Two refusals open the route's one breaker (volume 2); the third attempt finds it open and
    // waits for BREAKER_RESET_MS (1.5 s), far longer than the retries' backoff (50 ms doubling):
    // spending attempts meanwhile would fail it with NO_ROUTE after DISPATCH_MAX_ATTEMPTS (5).
    const id = await send(FR, 'carrier down for a moment');
    const sent = await gw.waitForStatus(token, id, ['sent', 'failed'], 15_000);
    expect(sent).toMatchObject({ status: 'sent', carrierId, attempts: 3 });
    expect(await trail(id)).toEqual([
      ['queued', null, null],
      ['sending', 'carrier', null],
      ['queued', null, 'SMPP_ESME_RSYSERR'],
      ['sending', 'carrier', null],
      ['queued', null, 'SMPP_ESME_RSYSERR'],
      ['sending', 'carrier', null],
      ['sent', 'carrier', null],
    ]);
    expect((await submitsTo(FR)).map((s) => s.status)).toEqual([ESME_RSYSERR, ESME_RSYSERR, 0]);
    expect((await gw.request('DELETE', `/v1/routes/${fr.body.id}`, { token })).status).toBe(204);
  });

  it('refuses a message no rule applies to with NO_ROUTE once the account has routes but no default, writing nothing', async () => {
    const del = await gw.request('DELETE', `/v1/routes/${defaultRouteId}`, { token });
    expect(del.status).toBe(204);
    const before = (await gw.db.query('SELECT count(*)::int AS n FROM messages')).rows[0].n;
    const single = await gw.request('POST', '/v1/messages', { token, json: { to: DE, body: 'nowhere to go' } });
    expect(single.status).toBe(422);
    expect(single.body.code).toBe('NO_ROUTE');
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: {
        messages: [
          { to: DE, body: 'nowhere' },
          { to: UK, body: 'to the carrier' },
        ],
      },
    });
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([422, 202]);
    expect(batch.body.results[0].error.code).toBe('NO_ROUTE');
    // A message that names its phone skips the routes.
    const pinned = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: DE, body: 'to my phone', deviceId: phone.deviceId },
    });
    expect(pinned.status).toBe(202);
    await gw.waitForStatus(token, pinned.body.id, ['delivered']);
    expect((await gw.db.query('SELECT count(*)::int AS n FROM messages')).rows[0].n).toBe(before + 2);
  });
});
