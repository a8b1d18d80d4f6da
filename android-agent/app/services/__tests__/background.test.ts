import { describe, expect, it, jest } from '@jest/globals';
import { NativeModules } from 'react-native';

// The library itself runs; only its native module is faked, at the boundary it calls.
const mockNative = {
  start: jest.fn((_options: { taskName: string }) => Promise.resolve()),
  stop: jest.fn(() => Promise.resolve()),
  updateNotification: jest.fn(() => Promise.resolve()),
  addListener: jest.fn(),
  removeListeners: jest.fn(),
};
(NativeModules as Record<string, unknown>).RNBackgroundActions = mockNative;

// Required after the fake is in place: the library reads NativeModules when it loads.
const { AGENT_TASK_NAME, SERVICE_RESTART_OPTIONS, backgroundActionsRunner } =
  jest.requireActual<typeof import('../background')>('../background');

describe('backgroundActionsRunner', () => {
  it('names the headless task the same on every start, the name the app registers at its entry', async () => {
    const registered: string[] = [];
    const { AppRegistry } = jest.requireActual<typeof import('react-native')>('react-native');
    jest.spyOn(AppRegistry, 'registerHeadlessTask').mockImplementation((name) => void registered.push(name));

    await backgroundActionsRunner.start(() => Promise.resolve());
    await backgroundActionsRunner.stop();
    await backgroundActionsRunner.start(() => Promise.resolve());

    expect(AGENT_TASK_NAME).toBe('SmsGatewayAgent1');
    expect(mockNative.start.mock.calls.map(([options]) => options.taskName)).toEqual([
      'SmsGatewayAgent1',
      'SmsGatewayAgent1',
    ]);
    expect(registered).toEqual(['SmsGatewayAgent1', 'SmsGatewayAgent1']);
  });

  it("gives RestartReceiver the service's task name, notification and type", () => {
    expect(SERVICE_RESTART_OPTIONS).toEqual({
      taskName: 'SmsGatewayAgent1',
      taskTitle: 'SMS gateway',
      taskDesc: 'Starting again…',
      iconName: 'ic_launcher',
      iconType: 'mipmap',
      // 0xff1f6feb as Java's signed int.
      color: -14716949,
      linkingURI: 'smsgw://status',
      foregroundServiceType: 'remoteMessaging',
    });
  });
});
