import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const ALICE = '+4915123450001';
const BOB = '+4915123450002';
const enc = encodeURIComponent;

describe('conversations: threads per number, inbound and outbound merged (DESIGN.md §9)', () => {
  let gw: TestGateway;
  let owner: string;
  let phone: HeadlessAgent;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
    phone = await gw.pairAgent(owner, { name: 'thread-phone' });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const send = async (to: string, body: string) => {
    const res = await gw.request('POST', '/v1/messages', { token: owner, json: { to, body } });
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const receive = async (from: string, body: string) => {
    const before = (await gw.db.query('SELECT count(*)::int AS n FROM inbound_messages')).rows[0].n as number;
    phone.transport.simulateIncoming({ from, body, simSlot: 0 });
    await waitFor(
      async () => (await gw.db.query('SELECT count(*)::int AS n FROM inbound_messages')).rows[0].n as number,
      (n) => n > before,
      { what: `the SMS "${body}" to be stored` },
    );
  };

  it('lists threads newest first with unread counts, and merges a thread in time order across pages', async () => {
    await send(ALICE, 'hello alice');
    await receive(ALICE, 'hi back');
    await send(BOB, 'hello bob');
    await receive(ALICE, 'are you there?');

    const threads = await gw.request('GET', '/v1/conversations', { token: owner });
    expect(threads.status).toBe(200);
    expect(threads.body.data).toEqual([
      {
        number: ALICE,
        lastMessageAt: expect.any(String),
        lastBody: 'are you there?',
        lastDirection: 'inbound',
        unread: 2,
      },
      { number: BOB, lastMessageAt: expect.any(String), lastBody: 'hello bob', lastDirection: 'outbound', unread: 0 },
    ]);

    const first = await gw.request('GET', `/v1/conversations/${enc(ALICE)}/messages?limit=2`, { token: owner });
    expect(first.body.data.map((m: { body: string }) => m.body)).toEqual(['are you there?', 'hi back']);
    expect(first.body.data[0]).toMatchObject({ direction: 'inbound', status: null, simSlot: 0 });
    const second = await gw.request(
      'GET',
      `/v1/conversations/${enc(ALICE)}/messages?limit=2&cursor=${first.body.nextCursor}`,
      { token: owner },
    );
    expect(second.body.data).toEqual([
      expect.objectContaining({ body: 'hello alice', direction: 'outbound', status: expect.any(String) }),
    ]);
    expect(second.body.nextCursor).toBeNull();

    const gql = await gw.graphql(
      `query($n: String!) { conversation(number: $n) { number unread lastBody messages(first: 5) { edges { node { body direction } } } } }`,
      { n: ALICE },
      owner,
    );
    expect(gql.body.data.conversation).toEqual({
      number: ALICE,
      unread: 2,
      lastBody: 'are you there?',
      messages: {
        edges: [
          { node: { body: 'are you there?', direction: 'inbound' } },
          { node: { body: 'hi back', direction: 'inbound' } },
          { node: { body: 'hello alice', direction: 'outbound' } },
        ],
      },
    });
  });

  it('marks a thread read (REST and GraphQL), and a new SMS counts as unread again', async () => {
    const read = await gw.request('POST', `/v1/conversations/${enc(ALICE)}/read`, { token: owner });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ number: ALICE, unread: 0 });
    await receive(ALICE, 'one more');
    const threads = await gw.graphql('{ conversations(first: 1) { edges { node { number unread } } } }', {}, owner);
    expect(threads.body.data.conversations.edges).toEqual([{ node: { number: ALICE, unread: 1 } }]);
    const marked = await gw.graphql(
      'mutation($n: String!) { markConversationRead(input: { number: $n }) { unread } }',
      { n: ALICE },
      owner,
    );
    expect(marked.body.data.markConversationRead.unread).toBe(0);
  });

  it('pages the thread list with cursors and filters by number prefix', async () => {
    const page1 = await gw.request('GET', '/v1/conversations?limit=1', { token: owner });
    const page2 = await gw.request('GET', `/v1/conversations?limit=1&cursor=${page1.body.nextCursor}`, {
      token: owner,
    });
    expect([...page1.body.data, ...page2.body.data].map((t: { number: string }) => t.number)).toEqual([ALICE, BOB]);
    const filtered = await gw.request('GET', `/v1/conversations?number=${enc(BOB)}`, { token: owner });
    expect(filtered.body.data.map((t: { number: string }) => t.number)).toEqual([BOB]);
  });

  it('shows another account nothing of these threads, and NOT_FOUND when it marks one read', async () => {
    const other = await gw.createAccount('Other Co');
    expect((await gw.request('GET', '/v1/conversations', { token: other.token })).body.data).toEqual([]);
    const messages = await gw.request('GET', `/v1/conversations/${enc(ALICE)}/messages`, { token: other.token });
    expect(messages.body.data).toEqual([]);
    const read = await gw.request('POST', `/v1/conversations/${enc(ALICE)}/read`, { token: other.token });
    expect(read.status).toBe(404);
    const gql = await gw.graphql(
      'query($n: String!) { conversation(number: $n) { number } }',
      { n: ALICE },
      other.token,
    );
    expect(gql.body.data.conversation).toBeNull();
  });

  it('refuses a bad cursor, a bad limit and a number with control characters, changing nothing', async () => {
    const before = await gw.footprint();
    for (const path of [
      '/v1/conversations?cursor=nonsense',
      '/v1/conversations?limit=0',
      `/v1/conversations/${enc('+49\u0000')}/messages`,
      `/v1/conversations/${enc(ALICE)}/messages?cursor=nonsense`,
    ]) {
      const res = await gw.request('GET', path, { token: owner });
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const read = await gw.request('POST', `/v1/conversations/${enc('+49\u0007')}/read`, { token: owner });
    expect(read.status).toBe(400);
    expect(await gw.footprint()).toEqual(before);
  });

  it('pushes conversationUpdated when an SMS arrives in a thread', async () => {
    const client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${owner}` },
      retryAttempts: 0,
    });
    const events: unknown[] = [];
    const dispose = client.subscribe(
      { query: 'subscription { conversationUpdated { number direction body messageId at } }' },
      { next: (r) => events.push(r.data?.conversationUpdated), error: () => undefined, complete: () => undefined },
    );
    const accountId = (await gw.db.query('SELECT account_id FROM users LIMIT 1')).rows[0].account_id as string;
    await waitFor(
      async () => (await gw.redis.pubsub('NUMSUB', `${gw.config.REDIS_PREFIX}:account:${accountId}:inbound`))[1],
      (n) => Number(n) > 0,
      { what: 'the subscription to listen' },
    );
    await receive(BOB, 'bob writes');
    await waitFor(
      () => events.length,
      (n) => n > 0,
      { what: 'a conversationUpdated event' },
    );
    expect(events[0]).toEqual({
      number: BOB,
      direction: 'inbound',
      body: 'bob writes',
      messageId: expect.any(String),
      at: expect.any(String),
    });
    dispose();
    await client.dispose();
  });

  it('uses the indexes for a thread of 10,000 messages', async () => {
    const accountId = (await gw.db.query('SELECT account_id FROM users LIMIT 1')).rows[0].account_id as string;
    await gw.db.query(
      `INSERT INTO messages (id, account_id, "to", body, status, segments, encoding, expires_at, created_at, updated_at)
       SELECT gen_random_uuid(), $1, '+4915123459999', 'bulk ' || i, 'delivered', 1, 'GSM-7', now() + interval '1 day',
              now() - make_interval(secs => i), now()
         FROM generate_series(1, 10000) AS i`,
      [accountId],
    );
    // As much traffic to other numbers, so reading the account in time order is not a shortcut.
    await gw.db.query(
      `INSERT INTO messages (id, account_id, "to", body, status, segments, encoding, expires_at, created_at, updated_at)
       SELECT gen_random_uuid(), $1, '+49151234' || lpad((i % 500)::text, 5, '0'), 'other ' || i, 'delivered', 1,
              'GSM-7', now() + interval '1 day', now() - make_interval(secs => i), now()
         FROM generate_series(1, 10000) AS i`,
      [accountId],
    );
    await gw.db.query('ANALYZE messages');
    const plan = async (sql: string) =>
      (await gw.db.query(`EXPLAIN ${sql}`, [accountId, '+4915123459999'])).rows
        .map((r: Record<string, string>) => r['QUERY PLAN'])
        .join('\n');
    expect(
      await plan(
        `SELECT id FROM messages WHERE account_id = $1 AND "to" = $2 ORDER BY created_at DESC, id DESC LIMIT 51`,
      ),
    ).toContain('messages_account_to_created_idx');
    expect(
      await plan(
        `SELECT id FROM inbound_messages WHERE account_id = $1 AND "from" = $2 ORDER BY received_at DESC, id DESC LIMIT 51`,
      ),
    ).toContain('inbound_messages_account_from_received_idx');
    const page = await gw.request('GET', `/v1/conversations/${enc('+4915123459999')}/messages?limit=50`, {
      token: owner,
    });
    expect(page.body.data).toHaveLength(50);
    expect(page.body.data[0].body).toBe('bulk 1');
  });
});
