import { describe, expect, it } from 'vitest';
import { listSetting, loadConfig } from '@/config/app-config.js';
import { destinationRefusal } from '../destination-policy.js';

const rules = (extra: Partial<Parameters<typeof destinationRefusal>[1]> = {}) => ({
  denyPrefixes: ['+881', '+979'],
  denyTypes: new Set(['PREMIUM_RATE', 'SHARED_COST']),
  ...extra,
});

describe('destinationRefusal', () => {
  it('refuses premium-rate and shared-cost numbers by their country plan, and denied prefixes', () => {
    expect(destinationRefusal('+19002223333', rules())).toContain('premium-rate');
    expect(destinationRefusal('+491801234567', rules())).toContain('shared-cost');
    expect(destinationRefusal('+881612345678', rules())).toContain('+881');
    expect(destinationRefusal('+4915199998888', rules())).toBeUndefined();
    expect(destinationRefusal('+19002223333', rules({ denyTypes: new Set() }))).toBeUndefined();
  });

  it("refuses countries outside the account's list, and numbers without a country when there is a list", () => {
    const de = rules({ allowedCountries: ['DE'], denyPrefixes: [] });
    expect(destinationRefusal('+4915199998888', de)).toBeUndefined();
    expect(destinationRefusal('+14155550123', de)).toContain('DE');
    expect(destinationRefusal('+881612345678', de)).toContain('DE');
    expect(destinationRefusal('+14155550123', rules({ allowedCountries: [] }))).toBeUndefined();
  });
});

describe('the deny-list settings', () => {
  it('reads "none" as no list (an empty variable means the default, as for every setting)', () => {
    expect(listSetting('none')).toEqual([]);
    expect(listSetting(' +881 , +979 ')).toEqual(['+881', '+979']);
    const config = loadConfig({}, { DESTINATION_DENY_PREFIXES: 'none', DESTINATION_DENY_TYPES: 'none' });
    expect(listSetting(config.DESTINATION_DENY_PREFIXES)).toEqual([]);
    expect(listSetting(config.DESTINATION_DENY_TYPES)).toEqual([]);
  });

  it('refuses malformed lists at boot, naming the variable', () => {
    expect(() => loadConfig({}, { DESTINATION_DENY_PREFIXES: '881' })).toThrow(/DESTINATION_DENY_PREFIXES/);
    expect(() => loadConfig({}, { DESTINATION_DENY_TYPES: 'PREMIUM' })).toThrow(/DESTINATION_DENY_TYPES/);
  });
});
