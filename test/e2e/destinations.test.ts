import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORD_REPLIES } from '../../src/modules/auth/entities/account.entity.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const PREMIUM = '+19002223333'; // US 900: premium rate in the North American plan
const SHARED_COST = '+491801234567'; // DE 0180: shared cost
const INTERNATIONAL_SHARED_COST = '+80812345678'; // +808: in DESTINATION_DENY_PREFIXES by default
const SATELLITE = '+881612345678'; // global mobile satellite: in DESTINATION_DENY_PREFIXES by default
const GERMAN = '+4915199998888';
const AMERICAN = '+14155550123';

/**
 * DESTINATION_BLOCKED (DESIGN.md §3): premium-rate numbers, the gateway's denied ranges and the
 * countries an account does not allow are refused at the API with nothing written, and no STOP /
 * START / HELP answer goes to such a number (an auto-reply would be an SMS-pumping surface).
 */
describe('destinations', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const count = async (accountId: string) =>
    (await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE account_id = $1', [accountId]))
      .rows[0].n;

  it('refuses premium-rate and denied numbers with 422 DESTINATION_BLOCKED and writes nothing', async () => {
    const { accountId, token } = await gw.createAccount('Premium');
    for (const to of [PREMIUM, SATELLITE, SHARED_COST, INTERNATIONAL_SHARED_COST]) {
      const res = await gw.request('POST', '/v1/messages', { token, json: { to, body: 'win a prize' } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'DESTINATION_BLOCKED' });
    }
    const keyed = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: PREMIUM, body: 'win a prize' },
      headers: { 'idempotency-key': 'premium-1' },
    });
    expect(keyed.body.code).toBe('DESTINATION_BLOCKED');
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: {
        messages: [
          { to: GERMAN, body: 'fine' },
          { to: PREMIUM, body: 'not fine' },
        ],
      },
    });
    expect(batch.status).toBeLessThan(300);
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([202, 422]);
    expect(batch.body.results[1].error.code).toBe('DESTINATION_BLOCKED');
    const viaGraphql = await gw.graphql(
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      { input: { to: PREMIUM, body: 'win a prize' } },
      token,
    );
    expect(viaGraphql.body.errors[0].extensions.code).toBe('DESTINATION_BLOCKED');
    // Only the batch's good item was written.
    expect(await count(accountId)).toBe(1);
  });

  it('sends only to the countries an account allows, set through the settings (REST and GraphQL), audited', async () => {
    const { accountId, token } = await gw.createAccount('Countries');
    const patched = await gw.request('PATCH', '/v1/account/settings', {
      token,
      json: { allowedCountries: ['DE', 'AT'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.allowedCountries).toEqual(['AT', 'DE']);
    const read = await gw.graphql('{ accountSettings { allowedCountries } }', {}, token);
    expect(read.body.data.accountSettings.allowedCountries).toEqual(['AT', 'DE']);

    // At once in the process that made the change (other processes within two seconds).
    const refused = await gw.request('POST', '/v1/messages', { token, json: { to: AMERICAN, body: 'hello' } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'DESTINATION_BLOCKED' });
    expect(refused.body.detail).toContain('AT, DE');
    const before = await count(accountId);
    expect((await gw.request('POST', '/v1/messages', { token, json: { to: GERMAN, body: 'hallo' } })).status).toBe(202);
    expect(await count(accountId)).toBe(before + 1);

    const audit = await gw.request('GET', '/v1/audit-events?action=account.settings.updated', { token });
    expect(audit.body.data[0].diff).toEqual({ allowedCountries: { from: [], to: ['AT', 'DE'] } });

    // An empty list allows every country again.
    const cleared = await gw.graphql(
      'mutation { updateAccountSettings(input: { allowedCountries: [] }) { allowedCountries } }',
      {},
      token,
    );
    expect(cleared.body.data.updateAccountSettings.allowedCountries).toEqual([]);
    expect(
      (await gw.request('POST', '/v1/messages', { token, json: { to: AMERICAN, body: 'hello again' } })).status,
    ).toBe(202);
  });

  it('fails a scheduled message at dispatch when its country was disallowed after it was accepted', async () => {
    const { token } = await gw.createAccount('Scheduled');
    const sendAt = new Date(Date.now() + 1500).toISOString();
    const accepted = await gw.request('POST', '/v1/messages', { token, json: { to: AMERICAN, body: 'later', sendAt } });
    expect(accepted.status).toBe(202);
    expect(
      (await gw.request('PATCH', '/v1/account/settings', { token, json: { allowedCountries: ['DE'] } })).status,
    ).toBe(200);
    const failed = await gw.waitForStatus(token, accepted.body.id, ['failed', 'sent', 'delivered']);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'DESTINATION_BLOCKED' });
  });

  it('refuses country codes that are not ISO 3166 alpha-2 in capitals, and changes nothing', async () => {
    const { token } = await gw.createAccount('Bad countries');
    for (const allowedCountries of [['XX'], ['de'], ['DE', 'DE'], 'DE', [42]]) {
      const res = await gw.request('PATCH', '/v1/account/settings', { token, json: { allowedCountries } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    expect((await gw.request('GET', '/v1/account/settings', { token })).body.allowedCountries).toBeUndefined();
  });

  it('honours STOP from a blocked number but sends it no answer; a number allowed gets its answer', async () => {
    const { token } = await gw.createAccount('Pumping');
    const phone = await gw.pairAgent(token, { name: 'keyword-phone' });
    const suppressed = async (number: string) =>
      (await gw.request('GET', `/v1/suppressions?phoneNumber=${encodeURIComponent(number)}`, { token })).body.data;

    phone.transport.simulateIncoming({ from: PREMIUM, body: 'STOP', simSlot: 0 });
    phone.transport.simulateIncoming({ from: GERMAN, body: 'STOP', simSlot: 0 });
    await waitFor(
      () => phone.transport.sent.filter((s) => s.to === GERMAN && s.body === DEFAULT_KEYWORD_REPLIES.stop),
      (sent) => sent.length === 1,
      { what: 'the STOP confirmation to the allowed number' },
    );
    await waitFor(
      () => suppressed(PREMIUM),
      (rows) => rows.length === 1,
      { what: 'the premium number suppressed' },
    );
    const inbound = await gw.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE "from" = $1`,
      [PREMIUM],
    );
    expect(inbound.rows[0].n).toBe(1);
    // No reply row and nothing sent to the premium number (the phone acked its inbound, so no resend).
    const replies = await gw.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE "to" = $1`, [
      PREMIUM,
    ]);
    expect(replies.rows[0].n).toBe(0);
    expect(phone.transport.sent.filter((s) => s.to === PREMIUM)).toEqual([]);
  });
});
