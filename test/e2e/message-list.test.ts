import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway, type ApiResponse } from '../support/gateway.js';

const DE = '+4915123456789';
const UK = '+447400123456';
const STATUSES = ['queued', 'sent', 'delivered', 'failed'] as const;

interface Row {
  id: string;
  /** Canonical UTC text with microseconds, as the fixture wrote it. */
  t: string;
  status: string;
  to: string;
}

interface Connection {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface InboundRow {
  id: string;
  t: string;
  from: string;
  deviceId: string | null;
}

/** `2026-03-01T00:00:00.000000Z` plus the given seconds and microseconds. */
function at(seconds: number, micros = 0): string {
  const base = Date.UTC(2026, 2, 1) + seconds * 1000;
  return `${new Date(base).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

/** Newest first, ties broken by id: the order every list promises. */
const newestFirst = <T extends { t: string; id: string }>(rows: T[]): T[] =>
  [...rows].sort((a, b) => (a.t === b.t ? (a.id < b.id ? 1 : -1) : a.t < b.t ? 1 : -1));

describe('listing messages and inbound messages', () => {
  let gw: TestGateway;
  let token: string;
  let accountId: string;
  let other: { accountId: string; token: string };
  let rows: Row[];
  let otherRows: Row[];

  async function insertMessages(account: string, fixture: Row[]): Promise<void> {
    for (const r of fixture) {
      await gw.db.query(
        `INSERT INTO messages (id, account_id, "to", body, status, segments, encoding, priority, attempts,
                               expires_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, 'GSM-7', 'normal', 0, $6::timestamptz + interval '1 day', $6, $6)`,
        [r.id, account, r.to, `body ${r.id}`, r.status, r.t],
      );
    }
  }

  /** Follows `nextCursor` to the end; returns the ids in the order served and the pages' sizes. */
  async function walk(path: string, authToken = token): Promise<{ ids: string[]; sizes: number[]; pages: any[] }> {
    const ids: string[] = [];
    const sizes: number[] = [];
    const pages: any[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 200; i++) {
      const sep = path.includes('?') ? '&' : '?';
      const res: ApiResponse = await gw.request('GET', cursor ? `${path}${sep}cursor=${cursor}` : path, {
        token: authToken,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      pages.push(res.body);
      ids.push(...res.body.data.map((m: { id: string }) => m.id));
      sizes.push(res.body.data.length);
      cursor = res.body.nextCursor;
      if (cursor === null) return { ids, sizes, pages };
    }
    throw new Error('the list never ended');
  }

  beforeAll(async () => {
    gw = await TestGateway.start();
    token = await gw.login();
    const admin = await gw.db.query<{ account_id: string }>('SELECT account_id FROM users WHERE email = $1', [
      'admin@example.test',
    ]);
    accountId = admin.rows[0].account_id;
    other = await gw.createAccount('Other tenant');

    // 120 messages: groups of five share one created_at exactly, and within each millisecond the
    // groups differ by microseconds only, so a cursor rounded to milliseconds would skip rows.
    rows = Array.from({ length: 120 }, (_, i) => ({
      id: randomUUID(),
      t: at(Math.floor(i / 15), (Math.floor(i / 5) % 3) * 100),
      status: STATUSES[i % STATUSES.length],
      to: i % 3 === 0 ? UK : DE,
    }));
    otherRows = Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), t: at(i, 50), status: 'queued', to: DE }));
    await insertMessages(accountId, rows);
    await insertMessages(other.accountId, otherRows);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  describe('GET /v1/messages', () => {
    it('walks every message exactly once, newest first, ties on created_at broken by id', async () => {
      const expected = newestFirst(rows).map((r) => r.id);
      expect(new Set(rows.map((r) => r.t)).size).toBe(24);
      const { ids, sizes, pages } = await walk('/v1/messages?limit=7');
      expect(ids).toEqual(expected);
      expect(sizes).toEqual([...Array(17).fill(7), 1]);
      expect(pages.at(-1).nextCursor).toBeNull();
      expect(pages.slice(0, -1).every((p) => typeof p.nextCursor === 'string')).toBe(true);
    });

    it('serves 50 by default and ends with a null cursor when the last page is exactly full', async () => {
      const first = await gw.request('GET', '/v1/messages', { token });
      expect(first.body.data).toHaveLength(50);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const { sizes, pages } = await walk('/v1/messages?limit=40');
      expect(sizes).toEqual([40, 40, 40]);
      expect(pages[2].nextCursor).toBeNull();
    });

    it('lists the message resource without events', async () => {
      const res = await gw.request('GET', '/v1/messages?limit=1', { token });
      const [item] = res.body.data;
      const row = newestFirst(rows)[0];
      expect(item).toMatchObject({
        id: row.id,
        to: row.to,
        from: null,
        body: `body ${row.id}`,
        status: row.status,
        errorCode: null,
        segments: 1,
        encoding: 'GSM-7',
        priority: 'normal',
        deviceId: null,
        attempts: 0,
        createdAt: `${row.t.slice(0, 23)}Z`,
        metadata: null,
      });
      expect(item).not.toHaveProperty('events');
    });

    it('keeps later pages where they were when messages arrive after page 1', async () => {
      const expected = newestFirst(rows).map((r) => r.id);
      const page1 = await gw.request('GET', '/v1/messages?limit=10', { token });
      expect(page1.body.data.map((m: { id: string }) => m.id)).toEqual(expected.slice(0, 10));

      // Newer than everything, and one at the exact time of page 1's last row with a higher id.
      const newest = newestFirst(rows)[0];
      const lastShown = newestFirst(rows)[9];
      const arrivals: Row[] = [
        { id: randomUUID(), t: at(3600), status: 'queued', to: DE },
        { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', t: lastShown.t, status: 'queued', to: DE },
        { id: randomUUID(), t: newest.t, status: 'queued', to: DE },
      ];
      await insertMessages(accountId, arrivals);
      try {
        const page2 = await gw.request('GET', `/v1/messages?limit=10&cursor=${page1.body.nextCursor}`, { token });
        expect(page2.body.data.map((m: { id: string }) => m.id)).toEqual(expected.slice(10, 20));
      } finally {
        await gw.db.query('DELETE FROM messages WHERE id = ANY($1::uuid[])', [arrivals.map((a) => a.id)]);
      }
    });

    it('filters by status, one or several (comma-separated or repeated)', async () => {
      const failed = newestFirst(rows.filter((r) => r.status === 'failed')).map((r) => r.id);
      expect((await walk('/v1/messages?status=failed&limit=7')).ids).toEqual(failed);

      const either = newestFirst(rows.filter((r) => r.status === 'failed' || r.status === 'queued')).map((r) => r.id);
      expect((await walk('/v1/messages?status=queued,failed&limit=9')).ids).toEqual(either);
      expect((await walk('/v1/messages?status=failed&status=queued&limit=500')).ids).toEqual(either);
    });

    it('filters by recipient, with the + encoded or not', async () => {
      const uk = newestFirst(rows.filter((r) => r.to === UK)).map((r) => r.id);
      expect((await walk(`/v1/messages?to=${encodeURIComponent(UK)}&limit=11`)).ids).toEqual(uk);
      // An unencoded + arrives as a space: still the same number.
      expect((await walk(`/v1/messages?to=${UK}&limit=500`)).ids).toEqual(uk);
      const combined = newestFirst(rows.filter((r) => r.to === DE && r.status === 'sent')).map((r) => r.id);
      expect((await walk(`/v1/messages?to=${encodeURIComponent(DE)}&status=sent&limit=3`)).ids).toEqual(combined);
    });

    it('filters by time: since inclusive, until exclusive, to the microsecond', async () => {
      const since = at(2, 100);
      const until = at(5, 200);
      const inRange = newestFirst(rows.filter((r) => r.t >= since && r.t < until)).map((r) => r.id);
      expect(inRange).toHaveLength(50);
      const { ids } = await walk(`/v1/messages?since=${since}&until=${until}&limit=4`);
      expect(ids).toEqual(inRange);

      const offset = await walk(`/v1/messages?since=${encodeURIComponent('2026-03-01T01:00:02.0001+01:00')}&limit=500`);
      expect(offset.ids).toEqual(newestFirst(rows.filter((r) => r.t >= since)).map((r) => r.id));
      const day = await walk('/v1/messages?since=2026-03-01&until=2026-03-02&limit=500');
      expect(day.ids).toHaveLength(120);
      const none = await gw.request('GET', `/v1/messages?since=${since}&until=${since}`, { token });
      expect(none.body).toEqual({ data: [], nextCursor: null });
    });

    it("never shows another account's messages, with or without a cursor", async () => {
      const theirs = await walk('/v1/messages?limit=3', other.token);
      expect(theirs.ids).toEqual(newestFirst(otherRows).map((r) => r.id));
      const mine = await walk('/v1/messages?limit=500');
      expect(mine.ids.filter((id) => otherRows.some((r) => r.id === id))).toEqual([]);

      // A cursor from this account only marks a position; the other account still sees only its own.
      const page1 = await gw.request('GET', '/v1/messages?limit=1', { token });
      const foreign = await gw.request('GET', `/v1/messages?cursor=${page1.body.nextCursor}`, { token: other.token });
      expect(foreign.status).toBe(200);
      const position = newestFirst(rows)[0];
      expect(foreign.body.data.map((m: { id: string }) => m.id)).toEqual(
        newestFirst(otherRows)
          .filter((r) => r.t < position.t)
          .map((r) => r.id),
      );
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1e2', 'limit'],
      ['limit=5&limit=6', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('{"t":"2026-02-30T00:00:00.000000Z","id":"x"}').toString('base64url')}`, 'cursor'],
      ['cursor=', 'cursor'],
      ['status=bogus', 'status'],
      ['status=queued,', 'status'],
      ['since=yesterday', 'since'],
      ['since=2026-03-01T10:00:00', 'since'],
      ['until=2026-02-30', 'until'],
      ['since=2026-03-02&until=2026-03-01', 'since'],
      ['page=2', 'page'],
      ['accountId=00000000-0000-0000-0000-000000000000', 'accountId'],
    ])('refuses %s with VALIDATION_FAILED naming %s', async (query, field) => {
      const res = await gw.request('GET', `/v1/messages?${query}`, { token });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it.each(['+1234', '4915123456789', '', 'abc'])(
      'refuses the recipient filter %j with INVALID_PHONE_NUMBER',
      async (to) => {
        const res = await gw.request('GET', `/v1/messages?to=${encodeURIComponent(to)}`, { token });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('INVALID_PHONE_NUMBER');
        expect(res.body.detail).toMatch(/^to /);
      },
    );

    it('needs credentials', async () => {
      const res = await gw.request('GET', '/v1/messages');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('GraphQL messages', () => {
    const QUERY = `query List($first: Int, $after: String, $status: [String!], $to: String, $since: String, $until: String) {
      messages(first: $first, after: $after, status: $status, to: $to, since: $since, until: $until) {
        edges { cursor node { id to status createdAt events { status } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;

    async function walkGraphql(variables: Record<string, unknown>, authToken = token): Promise<string[]> {
      const ids: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 200; i++) {
        const res: ApiResponse = await gw.graphql(QUERY, { ...variables, after }, authToken);
        expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
        const { edges, pageInfo }: Connection = res.body.data.messages;
        ids.push(...edges.map((e) => e.node.id));
        if (edges.length > 0) expect(pageInfo.endCursor).toBe(edges.at(-1)!.cursor);
        if (!pageInfo.hasNextPage) return ids;
        after = pageInfo.endCursor;
      }
      throw new Error('the connection never ended');
    }

    it('walks the same order as REST, page by page through endCursor', async () => {
      expect(await walkGraphql({ first: 7 })).toEqual(newestFirst(rows).map((r) => r.id));
      const res = await gw.graphql(QUERY, { first: 2 }, token);
      const [edge] = res.body.data.messages.edges;
      expect(edge.node.events).toBeNull();
      // An edge's cursor continues right after that edge.
      const next = await gw.graphql(QUERY, { first: 1, after: edge.cursor }, token);
      expect(next.body.data.messages.edges[0].node.id).toBe(res.body.data.messages.edges[1].node.id);
    });

    it('filters like REST', async () => {
      const expected = newestFirst(rows.filter((r) => ['sent', 'failed'].includes(r.status) && r.to === DE)).map(
        (r) => r.id,
      );
      expect(await walkGraphql({ first: 5, status: ['sent', 'failed'], to: DE })).toEqual(expected);
      const since = at(7);
      expect(await walkGraphql({ since, first: 500 })).toEqual(
        newestFirst(rows.filter((r) => r.t >= since)).map((r) => r.id),
      );
      expect(await walkGraphql({}, other.token)).toEqual(newestFirst(otherRows).map((r) => r.id));
    });

    it('answers an empty connection for an empty account', async () => {
      const empty = await gw.createAccount('Empty tenant');
      const res = await gw.graphql(QUERY, {}, empty.token);
      expect(res.body.data.messages).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it.each([
      [{ first: 0 }, 'VALIDATION_FAILED', 'first'],
      [{ first: 501 }, 'VALIDATION_FAILED', 'first'],
      [{ after: 'nope' }, 'VALIDATION_FAILED', 'after'],
      [{ status: ['lost'] }, 'VALIDATION_FAILED', 'status'],
      [{ since: 'last week' }, 'VALIDATION_FAILED', 'since'],
      [{ since: '2026-03-02', until: '2026-03-01' }, 'VALIDATION_FAILED', 'since'],
      [{ to: '+1234' }, 'INVALID_PHONE_NUMBER', undefined],
    ])('refuses %j with %s', async (variables, code, field) => {
      const res = await gw.graphql(QUERY, variables, token);
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe(code);
      if (field) expect(res.body.errors[0].extensions.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('inbound messages', () => {
    const deviceA = randomUUID();
    const deviceB = randomUUID();
    let inbound: InboundRow[];
    let otherInbound: InboundRow[];

    async function insertInbound(account: string, fixture: InboundRow[]): Promise<void> {
      for (const r of fixture) {
        await gw.db.query(
          `INSERT INTO inbound_messages (id, account_id, device_id, source_id, sim_slot, "from", "to", body, received_at, created_at)
           VALUES ($1, $2, $3, $4, 0, $5, NULL, $6, $7, now())`,
          [r.id, account, r.deviceId, `src-${r.id}`, r.from, `hello ${r.id}`, r.t],
        );
      }
    }

    beforeAll(async () => {
      inbound = Array.from({ length: 45 }, (_, i) => ({
        id: randomUUID(),
        t: at(Math.floor(i / 6), (Math.floor(i / 3) % 2) * 7),
        from: i % 4 === 0 ? 'ACME' : DE,
        deviceId: i % 2 === 0 ? deviceA : deviceB,
      }));
      otherInbound = [{ id: randomUUID(), t: at(1), from: DE, deviceId: randomUUID() }];
      await insertInbound(accountId, inbound);
      await insertInbound(other.accountId, otherInbound);
    });

    it('walks every received SMS exactly once, newest received first, without the phone-side id', async () => {
      const { ids, pages } = await walk('/v1/inbound-messages?limit=4');
      expect(ids).toEqual(newestFirst(inbound).map((r) => r.id));
      expect(pages.at(-1).nextCursor).toBeNull();
      const first = pages[0].data[0];
      const row = newestFirst(inbound)[0];
      expect(first).toEqual({
        id: row.id,
        from: row.from,
        to: null,
        body: `hello ${row.id}`,
        deviceId: row.deviceId,
        simSlot: 0,
        receivedAt: `${row.t.slice(0, 23)}Z`,
        createdAt: expect.any(String),
      });
    });

    it('filters by sender, device and time', async () => {
      expect((await walk('/v1/inbound-messages?from=ACME&limit=3')).ids).toEqual(
        newestFirst(inbound.filter((r) => r.from === 'ACME')).map((r) => r.id),
      );
      expect((await walk(`/v1/inbound-messages?from=${encodeURIComponent(DE)}&limit=500`)).ids).toEqual(
        newestFirst(inbound.filter((r) => r.from === DE)).map((r) => r.id),
      );
      expect((await walk(`/v1/inbound-messages?deviceId=${deviceB}&limit=5`)).ids).toEqual(
        newestFirst(inbound.filter((r) => r.deviceId === deviceB)).map((r) => r.id),
      );
      const since = at(2, 7);
      const until = at(5);
      expect((await walk(`/v1/inbound-messages?since=${since}&until=${until}&limit=2`)).ids).toEqual(
        newestFirst(inbound.filter((r) => r.t >= since && r.t < until)).map((r) => r.id),
      );
    });

    it("never shows another account's received SMS", async () => {
      expect((await walk('/v1/inbound-messages', other.token)).ids).toEqual(otherInbound.map((r) => r.id));
      const other2 = await walk(`/v1/inbound-messages?deviceId=${deviceA}`, other.token);
      expect(other2.ids).toEqual([]);
    });

    it.each([
      ['deviceId=123', 'deviceId'],
      ['limit=501', 'limit'],
      ['cursor=zzz', 'cursor'],
      ['since=2026-03-02&until=2026-03-01', 'since'],
      ['from=', 'from'],
      ['status=queued', 'status'],
    ])('refuses %s with VALIDATION_FAILED naming %s', async (query, field) => {
      const res = await gw.request('GET', `/v1/inbound-messages?${query}`, { token });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('is a Relay connection in GraphQL too', async () => {
      const query = `query In($first: Int, $after: String, $from: String, $deviceId: ID) {
        inboundMessages(first: $first, after: $after, from: $from, deviceId: $deviceId) {
          edges { cursor node { id from to body deviceId simSlot receivedAt createdAt } }
          pageInfo { hasNextPage endCursor }
        }
      }`;
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: ApiResponse = await gw.graphql(query, { first: 10, after, deviceId: deviceA }, token);
        expect(res.body.errors).toBeUndefined();
        const { edges, pageInfo }: Connection = res.body.data.inboundMessages;
        ids.push(...edges.map((e) => e.node.id));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(ids).toEqual(newestFirst(inbound.filter((r) => r.deviceId === deviceA)).map((r) => r.id));

      const bad = await gw.graphql(query, { deviceId: 'nope' }, token);
      expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      const sourceId = await gw.graphql('{ inboundMessages { edges { node { sourceId } } } }', {}, token);
      expect(sourceId.body.errors[0].message).toMatch(/sourceId/);
    });
  });
});

describe('clientReference: the caller’s own id for a message', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    token = (await gw.createAccount('Client references')).token;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('is stored with single and batch sends, shown back, and filters the list in REST and GraphQL', async () => {
    const single = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: DE, body: 'ref one', clientReference: 'invoice 7 · März' },
    });
    expect(single.status).toBe(202);
    expect(single.body.clientReference).toBe('invoice 7 · März');
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: {
        messages: [
          { to: DE, body: 'ref two', clientReference: 'invoice 7 · März' },
          { to: UK, body: 'ref three', clientReference: 'invoice 8' },
          { to: UK, body: 'no ref' },
        ],
      },
    });
    expect(
      batch.body.results.map((r: { message: { clientReference: string | null } }) => r.message.clientReference),
    ).toEqual(['invoice 7 · März', 'invoice 8', null]);
    const got = await gw.request('GET', `/v1/messages/${single.body.id}`, { token });
    expect(got.body.clientReference).toBe('invoice 7 · März');

    const listed = await gw.request('GET', `/v1/messages?clientReference=${encodeURIComponent('invoice 7 · März')}`, {
      token,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((m: { body: string }) => m.body).sort()).toEqual(['ref one', 'ref two']);
    const gql = await gw.graphql(
      '{ messages(clientReference: "invoice 8") { edges { node { body clientReference } } } }',
      {},
      token,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.messages.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { body: 'ref three', clientReference: 'invoice 8' },
    ]);
  });

  it('refuses a reference over 64 characters or with a control character, writing nothing', async () => {
    const before = await gw.footprint();
    for (const clientReference of ['x'.repeat(65), 'tab\there', '', 42]) {
      const res = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: DE, body: 'bad ref', clientReference },
      });
      expect(res.status, String(clientReference)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const filter = await gw.request('GET', `/v1/messages?clientReference=${'y'.repeat(65)}`, { token });
    expect(filter.body.code).toBe('VALIDATION_FAILED');
    expect(await gw.footprint()).toEqual(before);
  });
});
