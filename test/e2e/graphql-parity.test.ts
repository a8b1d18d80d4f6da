import { Controller, Delete, Get, Module, Post, RequestMethod, type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryModule, DiscoveryService, MetadataScanner, NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

type Root = 'Query' | 'Mutation' | 'Subscription';
type Counterpart = { root: Root; field: string };
const query = (field: string): Counterpart => ({ root: 'Query', field });
const mutation = (field: string): Counterpart => ({ root: 'Mutation', field });

/**
 * Every REST route's GraphQL counterpart (issue 15: one API surface). A new route fails this test
 * until it is mapped here, with its field in the schema, or allow-listed in REST_ONLY with a reason.
 */
const COUNTERPARTS: Record<string, Counterpart> = {
  'POST /v1/auth/login': mutation('signIn'),
  'POST /v1/auth/refresh': mutation('refreshToken'),
  'POST /v1/auth/logout': mutation('signOut'),
  'POST /v1/auth/accept-invite': mutation('acceptInvite'),
  'POST /v1/auth/signup': mutation('signUp'),
  'POST /v1/auth/password': mutation('changePassword'),
  'GET /v1/me': query('me'),
  'GET /v1/users': query('users'),
  'POST /v1/users': mutation('inviteUser'),
  'PATCH /v1/users/{id}': mutation('changeUserRole'),
  'DELETE /v1/users/{id}': mutation('removeUser'),
  'POST /v1/oauth-clients': mutation('createOAuthClient'),
  'GET /v1/oauth-clients': query('oauthClients'),
  'POST /v1/oauth-clients/{id}/rotate': mutation('rotateOAuthClientSecret'),
  'DELETE /v1/oauth-clients/{id}': mutation('revokeOAuthClient'),
  'GET /v1/account/settings': query('accountSettings'),
  'PATCH /v1/account/settings': mutation('updateAccountSettings'),
  'GET /v1/audit-events': query('auditEvents'),

  'POST /v1/devices': mutation('createDevice'),
  'GET /v1/devices': query('devices'),
  'GET /v1/devices/{id}': query('device'),
  'PATCH /v1/devices/{id}': mutation('updateDevice'),
  'POST /v1/devices/{id}/pairing': mutation('createPairingCode'),
  'DELETE /v1/devices/{id}': mutation('revokeDevice'),

  'GET /v1/routes': query('routes'),
  'POST /v1/routes': mutation('upsertRoute'),
  'GET /v1/routes/{id}': query('route'),
  'PATCH /v1/routes/{id}': mutation('upsertRoute'),
  'DELETE /v1/routes/{id}': mutation('deleteRoute'),

  'POST /v1/carriers': mutation('createCarrier'),
  'GET /v1/carriers': query('carriers'),
  'GET /v1/carriers/{id}': query('carrier'),
  'PATCH /v1/carriers/{id}': mutation('updateCarrier'),
  'DELETE /v1/carriers/{id}': mutation('deleteCarrier'),

  'POST /v1/messages': mutation('sendMessage'),
  'POST /v1/messages/batch': mutation('sendMessages'),
  'GET /v1/messages': query('messages'),
  'GET /v1/messages/{id}': query('message'),
  'POST /v1/messages/{id}/cancel': mutation('cancelMessage'),
  'POST /v1/messages/preview': query('messagePreview'),
  'GET /v1/dashboard': query('dashboard'),
  'GET /v1/conversations': query('conversations'),
  'GET /v1/conversations/{number}/messages': query('conversation'),
  'POST /v1/conversations/{number}/read': mutation('markConversationRead'),
  'GET /v1/messages/dead-letters': query('deadLetters'),
  'POST /v1/messages/{id}/retry': mutation('retryMessage'),
  'GET /v1/inbound-messages': query('inboundMessages'),

  'GET /v1/templates': query('templates'),
  'POST /v1/templates': mutation('createTemplate'),
  'GET /v1/templates/{id}': query('template'),
  'PATCH /v1/templates/{id}': mutation('updateTemplate'),
  'DELETE /v1/templates/{id}': mutation('deleteTemplate'),
  'POST /v1/templates/{id}/preview': query('templatePreview'),
  'GET /v1/campaigns': query('campaigns'),
  'POST /v1/campaigns': mutation('createCampaign'),
  'GET /v1/campaigns/{id}': query('campaign'),
  'POST /v1/campaigns/{id}/launch': mutation('launchCampaign'),
  'POST /v1/campaigns/{id}/pause': mutation('pauseCampaign'),
  'POST /v1/campaigns/{id}/resume': mutation('resumeCampaign'),
  'POST /v1/campaigns/{id}/cancel': mutation('cancelCampaign'),

  'GET /v1/suppressions': query('suppressions'),
  'POST /v1/suppressions': mutation('addSuppression'),
  'DELETE /v1/suppressions/{phoneNumber}': mutation('removeSuppression'),

  'POST /v1/webhooks': mutation('createWebhook'),
  'GET /v1/webhooks': query('webhooks'),
  'GET /v1/webhooks/{id}': query('webhook'),
  'PATCH /v1/webhooks/{id}': mutation('updateWebhook'),
  'DELETE /v1/webhooks/{id}': mutation('deleteWebhook'),
  'POST /v1/webhooks/{id}/rotate-secret': mutation('rotateWebhookSecret'),
  'GET /v1/webhooks/{id}/deliveries': query('webhookDeliveries'),
  'POST /v1/webhooks/{id}/test': mutation('sendTestWebhook'),
  'POST /v1/webhook-deliveries/{id}/redeliver': mutation('redeliverWebhookDelivery'),
  'POST /v1/webhooks/callback-secret': mutation('rotateCallbackSecret'),
};

/** The routes that stay REST only, each with the reason. Keep this list short. */
const REST_ONLY: Record<string, string> = {
  // Probes for load balancers and orchestrators, not a capability of the API.
  'GET /health/live': 'liveness probe',
  'GET /health/ready': 'readiness probe',
  // Prometheus scrapes its own text format, guarded by METRICS_TOKEN or an address list.
  'GET /metrics': 'Prometheus scrape endpoint',
  // The phone redeems its one-time code here before it has any token; users never call it.
  'POST /v1/agent/pair': "the phone's pairing",
  // File streams (up to 100 MiB of CSV) that a GraphQL document cannot carry; the suppression
  // fields' descriptions name these two routes.
  'POST /v1/suppressions/import': 'CSV import stream',
  'GET /v1/suppressions/export': 'CSV export stream',
  // The same for campaigns: up to a million recipient rows in, and their results out.
  'POST /v1/campaigns/{id}/recipients': 'CSV upload stream',
  'GET /v1/campaigns/{id}/recipients/errors': 'CSV of refused rows',
  'GET /v1/campaigns/{id}/results': 'CSV export stream',
  // Called by an HTTP carrier with its own token, in the shape the carrier's DLR settings give.
  'POST /v1/carriers/{id}/dlr': 'carrier delivery-report callback',
  // RFC 6749 fixes its shape: a form-encoded POST answering the standard token JSON.
  'POST /v1/oauth/token': 'OAuth2 token endpoint',
};

/** What is wrong with the mapping against the live routes and schema; empty when parity holds. */
function parityProblems(
  routes: string[],
  schema: GraphQLSchema,
  counterparts: Record<string, Counterpart>,
  restOnly: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const existing = new Set(routes);
  const roots: Record<Root, ReturnType<GraphQLSchema['getQueryType']>> = {
    Query: schema.getQueryType(),
    Mutation: schema.getMutationType(),
    Subscription: schema.getSubscriptionType(),
  };
  for (const route of routes) {
    const mapped = Object.hasOwn(counterparts, route);
    const allowed = Object.hasOwn(restOnly, route);
    if (!mapped && !allowed)
      problems.push(`${route} has no GraphQL counterpart: map it, or allow-list it with a reason`);
    if (mapped && allowed) problems.push(`${route} is both mapped and allow-listed`);
  }
  for (const route of [...Object.keys(counterparts), ...Object.keys(restOnly)]) {
    if (!existing.has(route)) problems.push(`${route} is listed but no such REST route exists (a stale entry)`);
  }
  for (const [route, { root, field }] of Object.entries(counterparts)) {
    if (roots[root]?.getFields()[field]) continue;
    const elsewhere = (Object.keys(roots) as Root[]).filter((r) => roots[r]?.getFields()[field]);
    problems.push(
      `${route} maps to ${root}.${field}, which the schema lacks` +
        (elsewhere.length > 0 ? ` (it is on ${elsewhere.join(', ')})` : ''),
    );
  }
  return problems;
}

/** `METHOD /path` of every route Nest serves, with `{param}` for `:param` (bull-board, outside Nest, is not one). */
function restRoutes(app: INestApplicationContext): string[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const found: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const bases = [Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string | string[] | undefined].flat();
    const proto = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
    for (const name of scanner.getAllMethodNames(proto)) {
      const paths = Reflect.getMetadata(PATH_METADATA, proto[name]) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, proto[name]) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) continue;
      for (const base of bases)
        for (const path of [paths].flat()) {
          const full = ['', base ?? '', path]
            .join('/')
            .replace(/\/+/g, '/')
            .replace(/(.)\/$/, '$1')
            .replace(/:(\w+)/g, '{$1}');
          found.push(`${RequestMethod[method]} ${full}`);
        }
    }
  }
  return found.sort();
}

