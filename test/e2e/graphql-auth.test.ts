import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway, type ApiResponse } from '../support/gateway.js';

const TOKENS = 'accessToken tokenType expiresIn refreshToken refreshExpiresIn';
const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) { ${TOKENS} } }`;
const REFRESH = `mutation Refresh($input: RefreshTokenInput!) { refreshToken(input: $input) { ${TOKENS} } }`;
const SIGN_OUT = 'mutation SignOut($input: SignOutInput!) { signOut(input: $input) }';
const ACCEPT_INVITE = `mutation Accept($input: AcceptInviteInput!) { acceptInvite(input: $input) { ${TOKENS} } }`;
const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accountId userId ${TOKENS} } }`;
const CHANGE_PASSWORD = 'mutation Password($input: ChangePasswordInput!) { changePassword(input: $input) }';
const USER = 'id email role status createdAt';
const USERS = `{ users { ${USER} } }`;
const INVITE = `mutation Invite($input: InviteUserInput!) {
  inviteUser(input: $input) { user { ${USER} } invitation { token expiresAt } }
}`;
const CHANGE_ROLE = `mutation Role($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { ${USER} } }`;
const REMOVE_USER = 'mutation Remove($input: RemoveUserInput!) { removeUser(input: $input) }';
const CLIENT = 'clientId name scopes createdAt secretRotatedAt lastUsedAt';
const CREATE_CLIENT = `mutation Create($input: CreateOAuthClientInput!) {
  createOAuthClient(input: $input) { ${CLIENT} clientSecret }
}`;
const CLIENTS = `{ oauthClients { ${CLIENT} } }`;
const ROTATE_CLIENT = `mutation Rotate($input: RotateOAuthClientSecretInput!) {
  rotateOAuthClientSecret(input: $input) { ${CLIENT} clientSecret }
}`;
const REVOKE_CLIENT = 'mutation Revoke($input: RevokeOAuthClientInput!) { revokeOAuthClient(input: $input) }';
const SETTINGS_FIELDS = 'stickyRecipients keywordReplies { stop start help }';
const SETTINGS = `{ accountSettings { ${SETTINGS_FIELDS} } }`;
const UPDATE_SETTINGS = `mutation Settings($input: UpdateAccountSettingsInput!) {
  updateAccountSettings(input: $input) { ${SETTINGS_FIELDS} }
}`;

interface Answer {
  data: any;
  errors?: { message: string; extensions: { code: string; errors?: unknown[]; retryAfterSeconds?: number } }[];
  code?: string;
  /** Sent as X-Request-Id: the audit trail records it with the change. */
  requestId: string;
  res: ApiResponse;
}

