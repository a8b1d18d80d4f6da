import { describe, expect, it } from 'vitest';
import type { DispatchProfile } from '@/modules/devices/devices.service.js';
import { chooseDevices } from '../routing.service.js';
import { accountIdOf } from '@/common/account-id.js';

const profile = (id: string): DispatchProfile => ({ id, throttle: { partsPerMinute: 24 }, sims: [], policy: 'first' });
const profiles = new Map(['a', 'b', 'c'].map((id) => [id, profile(id)]));
const ids = (decision: ReturnType<typeof chooseDevices>) =>
  decision.kind === 'devices' ? decision.candidates.map((c) => c.id) : decision.reason;

describe('chooseDevices', () => {
  it('offers every healthy, enabled device of the account', () => {
    expect(ids(chooseDevices(['b', 'a'], profiles, { accountId: accountIdOf('acc') }))).toEqual(['a', 'b']);
  });

  it('leaves out healthy devices without a profile (disabled, revoked, another account)', () => {
    expect(ids(chooseDevices(['a', 'x'], profiles, { accountId: accountIdOf('acc') }))).toEqual(['a']);
  });

  it('offers only the requested device, and none when it is not healthy', () => {
    expect(ids(chooseDevices(['a', 'b'], profiles, { accountId: accountIdOf('acc'), deviceId: 'b' }))).toEqual(['b']);
    expect(ids(chooseDevices(['a'], profiles, { accountId: accountIdOf('acc'), deviceId: 'b' }))).toBe(
      'NO_DEVICE_ONLINE',
    );
  });

  it('leaves out devices that failed the message while another is left', () => {
    expect(ids(chooseDevices(['a', 'b'], profiles, { accountId: accountIdOf('acc'), avoid: ['a'] }))).toEqual(['b']);
    expect(ids(chooseDevices(['a'], profiles, { accountId: accountIdOf('acc'), avoid: ['a'] }))).toEqual(['a']);
  });

  it('carries the requested SIM slot to every candidate', () => {
    const decision = chooseDevices(['a', 'c'], profiles, { accountId: accountIdOf('acc'), simSlot: 1 });
    expect(decision.kind === 'devices' && decision.candidates.map((c) => c.slot)).toEqual([1, 1]);
  });

  it('answers NO_DEVICE_ONLINE when no device is healthy', () => {
    expect(ids(chooseDevices([], profiles, { accountId: accountIdOf('acc') }))).toBe('NO_DEVICE_ONLINE');
  });
});
