import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

/**
 * Every REST route that names an object by id, called by another account's admin with the first
 * account's ids, answers 404 NOT_FOUND (never 403, never the object). The routes come from Nest
 * itself, so a new id-bearing route without an object here fails this test.
 */
describe("another account's ids, on every id-bearing route", () => {
  let gw: TestGateway;
  let owner: string;
  let stranger: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    owner = await gw.login();
    stranger = (await gw.createAccount('Stranger')).token;
    ids['v1/messages'] = (
      await gw.request('POST', '/v1/messages', {
        token: owner,
        json: { to: '+4915123456789', body: 'mine', sendAt: new Date(Date.now() + 3_600_000).toISOString() },
      })
    ).body.id;
    ids['v1/devices'] = (
      await gw.request('POST', '/v1/devices', { token: owner, json: { name: 'mine' } })
    ).body.device.id;
    ids['v1/oauth-clients'] = (
      await gw.request('POST', '/v1/oauth-clients', { token: owner, json: { name: 'mine', scopes: ['messages:read'] } })
    ).body.clientId;
    ids['v1/users'] = (
      await gw.request('POST', '/v1/users', { token: owner, json: { email: 'mine@example.test', role: 'viewer' } })
    ).body.user.id;
    const webhook = await gw.request('POST', '/v1/webhooks', {
      token: owner,
      json: { url: 'http://127.0.0.1:9/hook', events: ['message.sent'] },
    });
    ids['v1/webhooks'] = webhook.body.id;
    ids['v1/webhook-deliveries'] = (
      await gw.request('POST', `/v1/webhooks/${webhook.body.id}/test`, { token: owner })
    ).body.id;
    ids['v1/carriers'] = (
      await gw.request('POST', '/v1/carriers', {
        token: owner,
        json: { name: 'mine', kind: 'http', http: { url: 'http://127.0.0.1:9/send?to={to}&text={body}' } },
      })
    ).body.id;
    ids['v1/routes'] = (
      await gw.request('POST', '/v1/routes', {
        token: owner,
        json: { name: 'mine', strategy: 'failover', targets: [{ kind: 'devices' }] },
      })
    ).body.id;
    ids['v1/templates'] = (
      await gw.request('POST', '/v1/templates', { token: owner, json: { name: 'mine', body: 'Hi {{name}}' } })
    ).body.id;
    ids['v1/campaigns'] = (
      await gw.request('POST', '/v1/campaigns', {
        token: owner,
        json: { name: 'mine', body: 'Hi', recipients: ['+4915123456789'] },
      })
    ).body.id;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  function idRoutes(): { method: string; path: string; base: string }[] {
    const discovery = gw.running.app.get(DiscoveryService);
    const scanner = gw.running.app.get(MetadataScanner);
    const routes: { method: string; path: string; base: string }[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '').replace(/^\/|\/$/g, '');
      const proto = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const path = Reflect.getMetadata(PATH_METADATA, proto[name]) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, proto[name]) as RequestMethod | undefined;
        if (path === undefined || method === undefined || !path.includes(':id')) continue;
        routes.push({ method: RequestMethod[method], path: `/${base}/${path.replace(/^\//, '')}`, base });
      }
    }
    return routes;
  }

  it('finds the id-bearing routes (so the walk below cannot pass vacuously)', () => {
    expect(idRoutes().length).toBeGreaterThanOrEqual(10);
  });

  it('answers NOT_FOUND to the other account on each of them, and the objects stay as they were', async () => {
    const bodies: Record<string, unknown> = { PATCH: { role: 'admin' } };
    const failures: string[] = [];
    for (const route of idRoutes()) {
      const id = ids[route.base];
      if (!id) {
        failures.push(`no object of the first account for ${route.method} ${route.path}: add one to this test`);
        continue;
      }
      const res = await gw.request(route.method, route.path.replace(':id', id), {
        token: stranger,
        json: bodies[route.method],
      });
      if (res.status !== 404 || res.body?.code !== 'NOT_FOUND')
        failures.push(`${route.method} ${route.path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
    expect((await gw.request('GET', `/v1/messages/${ids['v1/messages']}`, { token: owner })).body.status).toBe(
      'scheduled',
    );
    expect((await gw.request('GET', `/v1/devices/${ids['v1/devices']}`, { token: owner })).status).toBe(200);
    expect((await gw.request('GET', `/v1/campaigns/${ids['v1/campaigns']}`, { token: owner })).body).toMatchObject({
      state: 'draft',
      counts: { total: 1, pending: 1 },
    });
  });

  it('answers NOT_FOUND on the id-bearing GraphQL fields too', async () => {
    const message = await gw.graphql(
      'query M($id: ID!) { message(id: $id) { id } }',
      { id: ids['v1/messages'] },
      stranger,
    );
    expect(message.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const cancel = await gw.graphql(
      'mutation C($input: CancelMessageInput!) { cancelMessage(input: $input) { id } }',
      { input: { id: ids['v1/messages'] } },
      stranger,
    );
    expect(cancel.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
