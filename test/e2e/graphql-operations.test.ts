import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLField, GraphQLObjectType, GraphQLOutputType } from 'graphql';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway, type ApiResponse } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const DEVICE = `query Device($id: ID!) {
  device(id: $id) { id name status online paired simPolicy queueDepth sims { slot } throttle { partsPerMinute } createdAt }
}`;
const PAIRING = `mutation Pairing($input: CreatePairingCodeInput!) {
  createPairingCode(input: $input) { code expiresAt qrUrl qrPngUrl }
}`;
const ROUTE = `query Route($id: ID!) {
  route(id: $id) { id name position strategy isDefault enabled match { prefixes countries priority } targets { kind } createdAt updatedAt }
}`;
const CARRIER = `query Carrier($id: ID!) {
  carrier(id: $id) {
    id name kind enabled smpp http state stateDetail createdAt updatedAt
    counters { submitted rejected throttled receipts inbound reconnects }
  }
}`;
const DELETE_CARRIER = 'mutation Delete($input: DeleteCarrierInput!) { deleteCarrier(input: $input) }';
const DEAD_LETTER = 'messageId errorCode errorMessage attempts createdAt';
const DEAD_LETTERS = `query DeadLetters($first: Int) { deadLetters(first: $first) { ${DEAD_LETTER} } }`;
const RETRY = `mutation Retry($input: RetryMessageInput!) { retryMessage(input: $input) { id status attempts errorCode } }`;
const WEBHOOK_FIELDS = 'id url events description enabled failingSince disabledReason createdAt updatedAt';
const WEBHOOK = `query Webhook($id: ID!) { webhook(id: $id) { ${WEBHOOK_FIELDS} } }`;
const UPDATE_WEBHOOK = `mutation Update($input: UpdateWebhookInput!) { updateWebhook(input: $input) { ${WEBHOOK_FIELDS} } }`;
const DELETE_WEBHOOK = 'mutation Delete($input: DeleteWebhookInput!) { deleteWebhook(input: $input) }';
const ROTATE_WEBHOOK = `mutation Rotate($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) { ${WEBHOOK_FIELDS} secret }
}`;
const DELIVERY_FIELDS =
  'id endpointId eventId eventType status attempts statusCode latencyMs error nextAttemptAt createdAt deliveredAt';
