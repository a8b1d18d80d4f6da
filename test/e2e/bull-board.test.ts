import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

/** The queue board (bull-board) at /admin/queues: operators only, JSON errors, a cookie for the browser. */
describe('queue board', () => {
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    admin = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function member(role: string): Promise<string> {
    const invited = await gw.request('POST', '/v1/users', {
      token: admin,
      json: { email: `${role}@example.test`, role },
    });
    expect(invited.status).toBe(201);
    const accepted = await gw.request('POST', '/v1/auth/accept-invite', {
      json: { token: invited.body.invitation.token, password: 'a long enough password' },
    });
    expect(accepted.status).toBe(200);
    return accepted.body.accessToken as string;
  }

  it('refuses a caller without a token with 401 problem+json, on the page, the API and static files', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/static/x.js']) {
      const res = await gw.request('GET', path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type'), path).toContain('application/problem+json');
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const forged = await gw.request('GET', '/admin/queues/api/queues', { token: 'not.a.jwt' });
    expect(forged.status).toBe(401);
  });

  it('refuses a developer, a viewer and the owner of another account with 403', async () => {
    const other = await gw.createAccount('Tenant');
    for (const token of [await member('developer'), await member('viewer'), other.token]) {
      const res = await gw.request('GET', '/admin/queues/api/queues', { token });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('FORBIDDEN');
      const session = await gw.request('POST', '/admin/queues/session', { token });
      expect(session.status).toBe(403);
      expect(session.headers.get('set-cookie')).toBeNull();
    }
  });

  it('shows the dispatch and webhooks queues to an operator admin with a bearer token', async () => {
    const res = await gw.request('GET', '/admin/queues/api/queues', { token: admin });
    expect(res.status).toBe(200);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['dispatch', 'webhooks']);

    const page = await gw.request('GET', '/admin/queues', { token: admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // The page's assets are served under the prefix (the page's <base href>), behind the same guard.
    expect(String(page.body)).toContain('<base href="/admin/queues/"');
    const script = /src="(static\/js\/[^"]+\.js)"/.exec(String(page.body))?.[1];
    expect(script).toBeDefined();
    const asset = `/admin/queues/${script}`;
    const served = await gw.request('GET', asset, { token: admin });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toContain('javascript');
    expect((await gw.request('GET', asset)).status).toBe(401);

    // The board's own actions pass the strict JSON parser (they send no body).
    const pause = await gw.request('PUT', '/admin/queues/api/queues/webhooks/pause', { token: admin });
    expect(pause.status).toBe(200);
    const resume = await gw.request('PUT', '/admin/queues/api/queues/webhooks/resume', { token: admin });
    expect(resume.status).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie scoped to the board that lets the browser in', async () => {
    expect((await gw.request('POST', '/admin/queues/session')).status).toBe(401);
    const session = await gw.request('POST', '/admin/queues/session', { token: admin });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^smsgw_admin=[A-Za-z0-9._-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin/queues');
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(3600);

    const pair = cookie.split(';')[0];
    const res = await gw.request('GET', '/admin/queues/api/queues', { headers: { cookie: `other=1; ${pair}` } });
    expect(res.status).toBe(200);
    expect(res.body.queues).toHaveLength(2);
    const bad = await gw.request('GET', '/admin/queues/api/queues', { headers: { cookie: 'smsgw_admin=forged' } });
    expect(bad.status).toBe(401);

    const cleared = await gw.request('DELETE', '/admin/queues/session');
    expect(cleared.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('serves a self-contained sign-in page that takes no token in its URL', async () => {
    const res = await gw.request('GET', '/admin/queues/login');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(String(res.body)).toContain('/admin/queues/session');
    expect(String(res.body)).not.toMatch(/src="http|href="http/);
  });
});
