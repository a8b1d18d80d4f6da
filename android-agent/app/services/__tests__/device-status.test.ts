import AsyncStorage from '@react-native-async-storage/async-storage';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { NativeModules } from 'react-native';
import { nativeDeviceStatus } from '../../../modules/sms-transport/src/index';
import { testController, waitFor, type TestRig } from '../../test-support/controller';

/**
 * The heartbeat's device values from the native module faked at its boundary
 * (NativeModules.SmsTransport.deviceStatus, as DeviceStatus.java answers); the adapter, the
 * controller and the agent core are real, and the fake server records what the phone sends.
 */
describe("the heartbeat's battery, charging, signal and exemption", () => {
  let answer: () => Promise<unknown>;
  let rigs: TestRig[] = [];
  const problems: string[] = [];

  beforeEach(async () => {
    await AsyncStorage.clear();
    problems.length = 0;
    (NativeModules as Record<string, unknown>).SmsTransport = { deviceStatus: () => answer() };
  });

  afterEach(async () => {
    for (const rig of rigs) {
      await rig.controller.stop();
    }
    rigs = [];
    delete (NativeModules as Record<string, unknown>).SmsTransport;
  });

  async function started(heartbeatMs = 60_000): Promise<TestRig> {
    const rig = testController({
      deps: { deviceStatus: nativeDeviceStatus((problem) => problems.push(problem)), heartbeatMs },
    });
    rigs.push(rig);
    await rig.controller.init();
    await rig.controller.start();
    return rig;
  }

  it('carries what the native module reports', async () => {
    answer = () => Promise.resolve({ battery: 57, charging: true, signal: 3, batteryOptimizationExempt: true });

    const rig = await started();

    await waitFor(() => rig.server.heartbeats.length > 0);
    expect(rig.server.heartbeats[0]).toEqual({
      battery: 57,
      charging: true,
      signal: 3,
      batteryOptimizationExempt: true,
      queueDepth: 0,
    });
  });

  it('carries null when Android cannot tell the exemption, and leaves out what it did not report', async () => {
    answer = () => Promise.resolve({ battery: 12, batteryOptimizationExempt: null });

    const rig = await started();

    await waitFor(() => rig.server.heartbeats.length > 0);
    expect(rig.server.heartbeats[0]).toEqual({ battery: 12, batteryOptimizationExempt: null, queueDepth: 0 });
  });

  it('drops malformed values and keeps the well-formed ones', async () => {
    answer = () =>
      Promise.resolve({ battery: 140, charging: 'yes', signal: 2.5, batteryOptimizationExempt: 'no', extra: 1 });
    const rig = await started();
    await waitFor(() => rig.server.heartbeats.length > 0);
    expect(rig.server.heartbeats[0]).toEqual({ queueDepth: 0 });
    expect(problems).toEqual([
      'dropped malformed device status values: battery, charging, signal, batteryOptimizationExempt',
    ]);
  });

  it('keeps a well-formed value beside a malformed one', async () => {
    answer = () => Promise.resolve({ battery: 80, charging: false, signal: 9 });
    const rig = await started();
    await waitFor(() => rig.server.heartbeats.length > 0);
    expect(rig.server.heartbeats[0]).toEqual({ battery: 80, charging: false, queueDepth: 0 });
  });

  it('sends the heartbeat without device values when the native answer is not a map or the call fails', async () => {
    answer = () => Promise.resolve('battery 80');
    const rig = await started(20);
    await waitFor(() => rig.server.heartbeats.length > 0);
    answer = () => Promise.reject(new Error('no BatteryManager'));
    const before = rig.server.heartbeats.length;
    await waitFor(() => rig.server.heartbeats.length > before);

    expect(rig.server.heartbeats).toEqual(rig.server.heartbeats.map(() => ({ queueDepth: 0 })));
    expect(problems).toContain('dropped a malformed device status');
    expect(problems).toContain('cannot read the device status');
  });

  it('re-reads the exemption for each heartbeat, so a change reaches the server', async () => {
    let exempt = false;
    answer = () => Promise.resolve({ battery: 90, charging: true, batteryOptimizationExempt: exempt });
    const rig = await started(20);
    await waitFor(() => rig.server.heartbeats.length > 0);
    expect(rig.server.heartbeats[0]).toMatchObject({ batteryOptimizationExempt: false });

    // The user grants the exemption in Android's settings while the gateway runs.
    exempt = true;

    await waitFor(() =>
      rig.server.heartbeats.some((h) => (h as { batteryOptimizationExempt?: unknown }).batteryOptimizationExempt),
    );
    const last = rig.server.heartbeats.at(-1);
    expect(last).toEqual({ battery: 90, charging: true, batteryOptimizationExempt: true, queueDepth: 0 });
  });

  it('sends only the queue depth without the native module (Expo Go)', async () => {
    delete (NativeModules as Record<string, unknown>).SmsTransport;
    const rig = await started();
    await waitFor(() => rig.server.heartbeats.length > 0);
    expect(rig.server.heartbeats[0]).toEqual({ queueDepth: 0 });
    expect(problems).toEqual([]);
  });
});
