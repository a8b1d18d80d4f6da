import { describe, expect, it } from '@jest/globals';
import { asyncStorageSettingsStore, DEFAULT_SETTINGS, parseSettings, validatePartsPerMinute } from '../settings';

describe('validatePartsPerMinute', () => {
  it.each(['0', '31', '100', '-1', '2.5', 'abc', ''])('refuses %j', (input) => {
    expect(validatePartsPerMinute(input).ok).toBe(false);
  });

  it('explains the limits it refuses', () => {
    expect(validatePartsPerMinute('0')).toEqual({ ok: false, error: expect.stringContaining('At least 1') });
    expect(validatePartsPerMinute('31')).toEqual({ ok: false, error: expect.stringContaining('At most 30') });
  });

  it.each([
    ['1', 1],
    ['24', 24],
    [' 30 ', 30],
  ])('accepts %j', (input, value) => {
    expect(validatePartsPerMinute(input)).toEqual({ ok: true, value });
  });
});

describe('settings', () => {
  it('default to 24 parts per minute, every SIM, no battery exemption asked', () => {
    expect(DEFAULT_SETTINGS).toEqual({ disabledSimSlots: [], maxPartsPerMinute: 24, batteryExemption: 'unknown' });
  });

  it('round-trip through AsyncStorage', async () => {
    const settings = { disabledSimSlots: [1], maxPartsPerMinute: 12, batteryExemption: 'granted' as const };
    await asyncStorageSettingsStore.save(settings);
    expect(await asyncStorageSettingsStore.load()).toEqual(settings);
  });

  it('fall back field by field when a stored value is out of range', () => {
    expect(
      parseSettings(
        JSON.stringify({ disabledSimSlots: [0, -1, 'x'], maxPartsPerMinute: 99, batteryExemption: 'maybe' }),
      ),
    ).toEqual({
      disabledSimSlots: [0],
      maxPartsPerMinute: 24,
      batteryExemption: 'unknown',
    });
    expect(parseSettings('not json')).toEqual(DEFAULT_SETTINGS);
  });
});
