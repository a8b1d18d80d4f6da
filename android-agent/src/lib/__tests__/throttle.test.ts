import { describe, expect, it } from 'vitest';
import { SendThrottle } from '../throttle.js';

function throttleAt(config: ConstructorParameters<typeof SendThrottle>[0]) {
  const clock = { now: 0 };
  return { throttle: new SendThrottle(config, () => clock.now), clock };
}

describe('SendThrottle', () => {
  it('defaults to no interval and 24 parts per minute', () => {
    expect(new SendThrottle().current).toEqual({ sendIntervalMs: 0, maxPerMinute: 24 });
  });

  it('lets the first send go at once', () => {
    const { throttle } = throttleAt({ sendIntervalMs: 1_000, maxPerMinute: 5 });
    expect(throttle.delayFor(1)).toBe(0);
  });

  it('waits sendIntervalMs after the previous send', () => {
    const { throttle, clock } = throttleAt({ sendIntervalMs: 1_000, maxPerMinute: 0 });
    throttle.record(1);
    clock.now = 300;
    expect(throttle.delayFor(1)).toBe(700);
    clock.now = 1_000;
    expect(throttle.delayFor(1)).toBe(0);
  });

  it('counts parts, not messages, against maxPerMinute', () => {
    const { throttle, clock } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 5 });
    throttle.record(3);
    clock.now = 10_000;
    throttle.record(1);
    clock.now = 20_000;
    expect(throttle.delayFor(1)).toBe(0);
    // 3 + 1 + 2 > 5: wait until the 3-part send leaves the window at t = 60 s.
    expect(throttle.delayFor(2)).toBe(40_000);
  });

  it('waits for as many old sends to expire as the new message needs', () => {
    const { throttle, clock } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 3 });
    throttle.record(1);
    clock.now = 1_000;
    throttle.record(1);
    clock.now = 2_000;
    throttle.record(1);
    expect(throttle.delayFor(2)).toBe(59_000);
  });

  it('lets a message longer than the whole budget go alone once the window is empty', () => {
    const { throttle, clock } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 2 });
    expect(throttle.delayFor(5)).toBe(0);
    throttle.record(5);
    clock.now = 1_000;
    expect(throttle.delayFor(5)).toBe(59_000);
  });

  it('has no limit when maxPerMinute is 0', () => {
    const { throttle } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 0 });
    for (let i = 0; i < 1_000; i++) {
      throttle.record(10);
    }
    expect(throttle.delayFor(10)).toBe(0);
  });

  it('applies a new config to the sends already counted', () => {
    const { throttle } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 0 });
    throttle.record(4);
    throttle.configure({ maxPerMinute: 4 });
    expect(throttle.delayFor(1)).toBe(60_000);
  });
});
