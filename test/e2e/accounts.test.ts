import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

describe('accounts: sign-up, me, password change and brute-force protection', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({ SIGNUP: 'open' });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const signup = (json: unknown) => gw.request('POST', '/v1/auth/signup', { json });

  it('creates an account and its owner on sign-up, and me tells who the token is', async () => {
    const res = await signup({
      email: 'Founder@Example.test',
      password: 'a long enough password',
      accountName: 'Acme',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tokenType: 'Bearer' });
    const me = await gw.request('GET', '/v1/me', { token: res.body.accessToken });
    expect(me.body).toMatchObject({
      kind: 'user',
      account: { id: res.body.accountId, name: 'Acme' },
      user: { id: res.body.userId, email: 'founder@example.test', role: 'owner' },
    });
    expect(me.body.scopes).toContain('admin');
    const viaGraphql = await gw.graphql(
      '{ me { kind account { name } user { email role } } }',
      {},
      res.body.accessToken,
    );
    expect(viaGraphql.body.data.me).toEqual({
      kind: 'user',
      account: { name: 'Acme' },
      user: { email: 'founder@example.test', role: 'owner' },
    });
  });

  it('refuses a taken email, a short password and unknown fields, writing nothing', async () => {
    await signup({ email: 'taken@example.test', password: 'a long enough password', accountName: 'First' });
    const before = await gw.footprint();
    const taken = await signup({
      email: 'TAKEN@example.test',
      password: 'another long password',
      accountName: 'Second',
    });
    expect(taken.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'email' }] });
    const short = await signup({ email: 'short@example.test', password: 'short', accountName: 'S' });
    expect(short.body.code).toBe('VALIDATION_FAILED');
    const escalation = await signup({
      email: 'x@example.test',
      password: 'a long enough password',
      accountName: 'X',
      role: 'admin',
    });
    expect(escalation.body.code).toBe('VALIDATION_FAILED');
    expect(await gw.footprint()).toEqual(before);
  });

  it('refuses sign-up with FORBIDDEN when SIGNUP=closed', async () => {
    const closed = await TestGateway.start({ SIGNUP: 'closed' });
    try {
      const res = await closed.request('POST', '/v1/auth/signup', {
        json: { email: 'nobody@example.test', password: 'a long enough password', accountName: 'Nope' },
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    } finally {
      await closed.stop();
    }
  });

  it('changes a password only with the current one, after which only the new one signs in', async () => {
    const created = await signup({
      email: 'changer@example.test',
      password: 'the first password',
      accountName: 'Changer',
    });
    const token = created.body.accessToken as string;
    const wrong = await gw.request('POST', '/v1/auth/password', {
      token,
      json: { currentPassword: 'not it', newPassword: 'the second password' },
    });
    expect(wrong.status).toBe(401);
    const ok = await gw.request('POST', '/v1/auth/password', {
      token,
      json: { currentPassword: 'the first password', newPassword: 'the second password' },
    });
    expect(ok.status).toBe(204);
    const oldLogin = await gw.request('POST', '/v1/auth/login', {
      json: { email: 'changer@example.test', password: 'the first password' },
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await gw.request('POST', '/v1/auth/login', {
      json: { email: 'changer@example.test', password: 'the second password' },
    });
    expect(newLogin.status).toBe(200);
  });

  it('locks an email after 10 failed sign-ins, even for the right password, and leaves other emails alone', async () => {
    await signup({ email: 'target@example.test', password: 'the right password', accountName: 'Target' });
    for (let i = 0; i < 10; i++) {
      const res = await gw.request('POST', '/v1/auth/login', {
        json: { email: 'target@example.test', password: `guess ${i}` },
      });
      expect(res.status).toBe(401);
    }
    const locked = await gw.request('POST', '/v1/auth/login', {
      json: { email: 'target@example.test', password: 'the right password' },
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    const other = await gw.request('POST', '/v1/auth/login', {
      json: { email: 'admin@example.test', password: 'test-admin-password' },
    });
    expect(other.status).toBe(200);
  });

  it('records sign-up, sign-in and password change in the audit trail, without secrets', async () => {
    const created = await signup({
      email: 'audited@example.test',
      password: 'the first password',
      accountName: 'Audited',
    });
    const token = created.body.accessToken as string;
    await gw.request('POST', '/v1/auth/login', {
      json: { email: 'audited@example.test', password: 'the first password' },
    });
    await gw.request('POST', '/v1/auth/password', {
      token,
      json: { currentPassword: 'the first password', newPassword: 'the second password' },
    });
    await gw.request('POST', '/v1/auth/login', {
      json: { email: 'audited@example.test', password: 'wrong password!' },
    });
    const events = await gw.request('GET', '/v1/audit-events', { token });
    expect(events.status).toBe(200);
    const actions = (events.body.data as { action: string }[]).map((e) => e.action).sort();
    expect(actions).toEqual(['account.created', 'user.password_changed', 'user.signed_in']);
    expect(JSON.stringify(events.body)).not.toMatch(/password!|first password|second password|argon2/);
  });

  it('rotates refresh tokens, revokes the family when a used one comes back, and logs out', async () => {
    const created = await signup({
      email: 'refresher@example.test',
      password: 'a long enough password',
      accountName: 'R',
    });
    expect(created.body.refreshToken).toMatch(/^rt_/);
    const first = await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: created.body.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(created.body.refreshToken);
    expect((await gw.request('GET', '/v1/me', { token: first.body.accessToken })).status).toBe(200);

    // The first refresh token comes back: it leaked, so the newer one dies with it.
    const replay = await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: created.body.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('UNAUTHENTICATED');
    expect(
      (await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: first.body.refreshToken } })).status,
    ).toBe(401);

    const login = await gw.request('POST', '/v1/auth/login', {
      json: { email: 'refresher@example.test', password: 'a long enough password' },
    });
    expect(
      (await gw.request('POST', '/v1/auth/logout', { json: { refreshToken: login.body.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: login.body.refreshToken } })).status,
    ).toBe(401);
    const malformed = await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: 'nope' } });
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
    const { rows } = await gw.db.query('SELECT token_hash FROM refresh_tokens');
    expect(JSON.stringify(rows)).not.toContain(login.body.refreshToken.slice(3));
  });
});