/** The GraphQL counterparts of the auth, users, OAuth-client and account-settings routes (issue 15). */
describe('GraphQL auth: the REST operations with the same scopes, validation and codes', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start({ SIGNUP: 'open' });
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function call(document: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer> {
    const requestId = `gql-${randomUUID()}`;
    const res = await gw.request('POST', '/graphql', {
      token,
      json: { query: document, variables },
      headers: { 'x-request-id': requestId },
    });
    return {
      data: res.body.data,
      errors: res.body.errors,
      code: res.body.errors?.[0]?.extensions?.code,
      requestId,
      res,
    };
  }
  const audited = async (requestId: string) =>
    (await gw.db.query('SELECT action, ip FROM audit_events WHERE request_id = $1 ORDER BY at, id', [requestId])).rows;
  const input = (document: string, value: unknown, token?: string) => call(document, { input: value }, token);

  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number((await gw.db.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0].n);

  /** Everything these operations can write: "nothing written" is this staying equal. */
  async function writes() {
    const settings = await gw.db.query('SELECT id, settings FROM accounts ORDER BY id');
    const users = await gw.db.query('SELECT id, role, password_hash, invite_token_hash FROM users ORDER BY id');
    const clients = await gw.db.query('SELECT id, secret_hash, revoked_at FROM oauth_clients ORDER BY id');
    const tokens = await gw.db.query('SELECT id, used_at, revoked_at FROM refresh_tokens ORDER BY id');
    return {
      footprint: await gw.footprint(),
      audit: await count('audit_events'),
      settings: settings.rows,
      users: users.rows,
      clients: clients.rows,
      tokens: tokens.rows,
    };
  }

  /** A person invited and signed in through GraphQL alone. */
  async function member(email: string, role: string, token = owner) {
    const invited = await input(INVITE, { email, role }, token);
    expect(invited.errors).toBeUndefined();
    const accepted = await input(ACCEPT_INVITE, {
      token: invited.data.inviteUser.invitation.token,
      password: 'a long enough password',
    });
    expect(accepted.errors).toBeUndefined();
    return {
      id: invited.data.inviteUser.user.id as string,
      token: accepted.data.acceptInvite.accessToken as string,
      refreshToken: accepted.data.acceptInvite.refreshToken as string,
      invite: invited.data.inviteUser.invitation.token as string,
    };
  }

  describe('sign-in, tokens and passwords', () => {
    it('signs in with the same token pair as REST, recording the sign-in with its IP and request id', async () => {
      const credentials = { email: 'admin@example.test', password: 'test-admin-password' };
      const rest = await gw.request('POST', '/v1/auth/login', { json: credentials });
      const signedIn = await input(SIGN_IN, credentials);
      expect(signedIn.errors).toBeUndefined();
      const pair = signedIn.data.signIn;
      expect(Object.keys(pair).sort()).toEqual(Object.keys(rest.body).sort());
      expect(pair).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: rest.body.expiresIn,
        refreshExpiresIn: rest.body.refreshExpiresIn,
      });
      expect(pair.refreshToken).toMatch(/^rt_/);
      const me = await call('{ me { user { email role } } }', {}, pair.accessToken);
      expect(me.data.me.user).toEqual({ email: 'admin@example.test', role: 'owner' });

      expect(await audited(signedIn.requestId)).toEqual([{ action: 'user.signed_in', ip: '127.0.0.1' }]);
    });

    it('refuses a wrong password or an unknown email with UNAUTHENTICATED and bad input with VALIDATION_FAILED', async () => {
      const before = await count('refresh_tokens');
      for (const credentials of [
        { email: 'admin@example.test', password: 'not the password' },
        { email: 'nobody@example.test', password: 'test-admin-password' },
      ]) {
        const rest = await gw.request('POST', '/v1/auth/login', { json: credentials });
        const answer = await input(SIGN_IN, credentials);
        expect({ rest: rest.body.code, graphql: answer.code, data: answer.data }).toEqual({
          rest: 'UNAUTHENTICATED',
          graphql: 'UNAUTHENTICATED',
          data: null,
        });
      }
      const short = { email: 'x', password: '' };
      const rest = await gw.request('POST', '/v1/auth/login', { json: short });
      const answer = await input(SIGN_IN, short);
      expect(answer.code).toBe('VALIDATION_FAILED');
      expect(answer.errors![0].extensions.errors).toEqual(rest.body.errors);
      expect(await count('refresh_tokens')).toBe(before);
    });

    it('locks an email after 10 failed sign-ins counted across REST and GraphQL, even for the right password', async () => {
      const email = 'locked@example.test';
      expect((await input(SIGN_UP, { email, password: 'the right password', accountName: 'Locked' })).errors).toBe(
        undefined,
      );
      for (let i = 0; i < 5; i++) {
        const rest = await gw.request('POST', '/v1/auth/login', { json: { email, password: `guess ${i}` } });
        expect(rest.body.code).toBe('UNAUTHENTICATED');
        expect((await input(SIGN_IN, { email, password: `other guess ${i}` })).code).toBe('UNAUTHENTICATED');
      }
      const locked = await input(SIGN_IN, { email, password: 'the right password' });
      expect(locked.code).toBe('RATE_LIMITED');
      expect(locked.data).toBeNull();
      expect(locked.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(60);
      const rest = await gw.request('POST', '/v1/auth/login', { json: { email, password: 'the right password' } });
      expect(rest.status).toBe(429);
      // Another email is not held back by this one.
      expect((await input(SIGN_IN, { email: 'admin@example.test', password: 'test-admin-password' })).errors).toBe(
        undefined,
      );
    });

    it('rotates refresh tokens, revokes the whole family when a used one comes back, and signs out', async () => {
      const first = (await input(SIGN_IN, { email: 'admin@example.test', password: 'test-admin-password' })).data
        .signIn;
      const second = await input(REFRESH, { refreshToken: first.refreshToken });
      expect(second.errors).toBeUndefined();
      expect(Object.keys(second.data.refreshToken).sort()).toEqual(TOKENS.split(' ').sort());
      expect(second.data.refreshToken.refreshToken).not.toBe(first.refreshToken);
      expect((await call('{ me { kind } }', {}, second.data.refreshToken.accessToken)).data.me.kind).toBe('user');

      // The first one again: it leaked, so the newer one dies with it.
      expect((await input(REFRESH, { refreshToken: first.refreshToken })).code).toBe('UNAUTHENTICATED');
      expect((await input(REFRESH, { refreshToken: second.data.refreshToken.refreshToken })).code).toBe(
        'UNAUTHENTICATED',
      );

      const session = (await input(SIGN_IN, { email: 'admin@example.test', password: 'test-admin-password' })).data
        .signIn;
      expect((await input(SIGN_OUT, { refreshToken: session.refreshToken })).data).toEqual({ signOut: true });
      expect((await input(REFRESH, { refreshToken: session.refreshToken })).code).toBe('UNAUTHENTICATED');
      // An unknown token is ignored, as REST answers 204 for it.
      expect((await input(SIGN_OUT, { refreshToken: `rt_${'a'.repeat(43)}` })).data).toEqual({ signOut: true });

      const before = await writes();
      for (const document of [REFRESH, SIGN_OUT]) {
        const malformed = await input(document, { refreshToken: 'nope' });
        expect(malformed.code).toBe('VALIDATION_FAILED');
        expect(malformed.errors![0].extensions.errors).toEqual([
          { field: 'refreshToken', message: 'refreshToken must be a refresh token from sign-in' },
        ]);
      }
      expect(await writes()).toEqual(before);
    });

    it('signs up a new account and its owner, refusing a taken email and a short password with nothing written', async () => {
      const created = await input(SIGN_UP, {
        email: 'Founder@Example.test',
        password: 'a long enough password',
        accountName: 'Acme',
      });
      expect(created.errors).toBeUndefined();
      const payload = created.data.signUp;
      expect(payload).toMatchObject({ tokenType: 'Bearer', accountId: expect.any(String), userId: expect.any(String) });
      const me = await call('{ me { account { id name } user { id email role } } }', {}, payload.accessToken);
      expect(me.data.me).toEqual({
        account: { id: payload.accountId, name: 'Acme' },
        user: { id: payload.userId, email: 'founder@example.test', role: 'owner' },
      });

      const before = await writes();
      const taken = await input(SIGN_UP, {
        email: 'FOUNDER@example.test',
        password: 'another long password',
        accountName: 'Again',
      });
      expect(taken.code).toBe('VALIDATION_FAILED');
      expect(taken.errors![0].extensions.errors).toEqual([{ field: 'email', message: 'email is already registered' }]);
      const shortBody = { email: 'short@example.test', password: 'short', accountName: 'S' };
      const short = await input(SIGN_UP, shortBody);
      const rest = await gw.request('POST', '/v1/auth/signup', { json: shortBody });
      expect(short.code).toBe('VALIDATION_FAILED');
      expect(short.errors![0].extensions.errors).toEqual(rest.body.errors);
      expect(await writes()).toEqual(before);
    });

    it('refuses sign-up with FORBIDDEN when SIGNUP=closed, as REST does', async () => {
      const closed = await TestGateway.start({ SIGNUP: 'closed' });
      try {
        const before = await closed.footprint();
        const res = await closed.graphql(SIGN_UP, {
          input: { email: 'nobody@example.test', password: 'a long enough password', accountName: 'Nope' },
        });
        expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
        expect(await closed.footprint()).toEqual(before);
      } finally {
        await closed.stop();
      }
    });

    it('changes a password only with the current one, ending the sessions of the old one', async () => {
      const email = 'changer@example.test';
      const created = (await input(SIGN_UP, { email, password: 'the first password', accountName: 'Changer' })).data
        .signUp;
      const token = created.accessToken as string;

      const before = await writes();
      const wrong = await input(
        CHANGE_PASSWORD,
        { currentPassword: 'not it', newPassword: 'the second password' },
        token,
      );
      expect(wrong.code).toBe('UNAUTHENTICATED');
      const short = await input(
        CHANGE_PASSWORD,
        { currentPassword: 'the first password', newPassword: 'short' },
        token,
      );
      expect(short.code).toBe('VALIDATION_FAILED');
      expect(short.errors![0].extensions.errors).toEqual([
        { field: 'newPassword', message: 'newPassword must be at least 10 characters' },
      ]);
      const anonymous = await input(CHANGE_PASSWORD, {
        currentPassword: 'the first password',
        newPassword: 'the second password',
      });
      expect(anonymous.code).toBe('UNAUTHENTICATED');
      expect(await writes()).toEqual(before);

      const changed = await input(
        CHANGE_PASSWORD,
        { currentPassword: 'the first password', newPassword: 'the second password' },
        token,
      );
      expect(changed.data).toEqual({ changePassword: true });
      expect((await input(SIGN_IN, { email, password: 'the first password' })).code).toBe('UNAUTHENTICATED');
      expect((await input(SIGN_IN, { email, password: 'the second password' })).errors).toBeUndefined();
      expect((await input(REFRESH, { refreshToken: created.refreshToken })).code).toBe('UNAUTHENTICATED');
      expect(await audited(changed.requestId)).toEqual([{ action: 'user.password_changed', ip: '127.0.0.1' }]);
    });

    it('refuses a password change to an API client with FORBIDDEN, as REST does', async () => {
      const client = (await input(CREATE_CLIENT, { name: 'backend', scopes: ['admin'] }, owner)).data.createOAuthClient;
      const token = await gw.request('POST', '/v1/oauth/token', {
        json: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      });
      const body = { currentPassword: 'whatever it is', newPassword: 'the second password' };
      const rest = await gw.request('POST', '/v1/auth/password', { token: token.body.access_token, json: body });
      const answer = await input(CHANGE_PASSWORD, body, token.body.access_token);
      expect({ rest: rest.body.code, graphql: answer.code }).toEqual({ rest: 'FORBIDDEN', graphql: 'FORBIDDEN' });
      await input(REVOKE_CLIENT, { id: client.clientId }, owner);
    });
  });

  describe('users', () => {
    it('invites a person who accepts through GraphQL and then acts with the role given; the invitation works once', async () => {
      const invited = await input(INVITE, { email: 'Dev@Example.test', role: 'developer' }, owner);
      expect(invited.errors).toBeUndefined();
      expect(invited.data.inviteUser.user).toMatchObject({
        email: 'dev@example.test',
        role: 'developer',
        status: 'invited',
      });
      expect(invited.data.inviteUser.invitation.token).toMatch(/^inv_/);

      const accepted = await input(ACCEPT_INVITE, {
        token: invited.data.inviteUser.invitation.token,
        password: 'a long enough password',
      });
      expect(Object.keys(accepted.data.acceptInvite).sort()).toEqual(TOKENS.split(' ').sort());
      const me = await call('{ me { user { id email role } } }', {}, accepted.data.acceptInvite.accessToken);
      expect(me.data.me.user).toEqual({
        id: invited.data.inviteUser.user.id,
        email: 'dev@example.test',
        role: 'developer',
      });

      const before = await writes();
      const reused = await input(ACCEPT_INVITE, {
        token: invited.data.inviteUser.invitation.token,
        password: 'another long password',
      });
      expect(reused.code).toBe('UNAUTHENTICATED');
      const malformed = await input(ACCEPT_INVITE, { token: 'inv_short', password: 'short' });
      expect(malformed.code).toBe('VALIDATION_FAILED');
      expect(malformed.errors![0].extensions.errors).toEqual([
        { field: 'token', message: 'token must be the invitation token' },
        { field: 'password', message: 'password must be at least 10 characters' },
      ]);
      expect(await writes()).toEqual(before);

      const listed = await call(USERS, {}, owner);
      const rest = await gw.request('GET', '/v1/users', { token: owner });
      expect(listed.data.users).toEqual(rest.body.data);
      expect(listed.data.users).toContainEqual(
        expect.objectContaining({ email: 'dev@example.test', role: 'developer', status: 'active' }),
      );
    });

    it('refuses a bad role, a taken email and unknown roles with VALIDATION_FAILED, writing nothing', async () => {
      await member('taken@example.test', 'viewer');
      const before = await writes();
      for (const [body, field] of [
        [{ email: 'new@example.test', role: 'superuser' }, 'role'],
        [{ email: 'not an email', role: 'viewer' }, 'email'],
        [{ email: 'TAKEN@example.test', role: 'viewer' }, 'email'],
      ] as const) {
        const answer = await input(INVITE, body, owner);
        expect({ body, code: answer.code }).toEqual({ body, code: 'VALIDATION_FAILED' });
        expect(answer.errors![0].extensions.errors).toEqual([expect.objectContaining({ field })]);
      }
      const { id } = (await call(USERS, {}, owner)).data.users.find(
        (u: { email: string }) => u.email === 'taken@example.test',
      );
      expect((await input(CHANGE_ROLE, { id, role: 'root' }, owner)).code).toBe('VALIDATION_FAILED');
      expect(await writes()).toEqual(before);
    });

    it('gives a viewer and a developer FORBIDDEN for every users operation, and an anonymous caller UNAUTHENTICATED', async () => {
      const viewer = await member('viewer@example.test', 'viewer');
      const developer = await member('developer@example.test', 'developer');
      const before = await writes();
      for (const token of [viewer.token, developer.token, undefined]) {
        const expected = token ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        const answers = [
          await call(USERS, {}, token),
          await input(INVITE, { email: 'someone@example.test', role: 'viewer' }, token),
          await input(CHANGE_ROLE, { id: viewer.id, role: 'admin' }, token),
          await input(REMOVE_USER, { id: viewer.id }, token),
        ];
        expect(answers.map((a) => a.code)).toEqual([expected, expected, expected, expected]);
      }
      expect(await writes()).toEqual(before);
    });

    it('lets the owner change roles and remove people, recording each with its request, and keeps admins below owners', async () => {
      const dev = await member('dev2@example.test', 'developer');
      const changed = await input(CHANGE_ROLE, { id: dev.id, role: 'viewer' }, owner);
      expect(changed.data.changeUserRole).toMatchObject({ id: dev.id, role: 'viewer', status: 'active' });
      const rest = await gw.request('GET', '/v1/users', { token: owner });
      expect(rest.body.data).toContainEqual(changed.data.changeUserRole);

      const admin = await member('second-admin@example.test', 'admin');
      const ownerId = (await call('{ me { user { id } } }', {}, owner)).data.me.user.id as string;
      const before = await writes();
      expect((await input(INVITE, { email: 'x@example.test', role: 'owner' }, admin.token)).code).toBe('FORBIDDEN');
      expect((await input(CHANGE_ROLE, { id: ownerId, role: 'viewer' }, admin.token)).code).toBe('FORBIDDEN');
      expect((await input(CHANGE_ROLE, { id: admin.id, role: 'owner' }, admin.token)).code).toBe('FORBIDDEN');
      expect((await input(REMOVE_USER, { id: ownerId }, admin.token)).code).toBe('FORBIDDEN');
      // Nobody changes their own role, so the last owner stays one.
      expect((await input(CHANGE_ROLE, { id: ownerId, role: 'admin' }, owner)).code).toBe('FORBIDDEN');
      expect(await writes()).toEqual(before);

      const removed = await input(REMOVE_USER, { id: dev.id }, owner);
      expect(removed.data).toEqual({ removeUser: true });
      expect((await call(USERS, {}, owner)).data.users.map((u: { id: string }) => u.id)).not.toContain(dev.id);
      const { rows } = await gw.db.query('SELECT action FROM audit_events WHERE target_id = $1 ORDER BY at, id', [
        dev.id,
      ]);
      expect(rows.map((r) => r.action)).toEqual(['user.invited', 'user.joined', 'user.role_changed', 'user.removed']);
      expect(await audited(changed.requestId)).toEqual([{ action: 'user.role_changed', ip: '127.0.0.1' }]);
      expect(await audited(removed.requestId)).toEqual([{ action: 'user.removed', ip: '127.0.0.1' }]);
    });

    it("answers NOT_FOUND for another account's user and for an id that is not one, as REST does", async () => {
      const other = await gw.createAccount('Elsewhere');
      const dev = await member('dev3@example.test', 'developer');
      const before = await writes();
      for (const id of [dev.id, 'not-a-user-id']) {
        const rest = await gw.request('PATCH', `/v1/users/${id}`, { token: other.token, json: { role: 'viewer' } });
        const changed = await input(CHANGE_ROLE, { id, role: 'viewer' }, other.token);
        const removed = await input(REMOVE_USER, { id }, other.token);
        expect({ rest: rest.body.code, change: changed.code, remove: removed.code }).toEqual({
          rest: 'NOT_FOUND',
          change: 'NOT_FOUND',
          remove: 'NOT_FOUND',
        });
      }
      const theirs = (await call(USERS, {}, other.token)).data.users.map((u: { email: string }) => u.email);
      expect(theirs).toHaveLength(1);
      expect(theirs).not.toContain('dev3@example.test');
      expect(await writes()).toEqual(before);
    });
  });

  describe('OAuth clients', () => {
    const tokenFor = (clientId: string, clientSecret: string) =>
      gw.request('POST', '/v1/oauth/token', {
        json: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      });

    it('shows the secret once, at creation and rotation, never in oauthClients, and revokes', async () => {
      const created = await input(
        CREATE_CLIENT,
        { name: 'backend', scopes: ['messages:send', 'messages:read'] },
        owner,
      );
      expect(created.errors).toBeUndefined();
      const client = created.data.createOAuthClient;
      expect(client).toMatchObject({
        name: 'backend',
        scopes: ['messages:send', 'messages:read'],
        secretRotatedAt: null,
        lastUsedAt: null,
      });
      expect(client.clientSecret).toMatch(/^cs_/);
      expect((await tokenFor(client.clientId, client.clientSecret)).status).toBe(200);

      const listed = await call(CLIENTS, {}, owner);
      const rest = await gw.request('GET', '/v1/oauth-clients', { token: owner });
      expect(listed.data.oauthClients).toEqual(rest.body.data);
      const { clientSecret: _secret, ...shown } = client;
      expect(listed.data.oauthClients).toContainEqual({ ...shown, lastUsedAt: expect.any(String) });
      expect(JSON.stringify(listed.res.body)).not.toContain(client.clientSecret.slice(3));
      // The listed type has no secret at all: asking for one is not a valid query.
      const asked = await call('{ oauthClients { clientId clientSecret } }', {}, owner);
      expect(asked.data ?? null).toBeNull();
      expect(asked.errors![0].message).toContain('clientSecret');

      const rotated = await input(ROTATE_CLIENT, { id: client.clientId }, owner);
      expect(rotated.data.rotateOAuthClientSecret).toMatchObject({
        clientId: client.clientId,
        secretRotatedAt: expect.any(String),
      });
      const newSecret = rotated.data.rotateOAuthClientSecret.clientSecret as string;
      expect(newSecret).toMatch(/^cs_/);
      expect(newSecret).not.toBe(client.clientSecret);
      expect((await tokenFor(client.clientId, client.clientSecret)).body.error).toBe('invalid_client');
      expect((await tokenFor(client.clientId, newSecret)).status).toBe(200);
      expect(JSON.stringify((await call(CLIENTS, {}, owner)).res.body)).not.toContain(newSecret.slice(3));

      const revoked = await input(REVOKE_CLIENT, { id: client.clientId }, owner);
      expect(revoked.data).toEqual({ revokeOAuthClient: true });
      expect((await tokenFor(client.clientId, newSecret)).body.error).toBe('invalid_client');
      const after = (await call(CLIENTS, {}, owner)).data.oauthClients.map((c: { clientId: string }) => c.clientId);
      expect(after).not.toContain(client.clientId);
      for (const [answer, action] of [
        [created, 'oauth_client.created'],
        [rotated, 'oauth_client.secret_rotated'],
        [revoked, 'oauth_client.revoked'],
      ] as const) {
        expect(await audited(answer.requestId)).toEqual([{ action, ip: '127.0.0.1' }]);
      }
      const audit = await gw.request('GET', `/v1/audit-events?targetId=${client.clientId}`, { token: owner });
      expect(JSON.stringify(audit.body)).not.toMatch(
        new RegExp(`${client.clientSecret.slice(3)}|${newSecret.slice(3)}`),
      );
    });

    it('refuses unknown scopes, no scopes and an empty name with the REST field errors, writing nothing', async () => {
      const before = await writes();
      for (const body of [
        { name: 'x', scopes: ['root'] },
        { name: 'x', scopes: [] },
        { name: '', scopes: ['messages:read'] },
      ]) {
        const rest = await gw.request('POST', '/v1/oauth-clients', { token: owner, json: body });
        const answer = await input(CREATE_CLIENT, body, owner);
        expect({ body, code: answer.code }).toEqual({ body, code: 'VALIDATION_FAILED' });
        expect(answer.errors![0].extensions.errors).toEqual(rest.body.errors);
      }
      expect(await writes()).toEqual(before);
    });

    it("gives non-admins FORBIDDEN and another account's client NOT_FOUND, writing nothing", async () => {
      const client = (await input(CREATE_CLIENT, { name: 'mine', scopes: ['messages:read'] }, owner)).data
        .createOAuthClient;
      const developer = await member('client-dev@example.test', 'developer');
      const other = await gw.createAccount('Client elsewhere');
      const before = await writes();
      const forbidden = [
        await input(CREATE_CLIENT, { name: 'x', scopes: ['messages:read'] }, developer.token),
        await call(CLIENTS, {}, developer.token),
        await input(ROTATE_CLIENT, { id: client.clientId }, developer.token),
        await input(REVOKE_CLIENT, { id: client.clientId }, developer.token),
      ];
      expect(forbidden.map((a) => a.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      for (const id of [client.clientId, 'not-a-client-id']) {
        const rest = await gw.request('POST', `/v1/oauth-clients/${id}/rotate`, { token: other.token });
        const rotated = await input(ROTATE_CLIENT, { id }, other.token);
        const revoked = await input(REVOKE_CLIENT, { id }, other.token);
        expect({ rest: rest.body.code, rotate: rotated.code, revoke: revoked.code, data: rotated.data }).toEqual({
          rest: 'NOT_FOUND',
          rotate: 'NOT_FOUND',
          revoke: 'NOT_FOUND',
          data: null,
        });
      }
      expect((await call(CLIENTS, {}, other.token)).data.oauthClients).toEqual([]);
      expect(await writes()).toEqual(before);
      expect((await tokenFor(client.clientId, client.clientSecret)).status).toBe(200);
    });
  });

  describe('account settings', () => {
    it('reads and changes the settings with the PATCH semantics of REST: left out keeps, null puts the default back', async () => {
      const { token, accountId } = await gw.createAccount('Settings');
      const rest = async () => (await gw.request('GET', '/v1/account/settings', { token })).body;
      const read = async () => (await call(SETTINGS, {}, token)).data.accountSettings;
      expect(await read()).toEqual({ stickyRecipients: false, keywordReplies: null });
      expect(await rest()).toEqual({ stickyRecipients: false });

      const update = async (value: unknown) => {
        const answer = await input(UPDATE_SETTINGS, value, token);
        expect(answer.errors).toBeUndefined();
        return answer.data.updateAccountSettings;
      };
      expect(await update({ stickyRecipients: true })).toEqual({ stickyRecipients: true, keywordReplies: null });
      expect(await update({ keywordReplies: { stop: 'Bye now.', help: 'Call us.' } })).toEqual({
        stickyRecipients: true,
        keywordReplies: { stop: 'Bye now.', start: null, help: 'Call us.' },
      });
      expect(await rest()).toEqual({ stickyRecipients: true, keywordReplies: { stop: 'Bye now.', help: 'Call us.' } });
      // A text left out keeps its value, a null one goes back to the default.
      expect(await update({ keywordReplies: { help: null, start: 'Welcome back.' } })).toEqual({
        stickyRecipients: true,
        keywordReplies: { stop: 'Bye now.', start: 'Welcome back.', help: null },
      });
      expect(await rest()).toEqual({
        stickyRecipients: true,
        keywordReplies: { stop: 'Bye now.', start: 'Welcome back.' },
      });
      // An empty change writes nothing.
      const audited = await count('audit_events', 'account_id = $1', [accountId]);
      expect(await update({})).toEqual(await read());
      expect(await count('audit_events', 'account_id = $1', [accountId])).toBe(audited);
      // null for the whole object puts every default back.
      expect(await update({ keywordReplies: null, stickyRecipients: false })).toEqual({
        stickyRecipients: false,
        keywordReplies: null,
      });
      expect(await rest()).toEqual({ stickyRecipients: false });
      expect((await gw.db.query('SELECT settings FROM accounts WHERE id = $1', [accountId])).rows[0].settings).toEqual({
        stickyRecipients: false,
      });

      const { rows } = await gw.db.query(
        "SELECT diff, ip, request_id FROM audit_events WHERE account_id = $1 AND action = 'account.settings.updated' ORDER BY at, id",
        [accountId],
      );
      expect(rows).toHaveLength(4);
      expect(rows[0]).toEqual({
        diff: { stickyRecipients: { from: false, to: true } },
        ip: '127.0.0.1',
        request_id: expect.any(String),
      });
    });

    it('refuses what REST refuses with VALIDATION_FAILED and the same field errors, writing nothing', async () => {
      const { token } = await gw.createAccount('Bad settings');
      await input(UPDATE_SETTINGS, { keywordReplies: { stop: 'Kept.' } }, token);
      const before = await writes();
      for (const body of [
        { stickyRecipients: null },
        { keywordReplies: { stop: '' } },
        { keywordReplies: { stop: '   ' } },
        { keywordReplies: { help: 'bell \u0007' } },
        { keywordReplies: { start: 'x'.repeat(321) } },
        { stickyRecipients: true, keywordReplies: { stop: '\u0000' } },
      ]) {
        const rest = await gw.request('PATCH', '/v1/account/settings', { token, json: body });
        const answer = await input(UPDATE_SETTINGS, body, token);
        expect({ body, rest: rest.body.code, graphql: answer.code }).toEqual({
          body,
          rest: 'VALIDATION_FAILED',
          graphql: 'VALIDATION_FAILED',
        });
        expect(answer.errors![0].extensions.errors).toEqual(rest.body.errors);
      }
      expect(await writes()).toEqual(before);
      expect((await call(SETTINGS, {}, token)).data.accountSettings).toEqual({
        stickyRecipients: false,
        keywordReplies: { stop: 'Kept.', start: null, help: null },
      });
    });

    it('lets every role read the settings but only admins change them, and keeps each account to its own', async () => {
      await input(UPDATE_SETTINGS, { stickyRecipients: true }, owner);
      const viewer = await member('settings-viewer@example.test', 'viewer');
      const developer = await member('settings-dev@example.test', 'developer');
      const before = await writes();
      for (const token of [viewer.token, developer.token]) {
        expect((await call(SETTINGS, {}, token)).data.accountSettings.stickyRecipients).toBe(true);
        expect((await input(UPDATE_SETTINGS, { stickyRecipients: false }, token)).code).toBe('FORBIDDEN');
      }
      expect((await call(SETTINGS)).code).toBe('UNAUTHENTICATED');
      expect((await input(UPDATE_SETTINGS, { stickyRecipients: false })).code).toBe('UNAUTHENTICATED');
      expect(await writes()).toEqual(before);
      const other = await gw.createAccount('Settings elsewhere');
      expect((await call(SETTINGS, {}, other.token)).data.accountSettings).toEqual({
        stickyRecipients: false,
        keywordReplies: null,
      });
    });
  });
});

/**
 * Public operations are limited per IP address, REST and GraphQL together: 2 points a second,
 * buckets of 20 (as in rate-limits.test.ts). A refused call costs nothing and writes nothing.
 */
describe('GraphQL sign-in shares the per-IP rate limit of REST sign-in', () => {
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

  it('refuses GraphQL sign-ins with RATE_LIMITED once REST sign-ins from the same address used the bucket', async () => {
    // Malformed credentials: refused by validation after the limiter counted them, so no password is hashed.
    const credentials = { email: 'x', password: '' };
    const together = <T>(n: number, call: () => Promise<T>) => Promise.all(Array.from({ length: n }, call));
    const rest = await together(12, () => gw.request('POST', '/v1/auth/login', { json: credentials }));
    expect(rest.map((r) => r.body.code)).toEqual(Array(12).fill('VALIDATION_FAILED'));

    // 18 more fit a bucket of 20 of their own, but not what the 12 above left (unless 5 s passed meanwhile).
    const graphql = await together(18, () =>
      gw.graphql(SIGN_IN, { input: credentials }).then((r) => ({ code: r.body.errors?.[0]?.extensions?.code, r })),
    );
    const refused = graphql.filter((g) => g.code === 'RATE_LIMITED');
    expect(graphql.filter((g) => g.code === 'VALIDATION_FAILED').length + refused.length).toBe(18);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const { r } of refused) {
      expect(r.body.data).toBeNull();
      expect(r.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(r.headers.get('ratelimit-remaining')).toBe('0');
    }
    expect(
      (await gw.db.query("SELECT count(*) AS n FROM audit_events WHERE action = 'user.signed_in'")).rows[0].n,
    ).toBe('0');
  });
});
