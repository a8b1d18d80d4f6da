import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const METRICS_TOKEN = 'metrics-test-token-0123456789';

/** The value of one series in a text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

function labelValues(text: string): string[] {
  return [...text.matchAll(/\w+="([^"]*)"/g)].map((m) => m[1]);
}

describe('GET /metrics', () => {
  let gw: TestGateway;
  let local: TestGateway;

  beforeAll(async () => {
    // This gateway allows no address: only the token opens /metrics. Its carriers may name 127.0.0.1.
    gw = await TestGateway.start({ METRICS_TOKEN, METRICS_ALLOW: '10.255.255.255', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    local = await TestGateway.start();
  });
  afterAll(async () => {
    await gw?.stop();
    await local?.stop();
  });

  it('refuses a caller outside the allow-list without the token, with problem+json', async () => {
    const none = await gw.request('GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    const wrong = await gw.request('GET', '/metrics', { token: 'metrics-test-token-wrong-value' });
    expect(wrong.status).toBe(401);

    // A user's own JWT is not the metrics token.
    const user = await gw.request('GET', '/metrics', { token: await gw.login() });
    expect(user.status).toBe(401);
  });

  it('answers a caller on the default allow-list (loopback) without a token', async () => {
    const res = await local.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.body).toContain('smsgw_process_cpu_user_seconds_total');
  });

  it('refuses with 403 when no token is configured and the address is not allowed', async () => {
    const closed = await TestGateway.start({ METRICS_ALLOW: '192.0.2.0/24' });
    try {
      const res = await closed.request('GET', '/metrics');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await closed.stop();
    }
  });

  it('exposes message, queue, fleet and HTTP series after a message is delivered through a phone', async () => {
    const token = await gw.login();
    const phone = await gw.pairAgent(token, { name: 'metrics-phone', deliveryMs: 0 });
    const to = '+4915123456789';
    const body = 'Metrics canary body';
    const sent = await gw.request('POST', '/v1/messages', { token, json: { to, body } });
    expect(sent.status).toBe(202);
    await gw.waitForStatus(token, sent.body.id, ['delivered']);
    await gw.message(token, sent.body.id);

    const res = await gw.request<string>('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    const text = res.body;

    expect(sample(text, 'smsgw_messages', { status: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'smsgw_messages_status_changes_total', { status: 'delivered', channel: 'device' })).toBe(1);
    expect(sample(text, 'smsgw_dispatch_latency_seconds_count')).toBe(1);
    expect(sample(text, 'smsgw_queue_jobs', { queue: 'dispatch', state: 'waiting' })).toBe(0);
    expect(sample(text, 'smsgw_queue_jobs', { queue: 'webhooks', state: 'waiting' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'smsgw_queue_oldest_waiting_age_seconds', { queue: 'dispatch' })).toBe(0);
    expect(sample(text, 'smsgw_dead_letters')).toBe(0);
    expect(sample(text, 'smsgw_devices_online')).toBe(1);
    expect(sample(text, 'smsgw_device_sent_parts_last_minute', { device_id: phone.deviceId })).toBe(1);
    expect(sample(text, 'smsgw_webhook_deliveries_last_hour', { status: 'failed' })).toBe(0);
    expect(sample(text, 'smsgw_metrics_collect_errors_total')).toBeUndefined();

    // The route pattern, never the raw URL.
    expect(
      sample(text, 'smsgw_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/messages',
        status_code: '202',
      }),
    ).toBe(1);
    expect(
      sample(text, 'smsgw_http_request_duration_seconds_count', { method: 'GET', route: '/v1/messages/:id' }),
    ).toBeGreaterThanOrEqual(1);
    const routes = [...text.matchAll(/route="([^"]*)"/g)].map((m) => m[1]);
    expect(routes.filter((r) => r.includes(sent.body.id) || /\/\d+/.test(r))).toEqual([]);

    // No label carries a phone number or a message body.
    const values = labelValues(text);
    expect(values.filter((v) => v.includes(to) || v.includes(to.slice(1)) || v.includes(body))).toEqual([]);
    // A device id is a UUID, whose hex groups can hold 8 digits in a row by chance: not a number.
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    expect(values.filter((v) => !UUID.test(v) && /\+?\d{8,}/.test(v))).toEqual([]);
  });

  it("shows each carrier by its state, and a throttled phone's headroom under its own limit", async () => {
    const token = await gw.login();
    const smpp = await gw.request('POST', '/v1/carriers', {
      token,
      json: {
        name: 'metrics-smsc',
        kind: 'smpp',
        enabled: false,
        smpp: { host: '127.0.0.1', port: 2775, systemId: 'gateway', password: 'secret' },
      },
    });
    expect(smpp.status).toBe(201);
    const http = await gw.request('POST', '/v1/carriers', {
      token,
      json: { name: 'metrics-http', kind: 'http', enabled: true, http: { url: 'http://127.0.0.1:9/send?to={to}' } },
    });
    expect(http.status).toBe(201);
    const devices = await gw.request<{ data: { id: string; name: string }[] }>('GET', '/v1/devices', { token });
    const phone = devices.body.data.find((d) => d.name === 'metrics-phone')!;
    const patched = await gw.request('PATCH', `/v1/devices/${phone.id}`, {
      token,
      json: { throttle: { partsPerMinute: 5 } },
    });
    expect(patched.status).toBe(200);

    // The database's gauges are cached for a few seconds: the new rows show once the cache lapses.
    const text = await waitFor(
      async () => (await gw.request<string>('GET', '/metrics', { token: METRICS_TOKEN })).body,
      (t) => {
        const sent = sample(t, 'smsgw_device_sent_parts_last_minute', { device_id: phone.id });
        return (
          sample(t, 'smsgw_carrier_up', { carrier_id: http.body.id }) !== undefined &&
          sent !== undefined &&
          sample(t, 'smsgw_device_throttle_headroom_parts', { device_id: phone.id }) === Math.max(0, 5 - sent)
        );
      },
      { timeoutMs: 15_000, intervalMs: 500, what: 'the new carriers and throttle in /metrics' },
    );
    expect(sample(text, 'smsgw_carrier_up', { carrier_id: smpp.body.id, state: 'disabled' })).toBe(0);
    expect(sample(text, 'smsgw_carrier_up', { carrier_id: http.body.id, state: 'idle' })).toBe(0);
    expect(sample(text, 'smsgw_metrics_collect_errors_total')).toBeUndefined();
  });

  it('labels an unknown path as unmatched rather than by its URL', async () => {
    await gw.request('GET', '/no/such/path/12345');
    const res = await gw.request<string>('GET', '/metrics', { token: METRICS_TOKEN });
    expect(res.body).not.toContain('12345"');
    expect(
      sample(res.body, 'smsgw_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' }),
    ).toBeGreaterThanOrEqual(1);
  });
});
