import { randomBytes, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/common/ids.js';
import { TestGateway, type ApiResponse } from '../support/gateway.js';

/**
 * Small limits so a test can reach them: 2 points a second per caller and 3 per account, buckets of
 * 10 seconds of rate (20 per caller, 30 per account).
 *
 * The buckets refill while a test runs (a point every 500 ms per caller), and a loaded machine can
 * stretch a burst of requests over seconds. So the tests fire requests together and send well over
 * what a bucket holds: a token bucket serves at most `size + rate × elapsed` of them, which leaves
 * some refused unless the burst took seconds, and every assertion holds for any number of refills.
 */
describe('rate limits per caller and per account', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({
      RATE_LIMIT_SUBJECT_PER_SECOND: '2',
      RATE_LIMIT_ACCOUNT_PER_SECOND: '3',
      RATE_LIMIT_BURST_SECONDS: '10',
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  /**
   * A cheap limited request that touches no table (the malformed id is NOT_FOUND before any query),
   * so bursts of them measure the limiter, not the database pool.
   */
  const probe = (token: string) => gw.request('GET', '/v1/messages/not-a-message-id', { token });
  const SERVED = 404;
  const together = <T>(n: number, request: () => Promise<T>) => Promise.all(Array.from({ length: n }, request));
  const withStatus = (responses: ApiResponse[], status: number) => responses.filter((r) => r.status === status);

  /** 30 requests at once against a bucket of 20: it runs dry unless the burst took 5 seconds. */
  async function drain(token: string, left = 20): Promise<{ served: ApiResponse[]; refused: ApiResponse[] }> {
    const responses = await together(30, () => probe(token));
    const served = withStatus(responses, SERVED);
    const refused = withStatus(responses, 429);
    expect(served.length + refused.length, JSON.stringify(responses.map((r) => [r.status, r.body]))).toBe(30);
    expect(served.length).toBeGreaterThanOrEqual(left);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    return { served, refused };
  }

  /** A second user of an existing account, inserted as AuthService.createAccount inserts its owner. */
  async function addUser(accountId: string): Promise<string> {
    const email = `second-${randomBytes(3).toString('hex')}@example.test`;
    await gw.db.query('INSERT INTO users (id, account_id, email, password_hash, role) VALUES ($1, $2, $3, $4, $5)', [
      newId(),
      accountId,
      email,
      await hash('second-password'),
      'developer',
    ]);
    return gw.login(email, 'second-password');
  }

  it('refuses a caller over its limit with 429 RATE_LIMITED, Retry-After and RateLimit headers, writing nothing', async () => {
    const { token } = await gw.createAccount('Chatty');
    const before = await gw.footprint();
    const first = await gw.request('GET', '/v1/devices', { token });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('20');
    expect(first.headers.get('ratelimit-remaining')).toBe('19');
    expect(first.headers.get('ratelimit-reset')).toBe('1');

    // Every limited response carries the headers, errors (here NOT_FOUND) included.
    const { served } = await drain(token, 19);
    for (const res of served) {
      expect(res.headers.get('ratelimit-limit')).toBe('20');
      expect(Number(res.headers.get('ratelimit-remaining'))).toBeLessThan(20);
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    }

    // Six writes right after: a point comes back only every 500 ms.
    const creates = await together(6, () =>
      gw.request('POST', '/v1/devices', { token, json: { name: 'one too many' } }),
    );
    const created = withStatus(creates, 201).length;
    const refused = withStatus(creates, 429);
    expect(created + refused.length).toBe(6);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const res of refused) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', type: '/docs/errors#rate-limited' });
      expect(res.body.detail).toMatch(/this caller/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('ratelimit-limit')).toBe('20');
      expect(res.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    }
    // Exactly what the served requests wrote (usually nothing): a refused one wrote no row and no job.
    expect(await gw.footprint()).toEqual({ ...before, devices: before.devices + created });
  });

  it('does not hold back another account while one is refused', async () => {
    const busy = await gw.createAccount('Busy');
    const other = await gw.createAccount('Bystander');
    await drain(busy.token);

    const res = await gw.request('GET', '/v1/devices', { token: other.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBe('20');
    expect(res.headers.get('ratelimit-remaining')).toBe('19');
  });

  it('applies the account limit to all its users and clients together', async () => {
    const owner = await gw.createAccount('Two users');
    const second = await addUser(owner.accountId);
    // 20 each: neither user goes over their own 20, but together they ask for 10 more than the account's 30.
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, () => probe(owner.token)),
      ...Array.from({ length: 20 }, () => probe(second)),
    ]);
    const refused = withStatus(responses, 429);
    expect(withStatus(responses, SERVED).length).toBeGreaterThanOrEqual(30);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const res of refused) {
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(res.body.detail).toMatch(/this account/);
      expect(res.headers.get('ratelimit-limit')).toBe('30');
    }
  });

  it('serves the caller again after waiting Retry-After', async () => {
    const { token } = await gw.createAccount('Patient');
    const { refused } = await drain(token);
    const retryAfter = Number(refused[refused.length - 1].headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    // Waiting is the behaviour under test: the bucket refills with time.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await probe(token)).status).toBe(SERVED);
  });

  it('counts GraphQL operations against the caller, with the RateLimit headers and RATE_LIMITED in extensions', async () => {
    const { token } = await gw.createAccount('GraphQL client');
    const query = 'query M($id: ID!) { message(id: $id) { id } }';
    const first = await gw.graphql(query, { id: randomUUID() }, token);
    expect(first.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(first.headers.get('ratelimit-limit')).toBe('20');
    expect(first.headers.get('ratelimit-remaining')).toBe('19');

    const burst = await together(29, () => gw.graphql(query, { id: randomUUID() }, token));
    const refused = burst.filter((r) => r.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const res of refused) {
      expect(res.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('ratelimit-remaining')).toBe('0');
    }
  });

  it('charges a batch one point per message and refuses a batch larger than what is left, writing none of it', async () => {
    const { token, accountId } = await gw.createAccount('Batcher');
    const batch = (n: number) =>
      gw.request('POST', '/v1/messages/batch', {
        token,
        json: { messages: Array.from({ length: n }, () => ({ to: '+4915123456789', body: 'batched' })) },
      });
    const countMessages = async () =>
      Number((await gw.db.query('SELECT count(*) AS n FROM messages WHERE account_id = $1', [accountId])).rows[0].n);

    const accepted = await batch(4);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('ratelimit-remaining')).toBe('16');
    expect(await countMessages()).toBe(4);

    // 20 fits a full bucket but not the 16 left (4 more points take 2 s to come back).
    const refused = await batch(20);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(await countMessages()).toBe(4);

    const tooLarge = await batch(21);
    expect(tooLarge.status).toBe(429);
    expect(tooLarge.body.detail).toMatch(/send smaller batches/);
    expect(await countMessages()).toBe(4);
  });

  it('never limits the health probes', async () => {
    const probes = await together(30, () => gw.request('GET', '/health/live'));
    expect(withStatus(probes, 200)).toHaveLength(30);
    expect(probes.every((r) => r.headers.get('ratelimit-limit') === null)).toBe(true);
  });
});
