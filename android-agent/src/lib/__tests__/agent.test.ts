import { describe, expect, it } from 'vitest';
import { AgentError, GatewayAgent, type GatewayAgentOptions } from '../agent.js';
import { MemoryOutboxStore, type OutboxChanges, type OutboxEntry, type OutboxStore } from '../outbox.js';
import { SimulatedSmsTransport } from '../simulated-transport.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { TestServer, type TestServerOptions } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

const cleanup = cleanupAfterEach();

async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await new TestServer(options).listen();
  cleanup(() => server.close());
  return server;
}

function makeAgent(
  server: TestServer,
  overrides: Partial<GatewayAgentOptions> & { transport?: SimulatedSmsTransport } = {},
): { agent: GatewayAgent; transport: SimulatedSmsTransport; store: OutboxStore } {
  const transport = overrides.transport ?? new SimulatedSmsTransport();
  const store = overrides.store ?? new MemoryOutboxStore();
  const agent = new GatewayAgent({
    serverUrl: server.url,
    token: server.token,
    appVersion: '1.2.3',
    heartbeatMs: 60_000,
    ackTimeoutMs: 1_000,
    statusRetryMs: 20,
    throttle: { maxPerMinute: 0 },
    ...overrides,
    transport,
    store,
  });
  cleanup(async () => {
    await agent.stop();
    transport.close();
  });
  return { agent, transport, store };
}

function entry(id: string, state: OutboxEntry['state'], extra: Partial<OutboxEntry> = {}): OutboxEntry {
  const now = new Date().toISOString();
  return {
    id,
    to: '+4915112345689',
    body: `body of ${id}`,
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    attempt: 1,
    state,
    acceptedAt: now,
    updatedAt: now,
    pendingReports: [],
    ...extra,
  };
}

const sentIds = (transport: SimulatedSmsTransport): string[] => transport.sent.map((s) => s.id);

