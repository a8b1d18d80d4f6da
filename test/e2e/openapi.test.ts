import { readFileSync } from 'node:fs';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTypes } from '../../clients/typescript/generate-types.js';
import { SCOPES } from '../../src/modules/auth/scopes.js';
import { TestGateway } from '../support/gateway.js';

const COMMITTED_DOCUMENT = new URL('../../clients/typescript/openapi.json', import.meta.url);
const COMMITTED_TYPES = new URL('../../clients/typescript/schema.d.ts', import.meta.url);

type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema: any }> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
  webhooks?: Record<string, unknown>;
};

describe('the OpenAPI document at /docs', () => {
  let gw: TestGateway;
  let document: Document;

  beforeAll(async () => {
    gw = await TestGateway.start();
    // No token: the document is public (DESIGN.md §9).
    const res = await fetch(`${gw.url}/docs/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await res.json()) as Document;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const operation = (method: string, path: string) => document.paths[path]?.[method];

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every REST route Nest registered, and only those', () => {
    const app = gw.running.app;
    const discovery = app.get(DiscoveryService);
    const scanner = app.get(MetadataScanner);
    const nest: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const cls = wrapper.metatype as Function;
      const base = String(Reflect.getMetadata(PATH_METADATA, cls) ?? '');
      const proto = cls.prototype as Record<string, Function>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const path = Reflect.getMetadata(PATH_METADATA, proto[name]) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, proto[name]) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const full = `/${base}/${path}`
          .replace(/\/+/g, '/')
          .replace(/\/$/, '')
          .replace(/:(\w+)/g, '{$1}');
        nest.push(`${RequestMethod[method]} ${full}`);
      }
    }
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(nest.length).toBeGreaterThan(40);
    expect(documented.sort()).toEqual(nest.sort());
    // And each documented operation is a route the HTTP server answers.
    const fastify = (app as INestApplication).getHttpAdapter().getInstance() as FastifyInstance;
    for (const entry of documented) {
      const [method, path] = entry.split(' ');
      expect(fastify.hasRoute({ method: method, url: path.replace(/\{(\w+)\}/g, ':$1') }), entry).toBe(true);
    }
  });

  it('serves an interactive page whose assets load, without a token and without a CDN', async () => {
    // As a browser resolves them: relative to the page's own URL, with or without the slash.
    for (const pageUrl of [`${gw.url}/docs`, `${gw.url}/docs/`]) {
      const page = await fetch(pageUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('swagger-ui');
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(assets).toEqual(expect.arrayContaining([expect.stringContaining('swagger-ui-bundle.js')]));
      expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
      for (const asset of assets) {
        const res = await fetch(new URL(asset, pageUrl));
        expect(res.status, `${asset} of ${pageUrl}`).toBe(200);
      }
    }
    // The page is set up with this document.
    const init = await fetch(`${gw.url}/docs/swagger-ui-init.js`);
    expect(await init.text()).toContain('/v1/messages/batch');
  });

  it('names the security schemes: bearer JWT and OAuth2 client credentials with the scopes', () => {
    const schemes = document.components.securitySchemes;
    expect(schemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(schemes.oauth2.flows.clientCredentials.tokenUrl).toBe('/v1/oauth/token');
    expect(Object.keys(schemes.oauth2.flows.clientCredentials.scopes).sort()).toEqual([...SCOPES].sort());
  });

  it('gives each operation the scopes its @RequireScopes names, and none to public ones', () => {
    const scoped = (scopes: string[]) => [{ bearer: scopes }, { oauth2: scopes }];
    expect(operation('post', '/v1/messages').security).toEqual(scoped(['messages:send']));
    expect(operation('get', '/v1/messages/{id}').security).toEqual(scoped(['messages:read']));
    expect(operation('delete', '/v1/devices/{id}').security).toEqual(scoped(['devices:write']));
    expect(operation('get', '/v1/audit-events').security).toEqual(scoped(['admin']));
    expect(operation('get', '/v1/me').security).toEqual(scoped([]));
    expect(operation('post', '/v1/auth/login').security).toEqual([]);
    expect(operation('post', '/v1/oauth/token').security).toEqual([]);
  });

  it('lists per route the problem codes it answers, with the common ones added by what the route takes', () => {
    const codes = (method: string, path: string, status: number) =>
      operation(method, path).responses[status]?.content?.['application/problem+json']?.schema.allOf[1].properties.code
        .enum;
    expect(codes('post', '/v1/messages', 422)).toEqual(
      expect.arrayContaining(['INVALID_PHONE_NUMBER', 'RECIPIENT_OPTED_OUT', 'NO_ROUTE', 'IDEMPOTENCY_KEY_REUSED']),
    );
    expect(codes('post', '/v1/messages', 400)).toEqual([
      'IDEMPOTENCY_KEY_INVALID',
      'MALFORMED_JSON',
      'VALIDATION_FAILED',
    ]);
    expect(codes('post', '/v1/messages', 401)).toEqual(['UNAUTHENTICATED']);
    expect(codes('post', '/v1/messages', 429)).toEqual(['RATE_LIMITED']);
    expect(codes('post', '/v1/messages/{id}/cancel', 409)).toEqual(['MESSAGE_NOT_CANCELABLE']);
    expect(codes('get', '/v1/messages/{id}', 404)).toEqual(['NOT_FOUND']);
    // A public route cannot answer UNAUTHENTICATED for a missing token, and a body-less GET has no body codes.
    expect(codes('post', '/v1/agent/pair', 401)).toBeUndefined();
    expect(codes('get', '/v1/devices', 400)).toBeUndefined();
    expect(codes('get', '/v1/devices', 415)).toBeUndefined();
    expect(
      operation('post', '/v1/oauth/token').responses[401].content?.['application/problem+json'].schema.allOf[0],
    ).toEqual({ $ref: '#/components/schemas/OAuthProblem' });
  });

  it("takes the request schemas' limits from the class-validator rules", () => {
    const send = document.components.schemas.SendMessageDto;
    // A send has a body or a templateId (issue 19), so only `to` is always required.
    expect(send.required).toEqual(['to']);
    expect(send.properties.templateId.format).toBe('uuid');
    expect(send.properties.clientReference).toMatchObject({ maxLength: 64 });
    expect(send.properties.to).toMatchObject({ type: 'string', minLength: 1, maxLength: 64 });
    expect(send.properties.simSlot).toMatchObject({ minimum: 0, maximum: 7 });
    expect(send.properties.priority.enum).toEqual(['normal', 'high', null]);
    expect(send.properties.deviceId.format).toBe('uuid');
    const client = document.components.schemas.CreateOAuthClientDto;
    expect(client.properties.scopes).toMatchObject({ minItems: 1, maxItems: SCOPES.length });
    expect(client.properties.scopes.items.enum).toEqual([...SCOPES]);
    // A PATCH field may be left out but not null (`@ValidateIf(value !== undefined)`).
    expect(document.components.schemas.UpdateDeviceDto.required).toBeUndefined();
    expect(document.components.schemas.UpdateDeviceDto.properties.name.type).toBe('string');
    const list = operation('get', '/v1/messages') as unknown as { parameters: { name: string; schema: any }[] };
    expect(list.parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 500,
    });
  });

  it('describes the webhook events as OpenAPI 3.1 webhooks', () => {
    expect(Object.keys(document.webhooks ?? {})).toEqual(
      expect.arrayContaining(['message.delivered', 'message.received', 'device.offline', 'suppression.added']),
    );
  });

  it('is the document committed in clients/typescript, with the types generated from it (run `npm run openapi`)', async () => {
    const committed = JSON.parse(readFileSync(COMMITTED_DOCUMENT, 'utf8')) as unknown;
    expect(committed, 'clients/typescript/openapi.json is stale: run npm run openapi').toEqual(document);
    expect(await renderTypes(document), 'clients/typescript/schema.d.ts is stale: run npm run openapi').toBe(
      readFileSync(COMMITTED_TYPES, 'utf8'),
    );
  });
});

describe('the contract check of the e2e client', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    token = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const json = new Headers({ 'content-type': 'application/json' });
  const problemJson = new Headers({ 'content-type': 'application/problem+json' });
  const check = (method: string, path: string, status: number, headers: Headers, body: unknown) =>
    gw.contract.check(method, path, status, headers, JSON.stringify(body), body);

  it('refuses a member the document does not name, a wrong format, a missing member and an unknown status', async () => {
    const { body: message } = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: '+4915123456789', body: 'contract' },
    });
    const path = `/v1/messages/${message.id}`;
    check('GET', path, 200, json, message);
    expect(() => check('GET', path, 200, json, { ...message, secret: 'x' })).toThrow(/additional/);
    expect(() => check('GET', path, 200, json, { ...message, createdAt: 'yesterday' })).toThrow(/date-time/);
    expect(() => check('GET', path, 200, json, { ...message, status: 'lost' })).toThrow(/allowed values/);
    const { to: _to, ...withoutTo } = message;
    expect(() => check('GET', path, 200, json, withoutTo)).toThrow(/required/);
    expect(() => check('GET', path, 418, json, message)).toThrow(/not documented/);
    expect(() => check('GET', path, 200, new Headers({ 'content-type': 'text/html' }), message)).toThrow(
      /content type/,
    );
  });

  it('refuses a problem code the route does not list, and a body where the document has none', () => {
    const problem = { type: '/docs/errors#x', title: 'x', status: 409, detail: 'x', code: 'MESSAGE_NOT_CANCELABLE' };
    const id = '00000000-0000-4000-8000-000000000000';
    check('POST', `/v1/messages/${id}/cancel`, 409, problemJson, problem);
    expect(() => check('POST', `/v1/messages/${id}/retry`, 409, problemJson, problem)).toThrow(/allowed values/);
    expect(() => check('DELETE', `/v1/devices/${id}`, 204, json, {})).toThrow(/no body/);
    expect(() => check('GET', '/v1/no-such-thing', 200, json, {})).toThrow(/no operation/);
  });
});

describe('the typed TypeScript client (clients/typescript)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('signs in, sends a message and reads it back, with typed answers and problems', async () => {
    const anonymous = gw.client();
    const login = await anonymous.POST('/v1/auth/login', {
      body: { email: 'admin@example.test', password: 'test-admin-password' },
    });
    expect(login.response.status).toBe(200);
    const gateway = gw.client(login.data!.accessToken);

    const sent = await gateway.POST('/v1/messages', {
      body: { to: '+4915123456789', body: 'Hello from the typed client', metadata: { orderId: 'A-1' } },
      headers: { 'Idempotency-Key': 'typed-client-1' },
    });
    expect(sent.response.status).toBe(202);
    const id = sent.data!.id;

    const read = await gateway.GET('/v1/messages/{id}', { params: { path: { id } } });
    expect(read.data).toMatchObject({ id, to: '+4915123456789', metadata: { orderId: 'A-1' } });
    expect(read.data!.events?.[0].status).toBe(
      read.data!.status === 'queued' ? 'queued' : read.data!.events?.[0].status,
    );

    const listed = await gateway.GET('/v1/messages', { params: { query: { to: '+4915123456789', limit: 10 } } });
    expect(listed.data!.data.map((m) => m.id)).toContain(id);

    const refused = await gateway.POST('/v1/messages', { body: { to: '12345', body: 'no plus' } });
    expect(refused.response.status).toBe(422);
    expect(refused.error).toMatchObject({ code: 'INVALID_PHONE_NUMBER', status: 422 });
  });
});
