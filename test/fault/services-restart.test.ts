import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Child, freePort } from '../support/processes.js';
import { backwardHistories } from '../support/invariants.js';
import { PrivatePostgres, PrivateRedis } from '../support/private-services.js';
import { waitFor } from '../support/wait.js';

const PASSWORD = 'fault-test-password';
const BATCH = 300;

/**
 * The gateway's own PostgreSQL and Redis fail under load: Redis is killed and comes back empty,
 * PostgreSQL is stopped as in a crash and started again. The gateway and two phones (headless
 * agents) are separate processes; a webhook receiver that never answers listens all along. After
 * each fault: no accepted message lost, none transmitted twice (the phones' own logs), every
 * message's statuses forward only, and messages reach `sent` again within 10 s of recovery.
 */
describe('PostgreSQL and Redis restarting under load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-restart-'));
  const children: Child[] = [];
  const logs: string[] = [];
  const accepted: string[] = [];
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let db: pg.Pool;
  let base: string;
  let token: string;
  let hanging: Server;
  const held: ServerResponse[] = [];

  const post = async (path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };

  const count = async (where: string) =>
    Number((await db.query(`SELECT count(*)::int AS n FROM messages WHERE ${where}`)).rows[0].n);

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    redis = await PrivateRedis.start();
    hanging = createServer((req, res) => {
      req.resume();
      held.push(res);
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const gateway = Child.start('dist/src/main.js', [], {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: postgres.url('smsgw_fault'),
      REDIS_URL: redis.url,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      DISPATCH_ACK_TIMEOUT_MS: '3000',
      DISPATCH_BACKOFF_MS: '200',
      DISPATCH_BACKOFF_MAX_MS: '2000',
      DISPATCH_MAX_ATTEMPTS: '20',
      DISPATCH_LOCK_MS: '3000',
      SWEEP_INTERVAL_MS: '500',
      RECOVERY_QUIET_SECONDS: '2',
      DEVICE_LEASE_SECONDS: '15',
      DEVICE_DEFAULT_PARTS_PER_MINUTE: '0',
    });
    children.push(gateway);
    await gateway.waitForOutput(/SMS gateway is up/, 60_000);
    db = new pg.Pool({ connectionString: postgres.url('smsgw_fault'), max: 2 });
    db.on('error', () => undefined);
    token = (await post('/v1/auth/login', { email: 'admin@example.test', password: PASSWORD })).body.accessToken;
    const hook = await post('/v1/webhooks', {
      url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/never-answers`,
      events: ['message.sent', 'message.delivered'],
    });
    expect(hook.status).toBe(201);
    for (const name of ['phone-a', 'phone-b']) {
      const code: string = (await post('/v1/devices', { name })).body.pairing.code;
      const log = join(dir, `${name}.sends.jsonl`);
      logs.push(log);
      const agent = Child.start(
        'android-agent/dist/headless/cli.js',
        [
          '--server',
          base,
          '--code',
          code,
          '--send-log',
          log,
          '--state-file',
          join(dir, `${name}.state.json`),
          '--max-per-minute',
          '0',
          '--delivery-ms',
          '20',
        ],
        {},
      );
      children.push(agent);
      await agent.waitForOutput(/"event":"ready"/);
    }
  }, 120_000);

  afterAll(async () => {
    for (const res of held) res.destroy();
    hanging?.closeAllConnections();
    hanging?.close();
    await Promise.all(children.map((c) => c.stop()));
    await db?.end();
    await redis?.stop();
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A batch accepted (202) by the API, ids kept: every one of them must end delivered. */
  const sendBatch = async (label: string): Promise<void> => {
    const batch = await post('/v1/messages/batch', {
      messages: Array.from({ length: BATCH }, (_, i) => ({ to: '+4915123456789', body: `${label} ${i}` })),
    });
    expect(batch.status).toBe(202);
    for (const r of batch.body.results as { status: number; message: { id: string } }[]) {
      expect(r.status).toBe(202);
      accepted.push(r.message.id);
    }
  };

  /** After a fault: something reaches `sent` within 10 s of the service answering again. */
  const expectSendingWithin10s = async (recoveredAt: Date): Promise<void> => {
    await waitFor(
      () => count(`sent_at > '${recoveredAt.toISOString()}'`),
      (n) => n > 0,
      { what: 'a message sent after recovery', timeoutMs: 10_000, intervalMs: 100 },
    );
  };

  const expectInvariants = async (): Promise<void> => {
    await waitFor(
      () => count(`status = 'delivered' AND id = ANY('{${accepted.join(',')}}'::uuid[])`),
      (n) => n === accepted.length,
      { what: `all ${accepted.length} accepted messages delivered`, timeoutMs: 120_000, intervalMs: 500 },
    );
    // None transmitted twice: each phone logs what its SIM sent.
    const transmitted = logs.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: string }).id),
    );
    const counts = new Map<string, number>();
    for (const id of transmitted) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(transmitted)).toEqual(new Set(accepted));
    // Forward only: after `sent` nothing goes back, after a final status nothing follows (a
    // `sending` may go back to `queued`: the one step back the lifecycle allows, a retry).
    expect(await backwardHistories(db)).toEqual([]);
  };

  it('loses nothing and sends nothing twice when Redis dies and comes back empty', async () => {
    await sendBatch('redis');
    await waitFor(
      () => count(`status = 'delivered'`),
      (n) => n >= 50,
      { what: 'the first deliveries', timeoutMs: 60_000, intervalMs: 20 },
    );
    await redis.kill();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.up();
    const recoveredAt = new Date();
    await expectSendingWithin10s(recoveredAt);
    await expectInvariants();
  }, 240_000);

  it('loses nothing and sends nothing twice when PostgreSQL crashes and restarts', async () => {
    await sendBatch('postgres');
    const before = await count(`status = 'delivered'`);
    await waitFor(
      () => count(`status = 'delivered'`),
      (n) => n >= before + 50,
      { what: 'the first deliveries', timeoutMs: 60_000, intervalMs: 20 },
    );
    postgres.down('immediate');
    await new Promise((r) => setTimeout(r, 1000));
    await postgres.up();
    const recoveredAt = new Date();
    await expectSendingWithin10s(recoveredAt);
    await expectInvariants();
  }, 240_000);
});
