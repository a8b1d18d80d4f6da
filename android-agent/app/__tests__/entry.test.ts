import AsyncStorage from '@react-native-async-storage/async-storage';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { AppRegistry, NativeModules, PermissionsAndroid } from 'react-native';
import { appController } from '../services/app-controller';
import { FakeAgentServer } from '../test-support/fake-agent-socket';

// The native pieces, mocked at their module boundary; index.ts and everything above them is real.
jest.mock('expo', () => ({ ...jest.requireActual<object>('expo'), registerRootComponent: jest.fn() }));
jest.mock('expo-camera', () => ({
  CameraView: () => null,
  useCameraPermissions: () => [{ granted: false }, jest.fn()],
}));
jest.mock('../services/transport', () => {
  const { SimulatedSmsTransport } = jest.requireActual<typeof import('../../src/lib/index')>('../../src/lib/index');
  return { createSmsTransport: () => new SimulatedSmsTransport({ sims: 1, deliveryMs: -1 }) };
});
const mockServer = new FakeAgentServer();
jest.mock('socket.io-client', () => ({ io: () => mockServer.factory() }));
const mockSecureStore = new Map<string, string>();
jest.mock('expo-secure-store', () => ({
  getItemAsync: (key: string) => Promise.resolve(mockSecureStore.get(key) ?? null),
  setItemAsync: (key: string, value: string) => Promise.resolve(void mockSecureStore.set(key, value)),
  deleteItemAsync: (key: string) => Promise.resolve(void mockSecureStore.delete(key)),
}));
jest.mock('react-native-background-actions', () => ({
  start: jest.fn(() => Promise.resolve()),
  stop: jest.fn(() => Promise.resolve()),
  isRunning: jest.fn(() => false),
  updateNotification: jest.fn(() => Promise.resolve()),
}));
jest.mock('expo-intent-launcher', () => ({ ActivityAction: {}, ResultCode: { Success: -1 } }));

type Task = () => Promise<void>;

describe('the app entry (index.ts)', () => {
  const tasks = new Map<string, () => Task>();
  const setKeepRunning = jest.fn((_options: string | null) => Promise.resolve());
  const deviceStatus = jest.fn(() =>
    Promise.resolve({ battery: 64, charging: true, signal: 2, batteryOptimizationExempt: false }),
  );

  beforeEach(async () => {
    jest.spyOn(AppRegistry, 'registerHeadlessTask').mockImplementation((name, provider) => {
      tasks.set(name, provider as () => Task);
    });
    jest.spyOn(PermissionsAndroid, 'check').mockResolvedValue(true);
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    (NativeModules as Record<string, unknown>).SmsTransport = { setKeepRunning, deviceStatus };
    mockSecureStore.set(
      'gateway.credentials.v1',
      JSON.stringify({ serverUrl: 'https://gw.example.test', deviceId: 'dev_1', token: 'secret' }),
    );
    await AsyncStorage.clear();
  });

  afterEach(() => {
    delete (NativeModules as Record<string, unknown>).SmsTransport;
  });

  it("registers the service's task, which runs the agent in a fresh runtime and ends when it is stopped", async () => {
    jest.requireActual('../../index');
    const provider = tasks.get('SmsGatewayAgent1');
    expect(provider).toBeDefined();

    // As Android does after a reboot (RestartReceiver) or when it restarts the service.
    const task = provider?.()();
    await waitForHello();
    expect(appController().state.connection).toBe('online');
    expect(setKeepRunning).toHaveBeenLastCalledWith(expect.stringContaining('"taskName":"SmsGatewayAgent1"'));
    // The app's controller reads the phone's status from the native module for the heartbeat.
    for (let i = 0; i < 600 && mockServer.heartbeats.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(mockServer.heartbeats[0]).toEqual({
      battery: 64,
      charging: true,
      signal: 2,
      batteryOptimizationExempt: false,
      queueDepth: 0,
    });

    await appController().stop();
    await expect(task).resolves.toBeUndefined();
    expect(setKeepRunning).toHaveBeenLastCalledWith(null);
  });
});

async function waitForHello(): Promise<void> {
  for (let i = 0; i < 600 && appController().state.connection !== 'online'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(mockServer.hellos).toHaveLength(1);
}
