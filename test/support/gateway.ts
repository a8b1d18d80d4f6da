import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startHeadlessAgent, type HeadlessAgent, type HeadlessAgentOptions } from '@sms-gateway/android-agent/headless';
import { createGatewayClient } from '../../clients/typescript/index.js';
import { startGateway, type RunningGateway } from '../../src/bootstrap.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { AuthService } from '../../src/modules/auth/auth.service.js';
import { OpenApiContract } from './openapi-contract.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './services.js';
import { waitFor } from './wait.js';
import type { AccountId } from '@/common/account-id.js';

export const ADMIN_PASSWORD = 'test-admin-password';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A whole gateway for one test file: its own database (created and migrated, dropped afterwards),
 * its own Redis key prefix, a real HTTP port, real Bull workers and a real Socket.IO namespace.
 */
export class TestGateway {
  private readonly agents: HeadlessAgent[] = [];
  private tokenCache = new Map<string, string>();

  private constructor(
    readonly config: AppConfig,
    readonly running: RunningGateway,
    readonly url: string,
    readonly db: pg.Pool,
    readonly redis: Redis,
    /** The served OpenAPI document: `request` checks every answer against it (openapi-contract.ts). */
    readonly contract: OpenApiContract,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestGateway> {
    const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
    const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_test_${suffix}`);
    const config = loadConfig(
      {},
      {
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: `smsgw_test_${suffix}`,
        BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test',
        BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DISPATCH_BACKOFF_MS: '50',
        DISPATCH_ACK_TIMEOUT_MS: '3000',
        // Phones are unthrottled unless a test is about throttles: most tests send bursts.
        DEVICE_DEFAULT_PARTS_PER_MINUTE: '0',
        // Every test client is 127.0.0.1: the per-address limits of sign-in and pairing would trip
        // across a file's tests. Tests of those limits set them (test/e2e/login-limits.test.ts).
        LOGIN_FAILURES_PER_IP: '100000',
        PAIR_PER_MINUTE: '100000',
        PAIR_MISSES_PER_IP: '100000',
        // A loaded test machine must not turn a burst of sign-ups into RATE_LIMITED.
        PASSWORD_HASH_WAIT_MS: '60000',
        ...env,
      },
    );
    const running = await startGateway(config);
    const db = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
    // The drop at stop() terminates connections still closing (WITH FORCE): not a test failure.
    db.on('error', () => undefined);
    const redis = new Redis(TEST_REDIS_URL);
    let contract: OpenApiContract;
    try {
      contract = await OpenApiContract.load(running.url!);
    } catch (error) {
      await running.close();
      await db.end();
      redis.disconnect();
      await dropDatabase(config.DATABASE_URL);
      throw error;
    }
    return new TestGateway(config, running, running.url!, db, redis, contract);
  }

  async stop(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.stop()));
    await this.running.close();
    await this.db.end();
    const keys = await this.redis.keys(`${this.config.REDIS_PREFIX}:*`);
    if (keys.length > 0) await this.redis.del(...keys);
    this.redis.disconnect();
    await dropDatabase(this.config.DATABASE_URL);
  }

  async request<T = any>(
    method: string,
    path: string,
    options: {
      token?: string;
      json?: unknown;
      raw?: string | Buffer;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.raw !== undefined) {
      body = options.raw;
      if (options.contentType) headers['content-type'] = options.contentType;
    }
    const res = await fetch(this.url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    // Every answer a test sees must be one the OpenAPI document promises (fails the test otherwise).
    this.contract.check(method, path, res.status, res.headers, text, parsed);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /**
   * The typed client of clients/typescript (openapi-fetch over the generated types), as a user of
   * the API would use it; its answers pass the same contract check as `request`'s.
   */
  client(token?: string) {
    const checked: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const res = await fetch(request);
      const text = await res.clone().text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      const url = new URL(request.url);
      this.contract.check(request.method, url.pathname + url.search, res.status, res.headers, text, parsed);
      return res;
    };
    return createGatewayClient({ baseUrl: this.url, token, fetch: checked });
  }

  async graphql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<ApiResponse<T>> {
    return this.request<T>('POST', '/graphql', { token, json: { query, variables } });
  }

  async login(email = 'admin@example.test', password = ADMIN_PASSWORD): Promise<string> {
    const cached = this.tokenCache.get(email);
    if (cached) return cached;
    const res = await this.request<{ accessToken: string }>('POST', '/v1/auth/login', { json: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokenCache.set(email, res.body.accessToken);
    return res.body.accessToken;
  }

  /** A second tenant with its own owner; returns the owner's token. */
  async createAccount(name: string): Promise<{ accountId: AccountId; token: string; email: string; password: string }> {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomBytes(3).toString('hex')}@example.test`;
    const password = 'another-password';
    const { accountId } = await this.running.app.get(AuthService).createAccount(name, email, password);
    return { accountId, token: await this.login(email, password), email, password };
  }

  /** Invites a person with `role` (by `token`, an owner's or admin's) and accepts for them: their login and session. */
  async addMember(
    token: string,
    role: string,
    email = `m-${randomBytes(4).toString('hex')}@example.test`,
  ): Promise<{ id: string; email: string; password: string; accessToken: string; refreshToken: string }> {
    const password = 'a member password';
    const invited = await this.request('POST', '/v1/users', { token, json: { email, role } });
    if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
    const accepted = await this.request('POST', '/v1/auth/accept-invite', {
      json: { token: invited.body.invitation.token, password },
    });
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return { id: invited.body.user.id, email, password, ...accepted.body };
  }

  /** Creates a device through the API and pairs a headless agent (simulated SIM) with it. */
  async pairAgent(
    token: string,
    options: Omit<HeadlessAgentOptions, 'server' | 'code'> & { name?: string } = {},
  ): Promise<HeadlessAgent> {
    const created = await this.request('POST', '/v1/devices', { token, json: { name: options.name ?? 'test-phone' } });
    if (created.status !== 201)
      throw new Error(`device creation failed: ${created.status} ${JSON.stringify(created.body)}`);
    const { name: _name, ...agentOptions } = options;
    const agent = await startHeadlessAgent({
      server: this.url,
      code: created.body.pairing.code,
      maxPerMinute: 0,
      ...agentOptions,
    });
    this.agents.push(agent);
    return agent;
  }

  async message(token: string, id: string): Promise<any> {
    const res = await this.request('GET', `/v1/messages/${id}`, { token });
    if (res.status !== 200) throw new Error(`GET message failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async waitForStatus(token: string, id: string, statuses: string[], timeoutMs = 10_000): Promise<any> {
    return waitFor(
      () => this.message(token, id),
      (m: { status: string }) => statuses.includes(m.status),
      { timeoutMs, what: `message ${id} to reach ${statuses.join('|')}` },
    );
  }

  /** Row counts of every table and the number of Redis keys: "nothing written" is this staying equal. */
  async footprint(): Promise<Record<string, number>> {
    const tables = ['accounts', 'users', 'devices', 'messages', 'message_events', 'inbound_messages', 'settings'];
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const { rows } = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`);
      counts[t] = Number(rows[0].n);
    }
    // Jobs of other messages move between Bull's lists while a test runs (a retry waiting for a
    // phone, say), so their keys are no measure. A refused send must leave no job behind, and a job
    // is named by its message's id: count the dispatch jobs whose message row does not exist.
    const prefix = `${this.config.REDIS_PREFIX}:dispatch:`;
    const jobIds = new Set<string>();
    for (const key of await this.redis.keys(`${prefix}*`)) {
      const id = key.slice(prefix.length).split(':')[0];
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) jobIds.add(id);
    }
    const { rows } = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM unnest($1::uuid[]) AS job(id) WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = job.id)',
      [[...jobIds]],
    );
    counts.orphanDispatchJobs = Number(rows[0].n);
    return counts;
  }
}
