import AsyncStorage from '@react-native-async-storage/async-storage';
import { DEFAULT_THROTTLE } from '../../src/lib/index';

/** Android's own per-app SMS limit in a rolling minute: past it the OS refuses or asks the user. */
export const PLATFORM_PARTS_PER_MINUTE = 30;
export const DEFAULT_PARTS_PER_MINUTE = DEFAULT_THROTTLE.maxPerMinute;

/**
 * `unknown` until asked; `granted`/`denied` is the answer of the system dialog; `settings-opened`
 * when only the settings list could be shown, whose outcome the app cannot read.
 */
export type BatteryExemptionState = 'unknown' | 'granted' | 'denied' | 'settings-opened';

export interface AgentSettings {
  /** SIM slots the gateway must not use. A list of exclusions, so a newly inserted SIM is in use. */
  disabledSimSlots: number[];
  /** The phone's own ceiling in parts per rolling minute, 1..30, whatever the server configures. */
  maxPartsPerMinute: number;
  batteryExemption: BatteryExemptionState;
}

export const DEFAULT_SETTINGS: AgentSettings = {
  disabledSimSlots: [],
  maxPartsPerMinute: DEFAULT_PARTS_PER_MINUTE,
  batteryExemption: 'unknown',
};

export interface SettingsStore {
  load(): Promise<AgentSettings>;
  save(settings: AgentSettings): Promise<void>;
}

const KEY = 'gateway.settings.v1';

export const asyncStorageSettingsStore: SettingsStore = {
  async load() {
    const raw = await AsyncStorage.getItem(KEY);
    return raw === null ? { ...DEFAULT_SETTINGS } : parseSettings(raw);
  },
  save(settings) {
    return AsyncStorage.setItem(KEY, JSON.stringify(settings));
  },
};

export type ThrottleValidation = { ok: true; value: number } | { ok: false; error: string };

/** The throttle field as typed: a whole number of parts per minute within Android's limit. */
export function validatePartsPerMinute(input: string): ThrottleValidation {
  const text = input.trim();
  if (!/^\d+$/.test(text)) {
    return { ok: false, error: 'Enter a whole number of SMS parts per minute.' };
  }
  const value = Number(text);
  if (value < 1) {
    return { ok: false, error: 'At least 1 part per minute, or the phone never sends.' };
  }
  if (value > PLATFORM_PARTS_PER_MINUTE) {
    return {
      ok: false,
      error: `At most ${PLATFORM_PARTS_PER_MINUTE} parts per minute: Android blocks an app that sends more.`,
    };
  }
  return { ok: true, value };
}

/** Stored settings, each field checked: a bad field falls back to its default, not the whole object. */
export function parseSettings(raw: string): AgentSettings {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const slots = Array.isArray(record.disabledSimSlots)
    ? record.disabledSimSlots.filter((s): s is number => Number.isInteger(s) && (s as number) >= 0)
    : DEFAULT_SETTINGS.disabledSimSlots;
  const limit = validatePartsPerMinute(String(record.maxPartsPerMinute));
  const battery = record.batteryExemption;
  return {
    disabledSimSlots: slots,
    maxPartsPerMinute: limit.ok ? limit.value : DEFAULT_SETTINGS.maxPartsPerMinute,
    batteryExemption:
      battery === 'granted' || battery === 'denied' || battery === 'settings-opened' ? battery : 'unknown',
  };
}
