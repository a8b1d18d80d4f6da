import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { TestSmsc } from '../support/smsc.js';
import { backwardHistories } from '../support/invariants.js';
import { waitFor } from '../support/wait.js';

const SYSTEM_ID = 'silent';
const PASSWORD = 'quiet-pass';
const UK = '+447911123456';
const COUNT = 30;

/**
 * An SMSC that stops answering (no submit_sm_resp, no enquire_link_resp, no bind_resp) while its
 * TCP sessions stay open: UK messages route to it first and to a phone after. Nothing accepted may
 * be lost, the phone sends each message once, statuses move forward only, and once the SMSC answers
 * again messages go through it within 10 s.
 */
describe('an SMSC that stops answering', () => {
  let gw: TestGateway;
  let smsc: TestSmsc;
  let token: string;
  let carrierId: string;
  let phone: HeadlessAgent;

  beforeAll(async () => {
    smsc = await TestSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD });
    gw = await TestGateway.start({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      CARRIER_RECONNECT_BASE_MS: '100',
      CARRIER_RECONNECT_MAX_MS: '500',
      CARRIER_SYNC_INTERVAL_MS: '300',
      CARRIER_SUBMIT_TIMEOUT_MS: '1500',
      CARRIER_RESPONSE_TIMEOUT_MS: '1000',
      BREAKER_VOLUME: '2',
      BREAKER_ERROR_PERCENT: '50',
      BREAKER_RESET_MS: '1500',
    });
    token = await gw.login();
    const carrier = await gw.request('POST', '/v1/carriers', {
      token,
      json: {
        name: 'Quiet SMSC',
        kind: 'smpp',
        smpp: {
          host: '127.0.0.1',
          port: smsc.port,
          systemId: SYSTEM_ID,
          password: PASSWORD,
          tps: 100,
          windowSize: 10,
          enquireLinkSeconds: 1,
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
    phone = await gw.pairAgent(token, { name: 'fallback-phone', deliveryMs: 20 });
    for (const route of [
      {
        name: 'UK',
        match: { prefixes: ['+44'] },
        strategy: 'failover',
        targets: [{ kind: 'carrier', carrierId }, { kind: 'devices' }],
      },
      { name: 'rest', isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] },
    ]) {
      expect((await gw.request('POST', '/v1/routes', { token, json: route })).status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await smsc?.stop();
  });

  it('delivers every message through the phone, once each, forward only, and uses the SMSC again within 10 s of it answering', async () => {
    await smsc.silence(true);
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: { messages: Array.from({ length: COUNT }, (_, i) => ({ to: UK, body: `quiet ${i}` })) },
    });
    const ids: string[] = batch.body.results.map((r: { message: { id: string } }) => r.message.id);
    expect(ids).toHaveLength(COUNT);
    await waitFor(
      async () =>
        (
          await gw.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM messages WHERE status = 'delivered' AND id = ANY($1::uuid[])`,
            [ids],
          )
        ).rows[0].n,
      (n) => n === COUNT,
      { what: `all ${COUNT} delivered`, timeoutMs: 60_000, intervalMs: 250 },
    );
    // The SMSC took some submits and answered none; the phone sent each message exactly once.
    expect((await smsc.status()).unanswered).toBeGreaterThan(0);
    expect(await smsc.accepted()).toEqual([]);
    const sent = phone.transport.sent.map((s) => s.id).filter((id) => ids.includes(id));
    expect(sent.sort()).toEqual([...ids].sort());
    expect(await backwardHistories(gw.db, ids)).toEqual([]);

    // The SMSC answers again: within 10 s a UK message goes through it.
    await smsc.silence(false);
    const recovered = Date.now();
    const through = await waitFor(
      async () => {
        const res = await gw.request('POST', '/v1/messages', { token, json: { to: UK, body: 'back again' } });
        const message = await gw.waitForStatus(token, res.body.id, ['sent', 'delivered', 'failed']);
        return message;
      },
      (m) => m.carrierId === carrierId && m.status === 'sent',
      { what: 'a UK message sent by the SMSC again', timeoutMs: 10_000, intervalMs: 500 },
    );
    expect(through.carrierId).toBe(carrierId);
    expect(Date.now() - recovered).toBeLessThan(10_000);
  }, 120_000);
});
