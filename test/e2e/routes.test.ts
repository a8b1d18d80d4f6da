import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoutingService } from '../../src/modules/routing/routing.service.js';
import { TestGateway } from '../support/gateway.js';

/** Routing rules through REST and GraphQL (DESIGN.md §3, §4), and the plan dispatch gets from them. */
describe('routes', () => {
  let gw: TestGateway;
  let admin: string;
  let phoneA: string;
  let phoneB: string;
  let stranger: { accountId: string; token: string };
  let strangersPhone: string;

  const createDevice = async (token: string, name: string): Promise<string> =>
    (await gw.request('POST', '/v1/devices', { token, json: { name } })).body.device.id;
  const post = (json: unknown, token = admin) => gw.request('POST', '/v1/routes', { token, json });
  /** The fields a problem names, each once, sorted. */
  const fields = (body: { errors?: { field: string }[] }) =>
    [...new Set((body.errors ?? []).map((e) => e.field))].sort();
  const carrierTable = async () =>
    (await gw.db.query<{ ok: boolean }>("SELECT to_regclass('public.carriers') IS NOT NULL AS ok")).rows[0].ok;

  beforeAll(async () => {
    gw = await TestGateway.start();
    admin = await gw.login();
    phoneA = await createDevice(admin, 'phone-a');
    phoneB = await createDevice(admin, 'phone-b');
    stranger = await gw.createAccount('Routes Stranger');
    strangersPhone = await createDevice(stranger.token, 'theirs');
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('creates, lists in position order, reads, changes and deletes a route, each change audited', async () => {
    const account = await gw.createAccount('Routes Crud');
    const token = account.token;
    const phone = await createDevice(token, 'crud-phone');
    const created = await post(
      {
        name: 'Germany mobiles',
        position: 20,
        match: { prefixes: ['+4915', '+4916'], countries: ['DE'], priority: 'high' },
        strategy: 'failover',
        targets: [{ kind: 'device', deviceId: phone }, { kind: 'devices' }],
      },
      token,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Germany mobiles',
      position: 20,
      match: { prefixes: ['+4915', '+4916'], countries: ['DE'], priority: 'high' },
      strategy: 'failover',
      targets: [{ kind: 'device', deviceId: phone }, { kind: 'devices' }],
      isDefault: false,
      enabled: true,
    });
    const first = (
      await post({ name: 'first', position: 5, strategy: 'failover', targets: [{ kind: 'devices' }] }, token)
    ).body;

    const list = await gw.request('GET', '/v1/routes', { token });
    expect(list.status).toBe(200);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.data.map((r: { name: string }) => r.name)).toEqual(['first', 'Germany mobiles']);

    expect((await gw.request('GET', `/v1/routes/${created.body.id}`, { token })).body).toEqual(created.body);

    const changed = await gw.request('PATCH', `/v1/routes/${created.body.id}`, {
      token,
      json: { position: 1, strategy: 'weighted', targets: [{ kind: 'devices', weight: 5 }], enabled: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Germany mobiles',
      position: 1,
      strategy: 'weighted',
      targets: [{ kind: 'devices', weight: 5 }],
      enabled: false,
      match: { prefixes: ['+4915', '+4916'], countries: ['DE'], priority: 'high' },
    });
    const reordered = (await gw.request('GET', '/v1/routes', { token })).body.data.map((r: { id: string }) => r.id);
    expect(reordered).toEqual([created.body.id, first.id]);

    expect((await gw.request('DELETE', `/v1/routes/${created.body.id}`, { token })).status).toBe(204);
    expect((await gw.request('GET', `/v1/routes/${created.body.id}`, { token })).body.code).toBe('NOT_FOUND');
    expect((await gw.request('DELETE', `/v1/routes/${created.body.id}`, { token })).body.code).toBe('NOT_FOUND');

    const audit = await gw.request('GET', `/v1/audit-events?targetId=${created.body.id}`, { token });
    const events = audit.body.data as { action: string; diff: Record<string, any> }[];
    expect(events.map((e) => e.action).sort()).toEqual(['route.created', 'route.deleted', 'route.updated']);
    expect(events.find((e) => e.action === 'route.updated')!.diff).toMatchObject({
      position: { from: 20, to: 1 },
      strategy: { from: 'failover', to: 'weighted' },
      enabled: { from: true, to: false },
    });
  });

  it('puts a route without a position after the last one, and its match defaults to every message', async () => {
    const account = await gw.createAccount('Routes Append');
    const a = await post({ name: 'a', strategy: 'failover', targets: [{ kind: 'devices' }] }, account.token);
    const b = await post(
      { name: 'b', position: 95, strategy: 'failover', targets: [{ kind: 'devices' }] },
      account.token,
    );
    const c = await post({ name: 'c', strategy: 'failover', targets: [{ kind: 'devices' }] }, account.token);
    expect([a.body.position, b.body.position, c.body.position]).toEqual([10, 95, 105]);
    expect(a.body.match).toEqual({});
  });

  it('refuses bad prefixes, countries, priorities, strategies, weights and prices with VALIDATION_FAILED per field', async () => {
    const res = await post({
      name: '',
      position: -1,
      match: { prefixes: ['49', '+49x', '+1234567890123456'], countries: ['de', 'XX'], priority: 'urgent' },
      strategy: 'cheapest',
      targets: [
        { kind: 'devices', weight: 0 },
        { kind: 'devices', weight: 1001 },
        { kind: 'devices', weight: 1.5 },
        { kind: 'devices', prices: { '+49': -0.01 } },
        { kind: 'devices', prices: { '49': 0.01 } },
        { kind: 'devices', prices: { '+49': '0.01' } },
        { kind: 'satellite' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(new Set(fields(res.body))).toEqual(
      new Set([
        'name',
        'position',
        'match.prefixes',
        'match.countries',
        'match.priority',
        'strategy',
        'targets.0.weight',
        'targets.1.weight',
        'targets.2.weight',
        'targets.3.prices',
        'targets.4.prices',
        'targets.5.prices',
        'targets.6.kind',
      ]),
    );
    expect((await gw.request('GET', '/v1/routes', { token: admin })).body.data).toEqual([]);
  });

  it('refuses missing, empty, too many and unknown parts', async () => {
    const missing = await post({ name: 'x' });
    expect(fields(missing.body)).toEqual(['strategy', 'targets']);
    const empty = await post({ name: 'x', strategy: 'failover', targets: [] });
    expect(fields(empty.body)).toEqual(['targets']);
    const many = await post({
      name: 'x',
      strategy: 'failover',
      targets: Array.from({ length: 21 }, () => ({ kind: 'devices' })),
    });
    expect(fields(many.body)).toEqual(['targets']);
    const unknown = await post({
      name: 'x',
      strategy: 'failover',
      targets: [{ kind: 'devices', via: 'sms' }],
      match: { regex: '.*' },
      accountId: stranger.accountId,
    });
    expect(unknown.body.code).toBe('VALIDATION_FAILED');
    expect(fields(unknown.body)).toEqual(['accountId', 'match.regex', 'targets.0.via']);
  });

  it('asks each kind of target for its own field and refuses the fields of other kinds', async () => {
    const res = await post({
      name: 'x',
      strategy: 'failover',
      targets: [
        { kind: 'pool' },
        { kind: 'device' },
        { kind: 'carrier' },
        { kind: 'carrier', carrierId: randomUUID(), deviceId: phoneA },
        { kind: 'devices', deviceIds: [phoneA] },
        { kind: 'pool', deviceIds: ['not-a-uuid'] },
      ],
    });
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(fields(res.body)).toEqual([
      'targets.0.deviceIds',
      'targets.1.deviceId',
      'targets.2.carrierId',
      'targets.3.deviceId',
      'targets.4.deviceIds',
      'targets.5.deviceIds',
    ]);
    const messages = (res.body.errors as { field: string; message: string }[]).map((e) => e.message);
    expect(messages).toContain('deviceId is only for a device target');
  });

  it("refuses devices and carriers that are not the caller's account's, naming each", async () => {
    const foreignCarrier = randomUUID();
    const res = await post({
      name: 'x',
      strategy: 'failover',
      targets: [
        { kind: 'pool', deviceIds: [phoneA, strangersPhone] },
        { kind: 'device', deviceId: strangersPhone },
        { kind: 'device', deviceId: phoneB },
        { kind: 'carrier', carrierId: foreignCarrier },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'targets.0.deviceIds', message: `${strangersPhone} is not a device of this account` },
      { field: 'targets.1.deviceId', message: `${strangersPhone} is not a device of this account` },
      { field: 'targets.3.carrierId', message: `${foreignCarrier} is not a carrier of this account` },
    ]);
  });

  it('accepts a carrier of the account once the carriers table holds it', async () => {
    if (!(await carrierTable())) return; // before the carriers module, no carrier exists: covered above
    const account = await gw.createAccount('Routes Carrier');
    const carrierId = randomUUID();
    await gw.db.query(
      `INSERT INTO carriers (id, account_id, name, kind, config, created_at, updated_at)
       VALUES ($1, $2, 'test', 'http', '{}', now(), now())`,
      [carrierId, account.accountId],
    );
    const res = await post(
      {
        name: 'least-cost',
        strategy: 'least-cost',
        targets: [{ kind: 'carrier', carrierId, prices: { '+49': 0.05, '+4915': 0.04 } }, { kind: 'devices' }],
      },
      account.token,
    );
    expect(res.status).toBe(201);
    expect(res.body.targets[0]).toEqual({ kind: 'carrier', carrierId, prices: { '+49': 0.05, '+4915': 0.04 } });
    // The same carrier is not another account's to route to.
    const theirs = await post({ name: 'x', strategy: 'failover', targets: [{ kind: 'carrier', carrierId }] });
    expect(fields(theirs.body)).toEqual(['targets.0.carrierId']);
  });

  it('keeps one default route per account, with an empty match, and lets another take over once unset', async () => {
    const { token } = await gw.createAccount('Routes Default');
    const first = await post(
      { name: 'default', isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] },
      token,
    );
    expect(first.status).toBe(201);
    const second = await post(
      { name: 'other', isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] },
      token,
    );
    expect(second.status).toBe(400);
    expect(second.body.errors).toEqual([
      {
        field: 'isDefault',
        message: `the account has a default route already (${first.body.id}): unset its isDefault first`,
      },
    ]);
    const plain = await post({ name: 'other', strategy: 'failover', targets: [{ kind: 'devices' }] }, token);
    const promote = await gw.request('PATCH', `/v1/routes/${plain.body.id}`, { token, json: { isDefault: true } });
    expect(fields(promote.body)).toEqual(['isDefault']);

    const withMatch = await post(
      {
        name: 'd',
        isDefault: true,
        match: { prefixes: ['+49'] },
        strategy: 'failover',
        targets: [{ kind: 'devices' }],
      },
      token,
    );
    expect(fields(withMatch.body)).toEqual(['match']);

    await gw.request('PATCH', `/v1/routes/${first.body.id}`, { token, json: { isDefault: false } });
    expect(
      (await gw.request('PATCH', `/v1/routes/${plain.body.id}`, { token, json: { isDefault: true } })).status,
    ).toBe(200);
    // Written at once, two defaults cannot both land: the partial unique index has the last word.
    const racers = await Promise.all(
      ['r1', 'r2', 'r3'].map((name) =>
        post({ name, isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] }, token),
      ),
    );
    expect(racers.map((r) => r.status)).toEqual([400, 400, 400]);
    const defaults = (await gw.request('GET', '/v1/routes', { token })).body.data.filter(
      (r: { isDefault: boolean }) => r.isDefault,
    );
    expect(defaults.map((r: { id: string }) => r.id)).toEqual([plain.body.id]);
  });

  it('answers two defaults created at once with one 201 and one VALIDATION_FAILED', async () => {
    const { token } = await gw.createAccount('Routes Race');
    const racers = await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        post({ name, isDefault: true, strategy: 'failover', targets: [{ kind: 'devices' }] }, token),
      ),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([201, 400, 400, 400]);
    for (const r of racers.filter((x) => x.status === 400)) expect(fields(r.body)).toEqual(['isDefault']);
  });

  it("answers NOT_FOUND for another account's route on every verb, leaves it alone, and lists only the caller's", async () => {
    const mine = await post({ name: 'mine', strategy: 'failover', targets: [{ kind: 'device', deviceId: phoneA }] });
    expect(mine.status).toBe(201);
    const token = stranger.token;
    for (const [method, json] of [
      ['GET', undefined],
      ['PATCH', { name: 'taken' }],
      ['PATCH', { targets: 'not even valid' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await gw.request(method, `/v1/routes/${mine.body.id}`, { token, json });
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await gw.request('GET', '/v1/routes/not-a-uuid', { token })).body.code).toBe('NOT_FOUND');
    expect((await gw.request('GET', '/v1/routes', { token })).body.data).toEqual([]);
    const upsert = await gw.graphql(
      'mutation U($input: UpsertRouteInput!) { upsertRoute(input: $input) { id } }',
      { input: { id: mine.body.id, name: 'taken' } },
      token,
    );
    expect(upsert.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const del = await gw.graphql(
      'mutation D($input: DeleteRouteInput!) { deleteRoute(input: $input) }',
      { input: { id: mine.body.id } },
      token,
    );
    expect(del.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await gw.request('GET', `/v1/routes/${mine.body.id}`, { token: admin })).body.name).toBe('mine');
    await gw.request('DELETE', `/v1/routes/${mine.body.id}`, { token: admin });
  });

  it('is admin configuration: a token without the admin scope gets FORBIDDEN', async () => {
    const client = await gw.request('POST', '/v1/oauth-clients', {
      token: admin,
      json: { name: 'sender', scopes: ['messages:send', 'devices:write'] },
    });
    const issued = await gw.request('POST', '/v1/oauth/token', {
      raw: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.body.clientId,
        client_secret: client.body.clientSecret,
      }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
    const token = issued.body.access_token as string;
    expect((await gw.request('GET', '/v1/routes', { token })).body.code).toBe('FORBIDDEN');
    expect((await post({ name: 'x', strategy: 'failover', targets: [{ kind: 'devices' }] }, token)).status).toBe(403);
    const gql = await gw.graphql('{ routes { id } }', {}, token);
    expect(gql.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  describe('GraphQL', () => {
    const ROUTE = `id name position strategy isDefault enabled
      match { prefixes countries priority }
      targets { kind deviceIds deviceId carrierId weight prices }`;
    const upsert = (input: Record<string, unknown>, token = admin) =>
      gw.graphql(`mutation U($input: UpsertRouteInput!) { upsertRoute(input: $input) { ${ROUTE} } }`, { input }, token);

    it('upsertRoute creates without an id and changes the given fields with one; routes lists; deleteRoute deletes', async () => {
      const { token } = await gw.createAccount('Routes GraphQL');
      const created = await upsert(
        {
          name: 'weighted phones',
          match: { countries: ['FR'] },
          strategy: 'weighted',
          targets: [{ kind: 'devices', weight: 3, prices: { '+33': 0.01 } }],
        },
        token,
      );
      expect(created.body.errors).toBeUndefined();
      const route = created.body.data.upsertRoute;
      expect(route).toMatchObject({
        name: 'weighted phones',
        position: 10,
        strategy: 'weighted',
        isDefault: false,
        enabled: true,
        match: { prefixes: null, countries: ['FR'], priority: null },
        targets: [
          { kind: 'devices', deviceIds: null, deviceId: null, carrierId: null, weight: 3, prices: { '+33': 0.01 } },
        ],
      });

      const updated = await upsert({ id: route.id, name: 'renamed', match: { priority: 'high' } }, token);
      expect(updated.body.data.upsertRoute).toMatchObject({
        id: route.id,
        name: 'renamed',
        strategy: 'weighted',
        match: { prefixes: null, countries: null, priority: 'high' },
      });
      const rest = await gw.request('GET', `/v1/routes/${route.id}`, { token });
      expect(rest.body).toMatchObject({ name: 'renamed', match: { priority: 'high' } });

      const listed = await gw.graphql(`{ routes { ${ROUTE} } }`, {}, token);
      expect(listed.body.data.routes.map((r: { id: string }) => r.id)).toEqual([route.id]);

      const deleted = await gw.graphql(
        'mutation D($input: DeleteRouteInput!) { deleteRoute(input: $input) }',
        { input: { id: route.id } },
        token,
      );
      expect(deleted.body.data.deleteRoute).toBe(true);
      expect((await gw.graphql('{ routes { id } }', {}, token)).body.data.routes).toEqual([]);
    });

    it('answers VALIDATION_FAILED in extensions.code, naming the fields a create lacks or gets wrong', async () => {
      const missing = await upsert({ name: 'no targets' });
      expect(missing.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      const wrong = await upsert({
        name: 'bad',
        strategy: 'failover',
        targets: [
          { kind: 'pool', deviceIds: [strangersPhone] },
          { kind: 'device', deviceId: phoneA, weight: 0 },
        ],
      });
      expect(wrong.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      const malformed = await upsert({ id: 'nope', name: 'x' });
      expect(malformed.body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect((await gw.request('GET', '/v1/routes', { token: admin })).body.data).toEqual([]);
    });
  });

  describe('RoutingService.plan', () => {
    it('plans with the implicit default, then with new rules at once after a change in this process', async () => {
      const routing = gw.running.app.get(RoutingService);
      const account = await gw.createAccount('Routes Plan');
      const phone = await createDevice(account.token, 'plan-phone');
      const message = { to: '+4915123456789', priority: 'normal' as const };
      expect(await routing.plan(account.accountId, message)).toEqual({
        routeId: null,
        targets: [{ kind: 'devices', key: `devices:${account.accountId}` }],
      });

      const de = await post(
        {
          name: 'DE',
          match: { countries: ['DE'] },
          strategy: 'failover',
          targets: [{ kind: 'device', deviceId: phone }, { kind: 'devices' }],
        },
        account.token,
      );
      expect(await routing.plan(account.accountId, message)).toEqual({
        routeId: de.body.id,
        targets: [
          { kind: 'device', deviceId: phone, key: `device:${phone}` },
          { kind: 'devices', key: `devices:${account.accountId}` },
        ],
      });
      expect(await routing.plan(account.accountId, { to: '+33612345678', priority: 'normal' })).toEqual({
        noRoute: true,
        reason: 'no-match',
        routeId: null,
      });

      // The phone keeps failing: its breaker opens (BREAKER_VOLUME 10, more than 50% failed), and
      // the plan moves on to the next target.
      for (let i = 0; i < 10; i++) await routing.record(`device:${phone}`, false);
      expect(await routing.plan(account.accountId, message)).toEqual({
        routeId: de.body.id,
        targets: [{ kind: 'devices', key: `devices:${account.accountId}` }],
      });

      await gw.request('DELETE', `/v1/routes/${de.body.id}`, { token: account.token });
      expect(await routing.plan(account.accountId, message)).toMatchObject({ routeId: null });
    });
  });
});
