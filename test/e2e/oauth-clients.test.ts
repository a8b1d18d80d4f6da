import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

describe('OAuth2 client credentials', () => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    admin = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const createClient = async (scopes: string[], token = admin) => {
    const res = await gw.request('POST', '/v1/oauth-clients', { token, json: { name: 'backend', scopes } });
    expect(res.status).toBe(201);
    return res.body as { clientId: string; clientSecret: string; scopes: string[] };
  };

  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    gw.request('POST', '/v1/oauth/token', {
      raw: new URLSearchParams(fields).toString(),
      contentType: 'application/x-www-form-urlencoded',
      headers,
    });

  it('issues a scoped token for a form request with client_secret_post, and the token sends a message', async () => {
    const client = await createClient(['messages:send', 'messages:read']);
    expect(client.clientSecret).toMatch(/^cs_/);
    const res = await form({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: gw.config.JWT_TTL_SECONDS,
      scope: 'messages:send messages:read',
    });
    const sent = await gw.request('POST', '/v1/messages', {
      token: res.body.access_token,
      json: { to: '+4915123456789', body: 'from a machine' },
    });
    expect(sent.status).toBe(202);
    const forbidden = await gw.request('POST', '/v1/devices', { token: res.body.access_token, json: { name: 'nope' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
  });

  it('accepts client_secret_basic with a JSON body, and narrows the scopes to those asked for', async () => {
    const client = await createClient(['messages:send', 'messages:read']);
    const basic = Buffer.from(`${client.clientId}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
    const res = await gw.request('POST', '/v1/oauth/token', {
      json: { grant_type: 'client_credentials', scope: 'messages:read' },
      headers: { authorization: `Basic ${basic}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('messages:read');
    const send = await gw.request('POST', '/v1/messages', {
      token: res.body.access_token,
      json: { to: '+4915123456789', body: 'x' },
    });
    expect(send.status).toBe(403);
  });

  it('refuses bad client credentials, unknown grants and ungranted scopes with specific codes', async () => {
    const client = await createClient(['messages:read']);
    const wrong = await form({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: 'cs_wrong',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'UNAUTHENTICATED', error: 'invalid_client' });
    const unknown = await form({
      grant_type: 'client_credentials',
      client_id: '01a21528-1b49-7168-bdc1-8c5e92d53356',
      client_secret: 'cs_x',
    });
    expect(unknown.body.error).toBe('invalid_client');
    const grant = await form({
      grant_type: 'password',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ code: 'VALIDATION_FAILED', error: 'unsupported_grant_type' });
    const scope = await form({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      scope: 'admin',
    });
    expect(scope.status).toBe(403);
    expect(scope.body).toMatchObject({ code: 'FORBIDDEN', error: 'invalid_scope' });
  });

  it('stops a rotated secret at once and a revoked client and its tokens', async () => {
    const client = await createClient(['messages:read']);
    const before = await form({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const rotated = await gw.request('POST', `/v1/oauth-clients/${client.clientId}/rotate`, { token: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).not.toBe(client.clientSecret);
    expect(
      (await form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }))
        .status,
    ).toBe(401);
    expect(
      (
        await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: rotated.body.clientSecret,
        })
      ).status,
    ).toBe(200);

    expect((await gw.request('DELETE', `/v1/oauth-clients/${client.clientId}`, { token: admin })).status).toBe(204);
    expect(
      (
        await form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: rotated.body.clientSecret,
        })
      ).status,
    ).toBe(401);
    // A token issued before the revocation is refused from the next check on (at most 5 s of cache).
    const refused = await gw.request('GET', '/v1/messages', { token: before.body.access_token });
    expect(refused.status).toBe(401);

    const audit = await gw.request('GET', `/v1/audit-events?targetId=${client.clientId}`, { token: admin });
    expect((audit.body.data as { action: string }[]).map((e) => e.action).sort()).toEqual([
      'oauth_client.created',
      'oauth_client.revoked',
      'oauth_client.secret_rotated',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain('cs_');
  });

  it('keeps secrets out of the client list, keeps clients per account, and lets only admins manage them', async () => {
    const client = await createClient(['messages:read']);
    const list = await gw.request('GET', '/v1/oauth-clients', { token: admin });
    expect(list.body.data.map((c: { clientId: string }) => c.clientId)).toContain(client.clientId);
    expect(JSON.stringify(list.body)).not.toContain('cs_');
    const { rows } = await gw.db.query('SELECT secret_hash FROM oauth_clients WHERE id = $1', [client.clientId]);
    expect(rows[0].secret_hash).not.toContain(client.clientSecret);

    const other = await gw.createAccount('Other tenant');
    expect((await gw.request('DELETE', `/v1/oauth-clients/${client.clientId}`, { token: other.token })).status).toBe(
      404,
    );
    const machine = await form({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const byMachine = await gw.request('POST', '/v1/oauth-clients', {
      token: machine.body.access_token,
      json: { name: 'x', scopes: ['admin'] },
    });
    expect(byMachine.status).toBe(403);
    const badScope = await gw.request('POST', '/v1/oauth-clients', {
      token: admin,
      json: { name: 'x', scopes: ['root'] },
    });
    expect(badScope.body.code).toBe('VALIDATION_FAILED');
  });

  it('takes form bodies only at the token endpoint', async () => {
    const res = await gw.request('POST', '/v1/messages', {
      token: admin,
      raw: 'to=%2B4915123456789&body=hi',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
