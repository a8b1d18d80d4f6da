import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

const LIMITS = {
  ACCOUNT_MAX_WEBHOOKS: '3',
  ACCOUNT_MAX_CARRIERS: '2',
  ACCOUNT_MAX_DEVICES: '3',
  ACCOUNT_MAX_OAUTH_CLIENTS: '2',
};

/** How to add one of each limited kind through REST, where it is listed, and how to remove one. */
const KINDS = [
  {
    kind: 'webhook endpoints',
    limit: 3,
    table: 'webhook_endpoints',
    audit: 'webhook.created',
    live: '',
    create: { path: '/v1/webhooks', json: { url: 'http://127.0.0.1:9/hook', events: ['message.sent'] } },
    remove: (id: string) => ({ method: 'DELETE', path: `/v1/webhooks/${id}` }),
  },
  {
    kind: 'carriers',
    limit: 2,
    table: 'carriers',
    audit: 'carrier.created',
    live: '',
    create: {
      path: '/v1/carriers',
      json: { name: 'c', kind: 'http', enabled: false, http: { url: 'http://127.0.0.1:9/send' } },
    },
    remove: (id: string) => ({ method: 'DELETE', path: `/v1/carriers/${id}` }),
  },
  {
    kind: 'devices',
    limit: 3,
    table: 'devices',
    audit: 'device.created',
    live: 'AND revoked_at IS NULL',
    create: { path: '/v1/devices', json: { name: 'phone' } },
    remove: (id: string) => ({ method: 'DELETE', path: `/v1/devices/${id}` }),
  },
  {
    kind: 'API clients',
    limit: 2,
    table: 'oauth_clients',
    audit: 'oauth_client.created',
    live: 'AND revoked_at IS NULL',
    create: { path: '/v1/oauth-clients', json: { name: 'app', scopes: ['messages:send'] } },
    remove: (id: string) => ({ method: 'DELETE', path: `/v1/oauth-clients/${id}` }),
  },
] as const;

/**
 * Per-account caps on what an account can create (ACCOUNT_MAX_*): one tenant cannot fill the
 * gateway with endpoints, carriers, phones or clients. Parallel requests cannot pass the cap.
 */
describe('per-account limits', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1', ...LIMITS });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  for (const k of KINDS) {
    it(`refuses ${k.kind} past the limit with 409 LIMIT_REACHED, also for parallel requests, and writes nothing`, async () => {
      const { accountId, token } = await gw.createAccount(`Limits ${k.kind}`);
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => gw.request('POST', k.create.path, { token, json: k.create.json })),
      );
      const created = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status !== 201);
      expect(created).toHaveLength(k.limit);
      for (const a of refused) {
        expect(a.status).toBe(409);
        expect(a.body.code).toBe('LIMIT_REACHED');
        expect(a.body.detail).toContain(`${k.limit} ${k.kind}`);
      }
      const count = async () =>
        (
          await gw.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${k.table} WHERE account_id = $1 ${k.live}`,
            [accountId],
          )
        ).rows[0].n;
      expect(await count()).toBe(k.limit);
      const audited = await gw.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_events WHERE account_id = $1 AND action = $2`,
        [accountId, k.audit],
      );
      expect(audited.rows[0].n).toBe(k.limit);

      // Another account is not affected by this one's count.
      const other = await gw.createAccount(`Other ${k.kind}`);
      expect((await gw.request('POST', k.create.path, { token: other.token, json: k.create.json })).status).toBe(201);

      // Removing one makes room for one.
      const removal = k.remove(created[0].body.id ?? created[0].body.device?.id ?? created[0].body.clientId);
      const removed = await gw.request(removal.method, removal.path, { token });
      expect(removed.status).toBeLessThan(300);
      expect((await gw.request('POST', k.create.path, { token, json: k.create.json })).status).toBe(201);
      expect((await gw.request('POST', k.create.path, { token, json: k.create.json })).status).toBe(409);
    });
  }

  it('answers LIMIT_REACHED through GraphQL too', async () => {
    const { token } = await gw.createAccount('Limits GraphQL');
    const mutation = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }`;
    const input = { url: 'http://127.0.0.1:9/hook', events: ['message.sent'] };
    for (let i = 0; i < 3; i++) {
      const ok = await gw.graphql(mutation, { input }, token);
      expect(ok.body.errors).toBeUndefined();
    }
    const refused = await gw.graphql(mutation, { input }, token);
    expect(refused.body.errors[0].extensions.code).toBe('LIMIT_REACHED');
  });
});
