import { describe, expect, it } from 'vitest';
import { emptyStats, noopLogger, type AgentStats } from '../agent-common.js';
import { MemoryOutboxStore, Outbox } from '../outbox.js';
import { Reporter, type ReporterOptions } from '../reporter.js';
import { defaultSocketFactory } from '../session.js';
import type { PartEvent } from '../sms-transport.js';
import type { PhoneSpan } from '../trace.js';
import { cleanupAfterEach } from './support/cleanup.js';
import { TestServer, type TestServerOptions } from './support/test-server.js';
import { waitFor } from './support/wait-for.js';

const cleanup = cleanupAfterEach();

interface Rig {
  server: TestServer;
  reporter: Reporter;
  outbox: Outbox;
  stats: AgentStats;
  /** Whether the reporter is given the socket (a hello accepted). */
  online: { value: boolean };
}

/** A reporter on a real socket to a TestServer, over an outbox holding message `m1` in `sending`. */
async function makeReporter(
  serverOptions: TestServerOptions = {},
  options: Partial<ReporterOptions> = {},
): Promise<Rig> {
  const server = await new TestServer(serverOptions).listen();
  cleanup(() => server.close());
  const socket = defaultSocketFactory(server.url, server.token);
  socket.connect();
  cleanup(() => void socket.disconnect());
  await waitFor(() => socket.connected);
  const outbox = await Outbox.open(new MemoryOutboxStore());
  await outbox.accept({ id: 'm1', to: '+4915112345689', body: 'hi', expiresAt: future(), attempt: 1 });
  await outbox.update('m1', (e) => ({ ...e, state: 'sending' }));
  const stats: AgentStats = emptyStats();
  const online = { value: true };
  let inboundIds = 0;
  const reporter = new Reporter({
    outbox,
    clock: () => new Date(),
    logger: noopLogger,
    stats,
    statusRetryMs: 20,
    statusRetryMaxMs: 1_000,
    ackTimeoutMs: 1_000,
    idFactory: () => `in-${++inboundIds}`,
    socket: () => (online.value ? socket : undefined),
    ...options,
  });
  cleanup(() => reporter.stop());
  return { server, reporter, outbox, stats, online };
}

const sent: PartEvent = { messageId: 'm1', partIndex: 0, partCount: 1, kind: 'sent', ok: true };
const delivered: PartEvent = { messageId: 'm1', partIndex: 0, partCount: 1, kind: 'delivered', ok: true, tpStatus: 0 };

describe('Reporter', () => {
  it('folds part events into sent then delivered, reported in order and forgotten once acked', async () => {
    // The first ack is withheld: `sent` goes again before `delivered` may follow.
    const { server, reporter, outbox, stats } = await makeReporter(
      { onStatus: (_payload, index) => (index === 0 ? undefined : { ok: true }) },
      { ackTimeoutMs: 100 },
    );

    await reporter.onPartEvent(sent);
    await reporter.onPartEvent(delivered);

    await waitFor(() => outbox.get('m1')?.pendingReports.length === 0);
    expect(server.statusesOf('m1')).toEqual(['sent', 'sent', 'delivered']);
    expect(server.statuses[0].payload).toMatchObject({ id: 'm1', status: 'sent', parts: 1 });
    expect(outbox.get('m1')?.state).toBe('delivered');
    expect(stats.reportsAcked).toBe(2);
  });

  it('keeps reports while offline and sends them when the phone comes online', async () => {
    const { server, reporter, outbox, online } = await makeReporter();
    online.value = false;

    await reporter.onPartEvent(sent);
    expect(outbox.get('m1')?.pendingReports.map((r) => r.status)).toEqual(['sent']);
    expect(server.statuses).toEqual([]);

    online.value = true;
    reporter.online();

    await waitFor(() => outbox.get('m1')?.pendingReports.length === 0);
    expect(server.statusesOf('m1')).toEqual(['sent']);
  });

  it('sends again what was in flight on a lost connection, without waiting for its ack timeout', async () => {
    const { server, reporter, outbox } = await makeReporter(
      { onStatus: (_payload, index) => (index === 0 ? undefined : { ok: true }) },
      { ackTimeoutMs: 60_000, statusRetryMs: 60_000 },
    );
    await reporter.onPartEvent(sent);
    await waitFor(() => server.statuses.length === 1);

    reporter.connectionLost();
    reporter.online();

    await waitFor(() => outbox.get('m1')?.pendingReports.length === 0);
    expect(server.statusesOf('m1')).toEqual(['sent', 'sent']);
  });

  it('retries a report the server is too busy for, and drops one it refuses', async () => {
    const { server, reporter, outbox, stats } = await makeReporter({
      onStatus: (payload, index) =>
        payload.status === 'delivered'
          ? { ok: false, code: 'NOT_FOUND' }
          : index === 0
            ? { ok: false, code: 'RATE_LIMITED' }
            : { ok: true },
    });

    await reporter.onPartEvent(sent);
    await reporter.onPartEvent(delivered);

    await waitFor(() => outbox.get('m1')?.pendingReports.length === 0);
    expect(server.statusesOf('m1')).toEqual(['sent', 'sent', 'delivered']);
    expect(stats).toMatchObject({ reportsAcked: 1, reportsRefused: 1 });
  });

  it('reports a message that never left the phone as failed, and ends its span', async () => {
    const { server, reporter, outbox } = await makeReporter();
    const ends: [string, unknown][] = [];
    const span = (name: string): PhoneSpan => ({ carrier: {}, end: (outcome) => ends.push([name, outcome]) });
    reporter.track('m1', span('first attempt'));
    reporter.track('m1', span('second attempt'));

    await reporter.failed('m1', 'NO_SERVICE');

    await waitFor(() => server.statuses.length === 1);
    expect(server.statuses[0].payload).toMatchObject({ id: 'm1', status: 'failed', errorCode: 'NO_SERVICE' });
    expect(outbox.get('m1')).toMatchObject({ state: 'failed', errorCode: 'NO_SERVICE' });
    expect(ends).toEqual([
      ['first attempt', { status: 'superseded' }],
      ['second attempt', { status: 'failed', errorCode: 'NO_SERVICE' }],
    ]);
  });

  it('forwards a received SMS with a stable id until acked, then forgets it', async () => {
    const { server, reporter, outbox, stats } = await makeReporter(
      { onInbound: (_payload, index) => (index === 0 ? undefined : { ok: true }) },
      { ackTimeoutMs: 100 },
    );

    await reporter.onIncoming({ from: '+4917612345678', body: 'STOP', receivedAt: new Date(), simSlot: 0 });

    await waitFor(() => stats.inboundAcked === 1);
    const [first, retry] = server.inbound.map((r) => r.payload);
    expect(first).toMatchObject({ id: 'in-1', from: '+4917612345678', body: 'STOP', simSlot: 0 });
    expect(retry).toEqual(first);
    await waitFor(() => outbox.pendingInbound().length === 0);
  });
});

function future(): string {
  return new Date(Date.now() + 60_000).toISOString();
}
