import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayManage } from '../../src/modules/auth/users.service.js';
import { TestGateway } from '../support/gateway.js';

describe('users and roles', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  /** Invites `email` as `role` with `token`, accepts the invitation, and returns the new user's session. */
  async function member(email: string, role: string, token = owner) {
    const invited = await gw.request('POST', '/v1/users', { token, json: { email, role } });
    expect(invited.status).toBe(201);
    const accepted = await gw.request('POST', '/v1/auth/accept-invite', {
      json: { token: invited.body.invitation.token, password: 'a long enough password' },
    });
    expect(accepted.status).toBe(200);
    return {
      id: invited.body.user.id as string,
      token: accepted.body.accessToken as string,
      invite: invited.body.invitation.token as string,
    };
  }

  it('invites a person who sets a password with a one-time token and then acts with the role given', async () => {
    const dev = await member('dev@example.test', 'developer');
    const me = await gw.request('GET', '/v1/me', { token: dev.token });
    expect(me.body.user).toMatchObject({ email: 'dev@example.test', role: 'developer' });
    expect(
      (await gw.request('POST', '/v1/messages', { token: dev.token, json: { to: '+4915123456789', body: 'hi' } }))
        .status,
    ).toBe(202);
    expect((await gw.request('GET', '/v1/users', { token: dev.token })).status).toBe(403);
    const reused = await gw.request('POST', '/v1/auth/accept-invite', {
      json: { token: dev.invite, password: 'another long password' },
    });
    expect(reused.status).toBe(401);
    const { rows } = await gw.db.query('SELECT invite_token_hash FROM users WHERE id = $1', [dev.id]);
    expect(rows[0].invite_token_hash).toBeNull();
  });

  it('lets a viewer read but not send', async () => {
    const viewer = await member('viewer@example.test', 'viewer');
    expect((await gw.request('GET', '/v1/messages', { token: viewer.token })).status).toBe(200);
    const send = await gw.request('POST', '/v1/messages', {
      token: viewer.token,
      json: { to: '+4915123456789', body: 'hi' },
    });
    expect(send.status).toBe(403);
    expect(send.body.code).toBe('FORBIDDEN');
  });

  it('keeps admins from making owners or touching them, and nobody from changing their own role', async () => {
    const admin = await member('second-admin@example.test', 'admin');
    const ownerId: string = (await gw.request('GET', '/v1/me', { token: owner })).body.user.id;
    const promote = await gw.request('POST', '/v1/users', {
      token: admin.token,
      json: { email: 'x@example.test', role: 'owner' },
    });
    expect(promote.status).toBe(403);
    expect(
      (await gw.request('PATCH', `/v1/users/${ownerId}`, { token: admin.token, json: { role: 'viewer' } })).status,
    ).toBe(403);
    expect(
      (await gw.request('PATCH', `/v1/users/${admin.id}`, { token: admin.token, json: { role: 'owner' } })).status,
    ).toBe(403);
    expect((await gw.request('DELETE', `/v1/users/${ownerId}`, { token: admin.token })).status).toBe(403);
    // Mass assignment: fields other than role are refused.
    const sneaky = await gw.request('PATCH', `/v1/users/${admin.id}`, {
      token: owner,
      json: { role: 'admin', email: 'me@evil.test' },
    });
    expect(sneaky.body.code).toBe('VALIDATION_FAILED');
  });

  it('lets the owner change roles and remove people, recording each in the audit trail, but keeps one owner', async () => {
    const dev = await member('dev2@example.test', 'developer');
    const changed = await gw.request('PATCH', `/v1/users/${dev.id}`, { token: owner, json: { role: 'viewer' } });
    expect(changed.body).toMatchObject({ id: dev.id, role: 'viewer' });
    expect((await gw.request('DELETE', `/v1/users/${dev.id}`, { token: owner })).status).toBe(204);
    const ownerId: string = (await gw.request('GET', '/v1/me', { token: owner })).body.user.id;
    expect((await gw.request('PATCH', `/v1/users/${ownerId}`, { token: owner, json: { role: 'admin' } })).status).toBe(
      403,
    );
    const audit = await gw.request('GET', `/v1/audit-events?targetId=${dev.id}`, { token: owner });
    expect((audit.body.data as { action: string }[]).map((e) => e.action)).toEqual([
      'user.removed',
      'user.role_changed',
      'user.joined',
      'user.invited',
    ]);
  });

  it("answers NOT_FOUND for another account's user", async () => {
    const other = await gw.createAccount('Elsewhere');
    const dev = await member('dev3@example.test', 'developer');
    expect(
      (await gw.request('PATCH', `/v1/users/${dev.id}`, { token: other.token, json: { role: 'viewer' } })).status,
    ).toBe(404);
    expect((await gw.request('DELETE', `/v1/users/${dev.id}`, { token: other.token })).status).toBe(404);
  });

  it('follows one permission rule for every pair of roles', () => {
    expect(mayManage('owner', 'admin', 'owner')).toBe(true);
    expect(mayManage('admin', 'developer', 'admin')).toBe(true);
    expect(mayManage('admin', 'developer', 'owner')).toBe(false);
    expect(mayManage('admin', 'owner')).toBe(false);
    expect(mayManage('developer', 'viewer', 'viewer')).toBe(true);
    expect(mayManage('viewer', 'developer', 'viewer')).toBe(false);
  });
});
