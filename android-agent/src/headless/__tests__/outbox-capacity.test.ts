import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyStats, noopLogger } from '../../lib/agent-common.js';
import { APP_OUTBOX_CAPACITY_BYTES, Outbox } from '../../lib/outbox.js';
import type { MessageSendAck, MessageSendPayload } from '../../lib/protocol.js';
import { Reporter } from '../../lib/reporter.js';
import { SendPump } from '../../lib/send-pump.js';
import type { AgentSocket } from '../../lib/session.js';
import { SimulatedSmsTransport } from '../../lib/simulated-transport.js';
import { SendThrottle } from '../../lib/throttle.js';
import { FileOutboxStore } from '../file-outbox-store.js';

const MESSAGES = 50_000;
const BATCH = 500;

let dir: string;
const closers: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-capacity-'));
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) {
    await close();
  }
  await rm(dir, { recursive: true, force: true });
});

/** A server that acknowledges every status report at once. */
const ackingSocket = {
  timeout: () => ({
    emit: (_event: string, _payload: unknown, ack: (error: Error | null, res: unknown) => void) =>
      queueMicrotask(() => ack(null, { ok: true })),
  }),
} as unknown as AgentSocket;

const payload = (n: number): MessageSendPayload => ({
  id: `m-${String(n).padStart(6, '0')}`,
  to: `+49151${String(10_000_000 + n)}`,
  // Up to two parts, with a few non-ASCII letters: the store counts bytes, not characters.
  body: `Nachricht Nr. ${n}: Grüße `.repeat(1 + (n % 12)),
  expiresAt: '2099-01-01T00:00:00.000Z',
  attempt: 1,
});

/** Lets the pump, the simulated SIM and the reporter run until `done` holds. Bounded by turns, not by time. */
async function settle(done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    if (turn > 100_000) {
      throw new Error('the outbox did not settle');
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the headless agent at 50,000 messages, with the app store limits', () => {
  it('still accepts message 50,000, stays under the byte bound and recognises recent ids as duplicates', async () => {
    const path = join(dir, 'outbox.json');
    const store = new FileOutboxStore(path, { fsync: false, capacityBytes: APP_OUTBOX_CAPACITY_BYTES });
    closers.push(() => store.close());
    const outbox = await Outbox.open(store);
    const transport = new SimulatedSmsTransport({ deliveryMs: 0 });
    closers.push(() => transport.close());
    const sims = await transport.listSims();
    const stats = emptyStats();
    const clock = (): Date => new Date();
    const reporter = new Reporter({
      outbox,
      clock,
      logger: noopLogger,
      stats,
      statusRetryMs: 10,
      statusRetryMaxMs: 100,
      ackTimeoutMs: 10_000,
      idFactory: () => crypto.randomUUID(),
      socket: () => ackingSocket,
    });
    closers.push(() => reporter.stop());
    const pump = new SendPump({
      outbox,
      transport,
      throttle: new SendThrottle({ maxPerMinute: 0 }),
      clock,
      logger: noopLogger,
      stats,
      offlineSendGraceMs: 60_000,
      platformThrottleRetryMs: 5_000,
      sims: () => sims,
      onlineWithin: () => true,
      outcomes: reporter,
    });
    closers.push(() => pump.stop());
    const unsubscribe = transport.onPartEvent((event) => void reporter.onPartEvent(event));
    closers.push(unsubscribe);

    const refused: MessageSendAck[] = [];
    let peakBytes = 0;
    const send = async (n: number): Promise<MessageSendAck> => {
      let answer: MessageSendAck | undefined;
      await pump.onMessageSend(payload(n), (res: MessageSendAck) => (answer = res));
      return answer!;
    };
    for (let n = 1; n <= MESSAGES; n += BATCH) {
      const acks = await Promise.all(Array.from({ length: Math.min(BATCH, MESSAGES - n + 1) }, (_, i) => send(n + i)));
      refused.push(...acks.filter((ack) => !ack.accepted));
      peakBytes = Math.max(peakBytes, outbox.storedBytes);
      // The server acknowledges the reports (sent, delivered), so finished messages may be forgotten to make room.
      const sent = n + acks.length - 1;
      await settle(() => stats.reportsAcked === 2 * sent);
      peakBytes = Math.max(peakBytes, outbox.storedBytes);
    }

    expect(outbox.summary()).toEqual([]);
    expect(refused).toEqual([]);
    expect(stats.accepted).toBe(MESSAGES);
    expect(transport.sent).toHaveLength(MESSAGES);
    expect(outbox.get(payload(MESSAGES).id)).toMatchObject({ state: 'delivered', body: '' });
    expect(peakBytes).toBeLessThanOrEqual(APP_OUTBOX_CAPACITY_BYTES);
    // Old ids go first; thousands of the newest are still known.
    expect(outbox.has(payload(1).id)).toBe(false);
    expect(outbox.size).toBeGreaterThan(5_000);

    // A late duplicate of a recent message is acknowledged and not sent again.
    for (const n of [MESSAGES, MESSAGES - 1_000, MESSAGES - 4_000]) {
      expect(await send(n)).toEqual({ accepted: true });
    }
    expect(stats.duplicates).toBe(3);
    await settle(() => outbox.summary().length === 0);
    expect(transport.sent).toHaveLength(MESSAGES);

    // What is on disk is bounded too, and a restarted agent still knows the recent ids.
    await store.close();
    expect((await stat(path)).size).toBeLessThanOrEqual(APP_OUTBOX_CAPACITY_BYTES);
    const reopenedStore = new FileOutboxStore(path, { fsync: false, capacityBytes: APP_OUTBOX_CAPACITY_BYTES });
    closers.push(() => reopenedStore.close());
    const reopened = await Outbox.open(reopenedStore);
    expect(reopened.has(payload(MESSAGES - 4_000).id)).toBe(true);
    expect(reopened.storedBytes).toBeLessThanOrEqual(APP_OUTBOX_CAPACITY_BYTES);
  }, 300_000);
});
