import { describe, expect, it } from 'vitest';
import { chooseDevice } from '../routing.service.js';

describe('chooseDevice', () => {
  it('picks the first online device (least recently given work) when none is requested', () => {
    expect(chooseDevice(['a', 'b'], { accountId: 'acc' })).toEqual({ kind: 'device', deviceId: 'a' });
  });

  it('honours a requested device only while it is online', () => {
    expect(chooseDevice(['a', 'b'], { accountId: 'acc', deviceId: 'b' })).toEqual({ kind: 'device', deviceId: 'b' });
    expect(chooseDevice(['a'], { accountId: 'acc', deviceId: 'b' })).toEqual({
      kind: 'none',
      reason: 'NO_DEVICE_ONLINE',
    });
  });

  it('prefers devices that have not failed this message, but falls back to them', () => {
    expect(chooseDevice(['a', 'b'], { accountId: 'acc', avoid: ['a'] })).toEqual({ kind: 'device', deviceId: 'b' });
    expect(chooseDevice(['a'], { accountId: 'acc', avoid: ['a'] })).toEqual({ kind: 'device', deviceId: 'a' });
  });

  it('answers NO_DEVICE_ONLINE when no device is online', () => {
    expect(chooseDevice([], { accountId: 'acc' })).toEqual({ kind: 'none', reason: 'NO_DEVICE_ONLINE' });
  });
});
