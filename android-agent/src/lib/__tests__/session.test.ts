import { describe, expect, it } from 'vitest';
import { noopLogger } from '../agent-common.js';
import {
  AgentSession,
  classifyRefusal,
  defaultSocketFactory,
  type SessionHooks,
  type SessionOptions,
} from '../session.js';
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

/** What the session told the rest of the agent, in order. */
type Told = [keyof SessionHooks, ...unknown[]];

function makeSession(
  server: TestServer,
  options: Partial<SessionOptions> = {},
  hooks: Partial<SessionHooks> = {},
): { session: AgentSession; told: Told[] } {
  const told: Told[] = [];
  const session = new AgentSession(
    {
      serverUrl: server.url,
      token: server.token,
      appVersion: '1.2.3',
      transport: new SimulatedSmsTransport({ sims: 2 }),
      socketFactory: defaultSocketFactory,
      ackTimeoutMs: 1_000,
      logger: noopLogger,
      retryMs: 20,
      retryMaxMs: 100,
      ...options,
    },
    {
      outboxSummary: () => [{ id: 'm-sending', state: 'sending' }],
      queueDepth: () => 3,
      cancel: (ids) => {
        told.push(['cancel', ids]);
        return Promise.resolve();
      },
      online: (deviceId) => told.push(['online', deviceId]),
      connectionLost: () => told.push(['connectionLost']),
      disconnected: (reason) => told.push(['disconnected', reason]),
      fatal: (error) => told.push(['fatal', error.code]),
      messageSend: (raw, ack) => {
        told.push(['messageSend', raw]);
        (ack as (res: unknown) => void)({ accepted: true });
      },
      deviceConfig: (raw) => told.push(['deviceConfig', raw]),
      ...hooks,
    },
  );
  cleanup(() => session.stop());
  return { session, told };
}

async function connect(session: AgentSession): Promise<void> {
  await session.listSims();
  await session.connect();
}

