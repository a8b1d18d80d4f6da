import AsyncStorage from '@react-native-async-storage/async-storage';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { SimulatedSmsTransport, SmsTransportError } from '../../../src/lib/index';
import { CLEARTEXT_REFUSED } from '../pairing-link';
import {
  jsonResponse,
  PAIRED,
  requestBody,
  testController,
  waitFor,
  type TestRig,
} from '../../test-support/controller';

const future = () => new Date(Date.now() + 3_600_000).toISOString();

describe('AgentController', () => {
  let rig: TestRig | undefined;

  beforeEach(async () => {
    await AsyncStorage.clear();
  });

  afterEach(async () => {
    await rig?.controller.stop();
    rig?.transport.close();
    rig = undefined;
  });

  it('pairs with the code and keeps the token only in the credential store', async () => {
    rig = testController({ paired: false });
    rig.fetch.mockResolvedValue(jsonResponse(201, { deviceId: 'dev_9', token: 'tok-secret' }));
    await rig.controller.init();
    expect(rig.controller.state.phase).toBe('unpaired');

    await rig.controller.pair('https://gw.example.test', 'ABCD-1234');

    expect(rig.fetch.mock.calls[0][0]).toBe('https://gw.example.test/v1/agent/pair');
    expect(requestBody(rig.fetch.mock.calls[0])).toMatchObject({
      code: 'ABCD-1234',
      device: { appVersion: '0.1.0', model: 'Test phone', sims: [{ slot: 0 }] },
    });
    expect(rig.credentials.value).toEqual({
      serverUrl: 'https://gw.example.test',
      deviceId: 'dev_9',
      token: 'tok-secret',
    });
    expect(rig.controller.state).toMatchObject({ phase: 'paired', deviceId: 'dev_9' });
    expect(JSON.stringify(rig.controller.state)).not.toContain('tok-secret');
    const stored = await AsyncStorage.multiGet(await AsyncStorage.getAllKeys());
    expect(JSON.stringify(stored)).not.toContain('tok-secret');
  });

  it('runs the agent in the background service: online, sends, and logs without the body', async () => {
    rig = testController();
    await rig.controller.init();
    await rig.controller.start();
    expect(rig.runner.running).toBe(true);
    await waitFor(() => rig?.controller.state.connection === 'online');
    expect(rig.server.hellos[0]).toMatchObject({ appVersion: '0.1.0', sims: [{ slot: 0 }] });

    const ack = await rig.server.send({
      id: 'm1',
      to: '+12025550123',
      body: 'secret body',
      expiresAt: future(),
      attempt: 1,
    });
    expect(ack).toEqual({ accepted: true });
    await waitFor(() => rig?.controller.state.recentSends[0]?.status === 'sent');

    const state = rig.controller.state;
    expect(rig.transport.sent.map((s) => s.to)).toEqual(['+12025550123']);
    expect(state.recentSends).toEqual([
      expect.objectContaining({ id: 'm1', to: '+1202*****23', status: 'sent', parts: 1 }),
    ]);
    expect(JSON.stringify(state)).not.toContain('secret body');
    expect(state.queueDepth).toBe(0);
    expect(state.lastMessageAt).toBeDefined();
    expect(state.budget).toEqual({ limit: 24, used: 1, left: 23 });
  });

  it("shows the server's device.config and applies the lower of the two limits", async () => {
    rig = testController();
    await rig.controller.init();
    await rig.controller.start();
    await waitFor(() => rig?.controller.state.connection === 'online');
    rig.server.config({ sendIntervalMs: 2000, maxPerMinute: 10, simSlots: [0] });
    await waitFor(() => rig?.controller.state.throttle.maxPerMinute === 10);
    expect(rig.controller.state.serverConfig).toEqual({ sendIntervalMs: 2000, maxPerMinute: 10, simSlots: [0] });
    expect(rig.controller.state.throttle).toEqual({ sendIntervalMs: 2000, maxPerMinute: 10 });
    expect(rig.controller.state.budget.limit).toBe(10);
  });

  it('does not connect as a sender without SEND_SMS, and says why', async () => {
    rig = testController({ granted: ['RECEIVE_SMS', 'READ_PHONE_STATE'] });
    await rig.controller.init();
    await rig.controller.start();
    expect(rig.runner.running).toBe(false);
    expect(rig.server.socket).toBeUndefined();
    expect(rig.controller.state.error?.code).toBe('SEND_SMS_DENIED');
  });

  it("stops the background service, and its restart at boot, when the server refuses the phone's token", async () => {
    const keepRunning = jest.fn((_run: boolean) => Promise.resolve());
    rig = testController({ deps: { keepRunning } });
    // A revoked or unknown token; other refusals (a disabled device, a server error) are retried by the core.
    rig.server.options.onHello = () => ({ ok: false, code: 'UNAUTHENTICATED' });
    await rig.controller.init();
    await rig.controller.start();
    await waitFor(() => rig?.controller.state.connection === 'refused');
    expect(rig.controller.state.error?.code).toBe('UNAUTHENTICATED');
    await waitFor(() => rig?.runner.running === false);
    await waitFor(() => keepRunning.mock.calls.at(-1)?.[0] === false);
  });

  it('resolves the background task when stopped', async () => {
    rig = testController();
    await rig.controller.init();
    await rig.controller.start();
    await waitFor(() => rig?.controller.state.connection === 'online');
    await rig.controller.stop();
    await expect(rig.runner.task).resolves.toBeUndefined();
    expect(rig.controller.state.connection).toBe('stopped');
  });

  it('connects and sends without READ_PHONE_STATE, through the default SIM, and says what is missing', async () => {
    const transport = new SimulatedSmsTransport({ sims: 2, deliveryMs: -1 });
    jest
      .spyOn(transport, 'listSims')
      .mockRejectedValue(new SmsTransportError('PERMISSION_DENIED', 'READ_PHONE_STATE is not granted'));
    rig = testController({ granted: ['SEND_SMS', 'RECEIVE_SMS'], deps: { transport } });
    await rig.controller.init();

    await rig.controller.start();

    await waitFor(() => rig?.controller.state.connection === 'online');
    expect(rig.server.hellos[0]?.sims).toEqual([]);
    expect(rig.controller.state.sims).toEqual([]);
    await rig.server.send({ id: 'm1', to: '+12025550123', body: 'hi', expiresAt: future(), attempt: 1 });
    await waitFor(() => transport.sent.length === 1);
    expect(rig.controller.state.permissions.READ_PHONE_STATE).not.toBe('granted');
  });

  it('does not start a release build paired with an http:// server, and says why', async () => {
    rig = testController({ deps: { allowCleartext: false } });
    rig.credentials.value = { ...PAIRED, serverUrl: 'http://192.168.1.20:3000' };
    await rig.controller.init();

    await rig.controller.start();

    expect(rig.server.socket).toBeUndefined();
    expect(rig.runner.running).toBe(false);
    expect(rig.controller.state.error).toEqual({ code: 'CLEARTEXT_NOT_PERMITTED', message: CLEARTEXT_REFUSED });
  });

  it('records "should run" on start and clears it on stop, for the restart at boot', async () => {
    const keepRunning = jest.fn((_run: boolean) => Promise.resolve());
    rig = testController({ deps: { keepRunning } });
    await rig.controller.init();

    await rig.controller.start();
    expect(keepRunning.mock.calls).toEqual([[true]]);
    await rig.controller.stop();

    expect(keepRunning.mock.calls).toEqual([[true], [false]]);
  });

  it('runs the agent inside a service Android started, and resolves that task when stopped', async () => {
    rig = testController();

    const task = rig.controller.runInService();
    await waitFor(() => rig?.controller.state.connection === 'online');
    // The service is already running: the controller does not start it a second time.
    expect(rig.runner.running).toBe(false);
    await rig.controller.stop();

    await expect(task).resolves.toBeUndefined();
    expect(rig.controller.state.connection).toBe('stopped');
  });

  it('ends a service Android started when the phone is no longer paired', async () => {
    rig = testController({ paired: false });

    await expect(rig.controller.runInService()).resolves.toBeUndefined();
    expect(rig.controller.state.error?.code).toBe('NOT_PAIRED');
  });

  it('unpairs: forgets the token and the old outbox', async () => {
    rig = testController();
    await rig.controller.init();
    await rig.controller.start();
    await waitFor(() => rig?.controller.state.connection === 'online');
    await rig.server.send({ id: 'm1', to: '+12025550123', body: 'x', expiresAt: future(), attempt: 1 });
    await waitFor(() => rig?.controller.state.recentSends.length === 1);

    await rig.controller.unpair();
    expect(rig.credentials.value).toBeUndefined();
    expect(rig.controller.state).toMatchObject({ phase: 'unpaired', connection: 'stopped', recentSends: [] });
    expect((await rig.outbox.load()).entries).toEqual([]);
  });

  it('keeps the SIM policy and the battery answer in the settings', async () => {
    rig = testController({ sims: 2 });
    await rig.controller.init();
    await rig.controller.updateSettings({ disabledSimSlots: [1] });
    await rig.controller.requestBatteryExemption();
    expect(rig.settings.value).toMatchObject({ disabledSimSlots: [1], batteryExemption: 'granted' });
    expect(rig.controller.state.sims.map((s) => [s.slot, s.enabled])).toEqual([
      [0, true],
      [1, false],
    ]);
  });

  it('is paired from stored credentials at start', async () => {
    rig = testController();
    await rig.controller.init();
    expect(rig.controller.state).toMatchObject({ phase: 'paired', serverUrl: PAIRED.serverUrl, deviceId: 'dev_1' });
  });
});
