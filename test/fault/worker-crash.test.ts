import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { Child, freePort } from '../support/processes.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services.js';
import { waitFor } from '../support/wait.js';

const MESSAGES = 1000;
const PASSWORD = 'fault-test-password';

/**
 * The gateway process is SIGKILLed in the middle of a 1,000-message batch and started again. Every
 * message must end delivered, and the phones' own logs of what their SIMs transmitted must show
 * each message exactly once. Gateway and phones are separate processes speaking the real protocol.
 */
describe('a gateway killed mid-batch', () => {
  const suffix = randomBytes(4).toString('hex');
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_fault_${suffix}`);
  const prefix = `smsgw_fault_${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-fault-'));
  const children: Child[] = [];
  let port: number;
  let db: pg.Pool;

  const startGateway = async (): Promise<Child> => {
    const gateway = Child.start('dist/src/main.js', [], {
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      DISPATCH_LOCK_MS: '3000',
      DISPATCH_ACK_TIMEOUT_MS: '3000',
      DISPATCH_BACKOFF_MS: '200',
      DISPATCH_BACKOFF_MAX_MS: '2000',
      DISPATCH_MAX_ATTEMPTS: '10',
      SWEEP_INTERVAL_MS: '500',
      RECOVERY_QUIET_SECONDS: '2',
      DEVICE_DEFAULT_PARTS_PER_MINUTE: '0',
    });
    children.push(gateway);
    await gateway.waitForOutput(/SMS gateway is up/);
    return gateway;
  };

  beforeAll(async () => {
    port = await freePort();
    db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await db?.end();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every message exactly once after a SIGKILL and a restart', async () => {
    const first = await startGateway();
    const base = `http://127.0.0.1:${port}`;
    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    const token: string = (await post('/v1/auth/login', { email: 'admin@example.test', password: PASSWORD })).body
      .accessToken;

    const logs: string[] = [];
    for (const name of ['phone-a', 'phone-b']) {
      const code: string = (await post('/v1/devices', { name }, token)).body.pairing.code;
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

    const batch = await post(
      '/v1/messages/batch',
      { messages: Array.from({ length: MESSAGES }, (_, i) => ({ to: '+4915123456789', body: `crash test ${i}` })) },
      token,
    );
    expect(batch.status).toBe(202);
    const ids: string[] = batch.body.results.map((r: { message: { id: string } }) => r.message.id);
    expect(ids).toHaveLength(MESSAGES);

    const delivered = async () =>
      Number((await db.query("SELECT count(*) AS n FROM messages WHERE status = 'delivered'")).rows[0].n);
    const atKill = await waitFor(delivered, (n) => n >= 50, {
      timeoutMs: 60_000,
      intervalMs: 5,
      what: 'the first deliveries',
    });
    await first.kill('SIGKILL');
    expect(atKill).toBeLessThan(MESSAGES);

    await startGateway();
    await waitFor(delivered, (n) => n === MESSAGES, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: `all ${MESSAGES} delivered`,
    }).catch(async (error: unknown) => {
      // Say which messages were left behind and how they got there.
      const stuck = await db.query(
        `SELECT m.id, m.status, m.device_id, json_agg(json_build_array(e.status, e.source, e.error_code, e.device_id, e.at) ORDER BY e.id) AS events
           FROM messages m JOIN message_events e ON e.message_id = m.id
          WHERE m.status <> 'delivered' GROUP BY m.id LIMIT 5`,
      );
      console.error(JSON.stringify(stuck.rows, null, 1));
      const failures = await db.query(
        `SELECT error_code, source, status, count(*)::int AS n FROM message_events
          WHERE error_code IS NOT NULL GROUP BY 1, 2, 3 ORDER BY n DESC`,
      );
      console.error('failed attempts', JSON.stringify(failures.rows));
      // And where their dispatch jobs are, with the processes' last words.
      const redis = new Redis(TEST_REDIS_URL);
      const queue = `${prefix}:dispatch`;
      console.error('dispatch queue', {
        wait: await redis.llen(`${queue}:wait`),
        active: await redis.llen(`${queue}:active`),
        delayed: await redis.zcard(`${queue}:delayed`),
        priority: await redis.zcard(`${queue}:priority`),
        paused: await redis.llen(`${queue}:paused`),
        failed: await redis.zcard(`${queue}:failed`),
      });
      for (const key of await redis.keys(`${prefix}:fleet:*`)) {
        const type = await redis.type(key);
        const size = type === 'zset' ? await redis.zcard(key) : type === 'hash' ? await redis.hlen(key) : -1;
        console.error('fleet', key.slice(prefix.length), type, size);
      }
      redis.disconnect();
      const sessions = await db.query(
        `SELECT state, wait_event_type, wait_event, left(query, 120) AS query, now() - query_start AS running
           FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      console.error('database sessions', JSON.stringify(sessions.rows, null, 1));
      for (const child of children) {
        const lines = child.output.join('').split('\n');
        // The gateways' warnings and errors in full (they say why dispatch held back), then the tail.
        const warnings = lines.filter((l) => /"level":(40|50|60)/.test(l));
        console.error(warnings.slice(0, 60).join('\n'), `(${warnings.length} warnings)`);
        console.error(lines.slice(-15).join('\n'));
      }
      throw error;
    });

    const statuses = await db.query('SELECT status, count(*)::int AS n FROM messages GROUP BY status');
    expect(statuses.rows).toEqual([{ status: 'delivered', n: MESSAGES }]);
    const transmitted = logs.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: string }).id),
    );
    const counts = new Map<string, number>();
    for (const id of transmitted) counts.set(id, (counts.get(id) ?? 0) + 1);
    const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([id]) => id);
    if (twice.length > 0) {
      const events = await db.query(
        'SELECT status, source, attempt, device_id, error_code, at FROM message_events WHERE message_id = $1 ORDER BY at, id',
        [twice[0]],
      );
      const sends = logs.map((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.includes(twice[0])),
      );
      console.error('DOUBLE', twice.length, twice[0], JSON.stringify(events.rows, null, 1), JSON.stringify(sends));
    }
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(new Set(transmitted)).toEqual(new Set(ids));
  }, 240_000);
});
