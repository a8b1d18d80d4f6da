import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

const QUERY = `{ dashboard {
  statusCounts24h { hour counts { status count } }
  throughputLastHour { total perMinute { minute count } }
  queue { waiting scheduled oldestAgeSeconds }
  deadLetters
  phones { online total devices { id name online limitPerMinute sentLastMinute headroom } }
  carriers { id name kind state enabled }
} }`;

const countOf = (hours: { counts: { status: string; count: number }[] }[], status: string) =>
  hours.flatMap((h) => h.counts).reduce((sum, c) => sum + (c.status === status ? c.count : 0), 0);

describe('the dashboard (GET /v1/dashboard, GraphQL dashboard)', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    // Carriers on loopback are refused unless allowed (one is created below, disabled).
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('counts messages by status per hour, what was sent per minute, and what each phone spent of its budget', async () => {
    const phone = await gw.pairAgent(owner, { name: 'dash-phone' });
    const devices = (await gw.request('GET', '/v1/devices', { token: owner })).body.data as { id: string }[];
    const deviceId = devices[0].id;
    expect(
      (
        await gw.request('PATCH', `/v1/devices/${deviceId}`, {
          token: owner,
          json: { throttle: { partsPerMinute: 30 } },
        })
      ).status,
    ).toBe(200);
    const ids: string[] = [];
    for (const body of ['one', 'two', 'a'.repeat(200)]) {
      const sent = await gw.request('POST', '/v1/messages', { token: owner, json: { to: '+4915123456789', body } });
      ids.push(sent.body.id);
    }
    for (const id of ids) await gw.waitForStatus(owner, id, ['delivered']);
    const scheduled = await gw.request('POST', '/v1/messages', {
      token: owner,
      json: { to: '+4915123456789', body: 'later', sendAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    expect(scheduled.status).toBe(202);

    const rest = await gw.request('GET', '/v1/dashboard', { token: owner });
    expect(rest.status).toBe(200);
    const d = rest.body;
    expect(d.statusCounts24h).toHaveLength(24);
    expect(countOf(d.statusCounts24h, 'delivered')).toBe(3);
    expect(countOf(d.statusCounts24h, 'scheduled')).toBe(1);
    expect(d.throughputLastHour.perMinute).toHaveLength(60);
    expect(d.throughputLastHour.total).toBe(3);
    expect(d.queue).toEqual({ waiting: 0, scheduled: 1, oldestAgeSeconds: null });
    expect(d.deadLetters).toBe(0);
    // The long body took two parts: four of the phone's 30 this minute.
    expect(d.phones).toEqual({
      online: 1,
      total: 1,
      devices: [
        { id: deviceId, name: 'dash-phone', online: true, limitPerMinute: 30, sentLastMinute: 4, headroom: 26 },
      ],
    });
    expect(d.carriers).toEqual([]);

    const gql = await gw.graphql(QUERY, {}, owner);
    expect(gql.body.data.dashboard).toEqual(d);
    await phone.stop();
  });

  it('shows queued messages with the age of the oldest when no phone takes them', async () => {
    const other = await gw.createAccount('Queue Co');
    const sent = await gw.request('POST', '/v1/messages', {
      token: other.token,
      json: { to: '+4915123456789', body: 'hi' },
    });
    expect(sent.status).toBe(202);
    const d = (await gw.request('GET', '/v1/dashboard', { token: other.token })).body;
    expect(d.queue.waiting).toBe(1);
    expect(d.queue.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    // Only its own: the first account's messages and phone are not counted here.
    expect(countOf(d.statusCounts24h, 'delivered')).toBe(0);
    expect(d.phones.total).toBe(0);
  });

  it('lets a viewer read it, without the carriers (an admin matter)', async () => {
    const created = await gw.request('POST', '/v1/carriers', {
      token: owner,
      json: { name: 'http-carrier', kind: 'http', enabled: false, http: { url: 'http://127.0.0.1:9/send' } },
    });
    expect(created.status).toBe(201);
    const viewer = await gw.addMember(owner, 'viewer');
    expect((await gw.request('GET', '/v1/dashboard', { token: viewer.accessToken })).body.carriers).toEqual([]);
    const admin = (await gw.request('GET', '/v1/dashboard', { token: owner })).body;
    expect(admin.carriers).toEqual([
      expect.objectContaining({ id: created.body.id, name: 'http-carrier', kind: 'http', enabled: false }),
    ]);
  });
});
