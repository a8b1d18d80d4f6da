import { describe, expect, it, vi } from 'vitest';
import { parseDeviceStatus, readDeviceStatus } from '../device-status.js';

describe('parseDeviceStatus', () => {
  it('keeps well-formed values: a 0..4 level or negative dBm, the exemption as true, false or null', () => {
    expect(parseDeviceStatus({ battery: 0, charging: false, signal: 4, batteryOptimizationExempt: true })).toEqual({
      battery: 0,
      charging: false,
      signal: 4,
      batteryOptimizationExempt: true,
    });
    expect(parseDeviceStatus({ battery: 100, signal: -97, batteryOptimizationExempt: null })).toEqual({
      battery: 100,
      signal: -97,
      batteryOptimizationExempt: null,
    });
    expect(parseDeviceStatus({})).toEqual({});
  });

  it.each([
    ['battery', { battery: 101 }],
    ['battery', { battery: -1 }],
    ['battery', { battery: 55.5 }],
    ['battery', { battery: '55' }],
    ['charging', { charging: 1 }],
    ['signal', { signal: 5 }],
    ['signal', { signal: -151 }],
    ['signal', { signal: 1.5 }],
    ['signal', { signal: Number.NaN }],
    ['batteryOptimizationExempt', { batteryOptimizationExempt: 'true' }],
  ])('drops a malformed %s (%j) and says so', (name, raw) => {
    const onProblem = vi.fn();
    expect(
      parseDeviceStatus({ ...raw, charging: (raw as { charging?: unknown }).charging ?? true }, onProblem),
    ).toEqual(name === 'charging' ? {} : { charging: true });
    expect(onProblem).toHaveBeenCalledWith(`dropped malformed device status values: ${name}`, expect.anything());
  });

  it('answers {} for an answer that is not a map', () => {
    const onProblem = vi.fn();
    expect(parseDeviceStatus([1, 2], onProblem)).toEqual({});
    expect(parseDeviceStatus('80%', onProblem)).toEqual({});
    expect(parseDeviceStatus(null, onProblem)).toEqual({});
    expect(onProblem).toHaveBeenCalledTimes(1);
  });
});

describe('readDeviceStatus', () => {
  it('asks the module each time', async () => {
    const deviceStatus = vi
      .fn<() => Promise<unknown>>()
      .mockResolvedValueOnce({ batteryOptimizationExempt: false })
      .mockResolvedValueOnce({ batteryOptimizationExempt: true });
    const module = { deviceStatus };

    expect(await readDeviceStatus(module)).toEqual({ batteryOptimizationExempt: false });
    expect(await readDeviceStatus(module)).toEqual({ batteryOptimizationExempt: true });
  });

  it('answers {} without the module or its method, and when the call fails', async () => {
    const onProblem = vi.fn();
    expect(await readDeviceStatus(undefined, onProblem)).toEqual({});
    expect(await readDeviceStatus({}, onProblem)).toEqual({});
    expect(onProblem).not.toHaveBeenCalled();
    expect(await readDeviceStatus({ deviceStatus: () => Promise.reject(new Error('boom')) }, onProblem)).toEqual({});
    expect(onProblem).toHaveBeenCalledWith('cannot read the device status', expect.any(Error));
  });
});
