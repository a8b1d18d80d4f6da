import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { CampaignPump } from '@/modules/campaigns/campaign-pump.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/** German mobiles (+49 151…: Europe/Berlin, one zone) and Japanese ones (+81 90…: Asia/Tokyo). */
const de = (i: number) => `+4915112${String(i).padStart(6, '0')}`;
const jp = (i: number) => `+8190${String(10000000 + i)}`;

const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

/** Local minutes of the day in a zone now. */
function localMinutes(zone: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}
const clock = (m: number) => {
  const w = ((m % 1440) + 1440) % 1440;
  return `${String(Math.floor(w / 60)).padStart(2, '0')}:${String(w % 60).padStart(2, '0')}`;
};

/** Campaigns (issue 19): import, launch, quiet hours, pace, pause, resume, cancel, results, STOP, GraphQL. */
describe('campaigns', () => {
  let gw: TestGateway;
  let token: string;
  let accountId: string;
  let phone: HeadlessAgent;
  let other: { token: string };
  const clients: Client[] = [];

  beforeAll(async () => {
    gw = await TestGateway.start({ CAMPAIGN_TICK_MS: '100' });
    ({ token, accountId } = await gw.createAccount('Campaigns'));
    other = await gw.createAccount('Other campaigns');
    phone = await gw.pairAgent(token, { name: 'campaign-phone' });
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await gw?.stop();
  });

  const create = (json: unknown, as = token) => gw.request('POST', '/v1/campaigns', { token: as, json });
  const upload = (id: string, csv: string, query = '', as = token) =>
    gw.request('POST', `/v1/campaigns/${id}/recipients${query}`, { token: as, raw: csv, contentType: 'text/csv' });
  const act = (id: string, action: string, as = token) =>
    gw.request('POST', `/v1/campaigns/${id}/${action}`, { token: as });
  const get = async (id: string) => (await gw.request('GET', `/v1/campaigns/${id}`, { token })).body;
  const count = async (sql: string, params: unknown[]) => (await gw.db.query(sql, params)).rows[0].n as number;
  const messagesOf = (id: string) => count('SELECT count(*)::int AS n FROM messages WHERE campaign_id = $1', [id]);
  const rowsOf = async () => ({
    recipients: await count('SELECT count(*)::int AS n FROM campaign_recipients WHERE account_id = $1', [accountId]),
    errors: await count(
      'SELECT count(*)::int AS n FROM campaign_import_errors e JOIN campaigns c ON c.id = e.campaign_id WHERE c.account_id = $1',
      [accountId],
    ),
  });

  it('imports a CSV: invalid, duplicate and suppressed rows counted and listed, the rest ready', async () => {
    const template = await gw.request('POST', '/v1/templates', {
      token,
      json: { name: 'Reminder', body: 'Hi {{name}}, your code is {{code}}.', defaults: { code: '0000' } },
    });
    await gw.request('POST', '/v1/suppressions', { token, json: { phoneNumber: de(3) } });
    const draft = await create({ name: 'Import', templateId: template.body.id, defaults: { name: 'friend' } });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ state: 'draft', templateId: template.body.id, body: template.body.body });
    expect(draft.body.defaults).toEqual({ code: '0000', name: 'friend' });
    const csv = csvOf([
      ['Mobile', 'First name', 'code'],
      [de(1), 'Ada', '1111'],
      [de(2), '', ''],
      ['not-a-number', 'Bob', '2'],
      [de(1), 'Ada again', '3'],
      [de(3), 'Opted', '4'],
      ['+1900555012', 'Short', '5'],
    ]);
    const imported = await upload(
      draft.body.id,
      csv,
      `?phoneColumn=mobile&columns=${encodeURIComponent(JSON.stringify({ name: 'First name' }))}`,
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ rows: 6, recipients: 2, suppressed: 1, invalid: 2, duplicates: 1 });
    expect(imported.body.refusedRows).toEqual([
      expect.objectContaining({ line: 4, value: 'not-a-number', code: 'INVALID_PHONE_NUMBER' }),
      expect.objectContaining({ line: 5, value: de(1), code: 'DUPLICATE' }),
      expect.objectContaining({ line: 7, code: 'INVALID_PHONE_NUMBER' }),
    ]);
    const refused = await gw.request('GET', `/v1/campaigns/${draft.body.id}/recipients/errors`, { token });
    expect(refused.headers.get('content-type')).toContain('text/csv');
    expect(String(refused.body).trim().split('\n')).toEqual([
      'line,value,code,message',
      expect.stringMatching(/^4,'?not-a-number,INVALID_PHONE_NUMBER,/),
      expect.stringMatching(new RegExp(`^5,\\${de(1)},DUPLICATE,`)),
      expect.stringMatching(/^7,\+1900555012,INVALID_PHONE_NUMBER,/),
    ]);
    expect((await get(draft.body.id)).counts).toMatchObject({
      total: 6,
      pending: 2,
      suppressed: 1,
      invalid: 2,
      duplicates: 1,
      queued: 0,
    });
    // A second upload replaces the first.
    const again = await upload(draft.body.id, csvOf([['phone'], [de(9)]]));
    expect(again.body).toMatchObject({ rows: 1, recipients: 1, invalid: 0 });
    expect((await get(draft.body.id)).counts).toMatchObject({ total: 1, pending: 1, suppressed: 0, invalid: 0 });
    expect(
      await count('SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1', [draft.body.id]),
    ).toBe(1);
    const audit = await gw.request('GET', `/v1/audit-events?targetId=${draft.body.id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'campaign.created',
      'campaign.recipients_imported',
      'campaign.recipients_imported',
    ]);
  });

  it('refuses a bad upload or draft with a clear error and writes nothing', async () => {
    const draft = await create({ name: 'Refusals', body: 'Hi {{name}}' });
    const before = await rowsOf();
    const cases: [string, string, string, number, string][] = [
      ['no phone column', csvOf([['name'], ['Ada']]), '', 400, 'VALIDATION_FAILED'],
      ['a variable with no column or default', csvOf([['phone'], [de(1)]]), '', 422, 'TEMPLATE_VARIABLE_MISSING'],
      ['not CSV', 'phone,name\n"+4915112000001,Ada\n', '', 400, 'VALIDATION_FAILED'],
      [
        'a mapped column missing',
        csvOf([
          ['phone', 'name'],
          [de(1), 'A'],
        ]),
        '?columns=%7B%22name%22%3A%22Nom%22%7D',
        400,
        'VALIDATION_FAILED',
      ],
      [
        'columns not JSON',
        csvOf([
          ['phone', 'name'],
          [de(1), 'A'],
        ]),
        '?columns=nope',
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, csv, query, status, code] of cases) {
      const res = await upload(draft.body.id, csv, query);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status, code });
    }
    const json = await gw.request('POST', `/v1/campaigns/${draft.body.id}/recipients`, {
      token,
      json: { phone: de(1) },
    });
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(
      (
        await upload(
          draft.body.id,
          csvOf([
            ['phone', 'name'],
            [de(1), 'A'],
          ]),
          '',
          other.token,
        )
      ).status,
    ).toBe(404);
    expect(await rowsOf()).toEqual(before);
    expect((await get(draft.body.id)).counts.total).toBe(0);

    const campaigns = await count('SELECT count(*)::int AS n FROM campaigns WHERE account_id = $1', [accountId]);
    for (const json of [
      { name: 'No text' },
      { name: 'Both', body: 'x', templateId: '0190a1b2-0000-7000-8000-000000000001' },
      { name: 'Sections', body: '{{#a}}x{{/a}}' },
      { name: 'Quiet', body: 'x', quietHours: { start: '25:00', end: '08:00' } },
      { name: 'Same', body: 'x', quietHours: { start: '08:00', end: '08:00' } },
      { name: 'Pace', body: 'x', pace: 0 },
      { name: 'Start', body: 'x', startAt: '2030-01-01T09:00:00' },
      { name: 'List', body: 'x', recipients: [123] },
    ]) {
      const res = await create(json);
      expect(res.status, JSON.stringify(json)).toBe(400);
    }
    expect((await create({ name: 'Template', templateId: '0190a1b2-0000-7000-8000-000000000001' })).status).toBe(404);
    expect(await count('SELECT count(*)::int AS n FROM campaigns WHERE account_id = $1', [accountId])).toBe(campaigns);

    const empty = await act(draft.body.id, 'launch');
    expect({ status: empty.status, code: empty.body.code }).toEqual({ status: 409, code: 'CAMPAIGN_NOT_LAUNCHABLE' });
    expect((await act(draft.body.id, 'pause')).body.code).toBe('CAMPAIGN_STATE_CONFLICT');
    expect((await act(draft.body.id, 'resume')).body.code).toBe('CAMPAIGN_STATE_CONFLICT');
    expect((await act(draft.body.id, 'launch', other.token)).status).toBe(404);
    expect((await gw.request('GET', `/v1/campaigns/${draft.body.id}/results`, { token: other.token })).status).toBe(
      404,
    );
  });

  it('sends each recipient one message, marked with the campaign, and completes; results as CSV', async () => {
    const draft = await create({
      name: 'Send',
      body: 'Hello {{name}}',
      defaults: { name: 'there' },
      recipients: [de(11), de(12), de(13), de(12), 'nope'],
    });
    expect(draft.body.counts).toMatchObject({ total: 5, pending: 3, duplicates: 1, invalid: 1 });
    const id = draft.body.id as string;
    const launched = await act(id, 'launch');
    expect(launched.status).toBe(200);
    expect(['running', 'completed']).toContain(launched.body.state);
    const done = await waitFor(
      () => get(id),
      (c) => c.state === 'completed' && c.counts.delivered === 3,
      { what: 'the campaign to complete with 3 delivered', timeoutMs: 20_000 },
    );
    expect(done.counts).toMatchObject({ pending: 0, queued: 0, delivered: 3, failed: 0, deliveryRate: 1 });
    // A retried launch changes nothing; a completed campaign is not launched again.
    const retried = await act(id, 'launch');
    expect({ status: retried.status, code: retried.body.code }).toEqual({
      status: 409,
      code: 'CAMPAIGN_NOT_LAUNCHABLE',
    });
    expect(await messagesOf(id)).toBe(3);
    const list = await gw.request('GET', `/v1/messages?campaignId=${id}`, { token });
    expect(list.body.data).toHaveLength(3);
    for (const m of list.body.data) {
      expect(m).toMatchObject({ campaignId: id, sentBy: `campaign:${id}`, body: 'Hello there', status: 'delivered' });
    }
    expect(new Set(list.body.data.map((m: { to: string }) => m.to))).toEqual(new Set([de(11), de(12), de(13)]));
    expect(phone.transport.sent.filter((s) => s.body === 'Hello there')).toHaveLength(3);
    const results = await gw.request('GET', `/v1/campaigns/${id}/results`, { token });
    const lines = String(results.body).trim().split('\n');
    expect(lines[0]).toBe('line,phoneNumber,status,errorCode,messageId,sentAt,deliveredAt,optedOut');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      `2,${de(11)},delivered`,
      `3,${de(12)},delivered`,
      `4,${de(13)},delivered`,
      `5,${de(12)},duplicate`,
      '6,nope,invalid',
    ]);
    // A send through the API says who sent it.
    const single = await gw.request('POST', '/v1/messages', { token, json: { to: de(14), body: 'direct' } });
    expect(single.body.sentBy).toMatch(/^user:/);
    // It goes now: no estimatedSendAt (a scheduled send has one: pipeline.test.ts).
    expect(single.body).not.toHaveProperty('estimatedSendAt');
  });

  it('starts a scheduled campaign at its startAt', async () => {
    const startAt = new Date(Date.now() + 1500).toISOString();
    const draft = await create({ name: 'Later', body: 'Later', startAt, recipients: [de(51)] });
    const launched = await act(draft.body.id, 'launch');
    expect(launched.body).toMatchObject({ state: 'scheduled', startAt, counts: { pending: 1 } });
    expect(await messagesOf(draft.body.id)).toBe(0);
    const done = await waitFor(
      () => get(draft.body.id),
      (c) => c.state === 'completed',
      { what: 'the scheduled campaign to run and complete', timeoutMs: 20_000 },
    );
    const [message] = (await gw.db.query('SELECT created_at FROM messages WHERE campaign_id = $1', [draft.body.id]))
      .rows;
    expect(message.created_at.getTime()).toBeGreaterThanOrEqual(Date.parse(startAt));
    expect(done.counts.pending).toBe(0);
  });

  it('makes one message per recipient when several pumps run at once', async () => {
    const recipients = Array.from({ length: 1500 }, (_, i) => de(1000 + i));
    const draft = await create({ name: 'Racing pumps', body: 'Once', recipients });
    const id = draft.body.id as string;
    const pump = gw.running.app.get(CampaignPump);
    // Running without the launch's wake-up, so the four passes below start on it together (the
    // worker's own loop may join them): each would take the same recipients but for the locks.
    await gw.db.query(`UPDATE campaigns SET state = 'running', launched_at = now(), paced_at = now() WHERE id = $1`, [
      id,
    ]);
    await waitFor(
      async () => {
        await Promise.all([pump.pass(), pump.pass(), pump.pass(), pump.pass()]);
        return (await get(id)).counts.pending;
      },
      (pending) => pending === 0,
      { what: 'every recipient taken', timeoutMs: 30_000 },
    );
    const { rows } = await gw.db.query(
      'SELECT count(*)::int AS n, count(DISTINCT "to")::int AS distinct FROM messages WHERE campaign_id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ n: 1500, distinct: 1500 });
    expect(
      await count(
        `SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND state = 'queued' AND message_id IS NOT NULL`,
        [id],
      ),
    ).toBe(1500);
  });

  it('holds back recipients in quiet hours and sends those outside them', async () => {
    const berlin = localMinutes('Europe/Berlin');
    const draft = await create({
      name: 'Quiet',
      body: 'Good day',
      quietHours: { start: clock(berlin - 60), end: clock(berlin + 60) },
      recipients: [de(21), de(22), jp(1), jp(2)],
    });
    const id = draft.body.id as string;
    await act(id, 'launch');
    const held = await waitFor(
      () => get(id),
      (c) => c.counts.delivered === 2,
      { what: 'the two Japanese recipients delivered', timeoutMs: 20_000 },
    );
    expect(held).toMatchObject({ state: 'running', counts: { pending: 2, delivered: 2 } });
    const tos = (await gw.db.query('SELECT "to" FROM messages WHERE campaign_id = $1', [id])).rows.map((r) => r.to);
    expect(tos.sort()).toEqual([jp(1), jp(2)].sort());
    const canceled = await act(id, 'cancel');
    expect(canceled.body).toMatchObject({ state: 'canceled', counts: { pending: 0, canceled: 2, delivered: 2 } });
  });

  it('paces, pauses within a second, resumes, and cancel stops what has not left', async () => {
    const recipients = Array.from({ length: 40 }, (_, i) => de(100 + i));
    const draft = await create({ name: 'Paced', body: 'Paced', pace: 120, recipients });
    const id = draft.body.id as string;
    await act(id, 'launch');
    await waitFor(
      () => messagesOf(id),
      (n) => n >= 3,
      { what: 'three paced messages' },
    );
    const paused = await act(id, 'pause');
    expect(paused.body.state).toBe('paused');
    const atPause = await messagesOf(id);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await messagesOf(id)).toBe(atPause);
    expect(atPause).toBeLessThan(10);
    expect((await act(id, 'pause')).body.state).toBe('paused');
    const resumed = await act(id, 'resume');
    expect(resumed.body.state).toBe('running');
    await waitFor(
      () => messagesOf(id),
      (n) => n >= atPause + 2,
      { what: 'messages after the resume' },
    );
    const canceled = await act(id, 'cancel');
    expect(canceled.body.state).toBe('canceled');
    const made = await messagesOf(id);
    expect(made).toBeLessThan(40);
    await new Promise((r) => setTimeout(r, 500));
    expect(await messagesOf(id)).toBe(made);
    const c = await get(id);
    expect(c.counts.pending).toBe(0);
    expect(c.counts.canceled).toBeGreaterThanOrEqual(40 - made);
    expect((await act(id, 'resume')).body.code).toBe('CAMPAIGN_STATE_CONFLICT');
    expect((await act(id, 'cancel')).body.state).toBe('canceled');
    const audit = await gw.request('GET', `/v1/audit-events?targetId=${id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'campaign.canceled',
      'campaign.created',
      'campaign.launched',
      'campaign.paused',
      'campaign.recipients_imported',
      'campaign.resumed',
    ]);
  });

  it('counts a STOP reply against the campaign that texted the number', async () => {
    const draft = await create({ name: 'Stop', body: 'Offer', recipients: [de(31), de(32)] });
    const id = draft.body.id as string;
    await act(id, 'launch');
    await waitFor(
      () => get(id),
      (c) => c.counts.delivered === 2,
      { what: 'both delivered', timeoutMs: 20_000 },
    );
    phone.transport.simulateIncoming({ from: de(31), body: 'STOP' });
    const after = await waitFor(
      () => get(id),
      (c) => c.counts.optedOut === 1,
      { what: 'the STOP counted' },
    );
    expect(after.counts.optedOut).toBe(1);
    const results = String((await gw.request('GET', `/v1/campaigns/${id}/results`, { token })).body);
    expect(results).toMatch(new RegExp(`\\${de(31)},delivered,,[^,]+,[^,]+,[^,]+,true`));
    expect(results).toMatch(new RegExp(`\\${de(32)},delivered,,[^,]+,[^,]+,[^,]+,false`));
  });

  it('offers the same in GraphQL, with live progress', async () => {
    const { body: created } = await gw.graphql(
      `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id state counts { total pending } } }`,
      { input: { name: 'GraphQL', body: 'From GraphQL', recipients: [de(41), de(42)] } },
      token,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createCampaign.id as string;
    expect(created.data.createCampaign).toMatchObject({ state: 'draft', counts: { total: 2, pending: 2 } });
    const client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    const seen: { state: string; counts: { delivered: number } }[] = [];
    client.subscribe<{ campaignProgress: (typeof seen)[number] }>(
      {
        query: `subscription ($id: ID!) { campaignProgress(id: $id) { state counts { delivered } } }`,
        variables: { id },
      },
      { next: (r) => r.data && seen.push(r.data.campaignProgress), error: () => undefined, complete: () => undefined },
    );
    await waitFor(
      () => seen.length,
      (n) => n >= 1,
      { what: 'the first progress event' },
    );
    expect(seen[0].state).toBe('draft');
    const { body: launched } = await gw.graphql(
      `mutation ($id: ID!) { launchCampaign(input: { id: $id }) { state } }`,
      { id },
      token,
    );
    expect(launched.errors).toBeUndefined();
    await waitFor(
      () => seen[seen.length - 1],
      (e) => e?.state === 'completed' && e.counts.delivered === 2,
      { what: 'progress to show the campaign completed', timeoutMs: 20_000 },
    );
    const { body: list } = await gw.graphql(`{ campaigns(first: 50) { edges { node { id name } } } }`, {}, token);
    expect(list.data.campaigns.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    const { body: foreign } = await gw.graphql(`query ($id: ID!) { campaign(id: $id) { id } }`, { id }, other.token);
    expect(foreign.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
