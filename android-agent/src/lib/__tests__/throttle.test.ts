import { describe, expect, it } from 'vitest';
import { PLATFORM_SLOWDOWN_MS, SendThrottle } from '../throttle.js';

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

  it('halves the parts per minute for 30 minutes when the platform refuses over its limit, halving again on another', () => {
    const { throttle, clock } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 24 });
    expect(throttle.slowDown().maxPerMinute).toBe(12);
    clock.now = 60_000;
    expect(throttle.slowDown().maxPerMinute).toBe(6);
    expect(throttle.slowedUntil).toBe(60_000 + PLATFORM_SLOWDOWN_MS);
    clock.now = 60_000 + PLATFORM_SLOWDOWN_MS;
    expect(throttle.current.maxPerMinute).toBe(24);
  });

  it('slows an unlimited phone to half of what its last minute used, at least 1 part a minute', () => {
    const { throttle } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 0 });
    for (let i = 0; i < 10; i++) throttle.record(1);
    expect(throttle.slowDown().maxPerMinute).toBe(5);
    expect(throttle.delayFor(1)).toBe(60_000);

    const idle = throttleAt({ sendIntervalMs: 0, maxPerMinute: 0 }).throttle;
    expect(idle.slowDown().maxPerMinute).toBe(1);
  });

  it('keeps its window, interval and slow-down across a restart, aged by the time the phone was off', () => {
    const { throttle, clock } = throttleAt({ sendIntervalMs: 10_000, maxPerMinute: 3 });
    clock.now = 1_000_000;
    throttle.record(2);
    clock.now = 1_010_000;
    throttle.record(1);
    throttle.slowDown();
    const saved = throttle.snapshot(new Date('2025-01-01T00:00:00.000Z'));

    // A new process: another monotonic origin, and 5 s of wall clock later.
    const restarted = throttleAt({ sendIntervalMs: 10_000, maxPerMinute: 3 });
    restarted.clock.now = 42;
    restarted.throttle.restore(JSON.parse(JSON.stringify(saved)), new Date('2025-01-01T00:00:05.000Z'));

    expect(restarted.throttle.current.maxPerMinute).toBe(1);
    // The 2-part send (15 s old by now) and the 1-part one (5 s old) fill the slowed minute until the last leaves it.
    expect(restarted.throttle.delayFor(1)).toBe(55_000);
    expect(restarted.throttle.slowedUntil).toBe(42 + PLATFORM_SLOWDOWN_MS - 5_000);
  });

  it('ignores a malformed or foreign stored state and starts afresh', () => {
    const { throttle } = throttleAt({ sendIntervalMs: 0, maxPerMinute: 3 });
    for (const state of [
      undefined,
      null,
      'x',
      { savedAt: 'never', sends: [] },
      { savedAt: '2025-01-01T00:00:00Z', sends: [{ ageMs: -1, parts: 1 }] },
    ]) {
      throttle.restore(state);
    }
    expect(throttle.delayFor(3)).toBe(0);
    expect(throttle.current.maxPerMinute).toBe(3);
  });
});
