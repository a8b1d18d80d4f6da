import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { Child, freePort } from '../support/processes.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services.js';
import { waitFor } from '../support/wait.js';

const PASSWORD = 'fault-test-password';
const BATCH = 200;
const HELD = 5;

interface Phone {
  name: string;
  deviceId: string;
  child: Child;
  log: string;
}

interface EventRow {
  message_id: string;
  status: string;
  device_id: string | null;
  error_code: string | null;
}

/** The message ids a phone's SIM transmitted, one per line of its send log, in order. */
function transmitted(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);
}

/** Across the send logs: ids transmitted more than once, expected but never, and not expected at all. */
function tally(logs: string[], expected: string[]): { twice: string[]; missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const id of logs.flatMap(transmitted)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return {
    twice: [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id),
    missing: expected.filter((id) => !counts.has(id)),
    extra: [...counts.keys()].filter((id) => !expected.includes(id)),
  };
}

/**
 * A gateway of three processes sharing one database and one Redis prefix: two api processes that
 * hold the phones' sockets and a worker-only process that dispatches through the Socket.IO Redis
 * adapter. The phones are headless agents, separate processes speaking the real protocol, each
 * logging what its simulated SIM transmitted.
 */
describe('a gateway of two api processes and a worker', () => {
  const suffix = randomBytes(4).toString('hex');
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_fleet_${suffix}`);
  const prefix = `smsgw_fleet_${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-fleet-'));
  const servers: Child[] = [];
  const agents: Child[] = [];
  let db: pg.Pool;
  let baseA: string;
  let baseB: string;
  let token: string;

  const startProcess = (roles: string, port: number, migrate: boolean): Child => {
    const child = Child.start('dist/src/main.js', [], {
      NODE_ENV: 'test',
      ROLES: roles,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      MIGRATIONS_RUN: String(migrate),
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: process.env.FLEET_TEST_LOG_LEVEL ?? 'warn',
      DISPATCH_ACK_TIMEOUT_MS: '3000',
      DISPATCH_BACKOFF_MS: '200',
      DISPATCH_BACKOFF_MAX_MS: '1000',
      DISPATCH_MAX_ATTEMPTS: '20',
      DEVICE_DEFAULT_PARTS_PER_MINUTE: '0',
      // Short enough for the second test to see a lease run out. The phones' heartbeats come every
      // 30 s, so a phone must not sit on an unconfirmed message for 2 s while alive: in the first
      // test nothing limits the phones, and the second kills the holder right after it took its work.
      DEVICE_LEASE_SECONDS: '2',
      // Presence ends with the socket; this only has to outlast the run (heartbeats are 30 s apart).
      DEVICE_OFFLINE_AFTER_SECONDS: '120',
      SWEEP_INTERVAL_MS: '300',
      RECOVERY_QUIET_SECONDS: '5',
    });
    servers.push(child);
    return child;
  };

  const request = async (base: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const startPhone = async (name: string, server: string, extra: string[] = []): Promise<Phone> => {
    const created = await request(baseA, 'POST', '/v1/devices', { name });
    expect(created.status).toBe(201);
    const log = join(dir, `${name}.sends.jsonl`);
    const child = Child.start(
      'android-agent/dist/headless/cli.js',
      [
        '--server',
        server,
        '--code',
        created.body.pairing.code as string,
        '--send-log',
        log,
        '--state-file',
        join(dir, `${name}.state.json`),
        '--max-per-minute',
        '0',
        '--delivery-ms',
        '20',
        ...extra,
      ],
      {},
    );
    agents.push(child);
    await child.waitForOutput(/"event":"ready"/, 15_000);
    return { name, deviceId: created.body.device.id as string, child, log };
  };

  const onlineOnB = async (): Promise<string[]> =>
    ((await request(baseB, 'GET', '/v1/devices')).body.data as { id: string; online: boolean }[])
      .filter((d) => d.online)
      .map((d) => d.id);

  const countDelivered = async (ids: string[]): Promise<number> =>
    Number(
      (await db.query("SELECT count(*)::int AS n FROM messages WHERE status = 'delivered' AND id = ANY($1)", [ids]))
        .rows[0].n,
    );

  /** Waits for every one of `ids` to be delivered; on a timeout, says where the others are stuck. */
  const allDelivered = async (ids: string[], timeoutMs: number): Promise<void> => {
    await waitFor(
      () => countDelivered(ids),
      (n) => n === ids.length,
      {
        timeoutMs,
        intervalMs: 100,
        what: `all ${ids.length} delivered`,
      },
    ).catch(async (error: unknown) => {
      await reportStuck(ids);
      throw error;
    });
  };

  const reportStuck = async (ids: string[]): Promise<void> => {
    const stuck = await db.query(
      `SELECT m.id, m.status, m.device_id,
              json_agg(json_build_array(e.status, e.source, e.error_code, e.device_id, e.at) ORDER BY e.id) AS events
         FROM messages m JOIN message_events e ON e.message_id = m.id
        WHERE m.id = ANY($1) AND m.status <> 'delivered' GROUP BY m.id LIMIT 5`,
      [ids],
    );
    console.error(JSON.stringify(stuck.rows, null, 1));
    for (const child of servers) console.error(child.output.join('').slice(-4000));
  };

  const sendBatch = async (base: string, count: number, tag: string): Promise<string[]> => {
    const batch = await request(base, 'POST', '/v1/messages/batch', {
      messages: Array.from({ length: count }, (_, i) => ({ to: '+4915123456789', body: `${tag} ${i}` })),
    });
    expect(batch.status).toBe(202);
    const ids = (batch.body.results as { message: { id: string } }[]).map((r) => r.message.id);
    expect(ids).toHaveLength(count);
    return ids;
  };

  beforeAll(async () => {
    const [portA, portB, portW] = [await freePort(), await freePort(), await freePort()];
    baseA = `http://127.0.0.1:${portA}`;
    baseB = `http://127.0.0.1:${portB}`;
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // The first process migrates and creates the admin; the others start on the finished schema.
    await startProcess('api', portA, true).waitForOutput(/SMS gateway is up \(roles: api\)/);
    const apiB = startProcess('api', portB, false);
    // A worker-only process serves no HTTP; its banner names its role and lists no URLs.
    const worker = startProcess('worker', portW, false);
    await Promise.all([
      apiB.waitForOutput(/SMS gateway is up \(roles: api\)/),
      worker.waitForOutput(/SMS gateway is up \(roles: worker\)/),
    ]);
    const login = await request(baseA, 'POST', '/v1/auth/login', { email: 'admin@example.test', password: PASSWORD });
    expect(login.status).toBe(200);
    token = login.body.accessToken as string;
  });

  afterAll(async () => {
    // Phones first, so no agent reconnects to a server on its way down; then the servers.
    await Promise.allSettled(agents.map((c) => c.stop()));
    await Promise.allSettled(servers.map((c) => c.stop()));
    await db?.end();
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    await dropDatabase(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  let fleet: Phone[] = [];

  it('two api processes and one worker deliver through phones connected to either', async () => {
    fleet = await Promise.all(
      ['fleet-a1', 'fleet-b1', 'fleet-a2', 'fleet-b2'].map((name, i) => startPhone(name, i % 2 === 0 ? baseA : baseB)),
    );
    const ids = await sendBatch(baseA, BATCH, 'fleet');

    await allDelivered(ids, 20_000);

    // Every phone got work: the worker reached sockets held by both api processes.
    const perDevice = await db.query<{ device_id: string; n: number }>(
      'SELECT device_id, count(*)::int AS n FROM messages WHERE id = ANY($1) GROUP BY device_id',
      [ids],
    );
    const counts = new Map(perDevice.rows.map((r) => [r.device_id, r.n]));
    for (const phone of fleet) expect(counts.get(phone.deviceId) ?? 0, phone.name).toBeGreaterThan(0);
    expect([...counts.keys()].sort()).toEqual(fleet.map((p) => p.deviceId).sort());

    // What the SIMs transmitted: every message exactly once, nothing else.
    const logs = fleet.map((p) => p.log);
    expect(tally(logs, ids)).toEqual({ twice: [], missing: [], extra: [] });

    // Presence is shared: api B lists as online the phones connected to api A too.
    expect((await onlineOnB()).sort()).toEqual(fleet.map((p) => p.deviceId).sort());
  }, 45_000);

  it('a phone SIGKILLed while holding messages loses them to another phone after its lease, and none is sent twice', async () => {
    // Only the holder may be online, so it gets all the work.
    await Promise.all(fleet.map((p) => p.child.stop()));
    await waitFor(onlineOnB, (online) => online.length === 0, { timeoutMs: 10_000, what: 'no phone online' });

    const holder = await startPhone('holder', baseA, ['--platform-limit', '1']);
    const ids = await sendBatch(baseA, HELD, 'lease');
    const holding = async () => ({
      transmitted: transmitted(holder.log).length,
      delivered: await countDelivered(ids),
      sending: Number(
        (
          await db.query(
            "SELECT count(*)::int AS n FROM messages WHERE id = ANY($1) AND status = 'sending' AND device_id = $2",
            [ids, holder.deviceId],
          )
        ).rows[0].n,
      ),
    });
    // Its platform lets one through a minute: one transmitted (and its delivery reported, so the
    // kill leaves nothing in between), the rest accepted and held.
    await waitFor(holding, (h) => h.transmitted === 1 && h.delivered === 1 && h.sending === HELD - 1, {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: 'the holder to transmit one and hold the rest',
    });
    const [sentByHolder] = transmitted(holder.log);
    await holder.child.kill('SIGKILL');

    const rescuer = await startPhone('rescuer', baseB);
    await allDelivered(ids, 15_000);

    expect(tally([holder.log, rescuer.log], ids)).toEqual({ twice: [], missing: [], extra: [] });
    expect(transmitted(holder.log)).toEqual([sentByHolder]);
    expect(transmitted(rescuer.log).sort()).toEqual(ids.filter((id) => id !== sentByHolder).sort());

    // Each moved message went sending on the holder, back to queued when its lease ran out, then
    // sending on the rescuer, in that order.
    const events = await db.query<EventRow>(
      'SELECT message_id, status, device_id, error_code FROM message_events WHERE message_id = ANY($1) ORDER BY id',
      [ids],
    );
    for (const id of ids.filter((m) => m !== sentByHolder)) {
      const trail = events.rows.filter((e) => e.message_id === id);
      const onHolder = trail.findIndex((e) => e.status === 'sending' && e.device_id === holder.deviceId);
      const reclaimed = trail.findIndex(
        (e, i) => i > onHolder && e.status === 'queued' && e.error_code === 'LEASE_EXPIRED',
      );
      const onRescuer = trail.findIndex(
        (e, i) => i > reclaimed && e.status === 'sending' && e.device_id === rescuer.deviceId,
      );
      expect(onHolder >= 0 && reclaimed > onHolder && onRescuer > reclaimed, `${id}: ${JSON.stringify(trail)}`).toBe(
        true,
      );
    }
    // The one the holder transmitted never moved.
    expect(
      events.rows.filter((e) => e.message_id === sentByHolder && e.status === 'sending').map((e) => e.device_id),
    ).toEqual([holder.deviceId]);
  }, 45_000);

  it('a GraphQL subscriber on api B sees the statuses of a message sent through api A, the worker publishing its own', async () => {
    const phone = await startPhone('subscribed', baseA);
    const me = await request(baseA, 'POST', '/graphql', { query: '{ me { account { id } } }' });
    const accountId = me.body.data.me.account.id as string;
    const client = createClient({
      url: `${baseB.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const seen: { messageId: string; status: string; at: string; deviceId: string | null }[] = [];
    const errors: unknown[] = [];
    const dispose = client.subscribe<{ messageStatusChanged: (typeof seen)[number] }>(
      { query: 'subscription { messageStatusChanged { messageId status at deviceId } }' },
      { next: (r) => seen.push(r.data!.messageStatusChanged), error: (e) => errors.push(e), complete: () => undefined },
    );
    try {
      // Live once api B listens on the account's channel.
      const redis = new Redis(TEST_REDIS_URL);
      try {
        await waitFor(
          async () => (await redis.pubsub('NUMSUB', `${prefix}:account:${accountId}:messageStatus`))[1],
          (n) => Number(n) > 0,
          { what: 'api B to subscribe' },
        );
      } finally {
        redis.disconnect();
      }
      const [id] = await sendBatch(baseA, 1, 'subscribed');
      await waitFor(
        () => seen.map((e) => e.status),
        (statuses) => statuses.includes('delivered'),
        { what: 'B to see the message delivered' },
      );
      // Each from another process: queued from api A (the send), sending from the worker (only it
      // dispatches), sent and delivered from api A (it holds the phone's socket); none from api B.
      // Publishers race each other, so `at` orders them.
      expect(errors).toEqual([]);
      const ordered = seen.toSorted((x, y) => Date.parse(x.at) - Date.parse(y.at));
      expect(ordered.map(({ at: _at, ...event }) => event)).toEqual([
        { messageId: id, status: 'queued', deviceId: null },
        { messageId: id, status: 'sending', deviceId: phone.deviceId },
        { messageId: id, status: 'sent', deviceId: phone.deviceId },
        { messageId: id, status: 'delivered', deviceId: phone.deviceId },
      ]);
    } finally {
      dispose();
      await client.dispose();
      await phone.child.stop();
    }
  }, 30_000);

  it('a phone revoked through one api process is dropped from the other at once, and cannot come back', async () => {
    const phone = await startPhone('revoked-on-b', baseB);
    await waitFor(onlineOnB, (ids) => ids.includes(phone.deviceId), { what: 'the phone online' });
    const revoked = await request(baseA, 'DELETE', `/v1/devices/${phone.deviceId}`);
    expect(revoked.status).toBe(204);
    // The agent is told its token is no more: it exits with 1 (refused), well before any heartbeat.
    expect(await phone.child.waitForExit(5_000)).toBe(1);
    expect(await onlineOnB()).not.toContain(phone.deviceId);
  }, 30_000);
});
