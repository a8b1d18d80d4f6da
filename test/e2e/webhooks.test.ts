import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { WebhookRetention } from '../../src/modules/webhooks/webhook-retention.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The payload as the library's verifier returned it; undefined when the signature did not verify. */
  verified?: { type: string; timestamp: string; data: Record<string, any> };
  answered: number;
}

type Answer = (n: number) => { status: number; headers?: Record<string, string> };

/**
 * A real HTTP receiver on 127.0.0.1: each path verifies requests with its own secret (the
 * standardwebhooks verifier) and answers as its plan says (the n-th request to the path, from 1).
 */
class Receiver {
  readonly requests: Received[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly plans = new Map<string, Answer>();
  private server!: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  path(path: string, secret?: string, answer?: Answer): void {
    if (secret !== undefined) this.secrets.set(path, secret);
    if (answer) this.plans.set(path, answer);
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  wait(path: string, count: number, what = `${count} requests at ${path}`): Promise<Received[]> {
    return waitFor(
      () => this.at(path),
      (list) => list.length >= count,
      { what, timeoutMs: 15_000 },
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const headers = req.headers as Record<string, string>;
      let verified: Received['verified'];
      const secret = this.secrets.get(path);
      if (secret) {
        try {
          verified = new Webhook(secret).verify(body, headers) as Received['verified'];
        } catch {
          verified = undefined;
        }
      }
      const n = this.at(path).length + 1;
      const answer = this.plans.get(path)?.(n) ?? { status: 204 };
      this.requests.push({ path, headers, body, verified, answered: answer.status });
      res.writeHead(answer.status, answer.headers).end(answer.status >= 300 ? 'receiver says no' : '');
    });
  }
}

describe('webhooks', () => {
  let gw: TestGateway;
  let admin: string;
  const receiver = new Receiver();
  /** Every log line the gateway wrote (it logs at debug here), to show that no secret is in them. */
  const logLines: string[] = [];
  const secretsShown: string[] = [];

  beforeAll(async () => {
    // pino writes through sonic-boom with fs.write/fs.writeSync on fd 1: keep its lines, pass the rest on.
    const write = fs.write.bind(fs) as (...args: unknown[]) => void;
    const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
    const isLog = (fd: unknown, data: unknown) => fd === 1 && String(data).startsWith('{"level"');
    vi.spyOn(fs, 'write').mockImplementation((...args: unknown[]) => {
      if (!isLog(args[0], args[1])) return write(...args);
      logLines.push(String(args[1]));
      const callback = args[args.length - 1] as (e: null, n: number) => void;
      process.nextTick(callback, null, Buffer.byteLength(String(args[1])));
    });
    vi.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]) => {
      if (!isLog(args[0], args[1])) return writeSync(...args);
      logLines.push(String(args[1]));
      return Buffer.byteLength(String(args[1]));
    });

    await receiver.start();
    gw = await TestGateway.start({
      LOG_LEVEL: 'debug',
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_BACKOFF_MAX_MS: '200',
      WEBHOOK_TIMEOUT_MS: '2000',
      // 3.6 s of retries, and an endpoint with no success for 7.2 s is disabled.
      WEBHOOK_RETRY_HOURS: '0.001',
      WEBHOOK_DISABLE_AFTER_HOURS: '0.002',
    });
    admin = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
    await receiver.stop();
    vi.restoreAllMocks();
  });

  async function createEndpoint(
    token: string,
    path: string,
    events: string[],
    answer?: Answer,
  ): Promise<{ id: string; secret: string }> {
    const res = await gw.request('POST', '/v1/webhooks', { token, json: { url: receiver.url(path), events } });
    expect(res.status).toBe(201);
    receiver.path(path, res.body.secret, answer);
    secretsShown.push(res.body.secret);
    return { id: res.body.id, secret: res.body.secret };
  }

  async function deliveries(token: string, endpointId: string, query = ''): Promise<any[]> {
    const res = await gw.request('GET', `/v1/webhooks/${endpointId}/deliveries${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.data;
  }

  function waitForDelivery(token: string, endpointId: string, done: (d: any) => boolean, what: string): Promise<any> {
    return waitFor(
      async () => (await deliveries(token, endpointId))[0],
      (d) => d !== undefined && done(d),
      { what, timeoutMs: 15_000 },
    );
  }

  it('creates an endpoint with a whsec_ secret shown once: never in reads, the audit trail or the database', async () => {
    const res = await gw.request('POST', '/v1/webhooks', {
      token: admin,
      json: { url: receiver.url('/created'), events: ['message.delivered', 'device.offline'], description: 'CRM' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      url: receiver.url('/created'),
      events: ['message.delivered', 'device.offline'],
      description: 'CRM',
      enabled: true,
      failingSince: null,
      disabledReason: null,
    });
    const secret: string = res.body.secret;
    secretsShown.push(secret);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const one = await gw.request('GET', `/v1/webhooks/${res.body.id}`, { token: admin });
    const all = await gw.request('GET', '/v1/webhooks', { token: admin });
    const audit = await gw.request('GET', `/v1/audit-events?targetId=${res.body.id}`, { token: admin });
    expect(one.body).toEqual({ ...res.body, secret: undefined });
    expect(all.body.data).toContainEqual(one.body);
    expect(audit.body.data).toEqual([
      expect.objectContaining({ action: 'webhook.created', target: { type: 'webhook', id: res.body.id } }),
    ]);
    const stored = await gw.db.query('SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1', [res.body.id]);
    for (const text of [
      JSON.stringify(one.body),
      JSON.stringify(all.body),
      JSON.stringify(audit.body),
      stored.rows[0].secret_encrypted,
    ]) {
      expect(text).not.toContain(secret.slice('whsec_'.length));
    }
  });

  it('creates and lists endpoints through GraphQL too', async () => {
    const created = await gw.graphql(
      `mutation C($input: CreateWebhookInput!) { createWebhook(input: $input) { id url events enabled secret } }`,
      { input: { url: receiver.url('/graphql'), events: ['*'] } },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createWebhook).toMatchObject({
      url: receiver.url('/graphql'),
      events: ['*'],
      enabled: true,
    });
    secretsShown.push(created.body.data.createWebhook.secret);
    const listed = await gw.graphql('{ webhooks { id url } }', {}, admin);
    expect(listed.body.data.webhooks).toContainEqual({
      id: created.body.data.createWebhook.id,
      url: receiver.url('/graphql'),
    });
    const refused = await gw.graphql(
      `mutation C($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`,
      { input: { url: 'http://10.0.0.1/hook', events: ['message.sent'] } },
      admin,
    );
    expect(refused.body.errors[0].extensions.code).toBe('WEBHOOK_URL_FORBIDDEN');
    const removed = await gw.request('DELETE', `/v1/webhooks/${created.body.data.createWebhook.id}`, { token: admin });
    expect(removed.status).toBe(204);
  });

  it('refuses unknown events, other schemes and unknown fields with VALIDATION_FAILED', async () => {
    const cases = [
      { url: receiver.url('/v'), events: ['message.opened'] },
      { url: receiver.url('/v'), events: [] },
      { url: 'ftp://127.0.0.1/x', events: ['message.sent'] },
      { url: receiver.url('/v'), events: ['message.sent'], secret: 'whsec_mine' },
    ];
    for (const json of cases) {
      const res = await gw.request('POST', '/v1/webhooks', { token: admin, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  describe('message events from a phone', () => {
    let account: { accountId: string; token: string };
    let phone: HeadlessAgent;

    beforeAll(async () => {
      account = await gw.createAccount('Events');
      phone = await gw.pairAgent(account.token, { name: 'events-phone', deliveryMs: 0 });
    });

    it('sends message.sent and message.delivered, each signed, with the message as data', async () => {
      const endpoint = await createEndpoint(account.token, '/events', ['message.sent', 'message.delivered']);
      const sent = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: '+4915123456789', body: 'webhooks please', metadata: { order: 42 }, clientReference: 'order-42' },
      });
      expect(sent.status).toBe(202);
      await gw.waitForStatus(account.token, sent.body.id, ['delivered']);

      const got = await receiver.wait('/events', 2);
      expect(got.every((r) => r.verified !== undefined)).toBe(true);
      expect(got.map((r) => r.verified!.type).sort()).toEqual(['message.delivered', 'message.sent']);
      const delivered = got.find((r) => r.verified!.type === 'message.delivered')!.verified!;
      expect(delivered.data).toMatchObject({
        id: sent.body.id,
        to: '+4915123456789',
        status: 'delivered',
        deviceId: phone.deviceId,
        segments: 1,
        metadata: { order: 42 },
        clientReference: 'order-42',
      });
      // The webhook's message is the REST resource: the same fields, the same values (every field
      // and status: webhook-payload-contract.test.ts).
      const resource = (await gw.request('GET', `/v1/messages/${sent.body.id}`, { token: account.token })).body;
      const { events: _events, ...fields } = resource;
      expect(delivered.data).toEqual(fields);
      expect(delivered.data.deliveredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // One webhook-id per event; a request signed with another secret would not verify.
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(2);
      expect(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got[0].body, got[0].headers),
      ).toThrow();

      // The receiver has the requests before the gateway has recorded their answers: wait for the log.
      const log = await waitFor(
        () => deliveries(account.token, endpoint.id),
        (list) => list.length === 2 && list.every((d) => d.status === 'delivered'),
        { what: 'both deliveries recorded as delivered' },
      );
      expect(log.every((d) => d.status === 'delivered' && d.attempts === 1 && d.statusCode === 204)).toBe(true);
      expect(log[0].latencyMs).toBeGreaterThanOrEqual(0);
    });

    it("sends a message's status events to its callbackUrl, signed with the account's callback secret", async () => {
      const created = await gw.request('POST', '/v1/webhooks/callback-secret', { token: account.token });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_/);
      secretsShown.push(created.body.secret);
      receiver.path('/callback', created.body.secret);
      const sent = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: '+4915123456789', body: 'call me back', callbackUrl: receiver.url('/callback') },
      });
      expect(sent.status).toBe(202);

      const got = await receiver.wait('/callback', 2);
      expect(got.every((r) => r.verified?.data.id === sent.body.id)).toBe(true);
      expect(got.map((r) => r.verified!.type).sort()).toEqual(['message.delivered', 'message.sent']);
    });

    it('sends message.received for an SMS the phone received', async () => {
      await createEndpoint(account.token, '/inbound', ['message.received']);
      phone.transport.simulateIncoming({ from: '+4915199999999', body: 'hello gateway', simSlot: 0 });
      const [got] = await receiver.wait('/inbound', 1);
      expect(got.verified).toMatchObject({
        type: 'message.received',
        data: { from: '+4915199999999', body: 'hello gateway', deviceId: phone.deviceId, simSlot: 0 },
      });
    });
  });

  it('sends device.online and device.offline as a phone comes and goes', async () => {
    const account = await gw.createAccount('Devices');
    await createEndpoint(account.token, '/devices', ['device.online', 'device.offline']);
    const phone = await gw.pairAgent(account.token, { name: 'coming-and-going' });
    const [online] = await receiver.wait('/devices', 1);
    expect(online.verified).toMatchObject({ type: 'device.online', data: { id: phone.deviceId, status: 'online' } });
    await phone.stop();
    const got = await receiver.wait('/devices', 2);
    expect(got[1].verified).toMatchObject({ type: 'device.offline', data: { id: phone.deviceId, status: 'offline' } });
  });

  it('sends suppression.added for an API add and a STOP from a phone, in the same transaction, and none per imported row', async () => {
    const account = await gw.createAccount('Suppressions');
    await createEndpoint(account.token, '/suppressions', ['suppression.added']);
    const added = await gw.request('POST', '/v1/suppressions', {
      token: account.token,
      json: { phoneNumber: '+4915111111111' },
    });
    expect(added.status).toBe(201);
    const [manual] = await receiver.wait('/suppressions', 1);
    expect(manual.verified).toMatchObject({
      type: 'suppression.added',
      data: { phoneNumber: '+4915111111111', reason: 'manual', sourceMessageId: null },
    });
    const imported = await gw.request('POST', '/v1/suppressions/import', {
      token: account.token,
      contentType: 'text/csv',
      raw: 'phoneNumber\n+4915122222222\n+4915133333333\n',
    });
    expect(imported.body).toMatchObject({ imported: 2 });
    const phone = await gw.pairAgent(account.token, { name: 'stop-receiver' });
    phone.transport.simulateIncoming({ from: '+4915144444444', body: 'STOP', simSlot: 0 });
    const got = await receiver.wait('/suppressions', 2);
    expect(got[1].verified).toMatchObject({
      type: 'suppression.added',
      data: { phoneNumber: '+4915144444444', reason: 'keyword' },
    });
    expect(got[1].verified?.data.sourceMessageId).toEqual(expect.any(String));
    // The import's two rows never arrive: only the API add and the STOP did.
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.at('/suppressions')).toHaveLength(2);
    await phone.stop();
  });

  it('delivers exactly once to a receiver that fails 3 times first, with the same webhook-id on every attempt', async () => {
    const endpoint = await createEndpoint(admin, '/flaky', ['message.failed'], (n) => ({ status: n <= 3 ? 500 : 200 }));
    const test = await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: admin });
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ eventType: 'webhook.test', status: 'pending', attempts: 0 });

    const done = await waitForDelivery(admin, endpoint.id, (d) => d.status !== 'pending', 'the flaky delivery to end');
    expect(done).toMatchObject({ id: test.body.id, status: 'delivered', attempts: 4, statusCode: 200, error: null });
    expect(done.deliveredAt).not.toBeNull();
    const got = receiver.at('/flaky');
    expect(got.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(got.filter((r) => r.answered < 300)).toHaveLength(1);
    expect(got.every((r) => r.verified?.type === 'webhook.test')).toBe(true);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([test.body.eventId]));
    const endpointNow = await gw.request('GET', `/v1/webhooks/${endpoint.id}`, { token: admin });
    expect(endpointNow.body).toMatchObject({ enabled: true, failingSince: null });

    // Re-delivery: the same event again, as a new delivery with the same webhook-id.
    const again = await gw.request('POST', `/v1/webhook-deliveries/${done.id}/redeliver`, { token: admin });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ eventId: test.body.eventId, eventType: 'webhook.test', status: 'pending' });
    expect(again.body.id).not.toBe(done.id);
    const log = await waitFor(
      () => deliveries(admin, endpoint.id),
      (list) => list.length === 2 && list[0].status === 'delivered',
      { what: 'the re-delivery' },
    );
    expect(log.map((d) => [d.id, d.status, d.attempts])).toEqual([
      [again.body.id, 'delivered', 1],
      [done.id, 'delivered', 4],
    ]);
    const last = receiver.at('/flaky')[4];
    expect(last.headers['webhook-id']).toBe(test.body.eventId);
    expect(last.verified?.type).toBe('webhook.test');
  });

  it('does not follow a redirect, not even to an allowed address', async () => {
    const endpoint = await createEndpoint(admin, '/redirect', ['message.failed'], () => ({
      status: 302,
      headers: { location: receiver.url('/inside') },
    }));
    await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: admin });
    const tried = await waitForDelivery(admin, endpoint.id, (d) => d.attempts >= 1, 'a first attempt');
    expect(tried.statusCode).toBe(302);
    expect(tried.error).toContain('redirects are not followed');
    expect(receiver.at('/inside')).toEqual([]);
    await gw.request('DELETE', `/v1/webhooks/${endpoint.id}`, { token: admin });
  });

  it('fails a delivery after the retry window, then disables an endpoint failing too long and says so in the audit trail', async () => {
    const account = await gw.createAccount('Failing');
    const endpoint = await createEndpoint(account.token, '/down', ['message.failed'], () => ({ status: 503 }));
    const first = await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: account.token });

    const failed = await waitForDelivery(
      account.token,
      endpoint.id,
      (d) => d.status === 'failed',
      'the retries to end',
    );
    expect(failed.id).toBe(first.body.id);
    expect(failed.attempts).toBeGreaterThan(3);
    expect(failed).toMatchObject({ statusCode: 503, nextAttemptAt: null });
    expect(failed.error).toBe('HTTP 503: receiver says no');
    expect(receiver.at('/down')).toHaveLength(failed.attempts);
    const failing = (await gw.request('GET', `/v1/webhooks/${endpoint.id}`, { token: account.token })).body;
    expect(failing.enabled).toBe(true);
    expect(failing.failingSince).not.toBeNull();

    // Still failing once WEBHOOK_DISABLE_AFTER_HOURS (7.2 s here) has passed since the first failure.
    await waitFor(
      () => Date.now(),
      (now) => now > Date.parse(failing.failingSince) + 7300,
      { what: 'the disable limit to pass', timeoutMs: 10_000, intervalMs: 100 },
    );
    await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: account.token });
    const disabled = await waitFor(
      async () => (await gw.request('GET', `/v1/webhooks/${endpoint.id}`, { token: account.token })).body,
      (e) => e.enabled === false,
      { what: 'the endpoint to be disabled' },
    );
    expect(disabled.disabledReason).toContain('No successful delivery');
    const audit = await gw.request('GET', `/v1/audit-events?action=webhook.disabled`, { token: account.token });
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        actor: { kind: 'system', id: 'webhook-health' },
        target: { type: 'webhook', id: endpoint.id },
      }),
    ]);
    expect(await deliveries(account.token, endpoint.id, '?status=pending')).toEqual([]);

    // Switched on again by its owner: the failure record starts afresh.
    const enabled = await gw.request('PATCH', `/v1/webhooks/${endpoint.id}`, {
      token: account.token,
      json: { enabled: true },
    });
    expect(enabled.body).toMatchObject({ enabled: true, failingSince: null, disabledReason: null });
  }, 30_000);

  it('deletes finished deliveries older than WEBHOOK_RETENTION_DAYS and keeps pending and recent ones', async () => {
    const { accountId } = await gw.createAccount('Retention');
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    // Delivery ids are UUIDv7 (time first), as webhook_uuid7() makes them.
    const idAt = (ms: number) => {
      const time = ms.toString(16).padStart(12, '0');
      const rest = randomBytes(10).toString('hex');
      return `${time.slice(0, 8)}-${time.slice(8)}-7${rest.slice(0, 3)}-8${rest.slice(3, 6)}-${rest.slice(6, 18)}`;
    };
    const rows = [
      { label: 'old delivered', status: 'delivered', at: now - 40 * day },
      { label: 'old failed', status: 'failed', at: now - 31 * day },
      { label: 'old pending', status: 'pending', at: now - 40 * day },
      { label: 'recent delivered', status: 'delivered', at: now - 29 * day },
    ].map((r) => ({ ...r, id: idAt(r.at) }));
    for (const r of rows) {
      await gw.db.query(
        `INSERT INTO webhook_deliveries (id, account_id, url, event_type, event_id, payload, status, next_attempt_at, created_at)
         VALUES ($1, $2, 'https://example.test/hook', 'message.sent', gen_random_uuid(), '{}', $3, $4, $4)`,
        [r.id, accountId, r.status, new Date(r.at)],
      );
    }
    const retention = gw.running.app.get(WebhookRetention);
    expect(await retention.prune(now)).toBe(2);
    const left = await gw.db.query<{ id: string }>('SELECT id FROM webhook_deliveries WHERE account_id = $1', [
      accountId,
    ]);
    expect(left.rows.map((r) => rows.find((x) => x.id === r.id)?.label).sort()).toEqual([
      'old pending',
      'recent delivered',
    ]);
    expect(await retention.prune(now)).toBe(0);
  });

  it('signs with both secrets for a day after a rotation, and with the new one only when asked to end the old at once', async () => {
    const endpoint = await createEndpoint(admin, '/rotated', ['message.failed']);
    const rotated = await gw.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { token: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    secretsShown.push(rotated.body.secret);
    receiver.path('/rotated', rotated.body.secret);
    await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: admin });
    const [got] = await receiver.wait('/rotated', 1);
    expect(got.verified?.type).toBe('webhook.test');
    // Two signatures (Standard Webhooks: space-separated); a receiver still on the old secret verifies too.
    expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(endpoint.secret).verify(got.body, got.headers)).toMatchObject({ type: 'webhook.test' });

    // A leaked secret: rotate again and end the previous one now.
    const urgent = await gw.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, {
      token: admin,
      json: { keepPreviousForHours: 0 },
    });
    expect(urgent.status).toBe(200);
    secretsShown.push(urgent.body.secret);
    receiver.path('/rotated', urgent.body.secret);
    await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: admin });
    const [, second] = await receiver.wait('/rotated', 2);
    expect(second.verified?.type).toBe('webhook.test');
    expect(second.headers['webhook-signature'].split(' ')).toHaveLength(1);
    expect(() => new Webhook(rotated.body.secret).verify(second.body, second.headers)).toThrow();
    expect(() => new Webhook(endpoint.secret).verify(second.body, second.headers)).toThrow();
  });

  it('refuses a rotation with a bad keepPreviousForHours and changes nothing', async () => {
    const endpoint = await createEndpoint(admin, '/rotate-bad', ['message.failed']);
    const before = await gw.db.query('SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
    for (const json of [
      { keepPreviousForHours: -1 },
      { keepPreviousForHours: 169 },
      { keepPreviousForHours: '24' },
      // Not the default: null used to end the old secret at once, as 0 does.
      { keepPreviousForHours: null },
      { extra: 1 },
    ]) {
      const res = await gw.request('POST', `/v1/webhooks/${endpoint.id}/rotate-secret`, { token: admin, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const after = await gw.db.query('SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1', [endpoint.id]);
    expect(after.rows).toEqual(before.rows);
  });

  it('updates an endpoint and checks a new URL like a new endpoint', async () => {
    const endpoint = await createEndpoint(admin, '/patched', ['message.sent']);
    const patched = await gw.request('PATCH', `/v1/webhooks/${endpoint.id}`, {
      token: admin,
      json: { events: ['message.sent', 'message.failed'], description: 'ops' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ['message.sent', 'message.failed'], description: 'ops' });
    for (const url of ['http://10.0.0.1/', 'http://[::1]/', 'http://169.254.169.254/latest/meta-data/']) {
      const refused = await gw.request('PATCH', `/v1/webhooks/${endpoint.id}`, { token: admin, json: { url } });
      expect(refused.status, url).toBe(422);
      expect(refused.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
    }
    const bad = await gw.request('PATCH', `/v1/webhooks/${endpoint.id}`, { token: admin, json: { enabled: null } });
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await gw.request('GET', `/v1/webhooks/${endpoint.id}`, { token: admin })).body.url).toBe(
      receiver.url('/patched'),
    );
  });

  it('answers NOT_FOUND to another account for an endpoint or a delivery, and changes nothing', async () => {
    const endpoint = await createEndpoint(admin, '/mine', ['message.sent']);
    const test = await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: admin });
    await receiver.wait('/mine', 1);
    const stranger = (await gw.createAccount('Webhook stranger')).token;
    const calls: [string, string, unknown?][] = [
      ['GET', `/v1/webhooks/${endpoint.id}`],
      ['PATCH', `/v1/webhooks/${endpoint.id}`, { url: receiver.url('/theirs') }],
      ['PATCH', `/v1/webhooks/${endpoint.id}`, { role: 'admin' }],
      ['DELETE', `/v1/webhooks/${endpoint.id}`],
      ['POST', `/v1/webhooks/${endpoint.id}/rotate-secret`],
      ['POST', `/v1/webhooks/${endpoint.id}/test`],
      ['GET', `/v1/webhooks/${endpoint.id}/deliveries`],
      ['POST', `/v1/webhook-deliveries/${test.body.id}/redeliver`],
      ['GET', '/v1/webhooks/not-a-uuid'],
    ];
    for (const [method, path, json] of calls) {
      const res = await gw.request(method, path, { token: stranger, json });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await gw.request('GET', '/v1/webhooks', { token: stranger })).body.data).toEqual([]);
    const mine = await gw.request('GET', `/v1/webhooks/${endpoint.id}`, { token: admin });
    expect(mine.body.url).toBe(receiver.url('/mine'));
    expect(await deliveries(admin, endpoint.id)).toHaveLength(1);
    expect(receiver.at('/mine')).toHaveLength(1);
  });

  it('pages the delivery log with a cursor, newest first', async () => {
    const endpoint = await createEndpoint(admin, '/paged', ['message.sent']);
    for (let i = 0; i < 3; i++) await gw.request('POST', `/v1/webhooks/${endpoint.id}/test`, { token: admin });
    const first = await gw.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?limit=2`, { token: admin });
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await gw.request(
      'GET',
      `/v1/webhooks/${endpoint.id}/deliveries?limit=2&cursor=${first.body.nextCursor}`,
      { token: admin },
    );
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.data).toHaveLength(1);
    const ids = [...first.body.data, ...second.body.data].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort().reverse()).toEqual(ids);
    const bad = await gw.request('GET', `/v1/webhooks/${endpoint.id}/deliveries?status=lost`, { token: admin });
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses loopback, private, link-local and metadata URLs when WEBHOOK_ALLOW_HOSTS is empty', async () => {
    const strict = await TestGateway.start({ ROLES: 'api' });
    try {
      const token = await strict.login();
      for (const url of [
        receiver.url('/strict'),
        'http://localhost/',
        'http://169.254.169.254/latest/meta-data/',
        'http://[::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://10.0.0.1/',
        'http://192.168.1.10:8080/',
        'http://100.64.0.1/',
        'http://0.0.0.0/',
      ]) {
        const res = await strict.request('POST', '/v1/webhooks', { token, json: { url, events: ['message.sent'] } });
        expect(res.status, url).toBe(422);
        expect(res.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      const { rows } = await strict.db.query('SELECT count(*)::int AS n FROM webhook_endpoints');
      expect(rows[0].n).toBe(0);
    } finally {
      await strict.stop();
    }
    expect(receiver.at('/strict')).toEqual([]);
  });

  it('never writes a secret to the logs', () => {
    // The capture works (so this cannot pass vacuously): the worker announced its webhooks queue.
    expect(logLines.some((l) => l.includes('consuming queue webhooks'))).toBe(true);
    expect(secretsShown.length).toBeGreaterThan(5);
    const logs = logLines.join('\n');
    for (const secret of secretsShown) expect(logs).not.toContain(secret.slice('whsec_'.length));
  });
});