describe('AgentSession', () => {
  it('says hello with the app version, the SIMs and the outbox, then goes online', async () => {
    const server = await startServer();
    const { session, told } = makeSession(server);

    await connect(session);

    expect(server.hellos.map((h) => h.payload)).toEqual([
      {
        appVersion: '1.2.3',
        sims: [expect.objectContaining({ slot: 0 }), expect.objectContaining({ slot: 1 })],
        outbox: [{ id: 'm-sending', state: 'sending' }],
      },
    ]);
    expect(session.deviceId).toBe('dev_test');
    expect(session.online).toBe(true);
    expect(session.live?.connected).toBe(true);
    expect(told).toEqual([['online', 'dev_test']]);
  });

  it("applies the hello ack's cancel list before the phone counts as online", async () => {
    const server = await startServer({ onHello: () => ({ ok: true, deviceId: 'dev_test', cancel: ['m1', 'm2'] }) });
    const { session, told } = makeSession(server);

    await connect(session);

    expect(told).toEqual([
      ['cancel', ['m1', 'm2']],
      ['online', 'dev_test'],
    ]);
  });

  it('hands message.send and device.config to the rest of the agent', async () => {
    const server = await startServer();
    const { session, told } = makeSession(server);
    await connect(session);

    const ack = await server.send({ id: 'm1' });
    server.socket!.emit('device.config', { sendIntervalMs: 5, maxPerMinute: 0, simSlots: [1] });

    expect(ack).toEqual({ accepted: true });
    await waitFor(() => told.some(([hook]) => hook === 'deviceConfig'));
    expect(told.slice(1)).toEqual([
      ['messageSend', expect.objectContaining({ id: 'm1' })],
      ['deviceConfig', { sendIntervalMs: 5, maxPerMinute: 0, simSlots: [1] }],
    ]);
  });

  it('is offline between a dropped connection and the next hello, within the grace it was online', async () => {
    const server = await startServer();
    const { session, told } = makeSession(server);
    await connect(session);

    server.dropConnection();
    await waitFor(() => told.some(([hook]) => hook === 'disconnected'));

    expect(session.live).toBeUndefined();
    expect(session.onlineWithin(60_000)).toBe(true);
    expect(session.onlineWithin(0)).toBe(false);
    await waitFor(() => server.hellos.length === 2 && session.online);
    expect(told.map(([hook]) => hook)).toEqual(['online', 'connectionLost', 'disconnected', 'online']);
  });

  it('reconnects and says hello again when hello is not acknowledged', async () => {
    const server = await startServer({
      onHello: (_payload, connection) => (connection === 1 ? undefined : { ok: true, deviceId: 'dev_test' }),
    });
    const { session } = makeSession(server, { ackTimeoutMs: 100 });

    await connect(session);

    expect(server.hellos.map((h) => h.connection)).toEqual([1, 2]);
  });

  it('rejects connect with the code of a refused handshake and reports it as fatal', async () => {
    const server = await startServer();
    const { session, told } = makeSession(server, { token: 'wrong' });

    await expect(connect(session)).rejects.toMatchObject({ name: 'AgentError', code: 'UNAUTHENTICATED' });
    expect(told).toEqual([['fatal', 'UNAUTHENTICATED']]);
  });

  it('gives up only on a bad or revoked token: a disabled device waits, anything else retries', () => {
    expect(classifyRefusal('UNAUTHENTICATED')).toBe('fatal');
    expect(classifyRefusal('DEVICE_DISABLED')).toBe('disabled');
    for (const code of ['INTERNAL', 'RATE_LIMITED', 'DISCONNECTED_BY_SERVER', 'HELLO_TIMEOUT', 'SOMETHING_NEW']) {
      expect(classifyRefusal(code)).toBe('transient');
    }
  });

  it('connects again after a handshake refused with INTERNAL or RATE_LIMITED, and goes online', async () => {
    const refusals = ['INTERNAL', 'RATE_LIMITED'];
    const server = await startServer({ onHandshake: (attempt) => refusals[attempt - 1] });
    const { session, told } = makeSession(server);

    await connect(session);

    expect(server.handshakes).toBe(3);
    expect(session.online).toBe(true);
    expect(told.filter(([hook]) => hook === 'fatal')).toEqual([]);
  });

  it('says hello again on a fresh connection after a hello refused with INTERNAL', async () => {
    const server = await startServer({
      onHello: (_payload, connection) =>
        connection === 1 ? { ok: false, code: 'INTERNAL' } : { ok: true, deviceId: 'dev_test' },
    });
    const { session, told } = makeSession(server);

    await connect(session);

    expect(server.hellos.map((h) => h.connection)).toEqual([1, 2]);
    expect(told.filter(([hook]) => hook === 'fatal')).toEqual([]);
  });

  it('keeps trying a disabled device at the slow pace until it is enabled again', async () => {
    let disabled = true;
    const server = await startServer({ onHandshake: () => (disabled ? 'DEVICE_DISABLED' : undefined) });
    // The fast back-off would be 20 ms; a disabled device waits its own 50 ms (jittered down to 25).
    const { session, told } = makeSession(server, { disabledRetryMs: 50, retryMs: 1 });
    const connecting = connect(session);

    await waitFor(() => server.handshakes >= 3);
    disabled = false;
    await connecting;

    expect(session.online).toBe(true);
    expect(told.filter(([hook]) => hook === 'fatal')).toEqual([]);
  });

  it('reconnects after the server closes an accepted connection, and stops when the token is refused', async () => {
    const server = await startServer();
    const { session, told } = makeSession(server);
    await connect(session);

    server.socket!.disconnect(true);
    await waitFor(() => server.hellos.length === 2 && session.online);
    // Revocation: the socket is closed and the token no longer passes the handshake.
    server.token = 'rotated';
    server.socket!.disconnect(true);

    await waitFor(() => told.some(([hook]) => hook === 'fatal'));
    expect(told.at(-1)).toEqual(['fatal', 'UNAUTHENTICATED']);
    expect(session.online).toBe(false);
  });

  it('rejects a pending connect with STOPPED when stopped', async () => {
    const server = await startServer({ onHello: () => undefined });
    const { session } = makeSession(server, { ackTimeoutMs: 60_000 });
    await session.listSims();
    const connecting = session.connect();

    session.stop();

    await expect(connecting).rejects.toMatchObject({ code: 'STOPPED' });
    expect(session.live).toBeUndefined();
  });

  it('sends a heartbeat with what deviceInfo reports and the queue depth', async () => {
    const server = await startServer();
    const { session } = makeSession(server, {
      deviceInfo: () => ({ battery: 80, charging: false, signal: 3, batteryOptimizationExempt: false }),
    });
    await connect(session);

    // Volatile: a heartbeat the socket cannot take at once is dropped, so ask until one arrives.
    const beat = await waitFor(async () => {
      await session.heartbeat();
      return server.heartbeats.at(-1);
    });

    expect(beat.payload).toEqual({
      battery: 80,
      charging: false,
      signal: 3,
      batteryOptimizationExempt: false,
      queueDepth: 3,
    });
  });
});
