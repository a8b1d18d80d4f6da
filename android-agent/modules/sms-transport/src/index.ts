import { NativeEventEmitter, NativeModules } from 'react-native';
import type { DeviceInfo } from '../../../src/lib/session.js';
import { readDeviceStatus, type DeviceStatusModule } from './device-status.js';
import {
  NativeSmsTransport,
  type NativeSmsTransportOptions,
  type SmsTransportNativeModule,
} from './native-sms-transport.js';

export {
  NativeSmsTransport,
  queueIdOf,
  type QueuedIncomingSms,
  type SmsTransportNativeModule,
} from './native-sms-transport.js';
export { parseDeviceStatus, readDeviceStatus, type DeviceStatusModule } from './device-status.js';

/** The Java module also has the two methods NativeEventEmitter calls. */
type EmittingModule = SmsTransportNativeModule & {
  addListener(eventType: string): void;
  removeListeners(count: number): void;
};

/** The phone's SIMs as an `SmsTransport`. Only the app imports this file: it needs React Native. */
export function nativeSmsTransport(
  options: Pick<NativeSmsTransportOptions, 'onProblem' | 'stored'> = {},
): NativeSmsTransport {
  const module = NativeModules.SmsTransport as EmittingModule | undefined;
  if (!module) {
    throw new Error(
      'The SmsTransport native module is missing: it exists only in a build of this app ' +
        '(npx expo run:android or EAS Build), not in Expo Go.',
    );
  }
  return new NativeSmsTransport({
    module,
    events: new NativeEventEmitter(module),
    ...options,
  });
}

/**
 * The phone's battery, charging, signal and battery-optimisation exemption, read from the native
 * module at each call (the agent calls it for every heartbeat). Without the module (Expo Go): {}.
 */
export function nativeDeviceStatus(onProblem?: (problem: string, detail?: unknown) => void): () => Promise<DeviceInfo> {
  return () => readDeviceStatus(NativeModules.SmsTransport as DeviceStatusModule | undefined, onProblem);
}
