import type { DeviceInfo } from '../../../src/lib/session.js';

/**
 * `deviceStatus()` of SmsTransportModule.java (DeviceStatus.java): optional, as a JavaScript bundle
 * may run on a build whose native module predates it.
 */
export interface DeviceStatusModule {
  deviceStatus?(): Promise<unknown>;
}

/** The lowest dBm the server takes; anything below is not a real reading. */
const MIN_DBM = -150;

/**
 * The native answer as the heartbeat's `DeviceInfo`: each value kept only if it has the type and
 * range the protocol allows, so a malformed one is dropped here rather than sent (the server would
 * refuse the whole heartbeat). The exemption is null when the platform said it cannot tell.
 */
export function parseDeviceStatus(
  raw: unknown,
  onProblem: (problem: string, detail?: unknown) => void = () => {},
): DeviceInfo {
  if (typeof raw !== 'object' || raw === null) {
    if (raw !== undefined && raw !== null) {
      onProblem('dropped a malformed device status', raw);
    }
    return {};
  }
  const status = raw as Record<string, unknown>;
  const info: DeviceInfo = {};
  const dropped: string[] = [];
  if (isInteger(status.battery) && status.battery >= 0 && status.battery <= 100) {
    info.battery = status.battery;
  } else if (status.battery !== undefined) {
    dropped.push('battery');
  }
  if (typeof status.charging === 'boolean') {
    info.charging = status.charging;
  } else if (status.charging !== undefined) {
    dropped.push('charging');
  }
  if (
    isInteger(status.signal) &&
    ((status.signal >= 0 && status.signal <= 4) || (status.signal < 0 && status.signal >= MIN_DBM))
  ) {
    info.signal = status.signal;
  } else if (status.signal !== undefined) {
    dropped.push('signal');
  }
  const exempt = status.batteryOptimizationExempt;
  if (typeof exempt === 'boolean' || exempt === null) {
    info.batteryOptimizationExempt = exempt;
  } else if (exempt !== undefined) {
    dropped.push('batteryOptimizationExempt');
  }
  if (dropped.length > 0) {
    onProblem(`dropped malformed device status values: ${dropped.join(', ')}`, raw);
  }
  return info;
}

/**
 * Reads the phone's status anew (for each heartbeat). Without the module (Expo Go) or its method,
 * or when it fails, the answer is {}: the heartbeat then carries only the queue depth.
 */
export async function readDeviceStatus(
  module: DeviceStatusModule | undefined,
  onProblem: (problem: string, detail?: unknown) => void = () => {},
): Promise<DeviceInfo> {
  if (typeof module?.deviceStatus !== 'function') {
    return {};
  }
  try {
    return parseDeviceStatus(await module.deviceStatus(), onProblem);
  } catch (error) {
    onProblem('cannot read the device status', error);
    return {};
  }
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}