/** A controller that is in no module of the gateway: a REST capability someone has just added. */
@Controller('v1/probes')
class ProbeController {
  @Get()
  list(): void {}

  @Post(':id/ping')
  ping(): void {}

  @Delete([':id', ':id/everything'])
  remove(): void {}
}

@Module({ imports: [DiscoveryModule], controllers: [ProbeController] })
class ProbeModule {}

describe('GraphQL parity: every REST route has a GraphQL counterpart or a reason not to', () => {
  let gw: TestGateway;
  let routes: string[];
  let schema: GraphQLSchema;

  beforeAll(async () => {
    gw = await TestGateway.start();
    routes = restRoutes(gw.running.app);
    schema = gw.running.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('finds the REST routes and the schema it compares (so the check below cannot pass vacuously)', () => {
    expect(routes.length).toBeGreaterThanOrEqual(60);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/messages',
        'GET /v1/devices/{id}',
        'DELETE /v1/suppressions/{phoneNumber}',
        'POST /v1/webhook-deliveries/{id}/redeliver',
        'GET /health/live',
        'GET /metrics',
      ]),
    );
    expect(new Set(routes).size).toBe(routes.length);
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['me', 'messages']));
  });

  it('maps every REST route to a Query or Mutation field of the live schema, or allow-lists it with a reason', () => {
    expect(parityProblems(routes, schema, COUNTERPARTS, REST_ONLY)).toEqual([]);
    for (const reason of Object.values(REST_ONLY)) expect(reason.trim()).not.toBe('');
  });

  it('fails for a route without a counterpart, a stale entry, a field the schema lacks and a wrong root type', () => {
    const { 'GET /v1/webhooks/{id}': _dropped, ...missingOne } = COUNTERPARTS;
    const tampered = {
      ...missingOne,
      'GET /v1/webhooks/{id}/history': query('webhookHistory'),
      'GET /v1/messages/dead-letters': mutation('deadLetters'),
      'GET /v1/devices/{id}': query('phone'),
    };
    const restOnly = { ...REST_ONLY, 'GET /health/deep': 'a probe that was removed', 'GET /v1/me': 'also mapped' };
    expect(parityProblems(routes, schema, tampered, restOnly).sort()).toEqual(
      [
        'GET /v1/webhooks/{id} has no GraphQL counterpart: map it, or allow-list it with a reason',
        'GET /v1/webhooks/{id}/history is listed but no such REST route exists (a stale entry)',
        'GET /v1/webhooks/{id}/history maps to Query.webhookHistory, which the schema lacks',
        'GET /health/deep is listed but no such REST route exists (a stale entry)',
        'GET /v1/messages/dead-letters maps to Mutation.deadLetters, which the schema lacks (it is on Query)',
        'GET /v1/devices/{id} maps to Query.phone, which the schema lacks',
        'GET /v1/me is both mapped and allow-listed',
      ].sort(),
    );
  });

  it('finds a route added in a new controller and fails until it is mapped or allow-listed', async () => {
    // Discovery runs on any Nest application, so the same function reads the probe's routes.
    const probe = await NestFactory.createApplicationContext(ProbeModule, { logger: false });
    let added: string[];
    try {
      added = restRoutes(probe);
    } finally {
      await probe.close();
    }
    expect(added).toEqual([
      'DELETE /v1/probes/{id}',
      'DELETE /v1/probes/{id}/everything',
      'GET /v1/probes',
      'POST /v1/probes/{id}/ping',
    ]);
    const withProbe = [...routes, ...added].sort();
    expect(parityProblems(withProbe, schema, COUNTERPARTS, REST_ONLY)).toEqual(
      added.map((route) => `${route} has no GraphQL counterpart: map it, or allow-list it with a reason`),
    );
    const mapped = { ...COUNTERPARTS, 'GET /v1/probes': query('me'), 'POST /v1/probes/{id}/ping': mutation('signIn') };
    const allowed = {
      ...REST_ONLY,
      'DELETE /v1/probes/{id}': 'a probe',
      'DELETE /v1/probes/{id}/everything': 'a probe',
    };
    expect(parityProblems(withProbe, schema, mapped, allowed)).toEqual([]);
  });

  it('says in the campaign fields that the CSV upload and exports stay REST, with their paths', () => {
    for (const field of [
      schema.getQueryType()!.getFields().campaign,
      schema.getMutationType()!.getFields().createCampaign,
    ]) {
      expect(field.description).toContain('POST /v1/campaigns/{id}/recipients');
      expect(field.description).toContain('GET /v1/campaigns/{id}/results');
    }
  });

  it('says in the suppression fields that CSV import and export stay REST, with their paths', () => {
    const fields = [
      schema.getQueryType()!.getFields().suppressions,
      schema.getMutationType()!.getFields().addSuppression,
      schema.getMutationType()!.getFields().removeSuppression,
    ];
    for (const field of fields) {
      expect(field.description).toContain('POST /v1/suppressions/import');
      expect(field.description).toContain('GET /v1/suppressions/export');
    }
  });
});
