import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';
/** 161 GSM-7 characters: two parts. */
const TWO_PARTS = 'x'.repeat(161);

const statusCounts = async (gw: TestGateway, accountId: string): Promise<Record<string, number>> => {
  const rows = await gw.db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM messages WHERE account_id = $1 GROUP BY status',
    [accountId],
  );
  return Object.fromEntries(rows.rows.map((r) => [r.status, r.n]));
};

const accountIdOf = async (gw: TestGateway, token: string): Promise<string> =>
  (await gw.request('GET', '/v1/me', { token })).body.account.id as string;

/** Every transmission of every phone, as message ids: a message sent twice shows up twice. */
const transmissions = (agents: HeadlessAgent[]) => agents.flatMap((a) => a.transport.sent.map((s) => s.id));

describe('a fleet of phones', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({
      DEVICE_LEASE_SECONDS: '2',
      DEVICE_OFFLINE_AFTER_SECONDS: '4',
      SWEEP_INTERVAL_MS: '300',
      AGENT_EVENTS_PER_SECOND: '20',
    });
  });
  afterAll(() => gw?.stop());

  it('spreads a batch over 20 phones within ±50% of an even share, sending each message once', async () => {
    const owner = await gw.createAccount('Fleet');
    const agents: HeadlessAgent[] = [];
    for (let i = 0; i < 20; i++) {
      agents.push(await gw.pairAgent(owner.token, { name: `fleet-${i}`, heartbeatMs: 1000 }));
    }
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token: owner.token,
      json: { messages: Array.from({ length: 400 }, (_, i) => ({ to: TO, body: `fleet ${i}` })) },
    });
    expect(batch.status).toBe(202);
    const accountId = await accountIdOf(gw, owner.token);
    await waitFor(
      () => statusCounts(gw, accountId),
      (c) => c.delivered === 400,
      { timeoutMs: 60_000, intervalMs: 200, what: '400 delivered' },
    );
    const perDevice = await gw.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM messages WHERE account_id = $1 GROUP BY device_id',
      [accountId],
    );
    const counts = perDevice.rows.map((r) => r.n);
    expect(counts).toHaveLength(20);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...counts)).toBeLessThanOrEqual(30);
    const sent = transmissions(agents);
    expect(sent).toHaveLength(400);
    expect(new Set(sent).size).toBe(400);
    // The phones' own heartbeats kept them online throughout (DEVICE_OFFLINE_AFTER_SECONDS is 4).
    const devices = await gw.request('GET', '/v1/devices', { token: owner.token });
    expect(devices.body.data.filter((d: { online: boolean }) => d.online)).toHaveLength(20);
    await Promise.all(agents.map((a) => a.stop()));
  }, 90_000); // 20 phones to pair, and up to 60 s for the deliveries: the default 30 s was less than its own wait

  it('gives the messages of a phone that went silent to another phone after its lease, never sending one twice', async () => {
    const owner = await gw.createAccount('Lease');
    // A phone whose own platform limit lets one part a minute through: it falls behind and holds the rest.
    const slow = await gw.pairAgent(owner.token, { name: 'slow', platformLimit: 1, heartbeatMs: 1000 });
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token: owner.token,
      json: { messages: Array.from({ length: 4 }, (_, i) => ({ to: TO, body: `lease ${i}` })) },
    });
    const ids: string[] = batch.body.results.map((r: { message: { id: string } }) => r.message.id);
    await waitFor(
      () => ids.filter((id) => slow.agent.outboxEntry(id)?.state === 'accepted').length,
      (n) => n === 3,
      { what: 'three messages held by the slow phone' },
    );
    expect(slow.transport.sent).toHaveLength(1);
    // Its one transmission is reported before it dies, both reports (the simulated SIM's delivery
    // report comes a moment after `sent`; stopping between the two left it `sent` for good): a phone
    // that dies between transmitting and reporting is the case where a lease hand-over must send
    // again (at least once), not this one.
    await gw.waitForStatus(owner.token, slow.transport.sent[0].id, ['delivered']);
    // The phone dies with three messages in its outbox; a healthy phone joins.
    await slow.stop();
    const healthy = await gw.pairAgent(owner.token, { name: 'healthy', heartbeatMs: 1000 });
    const accountId = await accountIdOf(gw, owner.token);
    await waitFor(
      () => statusCounts(gw, accountId),
      (c) => c.delivered === 4,
      { timeoutMs: 20_000, intervalMs: 200, what: 'all four delivered' },
    );
    const sent = transmissions([slow, healthy]);
    expect(sent.sort()).toEqual([...ids].sort());
    const moved = ids.filter((id) => healthy.transport.sent.some((s) => s.id === id));
    expect(moved).toHaveLength(3);
    const message = await gw.message(owner.token, moved[0]);
    expect(
      message.events.map((e: { status: string; errorCode?: string; deviceId?: string }) => [
        e.status,
        e.errorCode ?? null,
        e.deviceId === slow.deviceId ? 'slow' : e.deviceId === healthy.deviceId ? 'healthy' : null,
      ]),
    ).toEqual([
      ['queued', null, null],
      ['sending', null, 'slow'],
      ['queued', 'LEASE_EXPIRED', 'slow'],
      ['sending', null, 'healthy'],
      ['sent', null, 'healthy'],
      ['delivered', null, 'healthy'],
    ]);
    await healthy.stop();
  });

  it('tells a phone that comes back after its lease to drop what went to another phone', async () => {
    const owner = await gw.createAccount('Comeback');
    const first = await rawPhone(gw, owner.token, 'first');
    const firstSocket = await first.connect();
    const res = await gw.request('POST', '/v1/messages', {
      token: owner.token,
      json: { to: TO, body: 'who sends me?' },
    });
    await waitFor(
      () => first.received.length,
      (n) => n === 1,
      { what: 'the hand-over to the first phone' },
    );
    firstSocket.close();
    const second = await rawPhone(gw, owner.token, 'second');
    const secondSocket = await second.connect();
    await waitFor(
      () => second.received.length,
      (n) => n === 1,
      { timeoutMs: 10_000, what: 'the hand-over to the second phone after the lease' },
    );
    // The first phone reconnects with the message still waiting in its outbox: it must drop it.
    const again = await first.connect([{ id: res.body.id, state: 'accepted' }]);
    expect(first.hellos.at(-1)?.cancel).toEqual([res.body.id]);
    // The second phone holds it: on its own reconnect it is told to keep it.
    secondSocket.close();
    const secondAgain = await second.connect([{ id: res.body.id, state: 'accepted' }]);
    expect(second.hellos.at(-1)?.resend).toEqual([res.body.id]);
    again.close();
    secondAgain.close();
  });

  it('refuses a flooding phone with RATE_LIMITED, then drops it', async () => {
    const owner = await gw.createAccount('Flood');
    const created = await gw.request('POST', '/v1/devices', { token: owner.token, json: { name: 'flood' } });
    const paired = await gw.request('POST', '/v1/agent/pair', { json: { code: created.body.pairing.code } });
    const socket = io(`${gw.url}/agent`, {
      auth: { token: paired.body.token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    const dropped = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    const answers: unknown[] = [];
    // 20 events a second over 10 s is the budget (200); twice that gets the socket dropped.
    for (let i = 0; i < 450 && socket.connected; i++) {
      socket.emit('heartbeat', { queueDepth: i }, (answer: unknown) => answers.push(answer));
    }
    expect(await dropped).toBe('io server disconnect');
    expect(answers).toContainEqual({ ok: false, code: 'RATE_LIMITED' });
    expect(answers.filter((a) => (a as { ok: boolean }).ok).length).toBeLessThanOrEqual(200);
  });
});

describe('throttles', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({ DEVICE_DEFAULT_PARTS_PER_MINUTE: '4' });
  });
  afterAll(() => gw?.stop());

  it('hands no phone more parts a minute than its throttle, counting long messages by their parts', async () => {
    const owner = await gw.createAccount('Throttled');
    const agents: HeadlessAgent[] = [];
    for (let i = 0; i < 3; i++) agents.push(await gw.pairAgent(owner.token, { name: `throttled-${i}` }));
    const messages = [
      ...Array.from({ length: 6 }, (_, i) => ({ to: TO, body: `short ${i}` })),
      ...Array.from({ length: 6 }, () => ({ to: TO, body: TWO_PARTS })),
    ];
    const batch = await gw.request('POST', '/v1/messages/batch', { token: owner.token, json: { messages } });
    expect(batch.status).toBe(202);
    const accountId = await accountIdOf(gw, owner.token);
    // Three phones at 4 parts a minute take 12 of the 18 parts, then wait for the minute to pass.
    await waitFor(
      () => statusCounts(gw, accountId),
      (c) => (c.delivered ?? 0) >= 6,
      { timeoutMs: 15_000, what: 'the first minute of budget used' },
    );
    await new Promise((r) => setTimeout(r, 3000));
    const counts = await statusCounts(gw, accountId);
    expect(counts.failed ?? 0).toBe(0);
    expect(counts.queued).toBeGreaterThan(0);
    // What the server handed over, per phone, in parts.
    const handed = await gw.db.query<{ device_id: string; parts: number }>(
      `SELECT e.device_id, sum(m.segments)::int AS parts
         FROM message_events e JOIN messages m ON m.id = e.message_id
        WHERE e.account_id = $1 AND e.status = 'sending' GROUP BY e.device_id`,
      [accountId],
    );
    expect(handed.rows).toHaveLength(3);
    for (const row of handed.rows) expect(row.parts).toBeLessThanOrEqual(4);
    // What each phone's SIM actually transmitted, in parts, from its own log.
    for (const agent of agents) {
      const parts = agent.transport.sent.reduce((sum, s) => sum + s.parts, 0);
      expect(parts).toBeLessThanOrEqual(4);
      // The server told the phone its limit too.
      expect(agent.agent.throttleConfig.maxPerMinute).toBe(4);
    }
    await Promise.all(agents.map((a) => a.stop()));
  });
});
