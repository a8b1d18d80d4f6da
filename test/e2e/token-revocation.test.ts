import { createHmac, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/** How soon a token that stopped being valid must be refused (issue 15). */
const WITHIN_MS = 5000;

interface Member {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Bearer tokens: passport-jwt's checks, and tokens that stop working before they expire. */
describe('access tokens', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function member(role: string): Promise<Member> {
    const email = `m-${randomBytes(4).toString('hex')}@example.test`;
    const password = 'a member password';
    const invited = await gw.request('POST', '/v1/users', { token: owner, json: { email, role } });
    expect(invited.status).toBe(201);
    const accepted = await gw.request('POST', '/v1/auth/accept-invite', {
      json: { token: invited.body.invitation.token, password },
    });
    expect(accepted.status).toBe(200);
    return { id: invited.body.user.id, email, password, ...accepted.body };
  }

  const restStatus = async (token: string, path = '/v1/me') => (await gw.request('GET', path, { token })).status;
  const graphqlCode = async (token: string) => {
    const res = await gw.graphql('{ me { kind } }', {}, token);
    return res.body.errors?.[0]?.extensions?.code ?? 'OK';
  };

  /** Waits, without sleeping, for `check` to hold, and fails if it takes longer than WITHIN_MS. */
  async function within<T>(check: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<number> {
    const started = Date.now();
    await waitFor(check, ok, { timeoutMs: WITHIN_MS, what });
    return Date.now() - started;
  }

  it("ends a removed user's access token within 5 seconds, on REST and GraphQL", async () => {
    const m = await member('developer');
    expect(await restStatus(m.accessToken)).toBe(200);
    expect(await graphqlCode(m.accessToken)).toBe('OK');
    expect((await gw.request('DELETE', `/v1/users/${m.id}`, { token: owner })).status).toBe(204);
    await within(
      () => restStatus(m.accessToken),
      (s) => s === 401,
      'REST to refuse the removed user',
    );
    await within(
      () => graphqlCode(m.accessToken),
      (c) => c === 'UNAUTHENTICATED',
      'GraphQL to refuse them',
    );
    // Their refresh token is of no use either.
    const refreshed = await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: m.refreshToken } });
    expect(refreshed.status).toBe(401);
  });

  it('takes the old role away from a demoted admin within 5 seconds; a refreshed token has the new role', async () => {
    const m = await member('admin');
    expect(await restStatus(m.accessToken, '/v1/users')).toBe(200);
    const demoted = await gw.request('PATCH', `/v1/users/${m.id}`, { token: owner, json: { role: 'viewer' } });
    expect(demoted.status).toBe(200);
    await within(
      () => restStatus(m.accessToken, '/v1/users'),
      (s) => s === 401,
      'the admin token to stop working',
    );
    const refreshed = await gw.request('POST', '/v1/auth/refresh', { json: { refreshToken: m.refreshToken } });
    expect(refreshed.status).toBe(200);
    const me = await gw.request('GET', '/v1/me', { token: refreshed.body.accessToken });
    expect(me.body.user.role).toBe('viewer');
    expect(me.body.scopes).not.toContain('admin');
    expect(await restStatus(refreshed.body.accessToken, '/v1/users')).toBe(403);
  });

  it('ends the access tokens of the old password within 5 seconds of a password change', async () => {
    const m = await member('developer');
    const other = await gw.request('POST', '/v1/auth/login', { json: { email: m.email, password: m.password } });
    const changed = await gw.request('POST', '/v1/auth/password', {
      token: m.accessToken,
      json: { currentPassword: m.password, newPassword: 'a new member password' },
    });
    expect(changed.status).toBe(204);
    for (const token of [m.accessToken, other.body.accessToken as string]) {
      await within(
        () => restStatus(token),
        (s) => s === 401,
        'a token of the old password to stop working',
      );
    }
    const signedIn = await gw.request('POST', '/v1/auth/login', {
      json: { email: m.email, password: 'a new member password' },
    });
    expect(await restStatus(signedIn.body.accessToken)).toBe(200);
  });

  it('closes the live subscription of a removed user within 5 seconds', async () => {
    const m = await member('developer');
    const client: Client = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${m.accessToken}` },
      retryAttempts: 0,
    });
    const errors: { extensions?: { code?: string } }[] = [];
    let completed = false;
    client.subscribe(
      { query: 'subscription { messageStatusChanged { messageId status } }' },
      {
        next: (result) => errors.push(...(result.errors ?? [])),
        error: (error) => errors.push(...(Array.isArray(error) ? error : [{}])),
        complete: () => (completed = true),
      },
    );
    try {
      // Live once the gateway listens on the account's channel for it.
      const accountId = (await gw.request('GET', '/v1/me', { token: m.accessToken })).body.account.id as string;
      await waitFor(
        async () =>
          (await gw.redis.pubsub('NUMSUB', `${gw.config.REDIS_PREFIX}:account:${accountId}:messageStatus`))[1],
        (subscribers) => Number(subscribers) > 0,
        { what: 'the subscription to listen' },
      );
      expect(errors).toEqual([]);
      expect((await gw.request('DELETE', `/v1/users/${m.id}`, { token: owner })).status).toBe(204);
      await within(
        () => Promise.resolve(errors.map((e) => e.extensions?.code)),
        (codes) => codes.includes('UNAUTHENTICATED'),
        'the subscription to end with UNAUTHENTICATED',
      );
      expect(completed).toBe(false);
    } finally {
      await client.dispose();
    }
  });

  it('refuses forged, foreign, unsigned and expired tokens with UNAUTHENTICATED', async () => {
    const jwt = gw.running.app.get(JwtService, { strict: false });
    const claims = jwt.decode<Record<string, unknown>>(owner);
    const { exp: _exp, iat: _iat, aud: _aud, iss: _iss, ...own } = claims;
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = { ...own, aud: 'sms-gateway', iss: 'sms-gateway', iat: now, exp: now + 600 };
    const signed = (header: object, payload: object, secret: string) => {
      const unsigned = `${base64url(header)}.${base64url(payload)}`;
      return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    };
    const tokens = {
      'another secret': signed({ alg: 'HS256', typ: 'JWT' }, body, 'not the gateway secret at all, 32+ chars'),
      'alg none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(body)}.`,
      'another audience': await jwt.signAsync(own, { audience: 'someone-else', expiresIn: 600 }),
      'another issuer': await jwt.signAsync(own, { issuer: 'someone-else', expiresIn: 600 }),
      expired: await jwt.signAsync(own, { expiresIn: -10 }),
      'HS512 with the right secret': await jwt.signAsync(own, { algorithm: 'HS512', expiresIn: 600 }),
    };
    // The control: the same claims, signed as the gateway signs, are accepted.
    expect(await restStatus(await jwt.signAsync(own))).toBe(200);
    for (const [what, token] of Object.entries(tokens)) {
      expect({ what, status: await restStatus(token) }).toEqual({ what, status: 401 });
      expect({ what, code: await graphqlCode(token) }).toEqual({ what, code: 'UNAUTHENTICATED' });
    }
  });

  it("keeps an OAuth2 client's tokens working until it is revoked, then ends them within 5 seconds", async () => {
    const created = await gw.request('POST', '/v1/oauth-clients', {
      token: owner,
      json: { name: 'revoked soon', scopes: ['messages:read'] },
    });
    const issued = await gw.request('POST', '/v1/oauth/token', {
      json: {
        grant_type: 'client_credentials',
        client_id: created.body.clientId,
        client_secret: created.body.clientSecret,
      },
    });
    const token = issued.body.access_token as string;
    expect(await restStatus(token, '/v1/messages')).toBe(200);
    expect((await gw.request('DELETE', `/v1/oauth-clients/${created.body.clientId}`, { token: owner })).status).toBe(
      204,
    );
    await within(
      () => restStatus(token, '/v1/messages'),
      (s) => s === 401,
      'the revoked client to be refused',
    );
  });
});
