import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import type { AgentEvents } from '@sms-gateway/android-agent';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DevicesService } from '../../src/modules/devices/devices.service.js';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Resolves with the agent's next `event`, or fails after `timeoutMs`. */
function next<K extends keyof AgentEvents>(
  phone: HeadlessAgent,
  event: K,
  timeoutMs = 10_000,
): Promise<AgentEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} from the agent within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = phone.agent.on(event, (arg) => {
      clearTimeout(timer);
      off();
      resolve(arg);
    });
  });
}

describe('devices: settings, limits, disabling and pairing QR codes', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function createDevice(name: string, token = owner): Promise<string> {
    const res = await gw.request('POST', '/v1/devices', { token, json: { name } });
    expect(res.status).toBe(201);
    return res.body.device.id as string;
  }

  /** What a PATCH may change, plus its audit events: "nothing changed" is this staying equal. */
  async function snapshot(id: string) {
    const device = await gw.db.query(
      'SELECT name, enabled, sim_policy, throttle, sim_throttles, updated_at FROM devices WHERE id = $1',
      [id],
    );
    const audit = await gw.db.query('SELECT count(*)::int AS n FROM audit_events');
    return { device: device.rows[0] as unknown, auditEvents: (audit.rows[0] as { n: number }).n };
  }

  /** Invites a person with `role` and returns their session token. */
  async function member(email: string, role: string): Promise<string> {
    const invited = await gw.request('POST', '/v1/users', { token: owner, json: { email, role } });
    expect(invited.status).toBe(201);
    const accepted = await gw.request('POST', '/v1/auth/accept-invite', {
      json: { token: invited.body.invitation.token, password: 'a long enough password' },
    });
    expect(accepted.status).toBe(200);
    return accepted.body.accessToken as string;
  }

  it('renames a device and sets its SIM policy and limits, answering the resource and recording the change', async () => {
    const id = await createDevice('before');
    const res = await gw.request('PATCH', `/v1/devices/${id}`, {
      token: owner,
      json: {
        name: 'after',
        simPolicy: 'round-robin',
        throttle: { partsPerMinute: 30, partsPerHour: 0, partsPerDay: 500, minIntervalMs: 250 },
        simThrottles: { '0': { partsPerDay: 100 }, '1': { partsPerHour: 20, minIntervalMs: 1000 } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      name: 'after',
      status: 'offline',
      simPolicy: 'round-robin',
      throttle: { partsPerMinute: 30, partsPerHour: 0, partsPerDay: 500, minIntervalMs: 250 },
      simThrottles: { '0': { partsPerDay: 100 }, '1': { partsPerHour: 20, minIntervalMs: 1000 } },
    });
    const got = await gw.request('GET', `/v1/devices/${id}`, { token: owner });
    expect(got.body).toEqual(res.body);

    const audit = await gw.request('GET', `/v1/audit-events?targetId=${id}&action=device.updated`, { token: owner });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      action: 'device.updated',
      target: { type: 'device', id },
      diff: {
        name: { from: 'before', to: 'after' },
        simPolicy: { from: 'first', to: 'round-robin' },
        throttle: { from: {}, to: { partsPerMinute: 30, partsPerHour: 0, partsPerDay: 500, minIntervalMs: 250 } },
        simThrottles: { from: {}, to: { '0': { partsPerDay: 100 }, '1': { partsPerHour: 20, minIntervalMs: 1000 } } },
      },
    });
    expect(audit.body.data[0].diff).not.toHaveProperty('enabled');
  });

  it('replaces the stored throttle whole, and records nothing when nothing changes', async () => {
    const id = await createDevice('replaced');
    await gw.request('PATCH', `/v1/devices/${id}`, {
      token: owner,
      json: { throttle: { partsPerMinute: 30, partsPerDay: 500 }, simThrottles: { '0': { partsPerDay: 9 } } },
    });
    const res = await gw.request('PATCH', `/v1/devices/${id}`, {
      token: owner,
      json: { throttle: { partsPerHour: 50 }, simThrottles: { '1': { partsPerMinute: 5 } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.throttle).toEqual({ partsPerHour: 50 });
    expect(res.body.simThrottles).toEqual({ '1': { partsPerMinute: 5 } });

    const before = await snapshot(id);
    const same = await gw.request('PATCH', `/v1/devices/${id}`, {
      token: owner,
      json: { name: 'replaced', throttle: { partsPerHour: 50 } },
    });
    expect(same.status).toBe(200);
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses each bad PATCH with its code and changes nothing', async () => {
    const id = await createDevice('guarded');
    const stranger = await gw.createAccount('Device stranger');
    const before = await snapshot(id);
    const cases: { body: unknown; field?: string; path?: string; token?: string; code: string; status: number }[] = [
      {
        body: { throttle: { partsPerMinute: -1 } },
        field: 'throttle.partsPerMinute',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        body: { throttle: { partsPerHour: '10' } },
        field: 'throttle.partsPerHour',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        body: { throttle: { minIntervalMs: 1.5 } },
        field: 'throttle.minIntervalMs',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        body: { throttle: { partsPerMinute: 10_001 } },
        field: 'throttle.partsPerMinute',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        body: { throttle: { partsPerDay: 1_000_001 } },
        field: 'throttle.partsPerDay',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      { body: { throttle: { perMinute: 5 } }, field: 'throttle.perMinute', code: 'VALIDATION_FAILED', status: 400 },
      { body: { throttle: 'fast' }, field: 'throttle', code: 'VALIDATION_FAILED', status: 400 },
      { body: { throttle: null }, field: 'throttle', code: 'VALIDATION_FAILED', status: 400 },
      { body: { name: 5 }, field: 'name', code: 'VALIDATION_FAILED', status: 400 },
      { body: { name: '' }, field: 'name', code: 'VALIDATION_FAILED', status: 400 },
      { body: { name: null }, field: 'name', code: 'VALIDATION_FAILED', status: 400 },
      { body: { enabled: 'false' }, field: 'enabled', code: 'VALIDATION_FAILED', status: 400 },
      { body: { simPolicy: 'random' }, field: 'simPolicy', code: 'VALIDATION_FAILED', status: 400 },
      { body: { name: 'x', tokenHash: 'mine' }, field: 'tokenHash', code: 'VALIDATION_FAILED', status: 400 },
      {
        body: { simThrottles: { '8': { partsPerDay: 1 } } },
        field: 'simThrottles.8',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        body: { simThrottles: { a: { partsPerDay: 1 } } },
        field: 'simThrottles.a',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      {
        body: { simThrottles: { '0': { partsPerDay: -3 } } },
        field: 'simThrottles.0.partsPerDay',
        code: 'VALIDATION_FAILED',
        status: 400,
      },
      { body: [{ name: 'x' }], code: 'VALIDATION_FAILED', status: 400 },
      { body: { name: 'x' }, path: '/v1/devices/not-a-uuid', code: 'NOT_FOUND', status: 404 },
      { body: { name: 'x' }, token: stranger.token, code: 'NOT_FOUND', status: 404 },
      { body: { role: 'admin' }, token: stranger.token, code: 'NOT_FOUND', status: 404 },
    ];
    for (const c of cases) {
      const res = await gw.request('PATCH', c.path ?? `/v1/devices/${id}`, { token: c.token ?? owner, json: c.body });
      expect({ body: c.body, status: res.status, code: res.body.code }).toEqual({
        body: c.body,
        status: c.status,
        code: c.code,
      });
      if (c.field) {
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(c.field);
      }
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('pushes new limits to the connected phone as device.config', async () => {
    const phone = await gw.pairAgent(owner, { name: 'paced-phone' });
    expect(phone.agent.throttleConfig).toEqual({ sendIntervalMs: 0, maxPerMinute: 0 });
    const res = await gw.request('PATCH', `/v1/devices/${phone.deviceId}`, {
      token: owner,
      json: { throttle: { partsPerMinute: 30, minIntervalMs: 250 } },
    });
    expect(res.status).toBe(200);
    await waitFor(
      () => phone.agent.throttleConfig,
      (c) => c.maxPerMinute === 30 && c.sendIntervalMs === 250,
      { what: 'the phone to apply the new limits' },
    );
    // A throttle without partsPerMinute falls back to DEVICE_DEFAULT_PARTS_PER_MINUTE (0 in tests).
    await gw.request('PATCH', `/v1/devices/${phone.deviceId}`, { token: owner, json: { throttle: {} } });
    await waitFor(
      () => phone.agent.throttleConfig,
      (c) => c.maxPerMinute === 0 && c.sendIntervalMs === 0,
      { what: 'the phone to drop its limits' },
    );
  });

  it("shows a heartbeat's battery, charging, signal and battery-optimisation exemption on the device, REST and GraphQL", async () => {
    const raw = await rawPhone(gw, owner, 'heartbeat-phone');
    const socket = await raw.connect();
    try {
      expect(await socket.emitWithAck('heartbeat', { queueDepth: 0, batteryOptimizationExempt: 'yes' })).toEqual({
        ok: false,
        code: 'VALIDATION_FAILED',
      });
      const beat = { battery: 37, charging: false, signal: -95, batteryOptimizationExempt: true, queueDepth: 2 };
      expect(await socket.emitWithAck('heartbeat', beat)).toEqual({ ok: true });

      const res = await gw.request('GET', `/v1/devices/${raw.deviceId}`, { token: owner });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject(beat);
      const query =
        'query ($id: ID!) { device(id: $id) { battery charging signal batteryOptimizationExempt queueDepth } }';
      expect((await gw.graphql(query, { id: raw.deviceId }, owner)).body).toEqual({ data: { device: beat } });

      // Re-checked each heartbeat: the exemption withdrawn shows at once, and a phone that cannot tell says null.
      expect(await socket.emitWithAck('heartbeat', { ...beat, batteryOptimizationExempt: false })).toEqual({
        ok: true,
      });
      expect((await gw.request('GET', `/v1/devices/${raw.deviceId}`, { token: owner })).body).toMatchObject({
        batteryOptimizationExempt: false,
      });
      expect(await socket.emitWithAck('heartbeat', { queueDepth: 0, batteryOptimizationExempt: null })).toEqual({
        ok: true,
      });
      expect((await gw.request('GET', `/v1/devices/${raw.deviceId}`, { token: owner })).body).toMatchObject({
        battery: null,
        batteryOptimizationExempt: null,
      });
    } finally {
      socket.disconnect();
    }
  });

  it('a headless phone reports its battery-optimisation exemption in its heartbeats', async () => {
    const phone = await gw.pairAgent(owner, { name: 'exempt-phone', batteryOptimizationExempt: true, heartbeatMs: 50 });
    await waitFor(
      async () => (await gw.request('GET', `/v1/devices/${phone.deviceId}`, { token: owner })).body,
      (device) => device.batteryOptimizationExempt === true,
      { what: 'the exemption to reach the device' },
    );
  });

  it('a phone refused with INTERNAL (the database blinked) connects again by itself', async () => {
    const devices = gw.running.app.get(DevicesService, { strict: false });
    const lookup = vi.spyOn(devices, 'authenticate').mockRejectedValueOnce(new Error('connection terminated'));
    try {
      const phone = await gw.pairAgent(owner, { name: 'blinked-phone', reconnectRetryMs: 50 });
      expect(lookup).toHaveBeenCalledTimes(2);
      expect(phone.agent.connected).toBe(true);
      await waitFor(
        async () => (await gw.request('GET', `/v1/devices/${phone.deviceId}`, { token: owner })).body.status,
        (status) => status === 'online',
        { what: 'the phone to be online' },
      );
    } finally {
      lookup.mockRestore();
    }
  });

  it("drops a disabled device's socket and refuses it with DEVICE_DISABLED; the phone keeps trying and comes back once enabled", async () => {
    const refusals: string[] = [];
    const logger = {
      info: () => {},
      error: () => {},
      warn: (_msg: string, fields?: Record<string, unknown>) => {
        if (typeof fields?.code === 'string') refusals.push(fields.code);
      },
    };
    const phone = await gw.pairAgent(owner, { name: 'disabled-phone', disabledRetryMs: 300, logger });
    const fatal: unknown[] = [];
    phone.agent.on('fatal', (error) => fatal.push(error));
    await waitFor(
      async () => (await gw.request('GET', `/v1/devices/${phone.deviceId}`, { token: owner })).body.status,
      (status) => status === 'online',
      { what: 'the phone to be online' },
    );
    const disconnected = next(phone, 'disconnected');
    const res = await gw.request('PATCH', `/v1/devices/${phone.deviceId}`, { token: owner, json: { enabled: false } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'disabled', online: false });
    expect((await disconnected).reason).toBe('io server disconnect');
    await waitFor(
      () => refusals.filter((code) => code === 'DEVICE_DISABLED').length,
      (n) => n >= 2,
      { what: 'the phone to be refused twice as disabled' },
    );
    expect(phone.agent.connected).toBe(false);

    const audit = await gw.request('GET', `/v1/audit-events?targetId=${phone.deviceId}&action=device.updated`, {
      token: owner,
    });
    expect(audit.body.data[0].diff).toEqual({ enabled: { from: true, to: false } });

    const back = next(phone, 'ready');
    expect(
      (await gw.request('PATCH', `/v1/devices/${phone.deviceId}`, { token: owner, json: { enabled: true } })).body
        .status,
    ).toBe('offline');
    expect((await back).deviceId).toBe(phone.deviceId);
    await waitFor(
      async () => (await gw.request('GET', `/v1/devices/${phone.deviceId}`, { token: owner })).body.status,
      (status) => status === 'online',
      { what: 'the re-enabled phone to be online' },
    );
    expect(fatal).toEqual([]);
  });

  it('revokes a device through the GraphQL revokeDevice mutation, dropping its socket', async () => {
    const phone = await gw.pairAgent(owner, { name: 'revoked-over-graphql' });
    const disconnected = next(phone, 'disconnected');
    const revoke = 'mutation ($input: RevokeDeviceInput!) { revokeDevice(input: $input) }';
    const other = await gw.createAccount('Other revoker');
    for (const id of [phone.deviceId, 'not-a-uuid']) {
      const refused = await gw.graphql(revoke, { input: { id } }, other.token);
      expect(refused.body.errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const res = await gw.graphql(revoke, { input: { id: phone.deviceId } }, owner);
    expect(res.body).toEqual({ data: { revokeDevice: true } });
    expect((await disconnected).reason).toBe('io server disconnect');
    const listed = await gw.request('GET', '/v1/devices', { token: owner });
    expect(listed.body.data.map((d: { id: string }) => d.id)).not.toContain(phone.deviceId);
    const again = await gw.graphql(revoke, { input: { id: phone.deviceId } }, owner);
    expect(again.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('changes a device through the GraphQL updateDevice mutation, SIM limits as a list', async () => {
    const id = await createDevice('graphql-phone');
    const mutation = `mutation U($input: UpdateDeviceInput!) {
      updateDevice(input: $input) { id name simPolicy throttle { partsPerMinute partsPerDay } simThrottles { slot partsPerDay } }
    }`;
    const res = await gw.graphql(
      mutation,
      {
        input: {
          id,
          name: 'renamed over graphql',
          simPolicy: 'round-robin',
          throttle: { partsPerMinute: 12 },
          simThrottles: [
            { slot: 1, partsPerDay: 50 },
            { slot: 0, partsPerDay: 40 },
          ],
        },
      },
      owner,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateDevice).toEqual({
      id,
      name: 'renamed over graphql',
      simPolicy: 'round-robin',
      throttle: { partsPerMinute: 12, partsPerDay: null },
      simThrottles: [
        { slot: 0, partsPerDay: 40 },
        { slot: 1, partsPerDay: 50 },
      ],
    });
    const rest = await gw.request('GET', `/v1/devices/${id}`, { token: owner });
    expect(rest.body.simThrottles).toEqual({ '0': { partsPerDay: 40 }, '1': { partsPerDay: 50 } });

    const twice = await gw.graphql(mutation, { input: { id, simThrottles: [{ slot: 2 }, { slot: 2 }] } }, owner);
    expect(twice.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const stranger = await gw.createAccount('GraphQL stranger');
    const foreign = await gw.graphql(mutation, { input: { id, name: 'mine now' } }, stranger.token);
    expect(foreign.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await gw.request('GET', `/v1/devices/${id}`, { token: owner })).body.name).toBe('renamed over graphql');
  });

  it('gives the pairing QR code as a PNG too, on creation and on a new pairing code', async () => {
    const created = await gw.request('POST', '/v1/devices', { token: owner, json: { name: 'qr-phone' } });
    const again = await gw.request('POST', `/v1/devices/${created.body.device.id}/pairing`, { token: owner });
    for (const pairing of [created.body.pairing, again.body]) {
      expect(pairing.qrUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(pairing.qrPngUrl).toMatch(/^data:image\/png;base64,/);
      const png = Buffer.from((pairing.qrPngUrl as string).slice('data:image/png;base64,'.length), 'base64');
      expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
      expect(png.length).toBeGreaterThan(100);
    }
    const gql = await gw.graphql(
      'mutation ($input: CreateDeviceInput!) { createDevice(input: $input) { pairing { qrUrl qrPngUrl } } }',
      { input: { name: 'qr-over-graphql' } },
      owner,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.createDevice.pairing.qrPngUrl).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('reads and changes the account settings, admins only, recording the change', async () => {
    const initial = await gw.request('GET', '/v1/account/settings', { token: owner });
    expect(initial).toMatchObject({ status: 200, body: { stickyRecipients: false } });

    const changed = await gw.request('PATCH', '/v1/account/settings', {
      token: owner,
      json: { stickyRecipients: true },
    });
    expect(changed).toMatchObject({ status: 200, body: { stickyRecipients: true } });
    expect((await gw.request('GET', '/v1/account/settings', { token: owner })).body).toEqual({
      stickyRecipients: true,
    });
    const { rows } = await gw.db.query('SELECT id, settings FROM accounts WHERE settings <> $1::jsonb', ['{}']);
    expect(rows).toHaveLength(1);
    expect(rows[0].settings).toEqual({ stickyRecipients: true });
    const audit = await gw.request('GET', '/v1/audit-events?action=account.settings.updated', { token: owner });
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        target: { type: 'account', id: rows[0].id },
        diff: { stickyRecipients: { from: false, to: true } },
      }),
    ]);

    const before = await gw.db.query('SELECT settings FROM accounts ORDER BY id');
    for (const body of [
      { stickyRecipients: 'yes' },
      { stickyRecipients: null },
      { stickyRecipients: true, plan: 'pro' },
    ]) {
      const res = await gw.request('PATCH', '/v1/account/settings', { token: owner, json: body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    const developer = await member('settings-dev@example.test', 'developer');
    const viewer = await member('settings-viewer@example.test', 'viewer');
    for (const token of [developer, viewer]) {
      const res = await gw.request('PATCH', '/v1/account/settings', { token, json: { stickyRecipients: false } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect((await gw.request('GET', '/v1/account/settings', { token })).body).toEqual({ stickyRecipients: true });
    }
    expect((await gw.request('GET', '/v1/account/settings')).status).toBe(401);
    expect((await gw.db.query('SELECT settings FROM accounts ORDER BY id')).rows).toEqual(before.rows);

    // Another account has settings of its own.
    const other = await gw.createAccount('Settings elsewhere');
    expect((await gw.request('GET', '/v1/account/settings', { token: other.token })).body).toEqual({
      stickyRecipients: false,
    });
  });

  it('keeps a time zone per multi-zone country in the settings: merged, removed by null, checked per country', async () => {
    const { accountId, token } = await gw.createAccount('Time zones');
    const patch = (json: unknown) => gw.request('PATCH', '/v1/account/settings', { token, json });
    const read = async () => (await gw.request('GET', '/v1/account/settings', { token })).body;
    const stored = async () =>
      (await gw.db.query('SELECT settings FROM accounts WHERE id = $1', [accountId])).rows[0].settings as unknown;

    expect(await read()).toEqual({ stickyRecipients: false });
    const set = await patch({ timeZones: { US: 'America/Chicago' } });
    expect(set).toMatchObject({ status: 200, body: { timeZones: { US: 'America/Chicago' } } });
    expect(await read()).toEqual({ stickyRecipients: false, timeZones: { US: 'America/Chicago' } });

    // Another country merges in; a left-out timeZones keeps the map.
    expect((await patch({ timeZones: { BR: 'America/Sao_Paulo' } })).status).toBe(200);
    expect((await patch({ stickyRecipients: true })).status).toBe(200);
    expect(await read()).toEqual({
      stickyRecipients: true,
      timeZones: { BR: 'America/Sao_Paulo', US: 'America/Chicago' },
    });

    // Refused, each at its field, with nothing stored or audited.
    const before = await stored();
    const audited = async () =>
      (await gw.request('GET', '/v1/audit-events?action=account.settings.updated', { token })).body.data.length;
    const events = await audited();
    for (const [timeZones, field] of [
      [{ GB: 'Europe/London' }, 'timeZones.GB'],
      [{ XX: 'America/Chicago' }, 'timeZones.XX'],
      [{ us: 'America/Chicago' }, 'timeZones.us'],
      [{ US: 'Europe/Berlin' }, 'timeZones.US'],
      [{ US: 42 }, 'timeZones.US'],
      [{ BR: null, US: 'Europe/Berlin' }, 'timeZones.US'],
      [['US'], 'timeZones'],
      ['America/Chicago', 'timeZones'],
    ] as const) {
      const res = await patch({ timeZones });
      expect({ timeZones, status: res.status, code: res.body.code }).toEqual({
        timeZones,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect(await stored()).toEqual(before);
    expect(await audited()).toBe(events);

    // null for a country removes it, and is audited with the map before and after.
    const removed = await patch({ timeZones: { US: null } });
    expect(removed).toMatchObject({ status: 200, body: { timeZones: { BR: 'America/Sao_Paulo' } } });
    expect((await read()).timeZones).toEqual({ BR: 'America/Sao_Paulo' });
    const audit = await gw.request('GET', '/v1/audit-events?action=account.settings.updated', { token });
    expect(audit.body.data[0].diff).toEqual({
      timeZones: {
        from: { BR: 'America/Sao_Paulo', US: 'America/Chicago' },
        to: { BR: 'America/Sao_Paulo' },
      },
    });

    // null clears the map: REST leaves the member out again.
    expect((await patch({ timeZones: null })).status).toBe(200);
    expect(await read()).toEqual({ stickyRecipients: true });
    expect(await stored()).toEqual({ stickyRecipients: true });

    // GraphQL takes and shows the same map, with the same checks.
    const mutation =
      'mutation ($input: UpdateAccountSettingsInput!) { updateAccountSettings(input: $input) { timeZones } }';
    const viaGraphql = await gw.graphql(mutation, { input: { timeZones: { MX: 'America/Mexico_City' } } }, token);
    expect(viaGraphql.body.errors).toBeUndefined();
    expect(viaGraphql.body.data.updateAccountSettings.timeZones).toEqual({ MX: 'America/Mexico_City' });
    expect((await gw.graphql('{ accountSettings { timeZones } }', {}, token)).body.data.accountSettings).toEqual({
      timeZones: { MX: 'America/Mexico_City' },
    });
    const refused = await gw.graphql(mutation, { input: { timeZones: { GB: 'Europe/London' } } }, token);
    expect(refused.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors[0].extensions.errors).toEqual([expect.objectContaining({ field: 'timeZones.GB' })]);
    expect((await read()).timeZones).toEqual({ MX: 'America/Mexico_City' });
    const cleared = await gw.graphql(mutation, { input: { timeZones: null } }, token);
    expect(cleared.body.data.updateAccountSettings.timeZones).toBeNull();
  });
});
