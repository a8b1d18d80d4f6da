import { describe, expect, it } from 'vitest';
import { emptyStats, noopLogger, type AgentLogger, type AgentStats } from '../agent-common.js';
import { MemoryOutboxStore, Outbox } from '../outbox.js';
import type { MessageSendAck, MessageSendPayload, SimInfo } from '../protocol.js';
import { SendPump, THROTTLE_STATE_KEY, type SendPumpOptions } from '../send-pump.js';
import { SimulatedSmsTransport } from '../simulated-transport.js';
import { SmsTransportError } from '../sms-transport.js';
import { Reporter } from '../reporter.js';
import { SendThrottle, type ThrottleState } from '../throttle.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { waitFor } from './support/wait-for.js';

const cleanup = cleanupAfterEach();

interface Rig {
  pump: SendPump;
  outbox: Outbox;
  transport: SimulatedSmsTransport;
  stats: AgentStats;
  /** What went to the reporter: `failed:<id>:<code>`. */
  outcomes: string[];
  warnings: { message: string; fields?: Record<string, unknown> }[];
  online: { value: boolean };
  /** As the server's `message.send`: resolves with the pump's ack. */
  send: (payload: Partial<MessageSendPayload> & { id: string }) => Promise<MessageSendAck>;
}

async function makePump(
  options: Partial<SendPumpOptions> & { transport?: SimulatedSmsTransport; outbox?: Outbox } = {},
): Promise<Rig> {
  const outbox = options.outbox ?? (await Outbox.open(new MemoryOutboxStore()));
  const transport = options.transport ?? new SimulatedSmsTransport({ deliveryMs: -1 });
  const sims: SimInfo[] = await transport.listSims();
  const stats: AgentStats = emptyStats();
  const outcomes: string[] = [];
  const warnings: Rig['warnings'] = [];
  const logger: AgentLogger = {
    info: () => {},
    warn: (message, fields) => warnings.push({ message, ...(fields ? { fields } : {}) }),
    error: () => {},
  };
  const online = { value: true };
  const pump = new SendPump({
    outbox,
    transport,
    throttle: new SendThrottle({ maxPerMinute: 0 }),
    clock: () => new Date(),
    logger,
    stats,
    offlineSendGraceMs: 0,
    platformThrottleRetryMs: 5_000,
    sims: () => sims,
    onlineWithin: () => online.value,
    outcomes: {
      track: () => {},
      failed: (id, code) => {
        outcomes.push(`failed:${id}:${code}`);
        return outbox.update(id, (e) => ({ ...e, state: 'failed', errorCode: code }));
      },
    },
    ...options,
  });
  cleanup(async () => {
    await pump.stop();
    transport.close();
  });
  const send = (payload: Partial<MessageSendPayload> & { id: string }): Promise<MessageSendAck> =>
    new Promise((resolve) => {
      void pump.onMessageSend(
        {
          to: '+4915112345689',
          body: `body of ${payload.id}`,
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
          attempt: 1,
          ...payload,
        },
        resolve,
      );
    });
  return { pump, outbox, transport, stats, outcomes, warnings, online, send };
}

const sentIds = (transport: SimulatedSmsTransport): string[] => transport.sent.map((s) => s.id);

