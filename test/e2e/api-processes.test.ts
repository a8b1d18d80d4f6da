import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { Child, freePort } from '../support/processes.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/services.js';
import { waitFor } from '../support/wait.js';

const PASSWORD = 'api-processes-password';

/** The value of one series in a text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** The processes whose parent is `pid`, with the GATEWAY_PROCESS the primary gave each. */
function childrenOf(pid: number): { pid: number; name: string }[] {
  const found: { pid: number; name: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== pid) continue;
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      const name = env.find((e) => e.startsWith('GATEWAY_PROCESS='))?.slice('GATEWAY_PROCESS='.length) ?? '?';
      found.push({ pid: Number(entry), name });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The built gateway as `npm run start:prod` runs it, with API_PROCESSES=2: a primary, two api
 * processes sharing the port and a worker process. Seen from outside only: HTTP, GraphQL over
 * WebSocket, a headless phone in its own process, /metrics, signals and the process table.
 */
describe('API_PROCESSES=2', () => {
  const suffix = randomBytes(4).toString('hex');
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_cluster_${suffix}`);
  const prefix = `smsgw_cluster_${suffix}`;
  const dir = mkdtempSync(join(tmpdir(), 'smsgw-cluster-'));
  const others: Child[] = [];
  let gateway: Child;
  let port: number;
  let base: string;
  let token: string;

  /** A GET on a connection of its own: the cluster hands each new connection to the next process. */
  const freshGet = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  const api = async (method: string, path: string, body?: unknown) => {
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

  const metrics = async () => {
    const res = await freshGet('/metrics');
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    gateway = Child.start('dist/src/main.js', [], {
      NODE_ENV: 'test',
      API_PROCESSES: '2',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      DEVICE_DEFAULT_PARTS_PER_MINUTE: '0',
    });
    await gateway.waitForOutput(/SMS gateway is up/, 60_000);
    token = (await api('POST', '/v1/auth/login', { email: 'admin@example.test', password: PASSWORD })).body
      .accessToken as string;
  });

  afterAll(async () => {
    await Promise.all(others.map((c) => c.stop()));
    await gateway?.stop();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves requests from both api processes, and /metrics shows every process by name', async () => {
    const names = childrenOf(gateway.proc.pid!)
      .map((c) => c.name)
      .sort();
    expect(names).toEqual(['api-1', 'api-2', 'worker']);
    const output = gateway.output.join('');
    expect(output.match(/SMS gateway is up/g)).toHaveLength(1);
    expect(output).toContain('2 api processes and a worker process');

    for (let i = 0; i < 20; i++) expect((await freshGet('/health/live')).status).toBe(200);
    const text = await metrics();
    const served = (name: string) =>
      sample(text, 'smsgw_http_request_duration_seconds_count', { route: '/health/live', process: name }) ?? 0;
    expect(served('api-1')).toBeGreaterThan(0);
    expect(served('api-2')).toBeGreaterThan(0);
    expect(served('api-1') + served('api-2')).toBe(20);
    // The worker has no HTTP of its own: its series come through the scrape of an api process.
    expect(sample(text, 'smsgw_process_start_time_seconds', { process: 'worker' })).toBeGreaterThan(0);
    // Gauges read from PostgreSQL are the same from any process: served once, without a process.
    expect(text).toMatch(/^smsgw_dead_letters 0$/m);
  });

  it('pairs a headless phone over WebSocket, delivers a message to it and reports it to a GraphQL subscription', async () => {
    // Long-polling would spread one session's requests over the processes: refused, by name.
    const polling = await freshGet('/socket.io/?EIO=4&transport=polling');
    expect(polling.status).toBe(400);
    expect(polling.body).toContain('Transport unknown');

    const created = await api('POST', '/v1/devices', { name: 'phone-1' });
    expect(created.status).toBe(201);
    const log = join(dir, 'phone-1.sends.jsonl');
    const agent = Child.start(
      'android-agent/dist/headless/cli.js',
      [
        '--server',
        base,
        '--code',
        created.body.pairing.code as string,
        '--send-log',
        log,
        '--state-file',
        join(dir, 'phone-1.state.json'),
        '--delivery-ms',
        '20',
      ],
      {},
    );
    others.push(agent);
    await agent.waitForOutput(/"event":"ready"/, 20_000);

    const statuses: string[] = [];
    const client: Client = createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    try {
      client.subscribe<{ messageStatusChanged: { status: string } }>(
        { query: 'subscription { messageStatusChanged { messageId status } }' },
        {
          next: (result) => {
            if (result.data) statuses.push(result.data.messageStatusChanged.status);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
      // Subscribed once the gateway listens on the account's channel (from either api process).
      const redis = new Redis(TEST_REDIS_URL);
      try {
        await waitFor(
          async () => ((await redis.pubsub('CHANNELS', `${prefix}:account:*`)) as string[]).length,
          (n) => n > 0,
          { what: 'a subscriber on the account channel' },
        );
      } finally {
        redis.disconnect();
      }

      const sent = await api('POST', '/v1/messages', { to: '+4915123456789', body: 'through the cluster' });
      expect(sent.status).toBe(202);
      const id = sent.body.id as string;
      await waitFor(
        async () => (await api('GET', `/v1/messages/${id}`)).body.status as string,
        (status) => status === 'delivered',
        { timeoutMs: 20_000, what: 'the message delivered' },
      );
      const sends = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string });
      expect(sends.map((s) => s.id)).toEqual([id]);
      await waitFor(
        () => statuses,
        (seen) => seen.includes('delivered'),
        { what: 'the delivered event on the subscription' },
      );
      expect(statuses).toEqual(expect.arrayContaining(['sent', 'delivered']));
    } finally {
      await client.dispose();
    }
  });

  it('restarts an api process that dies, and answers on the port meanwhile', async () => {
    const before = childrenOf(gateway.proc.pid!);
    const victim = before.find((c) => c.name === 'api-1')!;
    const startedAt = sample(await metrics(), 'smsgw_process_start_time_seconds', { process: 'api-1' })!;
    process.kill(victim.pid, 'SIGKILL');
    await gateway.waitForOutput(/api-1 exited \(signal SIGKILL\); restarting it/, 10_000);

    // api-2 takes every connection until api-1 is back.
    for (let i = 0; i < 10; i++) expect((await freshGet('/health/live')).status).toBe(200);

    const back = await waitFor(
      () => childrenOf(gateway.proc.pid!).find((c) => c.name === 'api-1'),
      (c) => c !== undefined && c.pid !== victim.pid,
      { timeoutMs: 10_000, what: 'a new api-1 process' },
    );
    // Ready once its series are in a scrape again (a restarted process has a later start time).
    await waitFor(
      async () => sample(await metrics(), 'smsgw_process_start_time_seconds', { process: 'api-1' }) ?? 0,
      (t) => t > startedAt,
      { timeoutMs: 30_000, intervalMs: 250, what: 'the new api-1 in /metrics' },
    );
    for (let i = 0; i < 10; i++) expect((await freshGet('/health/live')).status).toBe(200);
    const served = sample(await metrics(), 'smsgw_http_request_duration_seconds_count', {
      route: '/health/live',
      process: 'api-1',
    });
    expect(served).toBeGreaterThan(0);
    expect(alive(back!.pid)).toBe(true);
  });

  it('stops every process on SIGTERM and exits 0', async () => {
    const children = childrenOf(gateway.proc.pid!);
    expect(children.map((c) => c.name).sort()).toEqual(['api-1', 'api-2', 'worker']);
    gateway.proc.kill('SIGTERM');
    expect(await gateway.waitForExit(20_000)).toBe(0);
    for (const child of children) expect(alive(child.pid), `${child.name} (pid ${child.pid})`).toBe(false);
  });
});

/**
 * `npm start` (dist/src/cli/start.js) under API_PROCESSES=2 on port 0: the worker process pairs the
 * demo phones, and each phone's control port is a port of its own, not the gateway's (a listen in a
 * cluster child is shared through the primary unless it says otherwise).
 */
describe('npm start with API_PROCESSES=2', () => {
  const suffix = randomBytes(4).toString('hex');
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_cluster_start_${suffix}`);
  const prefix = `smsgw_cluster_start_${suffix}`;
  let start: Child;

  beforeAll(async () => {
    start = Child.start('dist/src/cli/start.js', [], {
      API_PROCESSES: '2',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
    });
    await start.waitForOutput(/Inbound {3}simulate a received SMS: .*\n/, 90_000);
  }, 120_000);

  afterAll(async () => {
    await start?.stop();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase(databaseUrl);
  });

  it('pairs the demo phones in the worker process, each with a control port of its own, and stops cleanly', async () => {
    const output = start.output.join('');
    expect(output.match(/SMS gateway is up/g)).toHaveLength(1);
    const port = Number(/API {7}http:\/\/127\.0\.0\.1:(\d+)\/v1/.exec(output)![1]);
    const controls = [...output.matchAll(/demo-phone-\d 127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    expect(controls).toHaveLength(2);
    expect(new Set([port, ...controls]).size).toBe(3);

    // Every connection to the gateway's port reaches the gateway.
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/health/live`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
    }
    const login = await fetch(`http://127.0.0.1:${port}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.test', password: PASSWORD }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const inbound = await fetch(`http://127.0.0.1:${controls[0]}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+4915123456789', body: 'hello from the demo phone' }),
    });
    expect(inbound.status).toBe(202);
    await waitFor(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/v1/inbound-messages`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return ((await res.json()) as { data: { body: string }[] }).data.map((m) => m.body);
      },
      (bodies) => bodies.includes('hello from the demo phone'),
      { what: 'the simulated SMS stored' },
    );

    start.proc.kill('SIGTERM');
    expect(await start.waitForExit(20_000)).toBe(0);
    expect(start.output.join('')).not.toMatch(/did not stop cleanly|"level":50/);
  });
});
