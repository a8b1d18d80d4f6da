import AsyncStorage from '@react-native-async-storage/async-storage';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, render, screen } from '@testing-library/react-native';
import { PermissionsAndroid } from 'react-native';
import App from '../App';
import { appController, forgetAppController } from '../services/app-controller';
import { FakeAgentServer } from '../test-support/fake-agent-socket';

// The native pieces, mocked at their module boundary; everything above them is the real app.
jest.mock('../services/transport', () => {
  const { SimulatedSmsTransport } = jest.requireActual<typeof import('../../src/lib/index')>('../../src/lib/index');
  return { createSmsTransport: () => new SimulatedSmsTransport({ sims: 2, deliveryMs: -1 }) };
});
// The server end of the agent's socket, in memory; the agent core above it is real.
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
jest.mock('expo-intent-launcher', () => ({
  ActivityAction: {},
  ResultCode: { Success: -1 },
  startActivityAsync: jest.fn(() => Promise.resolve({ resultCode: 0 })),
}));
jest.mock('expo-camera', () => ({
  CameraView: () => null,
  useCameraPermissions: () => [{ granted: false }, jest.fn()],
}));

const PAIRED = JSON.stringify({ serverUrl: 'https://gw.example.test', deviceId: 'dev_1', token: 'secret' });

describe('App', () => {
  beforeEach(async () => {
    jest.spyOn(PermissionsAndroid, 'check').mockResolvedValue(true);
    // The agent's log lines go to logcat on a phone; here they would only bury the results.
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    mockSecureStore.clear();
    await AsyncStorage.clear();
  });

  afterEach(async () => {
    await appController().stop();
    forgetAppController();
  });

  it('opens on the pair screen when the phone is not paired', async () => {
    render(<App />);
    expect(await screen.findByText('Pair this phone')).toBeTruthy();
    expect(screen.queryByText('Status')).toBeNull();
  });

  it('opens on the status tab when paired, and switches to settings and the log', async () => {
    mockSecureStore.set(
      'gateway.credentials.v1',
      JSON.stringify({ serverUrl: 'https://gw.example.test', deviceId: 'dev_1', token: 'secret' }),
    );
    render(<App />);
    expect(await screen.findByText('Gateway')).toBeTruthy();
    expect(await screen.findByText('SIM 2 · Simulated · +12025550101')).toBeTruthy();

    fireEvent.press(screen.getByText('Settings'));
    expect(await screen.findByText('Sending limit')).toBeTruthy();
    fireEvent.press(screen.getByText('Log'));
    expect(await screen.findByText('No messages yet.')).toBeTruthy();
  });

  it('shares one controller between two mounts: the second sees the running agent and its Stop reaches it', async () => {
    mockSecureStore.set('gateway.credentials.v1', PAIRED);
    const first = render(<App />);
    fireEvent.press(await screen.findByText('Start'));
    expect(await screen.findByText('Online')).toBeTruthy();
    const socket = mockServer.socket;
    // A swipe from Recents: the activity goes, the runtime (kept by the service) stays.
    first.unmount();

    render(<App />);
    expect(await screen.findByText('Online')).toBeTruthy();
    await act(async () => {
      fireEvent.press(screen.getByText('Stop'));
      await Promise.resolve();
    });

    expect(await screen.findByText('Start')).toBeTruthy();
    expect(socket?.connected).toBe(false);
    expect(appController().state.connection).toBe('stopped');
  });
});