const DELIVERIES = `query Deliveries($webhookId: ID!, $status: String, $first: Int, $after: String) {
  webhookDeliveries(webhookId: $webhookId, status: $status, first: $first, after: $after) {
    edges { cursor node { ${DELIVERY_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const SEND_TEST = `mutation Test($input: SendTestWebhookInput!) { sendTestWebhook(input: $input) { ${DELIVERY_FIELDS} } }`;
const REDELIVER = `mutation Redeliver($input: RedeliverWebhookDeliveryInput!) {
  redeliverWebhookDelivery(input: $input) { ${DELIVERY_FIELDS} }
}`;
const CALLBACK_SECRET = 'mutation { rotateCallbackSecret { secret createdAt } }';

const TO = '+4915123456789';

interface Answer {
  data: any;
  errors?: { message: string; extensions: { code: string; errors?: unknown[] } }[];
  code?: string;
  /** Sent as X-Request-Id: the audit trail records it with the change. */
  requestId: string;
}

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that records every webhook request and answers 204. */
class Receiver {
  readonly requests: Received[] = [];
  private server!: Server;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        this.requests.push({ path: req.url ?? '/', headers: req.headers as Record<string, string>, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  wait(path: string, count: number): Promise<Received[]> {
    return waitFor(
      () => this.requests.filter((r) => r.path === path),
      (list) => list.length >= count,
      { what: `${count} requests at ${path}`, timeoutMs: 15_000 },
    );
  }
}

/** Whether `secret` verifies the request's signature (the Standard Webhooks library, as a receiver would). */
function signedWith(secret: string, request: Received): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers);
    return true;
  } catch {
    return false;
  }
}

/**
 * The GraphQL counterparts of the device, route, carrier, dead-letter and webhook routes (issue 15):
 * the same service methods, scopes, validation and codes as REST, against a real gateway.
 */
describe('GraphQL operations of devices, routes, carriers, dead letters and webhooks', () => {
  let gw: TestGateway;
  let owner: string;
  let stranger: string;
  let viewer: string;
  /** An OAuth2 client token with messages:read only. */
  let reader: string;
  const receiver = new Receiver();

  beforeAll(async () => {
    await receiver.start();
    gw = await TestGateway.start({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      WEBHOOK_BACKOFF_MS: '50',
      WEBHOOK_BACKOFF_MAX_MS: '200',
    });
    owner = await gw.login();
    stranger = (await gw.createAccount('Stranger')).token;
    const invited = await gw.request('POST', '/v1/users', {
      token: owner,
      json: { email: 'viewer@example.test', role: 'viewer' },
    });
    viewer = (
      await gw.request('POST', '/v1/auth/accept-invite', {
        json: { token: invited.body.invitation.token, password: 'a long enough password' },
      })
    ).body.accessToken;
    const client = await gw.request('POST', '/v1/oauth-clients', {
      token: owner,
      json: { name: 'reader', scopes: ['messages:read'] },
    });
    reader = (
      await gw.request('POST', '/v1/oauth/token', {
        json: {
          grant_type: 'client_credentials',
          client_id: client.body.clientId,
          client_secret: client.body.clientSecret,
        },
      })
    ).body.access_token;
  });
  afterAll(async () => {
    await gw?.stop();
    await receiver.stop();
  });

  async function call(document: string, variables: Record<string, unknown> = {}, token = owner): Promise<Answer> {
    const requestId = `gql-${randomUUID()}`;
    const res: ApiResponse = await gw.request('POST', '/graphql', {
      token,
      json: { query: document, variables },
      headers: { 'x-request-id': requestId },
    });
    return { data: res.body.data, errors: res.body.errors, code: res.body.errors?.[0]?.extensions?.code, requestId };
  }
  const input = (document: string, value: unknown, token = owner) => call(document, { input: value }, token);
  const audited = async (requestId: string) =>
    (await gw.db.query('SELECT action, target_id FROM audit_events WHERE request_id = $1 ORDER BY id', [requestId]))
      .rows;

  /** Everything these operations can write: "nothing written" is this staying equal. */
  async function writes() {
    const rows = async (sql: string) => (await gw.db.query(sql)).rows;
    return {
      footprint: await gw.footprint(),
      audit: await rows('SELECT count(*)::int AS n FROM audit_events'),
      devices: await rows(
        'SELECT id, token_hash, pairing_code_hash, pairing_expires_at, revoked_at, updated_at FROM devices ORDER BY id',
      ),
      carriers: await rows('SELECT id, config, enabled, updated_at FROM carriers ORDER BY id'),
      messages: await rows('SELECT id, status, attempts FROM messages ORDER BY id'),
      deadLetters: await rows('SELECT message_id FROM dead_letters ORDER BY message_id'),
      webhooks: await rows(
        `SELECT id, url, events, description, enabled, secret_encrypted, previous_secret_encrypted,
                previous_secret_expires_at, updated_at FROM webhook_endpoints ORDER BY id`,
      ),
      deliveries: await rows('SELECT id FROM webhook_deliveries ORDER BY id'),
      callbackSecrets: await rows('SELECT account_id, secret_encrypted FROM webhook_callback_secrets ORDER BY 1'),
    };
  }

  const createDevice = async (name: string, token = owner) =>
    (await gw.request('POST', '/v1/devices', { token, json: { name } })).body as {
      device: { id: string };
      pairing: { code: string };
    };
  const createCarrier = async (name: string) =>
    (
      await gw.request('POST', '/v1/carriers', {
        token: owner,
        json: { name, kind: 'http', http: { url: 'http://127.0.0.1:9/send?to={to}&text={body}' } },
      })
    ).body.id as string;
  const createWebhook = async (path: string, token = owner) =>
    (
      await gw.request('POST', '/v1/webhooks', {
        token,
        json: { url: receiver.url(path), events: ['message.delivered'] },
      })
    ).body as { id: string; secret: string };

  describe('devices', () => {
    it('reads one device as REST does, for any role with devices:read', async () => {
      const { device } = await createDevice('read-me');
      const rest = await gw.request('GET', `/v1/devices/${device.id}`, { token: owner });
      for (const token of [owner, viewer]) {
        const answer = await call(DEVICE, { id: device.id }, token);
        expect(answer.errors).toBeUndefined();
        expect(answer.data.device).toEqual({
          id: rest.body.id,
          name: 'read-me',
          status: rest.body.status,
          online: false,
          paired: false,
          simPolicy: rest.body.simPolicy,
          queueDepth: rest.body.queueDepth,
          sims: [],
          throttle: { partsPerMinute: rest.body.throttle.partsPerMinute ?? null },
          createdAt: rest.body.createdAt,
        });
      }
    });

    it("answers NOT_FOUND for another account's device, a malformed id and an unknown one, as REST does", async () => {
      const { device } = await createDevice('not-yours');
      for (const [id, token] of [
        [device.id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('GET', `/v1/devices/${id}`, { token });
        const answer = await call(DEVICE, { id }, token);
        expect({ rest: rest.body.code, graphql: answer.code, data: answer.data }).toEqual({
          rest: 'NOT_FOUND',
          graphql: 'NOT_FOUND',
          data: null,
        });
      }
    });

    it('creates a new pairing code that pairs the phone and replaces the old code, audited with the request id', async () => {
      const created = await createDevice('re-pair');
      const answer = await input(PAIRING, { id: created.device.id });
      expect(answer.errors).toBeUndefined();
      const pairing = answer.data.createPairingCode;
      expect(pairing.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(pairing.code).not.toBe(created.pairing.code);
      expect(Date.parse(pairing.expiresAt)).toBeGreaterThan(Date.now());
      expect(pairing.qrUrl).toMatch(/^data:image\/svg\+xml/);
      expect(pairing.qrPngUrl).toMatch(/^data:image\/png;base64,/);
      expect(await audited(answer.requestId)).toEqual([
        { action: 'device.pairing_code.created', target_id: created.device.id },
      ]);

      const old = await gw.request('POST', '/v1/agent/pair', { json: { code: created.pairing.code } });
      expect(old.body.code).toBe('INVALID_PAIRING_CODE');
      const paired = await gw.request('POST', '/v1/agent/pair', { json: { code: pairing.code } });
      expect(paired.status).toBe(201);
      expect((await call(DEVICE, { id: created.device.id })).data.device.paired).toBe(true);
    });

    it("refuses a pairing code for another account's device, a malformed or an unknown id with NOT_FOUND, writing nothing", async () => {
      const { device } = await createDevice('keep-my-code');
      const before = await writes();
      for (const [id, token] of [
        [device.id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('POST', `/v1/devices/${id}/pairing`, { token });
        const answer = await input(PAIRING, { id }, token);
        expect({ rest: rest.body.code, graphql: answer.code }).toEqual({ rest: 'NOT_FOUND', graphql: 'NOT_FOUND' });
      }
      expect(await writes()).toEqual(before);
    });
  });

  describe('routes and carriers', () => {
    it('reads one route as REST does; NOT_FOUND for another account, a malformed or an unknown id', async () => {
      const created = await gw.request('POST', '/v1/routes', {
        token: owner,
        json: { name: 'germany', match: { prefixes: ['+49'] }, strategy: 'failover', targets: [{ kind: 'devices' }] },
      });
      const answer = await call(ROUTE, { id: created.body.id });
      expect(answer.errors).toBeUndefined();
      const rest = (await gw.request('GET', `/v1/routes/${created.body.id}`, { token: owner })).body;
      expect(answer.data.route).toEqual({
        id: rest.id,
        name: 'germany',
        position: rest.position,
        strategy: 'failover',
        isDefault: rest.isDefault,
        enabled: rest.enabled,
        match: { prefixes: ['+49'], countries: rest.match.countries ?? null, priority: rest.match.priority ?? null },
        targets: [{ kind: 'devices' }],
        createdAt: rest.createdAt,
        updatedAt: rest.updatedAt,
      });
      for (const [id, token] of [
        [created.body.id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const restAnswer = await gw.request('GET', `/v1/routes/${id}`, { token });
        expect({ rest: restAnswer.body.code, graphql: (await call(ROUTE, { id }, token)).code }).toEqual({
          rest: 'NOT_FOUND',
          graphql: 'NOT_FOUND',
        });
      }
    });

    it('reads one carrier as REST does, with its live state and counters; NOT_FOUND for other ids', async () => {
      const id = await createCarrier('read-carrier');
      const answer = await call(CARRIER, { id });
      expect(answer.errors).toBeUndefined();
      const rest = (await gw.request('GET', `/v1/carriers/${id}`, { token: owner })).body;
      expect(answer.data.carrier).toEqual({
        id,
        name: 'read-carrier',
        kind: 'http',
        enabled: rest.enabled,
        smpp: rest.smpp,
        http: rest.http,
        state: rest.state,
        stateDetail: rest.stateDetail,
        createdAt: rest.createdAt,
        updatedAt: rest.updatedAt,
        counters: rest.counters,
      });
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        expect((await call(CARRIER, { id: other }, token)).code).toBe('NOT_FOUND');
      }
    });

    it('deletes a carrier: gone from REST too, audited with the request id; a second delete is NOT_FOUND', async () => {
      const id = await createCarrier('delete-me');
      const answer = await input(DELETE_CARRIER, { id });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.deleteCarrier).toBe(true);
      expect((await gw.request('GET', `/v1/carriers/${id}`, { token: owner })).body.code).toBe('NOT_FOUND');
      expect(await audited(answer.requestId)).toEqual([{ action: 'carrier.deleted', target_id: id }]);
      expect((await input(DELETE_CARRIER, { id })).code).toBe('NOT_FOUND');
    });

    it("refuses deleteCarrier for another account's carrier, a malformed or an unknown id with NOT_FOUND, deleting nothing", async () => {
      const id = await createCarrier('keep-me');
      const before = await writes();
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('DELETE', `/v1/carriers/${other}`, { token });
        const answer = await input(DELETE_CARRIER, { id: other }, token);
        expect({ rest: rest.body.code, graphql: answer.code }).toEqual({ rest: 'NOT_FOUND', graphql: 'NOT_FOUND' });
      }
      expect(await writes()).toEqual(before);
    });
  });

  describe('the PATCH counterparts', () => {
    const cases = [
      {
        name: 'updateDevice',
        document: 'mutation U($input: UpdateDeviceInput!) { updateDevice(input: $input) { id } }',
        path: '/v1/devices',
        create: async () => (await createDevice('patched')).device.id,
        bad: { name: '' },
      },
      {
        name: 'updateCarrier',
        document: 'mutation U($input: UpdateCarrierInput!) { updateCarrier(input: $input) { id } }',
        path: '/v1/carriers',
        create: () => createCarrier('patched'),
        bad: { name: '' },
      },
      {
        name: 'upsertRoute',
        document: 'mutation U($input: UpsertRouteInput!) { upsertRoute(input: $input) { id } }',
        path: '/v1/routes',
        create: async () =>
          (
            await gw.request('POST', '/v1/routes', {
              token: owner,
              json: { name: 'patched', strategy: 'failover', targets: [{ kind: 'devices' }] },
            })
          ).body.id as string,
        bad: { name: '' },
      },
    ];

    it("validate after the lookup, as REST: another account's or a malformed id is NOT_FOUND whatever the input, changing nothing", async () => {
      const ids = await Promise.all(cases.map((c) => c.create()));
      const before = await writes();
      const seen: unknown[] = [];
      const expected: unknown[] = [];
      for (const [i, { name, document, path, bad }] of cases.entries()) {
        for (const [id, token, who] of [
          [ids[i], stranger, 'stranger'],
          ['not-a-uuid', owner, 'malformed'],
          [ids[i], owner, 'owner'],
        ]) {
          const rest = await gw.request('PATCH', `${path}/${id}`, { token, json: bad });
          const answer = await input(document, { id, ...bad }, token);
          seen.push({ name, who, rest: rest.body.code, graphql: answer.code });
          const code = who === 'owner' ? 'VALIDATION_FAILED' : 'NOT_FOUND';
          expected.push({ name, who, rest: code, graphql: code });
        }
      }
      expect(seen).toEqual(expected);
      expect(await writes()).toEqual(before);
    });
  });

  describe('dead letters', () => {
    let account: { accountId: string; token: string };
    let deadId: string;

    beforeAll(async () => {
      // The account's one phone fails every send: the message runs out of attempts and is dead-lettered.
      account = await gw.createAccount('Dead letters');
      const refuser = await gw.pairAgent(account.token, {
        name: 'refuser',
        failRate: 1,
        failCode: 'GENERIC_FAILURE',
      });
      deadId = (await gw.request('POST', '/v1/messages', { token: account.token, json: { to: TO, body: 'no phone' } }))
        .body.id;
      await gw.waitForStatus(account.token, deadId, ['failed'], 20_000);
      await refuser.stop();
    });

    it("lists the account's dead letters as REST does, and only its own", async () => {
      const rest = await gw.request('GET', '/v1/messages/dead-letters', { token: account.token });
      const answer = await call(DEAD_LETTERS, {}, account.token);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.deadLetters).toEqual(rest.body.data);
      expect(answer.data.deadLetters).toEqual([
        expect.objectContaining({ messageId: deadId, errorCode: 'GENERIC_FAILURE' }),
      ]);
      expect((await call(DEAD_LETTERS, { first: 1 }, account.token)).data.deadLetters).toHaveLength(1);
      expect((await call(DEAD_LETTERS, {}, stranger)).data.deadLetters).toEqual([]);
    });

    it('refuses first outside 1 to 500 with VALIDATION_FAILED, as REST refuses limit', async () => {
      for (const first of [0, 501]) {
        const rest = await gw.request('GET', `/v1/messages/dead-letters?limit=${first}`, { token: account.token });
        const answer = await call(DEAD_LETTERS, { first }, account.token);
        expect({ rest: rest.body.code, graphql: answer.code }).toEqual({
          rest: 'VALIDATION_FAILED',
          graphql: 'VALIDATION_FAILED',
        });
      }
    });

    it("refuses retryMessage for another account's, a malformed or an unknown id with NOT_FOUND, and a live message with MESSAGE_NOT_REDRIVABLE, changing nothing", async () => {
      const scheduled = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: TO, body: 'later', sendAt: new Date(Date.now() + 3_600_000).toISOString() },
      });
      const before = await writes();
      for (const [id, token] of [
        [deadId, stranger],
        ['not-a-uuid', account.token],
        [randomUUID(), account.token],
      ]) {
        expect((await input(RETRY, { id }, token)).code).toBe('NOT_FOUND');
      }
      const rest = await gw.request('POST', `/v1/messages/${scheduled.body.id}/retry`, { token: account.token });
      const answer = await input(RETRY, { id: scheduled.body.id }, account.token);
      expect({ rest: rest.body.code, graphql: answer.code }).toEqual({
        rest: 'MESSAGE_NOT_REDRIVABLE',
        graphql: 'MESSAGE_NOT_REDRIVABLE',
      });
      expect(await writes()).toEqual(before);
    });

    it('re-drives a dead letter: queued at once, delivered once a phone is there, audited; a second retry is MESSAGE_NOT_REDRIVABLE', async () => {
      await gw.pairAgent(account.token, { name: 'redrive-phone' });
      const answer = await input(RETRY, { id: deadId }, account.token);
      expect(answer.errors).toBeUndefined();
      expect(answer.data.retryMessage).toMatchObject({ id: deadId, status: 'queued', errorCode: null });
      expect(await audited(answer.requestId)).toEqual([{ action: 'message.redriven', target_id: deadId }]);
      await gw.waitForStatus(account.token, deadId, ['delivered']);
      expect((await call(DEAD_LETTERS, {}, account.token)).data.deadLetters).toEqual([]);
      expect((await input(RETRY, { id: deadId }, account.token)).code).toBe('MESSAGE_NOT_REDRIVABLE');
    });
  });

  describe('webhooks', () => {
    it('reads one endpoint as REST does, never its secret', async () => {
      const { id, secret } = await createWebhook('/read');
      const answer = await call(WEBHOOK, { id });
      expect(answer.errors).toBeUndefined();
      const rest = (await gw.request('GET', `/v1/webhooks/${id}`, { token: owner })).body;
      expect(answer.data.webhook).toEqual(rest);
      const asked = await call('query W($id: ID!) { webhook(id: $id) { id secret } }', { id });
      expect(asked.data ?? null).toBeNull();
      expect(asked.errors![0].message).toContain('Cannot query field "secret" on type "Webhook"');
      expect(JSON.stringify(asked)).not.toContain(secret.slice('whsec_'.length));
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        expect((await call(WEBHOOK, { id: other }, token)).code).toBe('NOT_FOUND');
      }
    });

    it('shows secrets only in the answers of the mutations that create them: no query or subscription reaches one', () => {
      const schema = gw.running.app.get(GraphQLSchemaHost).schema;
      // Duck-typed, not graphql's isObjectType(): the schema comes from Nest's copy of graphql (CommonJS).
      const fieldsOf = (type: GraphQLOutputType): GraphQLObjectType | undefined => {
        let named = type as GraphQLOutputType & { ofType?: GraphQLOutputType };
        while (named.ofType) named = named.ofType as typeof named;
        return 'getFields' in named ? (named as GraphQLObjectType) : undefined;
      };
      const reachable = new Set<string>();
      const visit = (field: GraphQLField<unknown, unknown>) => {
        const type = fieldsOf(field.type);
        if (!type || reachable.has(type.name)) return;
        reachable.add(type.name);
        for (const inner of Object.values(type.getFields())) visit(inner);
      };
      for (const root of [schema.getQueryType(), schema.getSubscriptionType()]) {
        for (const field of Object.values(root?.getFields() ?? {})) visit(field);
      }
      const withSecret = (name: string) =>
        Object.keys((schema.getType(name) as GraphQLObjectType).getFields()).filter((f) => /secret$/i.test(f));
      expect(reachable).toContain('Webhook');
      expect(reachable).toContain('WebhookDelivery');
      expect([...reachable].flatMap((name) => withSecret(name).map((f) => `${name}.${f}`))).toEqual([]);
      expect(withSecret('CreatedWebhook')).toEqual(['secret']);
      expect(withSecret('CallbackSecret')).toEqual(['secret']);
    });

    it('updates the fields given and keeps the rest, audited with the request id, as REST does', async () => {
      const { id } = await createWebhook('/update');
      const answer = await input(UPDATE_WEBHOOK, {
        id,
        events: ['message.sent', 'message.failed'],
        description: 'CRM',
      });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.updateWebhook).toMatchObject({
        id,
        url: receiver.url('/update'),
        events: ['message.sent', 'message.failed'],
        description: 'CRM',
        enabled: true,
      });
      expect(answer.data.updateWebhook).toEqual((await gw.request('GET', `/v1/webhooks/${id}`, { token: owner })).body);
      expect(await audited(answer.requestId)).toEqual([{ action: 'webhook.updated', target_id: id }]);

      // Written inline rather than in variables: GraphQL hands the resolver an object of another kind.
      const inline = await call(
        `mutation { updateWebhook(input: {id: "${id}", description: null, enabled: false}) { description enabled } }`,
      );
      expect(inline.errors).toBeUndefined();
      expect(inline.data.updateWebhook).toEqual({ description: null, enabled: false });
    });

    it('refuses a bad update with the REST codes, writing nothing', async () => {
      const { id } = await createWebhook('/refuse');
      const before = await writes();
      const cases: [Record<string, unknown>, string][] = [
        [{ events: ['message.opened'] }, 'VALIDATION_FAILED'],
        [{ events: [] }, 'VALIDATION_FAILED'],
        [{ url: null }, 'VALIDATION_FAILED'],
        [{ enabled: null }, 'VALIDATION_FAILED'],
        [{ url: 'ftp://127.0.0.1/x' }, 'VALIDATION_FAILED'],
        [{ description: 'x'.repeat(501) }, 'VALIDATION_FAILED'],
        [{ url: 'http://169.254.169.254/latest' }, 'WEBHOOK_URL_FORBIDDEN'],
      ];
      for (const [changes, code] of cases) {
        const rest = await gw.request('PATCH', `/v1/webhooks/${id}`, { token: owner, json: changes });
        const answer = await input(UPDATE_WEBHOOK, { id, ...changes });
        expect({ changes, rest: rest.body.code, graphql: answer.code }).toEqual({ changes, rest: code, graphql: code });
        expect(answer.errors![0].extensions.errors).toEqual(rest.body.errors);
      }
      const inline = await call(`mutation { updateWebhook(input: {id: "${id}", events: ["nope"]}) { id } }`);
      expect(inline.code).toBe('VALIDATION_FAILED');
      expect(await writes()).toEqual(before);
    });

    it("answers NOT_FOUND for another account's endpoint whatever the input holds: the input is checked after the lookup", async () => {
      const { id } = await createWebhook('/not-yours');
      const before = await writes();
      for (const changes of [{ description: 'mine now' }, { events: ['message.opened'] }, { url: null }]) {
        for (const [other, token] of [
          [id, stranger],
          ['not-a-uuid', owner],
          [randomUUID(), owner],
        ]) {
          const rest = await gw.request('PATCH', `/v1/webhooks/${other}`, { token, json: changes });
          const answer = await input(UPDATE_WEBHOOK, { id: other, ...changes }, token);
          expect({ changes, rest: rest.body.code, graphql: answer.code }).toEqual({
            changes,
            rest: 'NOT_FOUND',
            graphql: 'NOT_FOUND',
          });
        }
      }
      expect(await writes()).toEqual(before);
    });

    it('deletes an endpoint with its delivery log, audited; a second delete is NOT_FOUND', async () => {
      const { id } = await createWebhook('/delete');
      await input(SEND_TEST, { id });
      const answer = await input(DELETE_WEBHOOK, { id });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.deleteWebhook).toBe(true);
      expect((await gw.request('GET', `/v1/webhooks/${id}`, { token: owner })).body.code).toBe('NOT_FOUND');
      const log = await gw.db.query('SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1', [id]);
      expect(log.rows[0].n).toBe(0);
      expect(await audited(answer.requestId)).toEqual([{ action: 'webhook.deleted', target_id: id }]);
      expect((await input(DELETE_WEBHOOK, { id })).code).toBe('NOT_FOUND');
    });

    it("refuses deleteWebhook for another account's, a malformed or an unknown id with NOT_FOUND, deleting nothing", async () => {
      const { id } = await createWebhook('/keep');
      const before = await writes();
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('DELETE', `/v1/webhooks/${other}`, { token });
        const answer = await input(DELETE_WEBHOOK, { id: other }, token);
        expect({ rest: rest.body.code, graphql: answer.code }).toEqual({ rest: 'NOT_FOUND', graphql: 'NOT_FOUND' });
      }
      expect(await writes()).toEqual(before);
    });

    it('rotates the secret, shown once; the old one signs beside it for keepPreviousForHours, and not at all with 0', async () => {
      const { id, secret: first } = await createWebhook('/rotate');
      const rotated = await input(ROTATE_WEBHOOK, { id, keepPreviousForHours: 2 });
      expect(rotated.errors).toBeUndefined();
      const second: string = rotated.data.rotateWebhookSecret.secret;
      expect(second).toMatch(/^whsec_/);
      expect(second).not.toBe(first);
      expect(rotated.data.rotateWebhookSecret.id).toBe(id);
      expect(await audited(rotated.requestId)).toEqual([{ action: 'webhook.secret_rotated', target_id: id }]);
      const stored = await gw.db.query(
        `SELECT extract(epoch FROM previous_secret_expires_at - now()) AS left FROM webhook_endpoints WHERE id = $1`,
        [id],
      );
      expect(Number(stored.rows[0].left)).toBeGreaterThan(2 * 3600 - 60);
      expect(Number(stored.rows[0].left)).toBeLessThanOrEqual(2 * 3600);

      await input(SEND_TEST, { id });
      const [both] = await receiver.wait('/rotate', 1);
      expect({ old: signedWith(first, both), new: signedWith(second, both) }).toEqual({ old: true, new: true });

      const third: string = (await input(ROTATE_WEBHOOK, { id, keepPreviousForHours: 0 })).data.rotateWebhookSecret
        .secret;
      await input(SEND_TEST, { id });
      const [, only] = await receiver.wait('/rotate', 2);
      expect({ old: signedWith(second, only), new: signedWith(third, only) }).toEqual({ old: false, new: true });
    });

    it('refuses a rotation with keepPreviousForHours out of range or null, or of another id, changing nothing', async () => {
      const { id } = await createWebhook('/rotate-refused');
      const before = await writes();
      // null is not "the default": it used to end the old secret at once, as 0 does.
      for (const hours of [-1, 169, null]) {
        const rest = await gw.request('POST', `/v1/webhooks/${id}/rotate-secret`, {
          token: owner,
          json: { keepPreviousForHours: hours },
        });
        const answer = await input(ROTATE_WEBHOOK, { id, keepPreviousForHours: hours });
        expect({ rest: rest.body.code, graphql: answer.code }).toEqual({
          rest: 'VALIDATION_FAILED',
          graphql: 'VALIDATION_FAILED',
        });
      }
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        expect((await input(ROTATE_WEBHOOK, { id: other }, token)).code).toBe('NOT_FOUND');
      }
      // REST checks the id's form before the body (ParseUUIDPipe), so a malformed id wins over a bad body.
      const rest = await gw.request('POST', '/v1/webhooks/not-a-uuid/rotate-secret', {
        token: owner,
        json: { keepPreviousForHours: -1 },
      });
      const answer = await input(ROTATE_WEBHOOK, { id: 'not-a-uuid', keepPreviousForHours: -1 });
      expect({ rest: rest.body.code, graphql: answer.code }).toEqual({ rest: 'NOT_FOUND', graphql: 'NOT_FOUND' });
      expect(await writes()).toEqual(before);
    });

    it('sends a test event, signed, and redelivers it as a new delivery with the same webhook-id', async () => {
      const { id, secret } = await createWebhook('/test');
      const sent = await input(SEND_TEST, { id });
      expect(sent.errors).toBeUndefined();
      const delivery = sent.data.sendTestWebhook;
      expect(delivery).toMatchObject({ endpointId: id, eventType: 'webhook.test', status: 'pending', attempts: 0 });
      const [first] = await receiver.wait('/test', 1);
      expect(signedWith(secret, first)).toBe(true);
      expect(first.headers['webhook-id']).toBe(delivery.eventId);
      expect(JSON.parse(first.body)).toMatchObject({ type: 'webhook.test', data: { webhookId: id } });

      const again = await input(REDELIVER, { id: delivery.id });
      expect(again.errors).toBeUndefined();
      expect(again.data.redeliverWebhookDelivery).toMatchObject({
        endpointId: id,
        eventId: delivery.eventId,
        eventType: 'webhook.test',
        status: 'pending',
      });
      expect(again.data.redeliverWebhookDelivery.id).not.toBe(delivery.id);
      const [, second] = await receiver.wait('/test', 2);
      expect(second.headers['webhook-id']).toBe(delivery.eventId);
    });

    it("refuses sendTestWebhook and redeliverWebhookDelivery for another account's, malformed or unknown ids, sending nothing", async () => {
      const { id } = await createWebhook('/test-refused');
      const deliveryId = (await input(SEND_TEST, { id })).data.sendTestWebhook.id;
      await receiver.wait('/test-refused', 1);
      const before = await writes();
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('POST', `/v1/webhooks/${other}/test`, { token });
        expect({ rest: rest.body.code, graphql: (await input(SEND_TEST, { id: other }, token)).code }).toEqual({
          rest: 'NOT_FOUND',
          graphql: 'NOT_FOUND',
        });
      }
      for (const [other, token] of [
        [deliveryId, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('POST', `/v1/webhook-deliveries/${other}/redeliver`, { token });
        expect({ rest: rest.body.code, graphql: (await input(REDELIVER, { id: other }, token)).code }).toEqual({
          rest: 'NOT_FOUND',
          graphql: 'NOT_FOUND',
        });
      }
      expect(await writes()).toEqual(before);
      expect(receiver.requests.filter((r) => r.path === '/test-refused')).toHaveLength(1);
    });

    it('pages the delivery log as a Relay connection, newest first, with the filter and cursor REST has', async () => {
      const { id } = await createWebhook('/log');
      for (let i = 0; i < 3; i++) await input(SEND_TEST, { id });
      await receiver.wait('/log', 3);
      const rest = await gw.request('GET', `/v1/webhooks/${id}/deliveries`, { token: owner });
      await waitFor(
        () => gw.request('GET', `/v1/webhooks/${id}/deliveries?status=delivered`, { token: owner }),
        (res) => res.body.data.length === 3,
        { what: 'three delivered test events' },
      );

      const page1 = await call(DELIVERIES, { webhookId: id, first: 2 });
      expect(page1.errors).toBeUndefined();
      const { edges, pageInfo } = page1.data.webhookDeliveries;
      expect(edges).toHaveLength(2);
      expect(pageInfo).toEqual({ hasNextPage: true, endCursor: edges[1].cursor });
      const page2 = (await call(DELIVERIES, { webhookId: id, first: 2, after: pageInfo.endCursor })).data
        .webhookDeliveries;
      expect(page2.pageInfo.hasNextPage).toBe(false);
      const ids = [...edges, ...page2.edges].map((e: { node: { id: string } }) => e.node.id);
      expect(ids).toEqual(rest.body.data.map((d: { id: string }) => d.id));

      const delivered = (await call(DELIVERIES, { webhookId: id, status: 'delivered' })).data.webhookDeliveries;
      const restDelivered = await gw.request('GET', `/v1/webhooks/${id}/deliveries?status=delivered`, { token: owner });
      expect(delivered.edges.map((e: { node: unknown }) => e.node)).toEqual(restDelivered.body.data);
      expect((await call(DELIVERIES, { webhookId: id, status: 'failed' })).data.webhookDeliveries).toEqual({
        edges: [],
        pageInfo: { hasNextPage: false, endCursor: null },
      });
    });

    it('refuses bad paging arguments with VALIDATION_FAILED and the log of another id with NOT_FOUND', async () => {
      const { id } = await createWebhook('/log-refused');
      for (const args of [{ first: 0 }, { first: 501 }, { after: 'not-a-cursor' }, { status: 'lost' }]) {
        expect((await call(DELIVERIES, { webhookId: id, ...args })).code, JSON.stringify(args)).toBe(
          'VALIDATION_FAILED',
        );
      }
      for (const [other, token] of [
        [id, stranger],
        ['not-a-uuid', owner],
        [randomUUID(), owner],
      ]) {
        const rest = await gw.request('GET', `/v1/webhooks/${other}/deliveries`, { token });
        expect({ rest: rest.body.code, graphql: (await call(DELIVERIES, { webhookId: other }, token)).code }).toEqual({
          rest: 'NOT_FOUND',
          graphql: 'NOT_FOUND',
        });
      }
    });

    it('rotates the callback secret, shown once and stored sealed, audited with the request id', async () => {
      const account = await gw.createAccount('Callbacks');
      const answer = await call(CALLBACK_SECRET, {}, account.token);
      expect(answer.errors).toBeUndefined();
      const { secret, createdAt } = answer.data.rotateCallbackSecret;
      expect(secret).toMatch(/^whsec_/);
      expect(Math.abs(Date.parse(createdAt) - Date.now())).toBeLessThan(60_000);
      expect(await audited(answer.requestId)).toEqual([
        { action: 'webhook.callback_secret_rotated', target_id: account.accountId },
      ]);
      const stored = await gw.db.query('SELECT secret_encrypted FROM webhook_callback_secrets WHERE account_id = $1', [
        account.accountId,
      ]);
      expect(stored.rows[0].secret_encrypted).not.toContain(secret.slice('whsec_'.length));
      const next = (await call(CALLBACK_SECRET, {}, account.token)).data.rotateCallbackSecret.secret;
      expect(next).not.toBe(secret);
    });
  });

  describe('scopes', () => {
    /** Each new operation with arguments naming the owner's objects; built once those exist. */
    async function operations() {
      const { device } = await createDevice('scoped');
      const carrierId = await createCarrier('scoped');
      const { id: webhookId } = await createWebhook('/scoped');
      const route = await gw.request('POST', '/v1/routes', {
        token: owner,
        json: { name: 'scoped', strategy: 'failover', targets: [{ kind: 'devices' }] },
      });
      const message = await gw.request('POST', '/v1/messages', {
        token: owner,
        json: { to: TO, body: 'scoped', sendAt: new Date(Date.now() + 3_600_000).toISOString() },
      });
      const deliveryId = (await input(SEND_TEST, { id: webhookId })).data.sendTestWebhook.id;
      await receiver.wait('/scoped', 1);
      return [
        { name: 'device', scope: 'devices:read', document: DEVICE, variables: { id: device.id } },
        {
          name: 'createPairingCode',
          scope: 'devices:write',
          document: PAIRING,
          variables: { input: { id: device.id } },
        },
        { name: 'route', scope: 'admin', document: ROUTE, variables: { id: route.body.id } },
        { name: 'carrier', scope: 'admin', document: CARRIER, variables: { id: carrierId } },
        { name: 'deleteCarrier', scope: 'admin', document: DELETE_CARRIER, variables: { input: { id: carrierId } } },
        { name: 'deadLetters', scope: 'admin', document: DEAD_LETTERS, variables: {} },
        { name: 'retryMessage', scope: 'admin', document: RETRY, variables: { input: { id: message.body.id } } },
        { name: 'webhook', scope: 'webhooks:write', document: WEBHOOK, variables: { id: webhookId } },
        {
          name: 'updateWebhook',
          scope: 'webhooks:write',
          document: UPDATE_WEBHOOK,
          variables: { input: { id: webhookId, enabled: false } },
        },
        {
          name: 'deleteWebhook',
          scope: 'webhooks:write',
          document: DELETE_WEBHOOK,
          variables: { input: { id: webhookId } },
        },
        {
          name: 'rotateWebhookSecret',
          scope: 'webhooks:write',
          document: ROTATE_WEBHOOK,
          variables: { input: { id: webhookId } },
        },
        { name: 'webhookDeliveries', scope: 'webhooks:write', document: DELIVERIES, variables: { webhookId } },
        {
          name: 'sendTestWebhook',
          scope: 'webhooks:write',
          document: SEND_TEST,
          variables: { input: { id: webhookId } },
        },
        {
          name: 'redeliverWebhookDelivery',
          scope: 'webhooks:write',
          document: REDELIVER,
          variables: { input: { id: deliveryId } },
        },
        { name: 'rotateCallbackSecret', scope: 'webhooks:write', document: CALLBACK_SECRET, variables: {} },
      ];
    }

    it('refuses each operation with FORBIDDEN to a role or client without its scope, and UNAUTHENTICATED without a token, writing nothing', async () => {
      const list = await operations();
      const before = await writes();
      const seen: Record<string, string | undefined>[] = [];
      for (const { name, document, variables } of list) {
        for (const [who, token] of [
          ['viewer', viewer],
          ['reader', reader],
          // No authorization header at all (call() sends none for an empty token).
          ['anonymous', ''],
        ]) {
          seen.push({ name, who, code: (await call(document, variables, token)).code });
        }
      }
      const expected = list.flatMap(({ name, scope }) => [
        // A viewer holds devices:read (and messages:read, suppressions:read), nothing else these need.
        { name, who: 'viewer', code: scope === 'devices:read' ? undefined : 'FORBIDDEN' },
        { name, who: 'reader', code: 'FORBIDDEN' },
        { name, who: 'anonymous', code: 'UNAUTHENTICATED' },
      ]);
      expect(seen).toEqual(expected);
      expect(await writes()).toEqual(before);
    });
  });
});
