import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentGateway } from '../../src/modules/devices/agent.gateway.js';
import { TestGateway } from '../support/gateway.js';
import { backwardHistories } from '../support/invariants.js';
import { waitFor } from '../support/wait.js';

const COUNT = 200;

/**
 * A phone's connection drops (its transport closes, as on a network change) three times in the
 * middle of a batch while the phone keeps running: it reconnects, says what it holds, and goes on.
 * Every message ends delivered, the phone's SIM sends each exactly once, statuses move forward only.
 */
describe("a phone's socket dropped mid-batch", () => {
  let gw: TestGateway;
  let token: string;
  let phone: HeadlessAgent;

  beforeAll(async () => {
    gw = await TestGateway.start({ DISPATCH_ACK_TIMEOUT_MS: '1000' });
    token = await gw.login();
    phone = await gw.pairAgent(token, { name: 'flaky-network', deliveryMs: 20 });
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
  });

  it('delivers every message once through reconnects, forward only', async () => {
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: { messages: Array.from({ length: COUNT }, (_, i) => ({ to: '+4915123456789', body: `drop ${i}` })) },
    });
    const ids: string[] = batch.body.results.map((r: { message: { id: string } }) => r.message.id);
    expect(ids).toHaveLength(COUNT);
    const delivered = async () =>
      (
        await gw.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM messages WHERE status = 'delivered' AND id = ANY($1::uuid[])`,
          [ids],
        )
      ).rows[0].n;
    const namespace = gw.running.app.get(AgentGateway).namespace;
    let drops = 0;
    for (const after of [20, 80, 140]) {
      await waitFor(delivered, (n) => n >= after, { what: `${after} delivered`, timeoutMs: 30_000, intervalMs: 5 });
      // Close the phone's transport (not a server "disconnect": the client reconnects by itself).
      for (const socket of namespace.sockets.values()) {
        if (socket.data.device?.id === phone.deviceId) {
          socket.conn.close();
          drops += 1;
        }
      }
    }
    expect(drops).toBe(3);
    // Throughput is back within 10 s of the last drop: every message ends delivered by then.
    await waitFor(delivered, (n) => n === COUNT, {
      what: `all ${COUNT} delivered within 10 s of the last drop`,
      timeoutMs: 10_000,
      intervalMs: 100,
    });

    const sent = phone.transport.sent.map((s) => s.id).filter((id) => ids.includes(id));
    const counts = new Map<string, number>();
    for (const id of sent) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(await backwardHistories(gw.db, ids)).toEqual([]);
  }, 120_000);
});
