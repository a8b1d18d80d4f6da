import { JwtService } from '@nestjs/jwt';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

/** Every bad input answers its own code as problem+json, never a 5xx, and writes nothing. */
let gwRef: TestGateway;

describe('bad input is refused with a specific code and changes nothing', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    gwRef = gw;
    token = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const send = (init: { json?: unknown; raw?: string | Buffer; contentType?: string; token?: string | null }) =>
    gw.request('POST', '/v1/messages', {
      token: init.token === null ? undefined : (init.token ?? token),
      json: init.json,
      raw: init.raw,
      contentType: init.contentType,
    });

  const cases: { name: string; code: string; status: number; request: () => ReturnType<typeof send> }[] = [
    {
      name: 'malformed JSON',
      code: 'MALFORMED_JSON',
      status: 400,
      request: () => send({ raw: '{"to": "+4915123456789",', contentType: 'application/json' }),
    },
    {
      name: 'invalid UTF-8 in the body',
      code: 'MALFORMED_JSON',
      status: 400,
      request: () => send({ raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), contentType: 'application/json' }),
    },
    {
      name: 'an empty JSON body',
      code: 'MALFORMED_JSON',
      status: 400,
      request: () => send({ raw: '', contentType: 'application/json' }),
    },
    {
      name: 'a text/plain body',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
      request: () => send({ raw: 'to=+4915123456789', contentType: 'text/plain' }),
    },
    {
      name: 'a body over the size limit',
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
      request: () =>
        send({
          raw: JSON.stringify({ to: '+4915123456789', body: 'x'.repeat(2_000_000) }),
          contentType: 'application/json',
        }),
    },
    {
      name: 'an unknown field (mass assignment)',
      code: 'VALIDATION_FAILED',
      status: 400,
      request: () => send({ json: { to: '+4915123456789', body: 'hi', status: 'delivered' } }),
    },
    { name: 'a missing to', code: 'VALIDATION_FAILED', status: 400, request: () => send({ json: { body: 'hi' } }) },
    {
      name: 'a number that is not a string',
      code: 'VALIDATION_FAILED',
      status: 400,
      request: () => send({ json: { to: 4915123456789, body: 'hi' } }),
    },
    {
      name: 'an empty body',
      code: 'VALIDATION_FAILED',
      status: 400,
      request: () => send({ json: { to: '+4915123456789', body: '' } }),
    },
    {
      name: 'a JSON array instead of an object',
      code: 'VALIDATION_FAILED',
      status: 400,
      request: () => send({ json: [{ to: '+4915123456789', body: 'hi' }] }),
    },
    {
      name: 'a __proto__ key',
      code: 'MALFORMED_JSON',
      status: 400,
      request: () =>
        send({
          raw: '{"to":"+4915123456789","body":"hi","__proto__":{"admin":true}}',
          contentType: 'application/json',
        }),
    },
    {
      name: 'a too-short number (+1234)',
      code: 'INVALID_PHONE_NUMBER',
      status: 422,
      request: () => send({ json: { to: '+1234', body: 'hi' } }),
    },
    {
      name: 'letters as a number',
      code: 'INVALID_PHONE_NUMBER',
      status: 422,
      request: () => send({ json: { to: 'call me maybe', body: 'hi' } }),
    },
    {
      name: 'a national number without country code',
      code: 'INVALID_PHONE_NUMBER',
      status: 422,
      request: () => send({ json: { to: '015123456789', body: 'hi' } }),
    },
    {
      name: 'a 1,531-character body',
      code: 'BODY_TOO_LONG',
      status: 422,
      request: () => send({ json: { to: '+4915123456789', body: 'a'.repeat(1531) } }),
    },
    {
      name: 'a 671-character UCS-2 body',
      code: 'BODY_TOO_LONG',
      status: 422,
      request: () => send({ json: { to: '+4915123456789', body: 'ж'.repeat(671) } }),
    },
    {
      name: 'a NUL in the body',
      code: 'INVALID_BODY',
      status: 422,
      request: () => send({ json: { to: '+4915123456789', body: 'a\u0000b' } }),
    },
    {
      name: 'a lone surrogate in the body',
      code: 'INVALID_BODY',
      status: 422,
      request: () => send({ raw: '{"to":"+4915123456789","body":"a\\ud800b"}', contentType: 'application/json' }),
    },
    {
      name: 'a TTL out of range',
      code: 'INVALID_SCHEDULE',
      status: 422,
      request: () => send({ json: { to: '+4915123456789', body: 'hi', ttlSeconds: 5 } }),
    },
    {
      name: 'a device id of no device',
      code: 'NOT_FOUND',
      status: 404,
      request: () =>
        send({ json: { to: '+4915123456789', body: 'hi', deviceId: '01a21528-1b49-7168-bdc1-8c5e92d53356' } }),
    },
    {
      name: 'no token',
      code: 'UNAUTHENTICATED',
      status: 401,
      request: () => send({ json: { to: '+4915123456789', body: 'hi' }, token: null }),
    },
    {
      name: 'a forged token',
      code: 'UNAUTHENTICATED',
      status: 401,
      request: () => send({ json: { to: '+4915123456789', body: 'hi' }, token: `${token.slice(0, -4)}AAAA` }),
    },
    {
      name: 'an alg:none token',
      code: 'UNAUTHENTICATED',
      status: 401,
      request: () => send({ json: { to: '+4915123456789', body: 'hi' }, token: unsignedCopy(token) }),
    },
    {
      name: 'an expired token',
      code: 'UNAUTHENTICATED',
      status: 401,
      request: async () =>
        send({
          json: { to: '+4915123456789', body: 'hi' },
          token: await signed(token, { expiresIn: -60 }),
        }),
    },
    {
      name: 'a token for another audience',
      code: 'UNAUTHENTICATED',
      status: 401,
      request: async () =>
        send({
          json: { to: '+4915123456789', body: 'hi' },
          token: await signed(token, { audience: 'another-service' }),
        }),
    },
  ];

  for (const c of cases) {
    it(`answers ${c.code} for ${c.name}, writing no row and no job`, async () => {
      const before = await gw.footprint();
      const res = await c.request();
      expect(res.status).toBe(c.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: c.code, status: c.status });
      expect(typeof res.body.title).toBe('string');
      expect(await gw.footprint()).toEqual(before);
    });
  }

  it('names each offending field in errors[] for VALIDATION_FAILED', async () => {
    const res = await send({ json: { to: '+4915123456789', body: 'hi', role: 'owner', priority: 'urgent' } });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['priority', 'role']);
  });

  it('answers GraphQL bad input with extensions.code equal to the REST code and writes nothing', async () => {
    const before = await gw.footprint();
    const mutation = 'mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id } }';
    const invalidNumber = await gw.graphql(mutation, { input: { to: '+1234', body: 'hi' } }, token);
    expect(invalidNumber.body.errors[0].extensions.code).toBe('INVALID_PHONE_NUMBER');
    const tooLong = await gw.graphql(mutation, { input: { to: '+4915123456789', body: 'a'.repeat(1531) } }, token);
    expect(tooLong.body.errors[0].extensions.code).toBe('BODY_TOO_LONG');
    const empty = await gw.graphql(mutation, { input: { to: '+4915123456789', body: '' } }, token);
    expect(empty.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const anonymous = await gw.graphql(mutation, { input: { to: '+4915123456789', body: 'hi' } });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await gw.footprint()).toEqual(before);
  });

  it('refuses a wrong pairing code with INVALID_PAIRING_CODE and a malformed one with VALIDATION_FAILED', async () => {
    const before = await gw.footprint();
    const wrong = await gw.request('POST', '/v1/agent/pair', { json: { code: 'ABCD-EFGH' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('INVALID_PAIRING_CODE');
    const malformed = await gw.request('POST', '/v1/agent/pair', { json: { code: '<script>' } });
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    expect(await gw.footprint()).toEqual(before);
  });

  it('lets a pairing code be redeemed only once', async () => {
    const created = await gw.request('POST', '/v1/devices', { token, json: { name: 'once' } });
    const code: string = created.body.pairing.code;
    const first = await gw.request('POST', '/v1/agent/pair', { json: { code } });
    expect(first.status).toBe(201);
    expect(first.body.token).toMatch(/^dev_/);
    const second = await gw.request('POST', '/v1/agent/pair', { json: { code } });
    expect(second.body.code).toBe('INVALID_PAIRING_CODE');
  });

  it('refuses an agent socket with a bad token before it is connected', async () => {
    const socket = io(`${gw.url}/agent`, {
      auth: { token: 'dev_not-a-real-token' },
      transports: ['websocket'],
      reconnection: false,
    });
    const error = await new Promise<Error>((resolve, reject) => {
      socket.on('connect', () => reject(new Error('a socket with a bad token was connected')));
      socket.on('connect_error', resolve);
    });
    socket.close();
    expect(error.message).toBe('UNAUTHENTICATED');
  });

  it('drops a revoked phone at once and refuses its token afterwards', async () => {
    const phone = await gw.pairAgent(token, { name: 'to-revoke' });
    const disconnected = new Promise<void>((resolve) => phone.agent.on('disconnected', () => resolve()));
    const revoked = await gw.request('DELETE', `/v1/devices/${phone.deviceId}`, { token });
    expect(revoked.status).toBe(204);
    await disconnected;
    const socket = io(`${gw.url}/agent`, {
      auth: { token: phone.token },
      transports: ['websocket'],
      reconnection: false,
    });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    socket.close();
    expect(error.message).toBe('UNAUTHENTICATED');
  });

  it('refuses a status report for a message the phone was never given', async () => {
    const phone = await gw.pairAgent(token, { name: 'liar' });
    const socket = io(`${gw.url}/agent`, {
      auth: { token: phone.token },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    const before = await gw.footprint();
    const bogus = await socket.emitWithAck('message.status', {
      id: '01a21528-1b49-7168-bdc1-8c5e92d53356',
      status: 'delivered',
      at: new Date().toISOString(),
    });
    const malformed = await socket.emitWithAck('message.status', { id: 'x', status: 'teleported' });
    socket.close();
    expect(bogus).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(malformed).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
    expect(await gw.footprint()).toEqual(before);
  });
});

/** The token's claims changed and signed with the gateway's real key: only the changed claim is wrong. */
async function signed(jwt: string, options: { expiresIn?: number; audience?: string }): Promise<string> {
  const { sub, acc, kind, role, scope } = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<
    string,
    unknown
  >;
  return gwRef.running.app.get(JwtService).signAsync({ sub, acc, kind, role, scope }, options);
}

/** The token's claims re-encoded with `alg: none` and no signature: a classic forgery. */
function unsignedCopy(jwt: string): string {
  const [, payload] = jwt.split('.');
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${payload}.`;
}
