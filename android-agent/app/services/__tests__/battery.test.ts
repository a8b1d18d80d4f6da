import { describe, expect, it, jest } from '@jest/globals';
import { requestBatteryExemption } from '../battery';

jest.mock('expo-intent-launcher', () => ({
  ActivityAction: {
    REQUEST_IGNORE_BATTERY_OPTIMIZATIONS: 'android.settings.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS',
    IGNORE_BATTERY_OPTIMIZATION_SETTINGS: 'android.settings.IGNORE_BATTERY_OPTIMIZATION_SETTINGS',
  },
  ResultCode: { Success: -1, Canceled: 0, FirstUser: 1 },
  startActivityAsync: jest.fn(),
}));

type Start = (action: string, params?: { data?: string }) => Promise<{ resultCode: number }>;

describe('requestBatteryExemption', () => {
  it("asks Android directly, naming the app's package", async () => {
    const startActivityAsync = jest.fn<Start>().mockResolvedValue({ resultCode: -1 });
    const state = await requestBatteryExemption('org.smsgateway.agent', { startActivityAsync });
    expect(startActivityAsync).toHaveBeenCalledWith('android.settings.REQUEST_IGNORE_BATTERY_OPTIMIZATIONS', {
      data: 'package:org.smsgateway.agent',
    });
    expect(state).toBe('granted');
  });

  it('records a refusal', async () => {
    const startActivityAsync = jest.fn<Start>().mockResolvedValue({ resultCode: 0 });
    expect(await requestBatteryExemption('org.smsgateway.agent', { startActivityAsync })).toBe('denied');
  });

  it('falls back to the settings list when the phone has no such dialog', async () => {
    const startActivityAsync = jest
      .fn<Start>()
      .mockRejectedValueOnce(new Error('ActivityNotFoundException'))
      .mockResolvedValueOnce({ resultCode: 0 });
    expect(await requestBatteryExemption('org.smsgateway.agent', { startActivityAsync })).toBe('settings-opened');
    expect(startActivityAsync).toHaveBeenLastCalledWith('android.settings.IGNORE_BATTERY_OPTIMIZATION_SETTINGS');
  });
});
