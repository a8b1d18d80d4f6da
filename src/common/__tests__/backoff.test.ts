import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../backoff.js';

describe('backoffDelay', () => {
  it('doubles from the base per attempt, capped, with half of it random', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 5000, 3_600_000, () => 0))).toEqual([2500, 5000, 10_000, 20_000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, 5000, 3_600_000, () => 1))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(backoffDelay(30, 5000, 3_600_000, () => 1)).toBe(3_600_000);
    expect(backoffDelay(30, 5000, 3_600_000, () => 0)).toBe(1_800_000);
  });
});
