import { createHash, randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GRAPHQL_LIMITS } from '../../src/common/graphql-limits.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const SEND = (alias: string, i: number) =>
  `${alias}: sendMessage(input: {to: "+4915123456${String(i).padStart(3, '0')}", body: "hi"}) { id }`;

/** `count` aliased sends in one mutation document. */
const aliasedSends = (count: number) =>
  `mutation { ${Array.from({ length: count }, (_, i) => SEND(`m${i}`, i)).join(' ')} }`;

/** A page of messages with their events: the console's largest list costs about 19,000. */
const MESSAGE_PAGE = (alias: string, first: string) =>
  `${alias}: messages(first: ${first}) { edges { node { id to from body status events { status at source } } } }`;

describe('GraphQL limits: documents too large, deep, wide or costly are refused before anything runs', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    token = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function expectRefused(query: string, code: string, variables: Record<string, unknown> = {}) {
    const before = await gw.footprint();
    const res = await gw.graphql(query, variables, token);
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors[0].extensions.code).toBe(code);
    expect(await gw.footprint()).toEqual(before);
    return res;
  }

  it('refuses 500 aliased sendMessage mutations with QUERY_TOO_COMPLEX and writes no message', async () => {
    // So large a document stops at the parser's token limit, before anything counts its aliases.
    const res = await expectRefused(aliasedSends(500), 'QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].extensions.limit).toBe('tokens');
  });

  it('allows 5 mutations in one request and refuses 6 (a batch goes through sendMessages)', async () => {
    const refused = await expectRefused(aliasedSends(GRAPHQL_LIMITS.rootMutationFields + 1), 'QUERY_TOO_COMPLEX');
    expect(refused.body.errors[0].extensions.limit).toBe('rootMutationFields');
    expect(refused.body.errors[0].message).toContain('sendMessages');

    const before = (await gw.footprint()).messages;
    const allowed = await gw.graphql(aliasedSends(GRAPHQL_LIMITS.rootMutationFields), {}, token);
    expect(allowed.body.errors).toBeUndefined();
    expect(Object.keys(allowed.body.data)).toHaveLength(GRAPHQL_LIMITS.rootMutationFields);
    expect((await gw.footprint()).messages).toBe(before + GRAPHQL_LIMITS.rootMutationFields);
  });

  it('refuses more than 15 aliases in a query', async () => {
    const aliases = Array.from({ length: GRAPHQL_LIMITS.aliases + 1 }, (_, i) => `a${i}: me { kind }`).join(' ');
    const res = await expectRefused(`{ ${aliases} }`, 'QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].extensions.limit).toBe('aliases');
  });

  it('refuses a document nested deeper than 8 before validating it against the schema', async () => {
    // Not even valid against the schema: the depth is refused first, so validation never runs.
    const res = await expectRefused('{ a { b { c { d { e { f { g { h { i } } } } } } } } }', 'QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].extensions.limit).toBe('depth');
    // Eight levels pass the limit (and then fail validation, as unknown fields do).
    const eight = await gw.graphql('{ a { b { c { d { e { f { g { h } } } } } } } }', {}, token);
    expect(eight.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });

  it('counts fields through fragments as often as they are spread (a fragment bomb)', async () => {
    const bomb = `query { me { ...F3 } }
      fragment F0 on Me { kind subjectId scopes }
      fragment F1 on Me { ...F0 ...F0 ...F0 ...F0 ...F0 ...F0 }
      fragment F2 on Me { ...F1 ...F1 ...F1 ...F1 ...F1 ...F1 }
      fragment F3 on Me { ...F2 ...F2 ...F2 ...F2 ...F2 ...F2 }`;
    const res = await expectRefused(bomb, 'QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].extensions.limit).toBe('fields');
  });

  it('refuses a query whose pages cost more than the limit, counting `first` from variables too', async () => {
    const one = await gw.graphql(`{ ${MESSAGE_PAGE('m1', '500')} }`, {}, token);
    expect(one.body.errors).toBeUndefined();
    const two = await expectRefused(
      `{ ${MESSAGE_PAGE('m1', '500')} ${MESSAGE_PAGE('m2', '500')} }`,
      'QUERY_TOO_COMPLEX',
    );
    expect(two.body.errors[0].extensions.limit).toBe('cost');
    const withVariables = `query Pages($n: Int) { ${MESSAGE_PAGE('m1', '$n')} ${MESSAGE_PAGE('m2', '$n')} }`;
    await expectRefused(withVariables, 'QUERY_TOO_COMPLEX', { n: 500 });
    const small = await gw.graphql(withVariables, { n: 20 }, token);
    expect(small.body.errors).toBeUndefined();
  });

  it('stops parsing at the token limit', async () => {
    const query = `{ ${'__typename '.repeat(GRAPHQL_LIMITS.tokens + 10)}}`;
    expect(Buffer.byteLength(query)).toBeLessThan(GRAPHQL_LIMITS.bodyBytes);
    const res = await expectRefused(query, 'QUERY_TOO_COMPLEX');
    expect(res.body.errors[0].message).toContain(`${GRAPHQL_LIMITS.tokens} tokens`);
    expect(res.body.errors[0].extensions.limit).toBe('tokens');
  });

  it('answers a 1 MiB document with 413 in under 100 ms while another request is served meanwhile', async () => {
    const huge = JSON.stringify({ query: `{ ${'me { kind } '.repeat(90_000)}}` });
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1024 * 1024);
    // Warm the connection pool and the code paths, so the measure is the refusal alone.
    await gw.graphql('{ me { kind } }', {}, token);
    await gw.request('POST', '/graphql', { token, raw: huge, contentType: 'application/json' });

    const started = performance.now();
    const [refused, served] = await Promise.all([
      gw
        .request('POST', '/graphql', { token, raw: huge, contentType: 'application/json' })
        .then((res) => ({ res, ms: performance.now() - started })),
      gw.graphql('{ me { kind } }', {}, token),
    ]);
    expect(refused.res.status).toBe(413);
    expect(refused.res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused.ms).toBeLessThan(100);
    expect(served.status).toBe(200);
    expect(served.body.data.me.kind).toBe('user');
  });

  it('refuses a query that is not a string, and a pre-parsed document sent as a string', async () => {
    const document = parse('{ me { kind } }');
    const asObject = await gw.request('POST', '/graphql', { token, json: { query: document } });
    expect(asObject.status).toBe(400);
    expect(asObject.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const asJsonText = await gw.request('POST', '/graphql', { token, json: { query: JSON.stringify(document) } });
    expect(asJsonText.status).toBe(400);
    expect(asJsonText.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(asJsonText.body.errors[0].message).toContain('not a parsed one');
  });

  it('settles the caller before parsing: without a valid token a request is anonymous, with a small body', async () => {
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const authorization of [undefined, forged]) {
      const headers: Record<string, string> = authorization ? { authorization: `Bearer ${authorization}` } : {};
      // Public fields work, as REST ignores the header of public routes (a refresh with a stale token).
      const signIn = await gw.request('POST', '/graphql', {
        headers,
        json: {
          query: 'mutation($input: SignInInput!) { signIn(input: $input) { tokenType } }',
          variables: { input: { email: 'admin@example.test', password: 'test-admin-password' } },
        },
      });
      expect(signIn.body.data.signIn.tokenType).toBe('Bearer');
      // Every other field needs the token.
      const me = await gw.request('POST', '/graphql', { headers, json: { query: '{ me { kind } }' } });
      expect(me.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      // And no large document is read, let alone parsed, for a caller without a valid token.
      const large = JSON.stringify({ query: `{ ${'me { kind } '.repeat(1000)}}` });
      expect(Buffer.byteLength(large)).toBeGreaterThan(GRAPHQL_LIMITS.anonymousBodyBytes);
      expect(Buffer.byteLength(large)).toBeLessThan(GRAPHQL_LIMITS.bodyBytes);
      const refused = await gw.request('POST', '/graphql', { headers, raw: large, contentType: 'application/json' });
      expect(refused.status).toBe(413);
      expect(refused.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    }
    // With the valid token the same document is read and parsed (and then refused for its size).
    const large = JSON.stringify({ query: `{ ${'me { kind } '.repeat(1000)}}` });
    const parsed = await gw.request('POST', '/graphql', { token, raw: large, contentType: 'application/json' });
    expect(parsed.status).toBe(400);
    expect(parsed.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a batch, a one-item array or a number as the query, and a body without a query', async () => {
    for (const json of [
      [{ query: '{ me { kind } }' }],
      { query: ['{ me { kind } }'] },
      { query: 42 },
      { variables: {} },
    ]) {
      const res = await gw.request('POST', '/graphql', { token, json });
      expect({ json, status: res.status }).toEqual({ json, status: 400 });
      expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers a body that is not JSON (malformed, invalid UTF-8, empty) with 400 MALFORMED_JSON, as REST does', async () => {
    for (const raw of ['{"query": "{ me { kind } }"', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), '']) {
      const res = await gw.request('POST', '/graphql', { token, raw, contentType: 'application/json' });
      expect({ raw: String(raw), status: res.status }).toEqual({ raw: String(raw), status: 400 });
      expect(res.body.errors[0].extensions.code).toBe('MALFORMED_JSON');
    }
  });

  it('runs automatic persisted queries: an unknown hash asks for the query, then the hash alone works', async () => {
    const query = `query Persisted { me { kind } } # ${randomBytes(4).toString('hex')}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const unknown = await gw.request('POST', '/graphql', { token, json: { extensions } });
    expect(unknown.body.errors[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    const registered = await gw.request('POST', '/graphql', { token, json: { query, extensions } });
    expect(registered.body.data.me.kind).toBe('user');
    const byHash = await gw.request('POST', '/graphql', { token, json: { extensions } });
    expect(byHash.body).toEqual({ data: { me: { kind: 'user' } } });
    const mismatch = await gw.request('POST', '/graphql', {
      token,
      json: { query: '{ me { subjectId } }', extensions },
    });
    expect(mismatch.body.errors[0].message).toContain('does not match');
  });

  it('applies the same limits to subscriptions over graphql-ws', async () => {
    const client: Client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    try {
      const errorsOf = async (query: unknown) => {
        const errors: { message: string; extensions?: { code?: string } }[] = [];
        client.subscribe(
          { query: query as string },
          {
            next: (result) => errors.push(...(result.errors ?? [])),
            error: (error) => errors.push(...(Array.isArray(error) ? error : [error as { message: string }])),
            complete: () => undefined,
          },
        );
        return waitFor(
          () => errors,
          (e) => e.length > 0,
          { what: 'a refusal' },
        );
      };
      const aliases = Array.from({ length: 16 }, (_, i) => `s${i}: messageStatusChanged { status }`).join(' ');
      expect((await errorsOf(`subscription { ${aliases} }`))[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      // Mercurius itself does not validate subscriptions against the schema; the gateway does.
      const invalid = await errorsOf('subscription { messageStatusChanged { noSuchField } }');
      expect(invalid[0].extensions?.code).toBe('VALIDATION_FAILED');
    } finally {
      await client.dispose();
    }
  });

  it('refuses a subscribe message whose query is a pre-parsed document', async () => {
    // graphql-ws clients will not send one, so this speaks the protocol on a raw socket.
    const socket = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const messages: { type: string; id?: string; payload?: unknown }[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
    try {
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await waitFor(
        () => messages.map((m) => m.type),
        (types) => types.includes('connection_ack'),
        { what: 'connection_ack' },
      );
      const query = parse('subscription { messageStatusChanged { status } }', { noLocation: true });
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      const error = await waitFor(
        () => messages.find((m) => m.type === 'error' && m.id === '1'),
        (m) => m !== undefined,
        { what: 'the refusal of the subscribe message' },
      );
      expect(error!.payload).toMatchObject([{ extensions: { code: 'VALIDATION_FAILED' } }]);
    } finally {
      socket.close();
    }
  });

  it('closes a graphql-ws connection that sends a message over 64 KiB (1009, message too big)', async () => {
    const socket = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const query = `subscription { messageStatusChanged { status } } # ${'x'.repeat(GRAPHQL_LIMITS.bodyBytes)}`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    expect(await closed).toBe(1009);
  });

  it('has introspection and GraphiQL outside production', async () => {
    const res = await gw.graphql('{ __schema { queryType { name } } }', {}, token);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
    expect((await gw.request('GET', '/graphiql')).status).toBe(200);
  });
});

describe('GraphQL in production', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };

  it('turns introspection and GraphiQL off, and on again with GRAPHQL_INTROSPECTION=true', async () => {
    const off = await TestGateway.start(production);
    try {
      const token = await off.login();
      const res = await off.graphql('{ __schema { queryType { name } } }', {}, token);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0].message).toContain('introspection');
      expect((await off.request('GET', '/graphiql')).status).toBe(404);
      // Ordinary queries are unaffected.
      expect((await off.graphql('{ me { kind } }', {}, token)).body.data.me.kind).toBe('user');
    } finally {
      await off.stop();
    }

    const on = await TestGateway.start({ ...production, GRAPHQL_INTROSPECTION: 'true' });
    try {
      const res = await on.graphql('{ __schema { queryType { name } } }', {}, await on.login());
      expect(res.body.data.__schema.queryType.name).toBe('Query');
      expect((await on.request('GET', '/graphiql')).status).toBe(200);
    } finally {
      await on.stop();
    }
  });
});
