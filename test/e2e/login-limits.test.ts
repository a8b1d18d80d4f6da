import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, TestGateway } from '../support/gateway.js';

const ADMIN = 'admin@example.test';

/**
 * Sign-in limits per address and per email, and which address counts (TRUST_PROXY). Every test
 * client is 127.0.0.1: `trusted` trusts that peer as a proxy, so each test speaks for its own
 * client address through X-Forwarded-For; `untrusted` trusts another network only.
 */
describe('sign-in limits and TRUST_PROXY', () => {
  let trusted: TestGateway;
  let untrusted: TestGateway;

  beforeAll(async () => {
    const limits = { LOGIN_FAILURES_PER_IP: '10', SIGNUP: 'open' };
    [trusted, untrusted] = await Promise.all([
      TestGateway.start({ ...limits, TRUST_PROXY: '127.0.0.1/32, ::1' }),
      TestGateway.start({ ...limits, TRUST_PROXY: '10.0.0.0/8' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([trusted?.stop(), untrusted?.stop()]);
  });

  const login = (gw: TestGateway, email: string, password: string, from?: string) =>
    gw.request('POST', '/v1/auth/login', {
      json: { email, password },
      headers: from ? { 'x-forwarded-for': from } : {},
    });

  const signedInFrom = async (gw: TestGateway): Promise<string[]> => {
    const { rows } = await gw.db.query<{ ip: string }>(
      "SELECT ip FROM audit_events WHERE action = 'user.signed_in' ORDER BY id",
    );
    return rows.map((r) => r.ip);
  };

  it('locks an address after 10 failed sign-ins, whichever emails it tried, and records no sign-in', async () => {
    const from = '203.0.113.10';
    for (let i = 0; i < 10; i++) {
      const res = await login(trusted, `nobody-${i}@example.test`, 'a wrong password', from);
      expect(res.status).toBe(401);
    }
    const before = await signedInFrom(trusted);
    const locked = await login(trusted, ADMIN, ADMIN_PASSWORD, from);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(locked.body.detail).toContain('from this address');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    // The same through GraphQL: one limit, whichever door.
    const viaGraphql = await trusted.request('POST', '/graphql', {
      json: {
        query: 'mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }',
        variables: { input: { email: ADMIN, password: ADMIN_PASSWORD } },
      },
      headers: { 'x-forwarded-for': from },
    });
    expect(viaGraphql.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(await signedInFrom(trusted)).toEqual(before);
    // Another address signs in as ever.
    expect((await login(trusted, ADMIN, ADMIN_PASSWORD, '203.0.113.11')).status).toBe(200);
  });

  it('does not count successful sign-ins against the address', async () => {
    const from = '203.0.113.20';
    for (let i = 0; i < 12; i++) expect((await login(trusted, ADMIN, ADMIN_PASSWORD, from)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await login(trusted, ADMIN, 'wrong', from)).status).toBe(401);
    expect((await login(trusted, ADMIN, ADMIN_PASSWORD, from)).status).toBe(200);
  });

  it('lets 30 parallel wrong passwords for one email check exactly 10 and refuse the rest (no check-then-update race)', async () => {
    const email = 'raced@example.test';
    const created = await trusted.request('POST', '/v1/auth/signup', {
      json: { email, password: 'the right password', accountName: 'Raced' },
    });
    expect(created.status).toBe(201);
    // Each guess from its own address: only the email's lock-out is at stake here.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => login(trusted, email, `guess ${i}`, `198.51.100.${i + 1}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    for (const a of answers.filter((x) => x.status === 429)) expect(a.body.code).toBe('RATE_LIMITED');
    // Locked: even the right password is refused now.
    expect((await login(trusted, email, 'the right password', '198.51.100.99')).status).toBe(429);
  });

  it('honours X-Forwarded-For from a trusted proxy, in audit events and per-address limits', async () => {
    const res = await login(trusted, ADMIN, ADMIN_PASSWORD, '192.0.2.55');
    expect(res.status).toBe(200);
    expect((await signedInFrom(trusted)).at(-1)).toBe('192.0.2.55');
  });

  it('ignores a forged X-Forwarded-For from an untrusted peer, in audit events and per-address limits', async () => {
    const res = await login(untrusted, ADMIN, ADMIN_PASSWORD, '192.0.2.66');
    expect(res.status).toBe(200);
    expect((await signedInFrom(untrusted)).at(-1)).toBe('127.0.0.1');
    // A new forged address for every guess does not get past the limit of the real one.
    for (let i = 0; i < 10; i++) {
      expect((await login(untrusted, `n${i}@example.test`, 'wrong', `192.0.2.${100 + i}`)).status).toBe(401);
    }
    const locked = await login(untrusted, ADMIN, ADMIN_PASSWORD, '192.0.2.200');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
  });
});
