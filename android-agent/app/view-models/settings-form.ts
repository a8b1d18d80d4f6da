import type { SimView } from '../services/agent-controller';

export type SimToggle = { ok: true; disabledSimSlots: number[] } | { ok: false; error: string };

/** Turns one SIM on or off; the last SIM in use cannot be turned off, or the phone could never send. */
export function toggleSim(sims: readonly SimView[], disabled: readonly number[], slot: number): SimToggle {
  if (disabled.includes(slot)) {
    return { ok: true, disabledSimSlots: disabled.filter((s) => s !== slot) };
  }
  const stillEnabled = sims.filter((sim) => sim.slot !== slot && !disabled.includes(sim.slot));
  if (stillEnabled.length === 0) {
    return { ok: false, error: 'At least one SIM must stay in use.' };
  }
  return { ok: true, disabledSimSlots: [...disabled, slot].sort((a, b) => a - b) };
}

export const BATTERY_LABELS = {
  unknown: 'Not requested: Android may pause the gateway when the screen is off.',
  granted: 'Exempt from battery optimisation.',
  denied: 'Refused: Android may pause the gateway when the screen is off.',
  'settings-opened': 'Opened the battery settings: make sure this app is set to "Not optimised".',
} as const;
