import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../agent-common.js';

describe('backoffDelay', () => {
  it('starts at the first delay and doubles per attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, 1_000, 30_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('spreads a jittered delay over the upper half of the plain one', () => {
    expect(backoffDelay(3, 1_000, 30_000, () => 0)).toBe(2_000);
    expect(backoffDelay(3, 1_000, 30_000, () => 0.5)).toBe(3_000);
    expect(backoffDelay(3, 1_000, 30_000, () => 0.999_999)).toBe(4_000);
    expect(backoffDelay(9, 1_000, 30_000, () => 0)).toBe(15_000);
  });

  it('never waits longer than the maximum, however many attempts', () => {
    expect(backoffDelay(6, 1_000, 30_000)).toBe(30_000);
    expect(backoffDelay(2_000, 5_000, 60_000)).toBe(60_000);
  });
});
