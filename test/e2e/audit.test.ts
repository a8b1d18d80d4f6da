import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

interface AuditEvent {
  id: string;
  actor: { kind: string; id: string };
  action: string;
  target: { type: string; id: string };
  at: string;
  ip: string | null;
  requestId: string | null;
  diff: Record<string, unknown> | null;
}

/** The subject of a JWT (the console user's id), read without checking: the server did that. */
function subjectOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
}

describe('audit trail', () => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    admin = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function eventsFor(token: string, targetId: string): Promise<AuditEvent[]> {
    const res = await gw.request<{ data: AuditEvent[] }>('GET', `/v1/audit-events?targetId=${targetId}`, { token });
    expect(res.status).toBe(200);
    return res.body.data;
  }

  async function countRows(): Promise<number> {
    const { rows } = await gw.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_events');
    return Number(rows[0].n);
  }

  it('records creating, re-pairing, pairing and revoking a device, each once, with who did it', async () => {
    const created = await gw.request('POST', '/v1/devices', {
      token: admin,
      json: { name: 'audited-phone' },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.device.id;
    const user = subjectOf(admin);

    const [createdEvent] = await eventsFor(admin, id);
    expect(createdEvent).toMatchObject({
      actor: { kind: 'user', id: user },
      action: 'device.created',
      target: { type: 'device', id },
      diff: { name: 'audited-phone' },
    });
    expect(createdEvent.ip).toBeTruthy();
    expect(createdEvent.requestId).toBeTruthy();

    const fresh = await gw.request('POST', `/v1/devices/${id}/pairing`, { token: admin });
    expect(fresh.status).toBe(201);
    const paired = await gw.request('POST', '/v1/agent/pair', { json: { code: fresh.body.code } });
    expect(paired.status).toBe(201);
    const revoked = await gw.request('DELETE', `/v1/devices/${id}`, { token: admin });
    expect(revoked.status).toBe(204);

    const events = await eventsFor(admin, id);
    expect(events.map((e) => e.action)).toEqual([
      'device.revoked',
      'device.paired',
      'device.pairing_code.created',
      'device.created',
    ]);
    expect(events[0].actor).toEqual({ kind: 'user', id: user });
    expect(events[1].actor).toEqual({ kind: 'device', id });
    expect(events[2].actor).toEqual({ kind: 'user', id: user });
    // Secrets never reach the trail: not the pairing codes, not the device token.
    const stored = JSON.stringify(events);
    expect(stored).not.toContain(created.body.pairing.code);
    expect(stored).not.toContain(fresh.body.code);
    expect(stored).not.toContain(paired.body.token);
  });

  it('records canceling a scheduled message once, and nothing for a repeated cancel', async () => {
    const sendAt = new Date(Date.now() + 60_000).toISOString();
    const sent = await gw.request('POST', '/v1/messages', {
      token: admin,
      json: { to: '+4915123456789', body: 'later', sendAt },
    });
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('scheduled');
    const id: string = sent.body.id;

    expect((await gw.request('POST', `/v1/messages/${id}/cancel`, { token: admin })).status).toBe(200);
    expect((await gw.request('POST', `/v1/messages/${id}/cancel`, { token: admin })).status).toBe(200);

    const events = await eventsFor(admin, id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { kind: 'user', id: subjectOf(admin) },
      action: 'message.canceled',
      target: { type: 'message', id },
    });
  });

  it('records an admin re-drive of a dead-lettered message', async () => {
    const sendAt = new Date(Date.now() + 60_000).toISOString();
    const sent = await gw.request('POST', '/v1/messages', {
      token: admin,
      json: { to: '+4915123456789', body: 'dead letter', sendAt },
    });
    const id: string = sent.body.id;
    // Out of attempts, as the dispatcher would leave it: `failed` with a dead letter.
    await gw.db.query("UPDATE messages SET status = 'failed', error_code = 'GENERIC_FAILURE' WHERE id = $1", [id]);
    await gw.db.query(
      `INSERT INTO dead_letters (message_id, account_id, error_code, attempts, created_at)
       SELECT id, account_id, 'GENERIC_FAILURE', attempts, now() FROM messages WHERE id = $1`,
      [id],
    );

    expect((await gw.request('POST', `/v1/messages/${id}/retry`, { token: admin })).status).toBe(202);
    const events = await eventsFor(admin, id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { kind: 'user', id: subjectOf(admin) },
      action: 'message.redriven',
      target: { type: 'message', id },
      diff: { status: { from: 'failed', to: 'queued' } },
    });
  });

  it('writes no event when the change fails', async () => {
    const before = await countRows();
    const unknown = '01890000-0000-7000-8000-000000000000';
    expect((await gw.request('POST', `/v1/messages/${unknown}/cancel`, { token: admin })).status).toBe(404);
    expect((await gw.request('DELETE', `/v1/devices/${unknown}`, { token: admin })).status).toBe(404);
    const badPair = await gw.request('POST', '/v1/agent/pair', { json: { code: 'ZZZZ-ZZZZ' } });
    expect(badPair.body.code).toBe('INVALID_PAIRING_CODE');
    expect(await countRows()).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit events in the database itself', async () => {
    await gw.request('POST', '/v1/devices', { token: admin, json: { name: 'immutable' } });
    const before = await countRows();
    expect(before).toBeGreaterThan(0);
    await expect(gw.db.query("UPDATE audit_events SET action = 'forged'")).rejects.toThrow(/append-only/);
    await expect(gw.db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(gw.db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect(await countRows()).toBe(before);
    const { rows } = await gw.db.query<{ n: string }>("SELECT count(*) AS n FROM audit_events WHERE action = 'forged'");
    expect(Number(rows[0].n)).toBe(0);
  });

  it("never shows another account's events, over REST and GraphQL", async () => {
    const other = await gw.createAccount('Audit neighbour');
    const created = await gw.request('POST', '/v1/devices', { token: other.token, json: { name: 'theirs' } });
    const theirs: string = created.body.device.id;

    expect(await eventsFor(admin, theirs)).toEqual([]);
    const own = await gw.request<{ data: AuditEvent[] }>('GET', '/v1/audit-events', { token: other.token });
    // createAccount also recorded the account's creation and its owner's sign-in.
    expect(own.body.data.filter((e) => e.target.type === 'device').map((e) => e.target.id)).toEqual([theirs]);
    const mine = await gw.request<{ data: AuditEvent[] }>('GET', '/v1/audit-events?limit=500', { token: admin });
    expect(mine.body.data.map((e) => e.target.id)).not.toContain(theirs);

    const viaGraphql = await gw.graphql('{ auditEvents { edges { node { target { id } } } } }', {}, admin);
    const ids = viaGraphql.body.data.auditEvents.edges.map(
      (e: { node: { target: { id: string } } }) => e.node.target.id,
    );
    expect(ids).not.toContain(theirs);
  });

  it('pages newest first with nextCursor and filters by action, and refuses a foreign cursor', async () => {
    const other = await gw.createAccount('Audit pager');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await gw.request('POST', '/v1/devices', { token: other.token, json: { name: `pager-${i}` } });
      ids.push(res.body.device.id);
    }
    await gw.request('DELETE', `/v1/devices/${ids[0]}`, { token: other.token });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const res = await gw.request('GET', `/v1/audit-events?action=device.created&limit=2${query}`, {
        token: other.token,
      });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((e: AuditEvent) => e.target.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());

    const bad = await gw.request('GET', '/v1/audit-events?cursor=not-a-cursor', { token: other.token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const future = await gw.request('GET', `/v1/audit-events?since=${encodeURIComponent('2999-01-01T00:00:00Z')}`, {
      token: other.token,
    });
    expect(future.body).toEqual({ data: [], nextCursor: null });
  });

  it('answers the GraphQL auditEvents connection with the same events and pages', async () => {
    const other = await gw.createAccount('Audit graph');
    const a = await gw.request('POST', '/v1/devices', { token: other.token, json: { name: 'g-1' } });
    const b = await gw.request('POST', '/v1/devices', { token: other.token, json: { name: 'g-2' } });
    await gw.request('DELETE', `/v1/devices/${a.body.device.id}`, { token: other.token });

    const query = `query A($first: Int, $after: String, $action: String, $targetId: String) {
      auditEvents(first: $first, after: $after, action: $action, targetId: $targetId) {
        edges { cursor node { id action actor { kind id } target { type id } at requestId diff } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const first = await gw.graphql(query, { first: 2 }, other.token);
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data.auditEvents;
    expect(page1.edges.map((e: { node: AuditEvent }) => e.node.action)).toEqual(['device.revoked', 'device.created']);
    expect(page1.edges[1].node.target.id).toBe(b.body.device.id);
    expect(page1.pageInfo.hasNextPage).toBe(true);

    const second = await gw.graphql(query, { first: 2, after: page1.pageInfo.endCursor }, other.token);
    const page2 = second.body.data.auditEvents;
    // After device a come the account's creation and its owner's sign-in (from createAccount).
    expect(page2.edges.map((e: { node: AuditEvent }) => e.node.target.id)[0]).toBe(a.body.device.id);
    expect(page2.edges.map((e: { node: AuditEvent }) => e.node.action)).toEqual(['device.created', 'user.signed_in']);
    const third = await gw.graphql(query, { first: 2, after: page2.pageInfo.endCursor }, other.token);
    const page3 = third.body.data.auditEvents;
    expect(page3.edges.map((e: { node: AuditEvent }) => e.node.action)).toEqual(['account.created']);
    expect(page3.pageInfo).toEqual({ hasNextPage: false, endCursor: page3.edges[0].cursor });

    const filtered = await gw.graphql(query, { action: 'device.revoked', targetId: a.body.device.id }, other.token);
    expect(filtered.body.data.auditEvents.edges).toHaveLength(1);
  });

  describe('filters by actor and time', () => {
    let owner: string;
    let ownerId: string;
    const phoneId = '01890000-0000-7000-8000-0000000000aa';
    // Six events on six days of 2020, long before anything the API records in this run:
    // the owner on days 1, 2, 4 and 5, a phone on days 3 and 6.
    const day = (d: number) => `2020-01-0${d}T10:00:00.000Z`;
    const actorOn = (d: number) => (d === 3 || d === 6 ? phoneId : ownerId);

    const list = `query A($first: Int, $after: String, $actorId: String, $since: String, $until: String) {
      auditEvents(first: $first, after: $after, actorId: $actorId, since: $since, until: $until) {
        edges { node { target { id } actor { id } at } }
        pageInfo { hasNextPage endCursor }
      }
    }`;

    async function restTargets(query: string, token = owner): Promise<string[]> {
      const res = await gw.request<{ data: AuditEvent[] }>('GET', `/v1/audit-events?${query}`, { token });
      expect(res.status).toBe(200);
      return res.body.data.map((e) => e.target.id);
    }

    async function graphqlTargets(variables: Record<string, unknown>, token = owner): Promise<string[]> {
      const res = await gw.graphql(list, variables, token);
      expect(res.body.errors).toBeUndefined();
      return res.body.data.auditEvents.edges.map((e: { node: AuditEvent }) => e.node.target.id);
    }

    beforeAll(async () => {
      const account = await gw.createAccount('Audit filters');
      owner = account.token;
      ownerId = subjectOf(owner);
      for (let d = 1; d <= 6; d++) {
        const kind = actorOn(d) === phoneId ? 'device' : 'user';
        await gw.db.query(
          `INSERT INTO audit_events (account_id, actor_kind, actor_id, action, target_type, target_id, at)
           VALUES ($1, $2, $3, 'device.updated', 'device', $4, $5)`,
          [account.accountId, kind, actorOn(d), `day-${d}`, day(d)],
        );
      }
    });

    it('keeps only one actor’s events over REST and GraphQL', async () => {
      expect(await restTargets(`actorId=${phoneId}`)).toEqual(['day-6', 'day-3']);
      expect(await graphqlTargets({ actorId: phoneId })).toEqual(['day-6', 'day-3']);
      // The owner's own sign-up and sign-in (now) come first, then the seeded days, newest first.
      const mine = await restTargets(`actorId=${ownerId}&limit=500`);
      expect(mine.slice(-4)).toEqual(['day-5', 'day-4', 'day-2', 'day-1']);
      expect(mine).not.toContain('day-3');
    });

    it('keeps events at or after since and before until, offsets taken into account', async () => {
      const range = `since=${encodeURIComponent('2020-01-02')}&until=${encodeURIComponent(day(5))}`;
      expect(await restTargets(range)).toEqual(['day-4', 'day-3', 'day-2']);
      expect(await graphqlTargets({ since: '2020-01-02', until: day(5) })).toEqual(['day-4', 'day-3', 'day-2']);
      // 12:00 at +02:00 is day 4's 10:00 UTC: included by since, excluded by until.
      const atDay4 = '2020-01-04T12:00:00+02:00';
      expect(await restTargets(`since=${encodeURIComponent(atDay4)}&until=2020-02-01`)).toEqual([
        'day-6',
        'day-5',
        'day-4',
      ]);
      expect(await graphqlTargets({ since: '2020-01-01', until: atDay4 })).toEqual(['day-3', 'day-2', 'day-1']);
      // Combined with the actor.
      expect(await restTargets(`actorId=${ownerId}&since=2020-01-02&until=2020-01-06`)).toEqual([
        'day-5',
        'day-4',
        'day-2',
      ]);
    });

    it('pages a filtered list with its cursor until the end, over REST and GraphQL', async () => {
      const rest: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const after: string = cursor ? `&cursor=${cursor}` : '';
        const res = await gw.request('GET', `/v1/audit-events?actorId=${ownerId}&until=2020-02-01&limit=1${after}`, {
          token: owner,
        });
        expect(res.status).toBe(200);
        rest.push(...res.body.data.map((e: AuditEvent) => e.target.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(rest).toEqual(['day-5', 'day-4', 'day-2', 'day-1']);
      expect(pages).toBe(4);

      const graph: string[] = [];
      let after: string | null = null;
      for (;;) {
        const res: {
          body: {
            data: {
              auditEvents: { edges: { node: AuditEvent }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
            };
          };
        } = await gw.graphql(list, { first: 2, after, since: '2020-01-02', until: '2020-02-01' }, owner);
        const { edges, pageInfo } = res.body.data.auditEvents;
        graph.push(...edges.map((e) => e.node.target.id));
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(graph).toEqual(['day-6', 'day-5', 'day-4', 'day-3', 'day-2']);
    });

    it("finds what a paired phone did by its id, and nothing of another account's actor", async () => {
      const created = await gw.request('POST', '/v1/devices', { token: owner, json: { name: 'actor-phone' } });
      const id: string = created.body.device.id;
      const paired = await gw.request('POST', '/v1/agent/pair', { json: { code: created.body.pairing.code } });
      expect(paired.status).toBe(201);
      const res = await gw.request<{ data: AuditEvent[] }>('GET', `/v1/audit-events?actorId=${id}`, { token: owner });
      expect(res.body.data.map((e) => [e.actor, e.action])).toEqual([[{ kind: 'device', id }, 'device.paired']]);

      // The default account's admin asks for this account's owner, phone and dates: nothing.
      expect(await restTargets(`actorId=${ownerId}`, admin)).toEqual([]);
      expect(await restTargets(`actorId=${id}`, admin)).toEqual([]);
      expect(await restTargets('since=2020-01-01&until=2020-02-01', admin)).toEqual([]);
      expect(await graphqlTargets({ actorId: phoneId }, admin)).toEqual([]);
      expect(await graphqlTargets({ since: '2020-01-01', until: '2020-02-01' }, admin)).toEqual([]);
    });

    it.each([
      ['since=yesterday', 'since'],
      ['since=2026-02-30', 'since'],
      ['until=2026-05-01T10:00:00', 'until'],
      ['since=2026-03-02&until=2026-03-01', 'since'],
      ['actorId=', 'actorId'],
      [`actorId=${'x'.repeat(201)}`, 'actorId'],
    ])('refuses %s with VALIDATION_FAILED naming %s', async (query, field) => {
      const res = await gw.request('GET', `/v1/audit-events?${query}`, { token: owner });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it.each([
      [{ since: 'yesterday' }, 'since'],
      [{ until: '2026-13-01' }, 'until'],
      [{ since: '2026-03-02', until: '2026-03-01' }, 'since'],
      [{ actorId: '' }, 'actorId'],
    ])('refuses GraphQL auditEvents(%o) with VALIDATION_FAILED naming %s', async (variables, field) => {
      const res = await gw.graphql(list, variables, owner);
      expect(res.body.data).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0].extensions.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  it('refuses to show the trail without credentials', async () => {
    const anonymous = await gw.request('GET', '/v1/audit-events');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it("stores the caller's X-Request-Id as the event's request id, and a fresh one otherwise", async () => {
    const tagged = await gw.request('POST', '/v1/devices', {
      token: admin,
      json: { name: 'tagged' },
      headers: { 'x-request-id': 'trace-me-42' },
    });
    const plain = await gw.request('POST', '/v1/devices', {
      token: admin,
      json: { name: 'plain' },
      headers: { 'x-request-id': 'not ok!' },
    });
    const [taggedEvent] = await eventsFor(admin, tagged.body.device.id);
    const [plainEvent] = await eventsFor(admin, plain.body.device.id);
    expect(taggedEvent.requestId).toBe('trace-me-42');
    expect(plainEvent.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
