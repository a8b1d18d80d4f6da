import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';

const TO = '+4915123456789';

/**
 * Text PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate), and JSON nested
 * deep enough to overflow a recursive walk, are refused where they enter, on every route, with
 * nothing written; and one failing item of a group commit fails alone.
 */
describe('input that could poison a shared write', () => {
  let gw: TestGateway;
  let owner: string;
  let other: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
    other = (await gw.createAccount('Neighbour')).token;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('refuses NUL and lone surrogates in any text field of a send, naming the field, and writes nothing', async () => {
    const before = await gw.footprint();
    const cases: [unknown, string, string][] = [
      [{ to: TO, body: 'hi', from: 'Shop\u0000' }, 'from', 'VALIDATION_FAILED'],
      [{ to: TO, body: 'hi', from: 'Shop\ud800' }, 'from', 'VALIDATION_FAILED'],
      [{ to: TO, body: 'hi', metadata: { note: 'a\u0000b' } }, 'metadata.note', 'VALIDATION_FAILED'],
      [{ to: TO, body: 'hi', metadata: { ['k\u0000']: 1 } }, 'metadata', 'VALIDATION_FAILED'],
      [{ to: TO, body: 'hi', metadata: { list: ['ok', '\udc00'] } }, 'metadata.list[1]', 'VALIDATION_FAILED'],
      [{ to: TO, body: 'hi', callbackUrl: 'https://example.com/\u0000' }, 'callbackUrl', 'VALIDATION_FAILED'],
      [{ to: `${TO}\u0000`, body: 'hi' }, 'to', 'VALIDATION_FAILED'],
      [{ to: TO, body: 'a\u0000b' }, 'body', 'INVALID_BODY'],
    ];
    for (const [json, field, code] of cases) {
      const res = await gw.request('POST', '/v1/messages', { token: owner, json });
      expect({ json, status: res.status, code: res.body.code }).toEqual({
        json,
        status: code === 'INVALID_BODY' ? 422 : 400,
        code,
      });
      if (code === 'VALIDATION_FAILED') expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await gw.footprint()).toEqual(before);
  });

  it('refuses them in query strings, GraphQL variables and literals, and other routes too', async () => {
    const before = await gw.footprint();
    const list = await gw.request('GET', `/v1/messages?to=${encodeURIComponent(`${TO}\u0000`)}`, { token: owner });
    expect(list.status).toBe(400);
    expect(list.body.code).toBe('VALIDATION_FAILED');
    const device = await gw.request('POST', '/v1/devices', { token: owner, json: { name: 'phone\u0000' } });
    expect(device.status).toBe(400);
    expect(device.body.errors[0].field).toBe('name');
    const variables = await gw.graphql(
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { to: TO, body: 'hi', from: 'x\u0000' } },
      owner,
    );
    expect(variables.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const literal = await gw.graphql(
      'mutation { sendMessage(input: {to: "+4915123456789", body: "hi", from: "x\\u0000"}) { id } }',
      {},
      owner,
    );
    expect(literal.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(await gw.footprint()).toEqual(before);
  });

  it('refuses them in what a phone reports over the agent protocol, storing nothing', async () => {
    const phone = await rawPhone(gw, owner, 'poisoned-phone');
    const socket = await phone.connect();
    const before = await gw.footprint();
    const sms = { from: '+4915123450000', body: 'hello', receivedAt: new Date().toISOString(), simSlot: 0 };
    expect(await socket.timeout(5000).emitWithAck('sms.received', { ...sms, from: '+49151\u0000' })).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(await socket.timeout(5000).emitWithAck('sms.received', { ...sms, body: 'a\ud800' })).toEqual({
      ok: false,
      code: 'INVALID_BODY',
    });
    expect(await gw.footprint()).toEqual(before);
    socket.disconnect();
  });

  it('refuses a poisoned item of a batch alone: the others are accepted', async () => {
    const res = await gw.request('POST', '/v1/messages/batch', {
      token: owner,
      json: {
        messages: [
          { to: TO, body: 'batch ok 1' },
          { to: TO, body: 'batch bad', metadata: { k: '\u0000' } },
          { to: TO, body: 'batch ok 2' },
        ],
      },
    });
    expect(res.status).toBe(202);
    expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([202, 400, 202]);
    expect(res.body.results[1].error.errors[0].field).toBe('metadata.k');
  });

  it('refuses JSON nested 100,000 levels deep, and metadata deeper than 5 levels, with 400', async () => {
    const before = await gw.footprint();
    const deep = `{"to":"${TO}","body":"hi","metadata":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const res = await gw.request('POST', '/v1/messages', { token: owner, raw: deep, contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const gql = await gw.request('POST', '/graphql', {
      token: owner,
      // 20,000 levels: the GraphQL route's body limit is 64 KiB.
      raw: `{"query":"{ me { id } }","variables":{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`,
      contentType: 'application/json',
    });
    expect(gql.status).toBe(400);
    expect(gql.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { n: nest(levels - 1) });
    const tooDeep = await gw.request('POST', '/v1/messages', {
      token: owner,
      json: { to: TO, body: 'hi', metadata: nest(6) },
    });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors[0].field).toBe('metadata');
    expect(await gw.footprint()).toEqual(before);
    const fine = await gw.request('POST', '/v1/messages', {
      token: owner,
      json: { to: TO, body: 'hi', metadata: nest(5) },
    });
    expect(fine.status).toBe(202);
  });

  it('fails only the item whose row the database refuses, when many callers of two accounts share a group commit', async () => {
    // A fault the validation cannot see: a test-only trigger that makes PostgreSQL refuse one row.
    await gw.db.query(`CREATE OR REPLACE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$`);
    await gw.db.query(
      'CREATE TRIGGER test_poison BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION test_poison()',
    );
    try {
      const sends = Array.from({ length: 40 }, (_, i) => ({
        token: i % 2 === 0 ? owner : other,
        body: i === 17 ? 'poison' : `group ${i}`,
      }));
      const answers = await Promise.all(
        sends.map((s) => gw.request('POST', '/v1/messages', { token: s.token, json: { to: TO, body: s.body } })),
      );
      expect(answers.map((a) => a.status)).toEqual(sends.map((s) => (s.body === 'poison' ? 500 : 202)));
      const ids = answers.filter((a) => a.status === 202).map((a) => a.body.id as string);
      const { rows } = await gw.db.query<{ body: string; n: number }>(
        'SELECT body, count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[]) OR body = ANY($2) GROUP BY body',
        [ids, sends.map((s) => s.body)],
      );
      expect(rows.sort((a, b) => a.body.localeCompare(b.body))).toEqual(
        sends
          .filter((s) => s.body !== 'poison')
          .map((s) => ({ body: s.body, n: 1 }))
          .sort((a, b) => a.body.localeCompare(b.body)),
      );
    } finally {
      await gw.db.query('DROP TRIGGER test_poison ON messages');
      await gw.db.query('DROP FUNCTION test_poison()');
    }
  });
});