describe('GatewayAgent', () => {
  it('says hello with its app version, SIMs and the outbox restored from its store', async () => {
    const server = await startServer();
    const store = new MemoryOutboxStore();
    await store.apply({ put: [entry('m-sending', 'sending'), entry('m-delivered', 'delivered')] });
    const { agent } = makeAgent(server, { store, transport: new SimulatedSmsTransport({ sims: 2 }) });

    await agent.start();

    expect(agent.deviceId).toBe('dev_test');
    expect(server.hellos).toHaveLength(1);
    const hello = server.hellos[0].payload;
    expect(hello.appVersion).toBe('1.2.3');
    expect(hello.sims.map((s) => s.slot)).toEqual([0, 1]);
    // Finished entries whose outcome the server acknowledged are not repeated on every hello.
    expect(hello.outbox).toEqual([{ id: 'm-sending', state: 'sending' }]);
  });

  it('drops queued messages the hello ack cancels and sends the others', async () => {
    const server = await startServer({
      onHello: () => ({ ok: true, deviceId: 'dev_test', cancel: ['m-canceled'] }),
    });
    const store = new MemoryOutboxStore();
    await store.apply({ put: [entry('m-canceled', 'accepted'), entry('m-kept', 'accepted')] });
    const { agent, transport } = makeAgent(server, { store });

    await agent.start();
    await waitFor(() => server.statusesOf('m-kept').includes('delivered'));

    expect(sentIds(transport)).toEqual(['m-kept']);
    expect(agent.outboxEntry('m-canceled')).toBeUndefined();
    expect(agent.stats.canceled).toBe(1);
  });

  it('stores a message before acking it, then sends it and reports sent then delivered', async () => {
    const server = await startServer();
    const order: string[] = [];
    const memory = new MemoryOutboxStore();
    const store: OutboxStore = {
      load: () => memory.load(),
      apply: async (changes: OutboxChanges) => {
        for (const e of changes.put ?? []) {
          order.push(`stored:${e.id}:${e.state}`);
        }
        await memory.apply(changes);
      },
    };
    const transport = new SimulatedSmsTransport({ sendLog: (e) => order.push(`transmitted:${e.id}`) });
    const { agent } = makeAgent(server, { store, transport });
    await agent.start();

    const ack = await server.send({ id: 'm1', to: '+4915112345689', body: 'Hi there' });

    expect(ack).toEqual({ accepted: true });
    await waitFor(() => server.statusesOf('m1').includes('delivered'));
    expect(order.slice(0, 3)).toEqual(['stored:m1:accepted', 'stored:m1:sending', 'transmitted:m1']);
    expect(server.statusesOf('m1')).toEqual(['sent', 'delivered']);
    const sent = server.statuses.find((s) => s.payload.status === 'sent')!.payload;
    expect(sent).toMatchObject({ id: 'm1', parts: 1 });
    expect(Number.isNaN(Date.parse(sent.at))).toBe(false);
    await waitFor(() => agent.outboxEntry('m1')?.pendingReports.length === 0);
    expect(agent.outboxEntry('m1')?.state).toBe('delivered');
    expect(transport.sent[0]).toMatchObject({ id: 'm1', to: '+4915112345689', body: 'Hi there', parts: 1 });
  });

  it('re-sends a status report until the server acks it, keeping the order of one message', async () => {
    const server = await startServer({
      // Withhold the first ack: the phone must report `sent` again before it moves on to `delivered`.
      onStatus: (_payload, index) => (index === 0 ? undefined : { ok: true }),
    });
    const { agent } = makeAgent(server, { ackTimeoutMs: 100 });
    await agent.start();

    await server.send({ id: 'm1' });

    await waitFor(() => server.statusesOf('m1').includes('delivered'));
    expect(server.statusesOf('m1')).toEqual(['sent', 'sent', 'delivered']);
    await waitFor(() => agent.outboxEntry('m1')?.pendingReports.length === 0);
    expect(agent.stats.reportsAcked).toBe(2);
  });

  it('drops a report the server refuses with ok:false instead of retrying it', async () => {
    const server = await startServer({ onStatus: () => ({ ok: false, code: 'NOT_FOUND' }) });
    const { agent } = makeAgent(server);
    await agent.start();

    await server.send({ id: 'm1' });

    await waitFor(
      () => agent.outboxEntry('m1')?.state === 'delivered' && agent.outboxEntry('m1')?.pendingReports.length === 0,
    );
    expect(server.statusesOf('m1')).toEqual(['sent', 'delivered']);
    expect(agent.stats.reportsRefused).toBe(2);
  });

  it('acks a duplicate message.send without transmitting it a second time', async () => {
    const server = await startServer();
    const { agent, transport } = makeAgent(server);
    await agent.start();

    // Two copies in flight at once, and a late one after the outcome is known.
    const [first, second] = await Promise.all([server.send({ id: 'dup' }), server.send({ id: 'dup' })]);
    await waitFor(() => server.statusesOf('dup').includes('delivered'));
    const late = await server.send({ id: 'dup', attempt: 2 });

    expect([first, second, late]).toEqual([{ accepted: true }, { accepted: true }, { accepted: true }]);
    expect(sentIds(transport)).toEqual(['dup']);
    expect(server.statusesOf('dup')).toEqual(['sent', 'delivered']);
    expect(agent.stats.duplicates).toBe(2);
  });

  it('never sends a message again after a restart, even when the server re-sends it', async () => {
    const server = await startServer();
    const store = new MemoryOutboxStore();
    const first = makeAgent(server, { store });
    await first.agent.start();
    await server.send({ id: 'm1' });
    await waitFor(() => server.statusesOf('m1').includes('delivered'));
    await first.agent.stop();

    const second = makeAgent(server, { store, transport: new SimulatedSmsTransport() });
    await second.agent.start();
    const ack = await server.send({ id: 'm1', attempt: 2 });

    expect(ack).toEqual({ accepted: true });
    expect(sentIds(first.transport)).toEqual(['m1']);
    expect(sentIds(second.transport)).toEqual([]);
  });

  it('keeps the slow-down the platform caused across a restart', async () => {
    const server = await startServer();
    const store = new MemoryOutboxStore();
    let platformNow = Date.now();
    const transport = new SimulatedSmsTransport({ partsPerMinute: 1, clock: () => new Date(platformNow) });
    const first = makeAgent(server, { store, transport, throttle: { maxPerMinute: 8 }, platformThrottleRetryMs: 10 });
    await first.agent.start();
    await server.send({ id: 'a' });
    await server.send({ id: 'b' });
    await waitFor(() => first.agent.throttleConfig.maxPerMinute === 4);
    platformNow += 61_000;
    await waitFor(() => transport.sent.length === 2);
    await first.agent.stop();

    const second = makeAgent(server, { store, transport: new SimulatedSmsTransport(), throttle: { maxPerMinute: 8 } });
    await second.agent.start();

    expect(second.agent.throttleConfig.maxPerMinute).toBe(4);
  });

  it('refuses an expired message with EXPIRED and never sends it', async () => {
    const server = await startServer();
    const { agent, transport } = makeAgent(server);
    await agent.start();

    const ack = await server.send({ id: 'old', expiresAt: new Date(Date.now() - 1_000).toISOString() });

    expect(ack).toEqual({ accepted: false, code: 'EXPIRED' });
    expect(agent.outboxEntry('old')).toBeUndefined();
    expect(transport.sent).toEqual([]);
  });

  it('reports a queued message that expires before its turn as failed with EXPIRED', async () => {
    const server = await startServer();
    let now = Date.now();
    const { agent, transport } = makeAgent(server, {
      clock: () => new Date(now),
      throttle: { sendIntervalMs: 60_000, maxPerMinute: 0 },
    });
    await agent.start();
    await server.send({ id: 'first' });
    await server.send({ id: 'second', expiresAt: new Date(now + 5_000).toISOString() });
    await waitFor(() => server.statusesOf('first').includes('sent'));

    now += 10_000;
    // A config change wakes the queue, which finds `second` past its expiry.
    server.socket!.emit('device.config', { sendIntervalMs: 0, maxPerMinute: 0, simSlots: [] });

    await waitFor(() => server.statusesOf('second').includes('failed'));
    expect(server.statuses.find((s) => s.payload.id === 'second')?.payload.errorCode).toBe('EXPIRED');
    expect(sentIds(transport)).toEqual(['first']);
  });

  it('refuses a malformed message.send with INVALID_PAYLOAD', async () => {
    const server = await startServer();
    const { agent, transport } = makeAgent(server);
    await agent.start();

    const acks = await Promise.all([
      server.sendRaw({ id: 'x', to: '+4915112345689', body: 'hi', attempt: 1 }),
      server.sendRaw({ id: 'y', to: 42, body: 'hi', expiresAt: new Date().toISOString(), attempt: 1 }),
      server.sendRaw({ id: '', to: '+49', body: 'hi', expiresAt: new Date().toISOString(), attempt: 1 }),
      server.sendRaw('not an object'),
    ]);

    expect(acks).toEqual(Array(4).fill({ accepted: false, code: 'INVALID_PAYLOAD' }));
    expect(transport.sent).toEqual([]);
  });

  it('refuses a message for a SIM slot the phone does not have with NO_SUCH_SIM', async () => {
    const server = await startServer();
    const { agent } = makeAgent(server, { transport: new SimulatedSmsTransport({ sims: 2 }) });
    await agent.start();

    expect(await server.send({ id: 'm1', simSlot: 2 })).toEqual({ accepted: false, code: 'NO_SUCH_SIM' });
    expect(await server.send({ id: 'm2', simSlot: 1 })).toEqual({ accepted: true });
  });

  it('sends through the SIM slot the message names', async () => {
    const server = await startServer();
    const { agent, transport } = makeAgent(server, { transport: new SimulatedSmsTransport({ sims: 2 }) });
    await agent.start();

    await server.send({ id: 'm1', simSlot: 1 });

    await waitFor(() => transport.sent.length === 1);
    expect(transport.sent[0]?.simSlot).toBe(1);
  });

  it('reports a radio failure as failed with its error code', async () => {
    const server = await startServer();
    const { agent } = makeAgent(server, {
      transport: new SimulatedSmsTransport({ failRate: 1, failCode: 'NO_SERVICE' }),
    });
    await agent.start();

    await server.send({ id: 'm1' });

    await waitFor(() => server.statusesOf('m1').length > 0);
    expect(server.statuses.map((s) => s.payload)).toMatchObject([
      { id: 'm1', status: 'failed', errorCode: 'NO_SERVICE' },
    ]);
  });

  it('re-sends unacknowledged reports after a reconnect', async () => {
    const server = await startServer({
      // The first connection never acks a report; the second does.
      onStatus: (_payload, _index, connection) => (connection === 1 ? undefined : { ok: true }),
    });
    // Retries are slow, so only the reconnect can bring the report through.
    const { agent } = makeAgent(server, { statusRetryMs: 60_000, ackTimeoutMs: 60_000 });
    await agent.start();
    await server.send({ id: 'm1' });
    await waitFor(() => server.statuses.some((s) => s.connection === 1));

    server.dropConnection();

    await waitFor(() => server.statusesOf('m1').includes('delivered'));
    expect(server.hellos.map((h) => h.connection)).toEqual([1, 2]);
    expect(server.hellos[1].payload.outbox).toEqual([{ id: 'm1', state: 'delivered' }]);
    expect(server.statuses.filter((s) => s.connection === 2).map((s) => s.payload.status)).toEqual([
      'sent',
      'delivered',
    ]);
    await waitFor(() => agent.outboxEntry('m1')?.pendingReports.length === 0);
  });

  it('forwards a received SMS with a stable id and retries until acked', async () => {
    const server = await startServer({ onInbound: (_payload, index) => (index === 0 ? undefined : { ok: true }) });
    const { agent, transport } = makeAgent(server, { ackTimeoutMs: 100 });
    await agent.start();

    transport.simulateIncoming({ from: '+4917612345678', body: 'STOP' });

    await waitFor(() => agent.stats.inboundAcked === 1);
    expect(server.inbound).toHaveLength(2);
    const [first, retry] = server.inbound.map((r) => r.payload);
    expect(first).toMatchObject({ from: '+4917612345678', body: 'STOP', simSlot: 0 });
    expect(retry).toEqual(first);
    expect(first.id).toBeTruthy();
  });

  it('applies sendIntervalMs from device.config between sends', async () => {
    const server = await startServer({
      onConnection: (socket) => socket.emit('device.config', { sendIntervalMs: 150, maxPerMinute: 0, simSlots: [0] }),
    });
    const { agent, transport } = makeAgent(server);
    await agent.start();
    await waitFor(() => agent.throttleConfig.sendIntervalMs === 150);

    await Promise.all(['a', 'b', 'c'].map((id) => server.send({ id })));

    await waitFor(() => transport.sent.length === 3);
    expect(sentIds(transport)).toEqual(['a', 'b', 'c']);
    const gaps = transport.sent.slice(1).map((s, i) => s.at.getTime() - transport.sent[i].at.getTime());
    // Timers may fire a millisecond early relative to the wall clock.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(145);
  });

  it('keeps a message the platform throttled at the head of the queue and sends it once allowed', async () => {
    const server = await startServer();
    let platformNow = Date.now();
    const transport = new SimulatedSmsTransport({ partsPerMinute: 1, clock: () => new Date(platformNow) });
    const { agent } = makeAgent(server, { transport, platformThrottleRetryMs: 20, platformSlowdownMs: 1 });
    await agent.start();

    await server.send({ id: 'a' });
    await server.send({ id: 'b' });
    await server.send({ id: 'c' });
    await waitFor(() => transport.sent.length === 1);
    platformNow += 61_000;
    await waitFor(() => transport.sent.length === 2);
    platformNow += 61_000;
    await waitFor(() => transport.sent.length === 3);

    expect(sentIds(transport)).toEqual(['a', 'b', 'c']);
    expect(agent.stats.sendFailures).toBe(0);
  });

  it('sends heartbeats with the queue depth and what deviceInfo reports', async () => {
    const server = await startServer();
    const { agent } = makeAgent(server, {
      heartbeatMs: 30,
      deviceInfo: () => ({ battery: 80, charging: true, signal: -85 }),
    });
    await agent.start();

    const beat = await waitFor(() => server.heartbeats.at(-1));

    expect(beat.payload).toEqual({ battery: 80, charging: true, signal: -85, queueDepth: 0 });
  });

  it('reconnects and says hello again when the server does not ack hello', async () => {
    const server = await startServer({
      onHello: (_payload, connection) => (connection === 1 ? undefined : { ok: true, deviceId: 'dev_test' }),
    });
    const { agent } = makeAgent(server, { ackTimeoutMs: 100 });

    await agent.start();

    expect(server.hellos.map((h) => h.connection)).toEqual([1, 2]);
    expect(agent.connected).toBe(true);
  });

  it('rejects start with the server code when the handshake is refused', async () => {
    const server = await startServer();
    const { agent } = makeAgent(server, { token: 'wrong' });

    const error = await agent.start().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps connecting again, with a back-off, while the server drops it before hello', async () => {
    const server = await startServer({ kickOnConnect: true });
    const { agent } = makeAgent(server, { reconnectRetryMs: 10, reconnectRetryMaxMs: 40 });
    const fatal: AgentError[] = [];
    agent.on('fatal', (error) => fatal.push(error));
    const starting = agent.start();
    starting.catch(() => {});

    await waitFor(() => server.connections >= 4);

    expect(fatal).toEqual([]);
    await agent.stop();
    await expect(starting).rejects.toMatchObject({ code: 'STOPPED' });
  });

  it('starts once a server that refused hello with INTERNAL accepts it', async () => {
    const server = await startServer({
      onHello: (_payload, connection) =>
        connection < 3 ? { ok: false, code: 'INTERNAL' } : { ok: true, deviceId: 'dev_test' },
    });
    const { agent } = makeAgent(server, { reconnectRetryMs: 10 });

    await agent.start();

    expect(agent.connected).toBe(true);
    expect(server.hellos.map((h) => h.connection)).toEqual([1, 2, 3]);
  });

  it('reports fatal and stops when the server drops it and then refuses its token (revoked)', async () => {
    const server = await startServer();
    const { agent } = makeAgent(server);
    await agent.start();
    const fatal = new Promise((resolve) => agent.on('fatal', resolve));

    // Revocation: the socket is closed and the token no longer passes the handshake.
    server.token = 'rotated';
    server.socket!.disconnect(true);

    await expect(fatal).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(agent.connected).toBe(false);
  });
});