describe('SendPump', () => {
  it('stores a message, acks it, and hands it to the radio once, in acceptance order', async () => {
    const { pump, outbox, transport, stats, send } = await makePump();
    pump.kick();

    const acks = [await send({ id: 'a' }), await send({ id: 'b' }), await send({ id: 'a' })];

    expect(acks).toEqual([{ accepted: true }, { accepted: true }, { accepted: true }]);
    await waitFor(() => transport.sent.length === 2);
    expect(sentIds(transport)).toEqual(['a', 'b']);
    expect(outbox.get('a')?.state).toBe('sending');
    await waitFor(() => outbox.get('b')?.parts === 1);
    expect(stats).toMatchObject({ accepted: 2, duplicates: 1, transmitted: 2 });
  });

  it('sends what the outbox had queued before it started', async () => {
    const outbox = await Outbox.open(new MemoryOutboxStore());
    await outbox.accept({ id: 'old', to: '+4915112345689', body: 'hi', expiresAt: future(), attempt: 1 });
    const { pump, transport } = await makePump({ outbox });

    pump.kick();

    await waitFor(() => transport.sent.length === 1);
    expect(sentIds(transport)).toEqual(['old']);
  });

  it('refuses an expired, a malformed and a missing-SIM message without sending', async () => {
    const { pump, transport, stats, send } = await makePump();
    pump.kick();
    const refused = (raw: unknown): Promise<MessageSendAck> =>
      new Promise((resolve) => void pump.onMessageSend(raw, resolve));

    const acks = [
      await send({ id: 'old', expiresAt: new Date(Date.now() - 1_000).toISOString() }),
      await refused({ id: 'x', to: 42 }),
      await send({ id: 'slot', simSlot: 3 }),
    ];

    expect(acks).toEqual([
      { accepted: false, code: 'EXPIRED' },
      { accepted: false, code: 'INVALID_PAYLOAD' },
      { accepted: false, code: 'NO_SUCH_SIM' },
    ]);
    expect(transport.sent).toEqual([]);
    expect(stats.refused).toBe(3);
  });

  it('holds the queue while offline past the grace, and sends when kicked back online', async () => {
    const asked: number[] = [];
    let online = false;
    const { pump, transport, send } = await makePump({
      offlineSendGraceMs: 60_000,
      onlineWithin: (ms) => {
        asked.push(ms);
        return online;
      },
    });
    pump.kick();

    await send({ id: 'm1' });
    await waitFor(() => asked.length === 1);
    expect(asked).toEqual([60_000]);
    expect(transport.sent).toEqual([]);

    online = true;
    pump.kick();

    await waitFor(() => transport.sent.length === 1);
  });

  it('hands a message that expires in the queue and a radio refusal to the reporter as failed', async () => {
    let now = Date.now();
    const transport = refusing(new SimulatedSmsTransport({ deliveryMs: -1 }), ['NO_SERVICE']);
    const { pump, outcomes, stats, online, send } = await makePump({ transport, clock: () => new Date(now) });
    online.value = false;
    pump.kick();
    await send({ id: 'late', expiresAt: new Date(now + 5_000).toISOString() });
    await send({ id: 'refused' });

    now += 10_000;
    online.value = true;
    pump.kick();

    await waitFor(() => outcomes.length === 2);
    expect(outcomes).toEqual(['failed:late:EXPIRED', 'failed:refused:NO_SERVICE']);
    expect(stats.sendFailures).toBe(1);
    expect(transport.sent).toEqual([]);
  });

  it('keeps a send the platform throttled at the head of the queue, waiting by the doubling back-off', async () => {
    const transport = refusing(new SimulatedSmsTransport({ deliveryMs: -1 }), ['THROTTLED', 'THROTTLED']);
    const throttle = new SendThrottle({ maxPerMinute: 0 }, Date.now, 1);
    const rig = await makePump({ transport, throttle, platformThrottleRetryMs: 10 });
    rig.pump.kick();

    await rig.send({ id: 'a' });
    await rig.send({ id: 'b' });

    await waitFor(() => transport.sent.length === 2);
    expect(sentIds(transport)).toEqual(['a', 'b']);
    expect(rig.warnings.map((w) => w.fields?.waitMs)).toEqual([10, 20]);
    expect(rig.stats.sendFailures).toBe(0);
  });

  it('slows down after a platform refusal and stores the throttle beside the outbox', async () => {
    const transport = refusing(new SimulatedSmsTransport({ deliveryMs: -1 }), ['THROTTLED']);
    const throttle = new SendThrottle({ maxPerMinute: 8 });
    const rig = await makePump({ transport, throttle, platformThrottleRetryMs: 1 });
    rig.pump.kick();

    await rig.send({ id: 'a' });

    await waitFor(() => transport.sent.length === 1);
    expect(throttle.current.maxPerMinute).toBe(4);
    await waitFor(() => (rig.outbox.savedState(THROTTLE_STATE_KEY) as ThrottleState | undefined)?.sends.length === 1);
    expect(rig.outbox.savedState(THROTTLE_STATE_KEY)).toMatchObject({
      sends: [{ parts: 1 }],
      slowdown: { maxPerMinute: 4 },
    });
  });

  it('sends again, instead of failing, a message whose sent reports say the platform refused it over its limit', async () => {
    let platformNow = Date.now();
    const transport = new SimulatedSmsTransport({
      deliveryMs: 0,
      partsPerMinute: 2,
      limitInSentReport: true,
      clock: () => new Date(platformNow),
    });
    const throttle = new SendThrottle({ maxPerMinute: 0 }, Date.now, 1);
    const rig = await makePump({ transport, throttle, platformThrottleRetryMs: 5 });
    const reporter = new Reporter({
      outbox: rig.outbox,
      clock: () => new Date(),
      logger: noopLogger,
      stats: rig.stats,
      statusRetryMs: 10,
      statusRetryMaxMs: 100,
      ackTimeoutMs: 1_000,
      idFactory: () => 'x',
      socket: () => undefined,
      // The platform's minute has passed by the time the pump hears of the refusal, so its one retry
      // goes through (advancing the clock from the test instead raced the retry on a busy machine).
      platformThrottled: (id) => {
        refusals += 1;
        platformNow += 61_000;
        return rig.pump.platformThrottled(id);
      },
    });
    let refusals = 0;
    const off = transport.onPartEvent((event) => void reporter.onPartEvent(event));
    cleanup(() => {
      off();
      reporter.stop();
    });
    rig.pump.kick();

    await rig.send({ id: 'a' });
    await rig.send({ id: 'b', body: 'x'.repeat(200) });
    await waitFor(() => rig.warnings.some((w) => w.fields?.id === 'b' && w.fields.where === 'sent report'));
    expect(rig.outbox.get('b')?.state).not.toBe('failed');

    await waitFor(() => rig.outbox.get('b')?.state === 'delivered');
    expect(sentIds(transport)).toEqual(['a', 'b']);
    expect(rig.outbox.get('b')?.pendingReports.map((r) => r.status)).toEqual(['sent', 'delivered']);
    expect(rig.stats.sendFailures).toBe(0);
    expect(refusals).toBe(1);
  });

  it('drops the queued messages a cancel names and keeps one already handed to the radio', async () => {
    const { pump, outbox, transport, stats, online, send } = await makePump();
    online.value = false;
    pump.kick();
    await send({ id: 'queued' });
    await send({ id: 'kept' });
    await outbox.update('kept', (e) => ({ ...e, state: 'sending' }));

    await pump.cancel(['queued', 'kept', 'unknown']);
    online.value = true;
    pump.kick();

    expect(outbox.get('queued')).toBeUndefined();
    expect(outbox.get('kept')?.state).toBe('sending');
    expect(stats.canceled).toBe(1);
    expect(transport.sent).toEqual([]);
  });

  it('sends through the first SIM slot device.config allows when the message names none', async () => {
    const transport = new SimulatedSmsTransport({ sims: 2, deliveryMs: -1 });
    const { pump, send } = await makePump({ transport });
    pump.onDeviceConfig({ sendIntervalMs: 0, maxPerMinute: 0, simSlots: [5, 1] });

    await send({ id: 'm1' });

    await waitFor(() => transport.sent.length === 1);
    expect(transport.sent[0]?.simSlot).toBe(1);
  });
});

/** The transport refuses its next sends with these codes (nothing transmitted), then sends. */
function refusing(transport: SimulatedSmsTransport, codes: string[]): SimulatedSmsTransport {
  const send = transport.send.bind(transport);
  transport.send = (request) => {
    const code = codes.shift();
    return code === undefined ? send(request) : Promise.reject(new SmsTransportError(code));
  };
  return transport;
}

function future(): string {
  return new Date(Date.now() + 60_000).toISOString();
}
