import { Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TargetBreakers, type BreakerSettings } from '../breakers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls (the reset timer is opossum's own) instead of sleeping a guessed time. */
async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(5);
  }
}

describe('TargetBreakers', () => {
  let breakers: TargetBreakers;
  const make = (settings: Partial<BreakerSettings> = {}) =>
    (breakers = new TargetBreakers({ errorPercent: 50, volume: 4, resetMs: 60, ...settings }));
  const record = async (key: string, ...outcomes: boolean[]) => {
    for (const ok of outcomes) await breakers.record(key, ok);
  };

  // The state changes are logged; the assertions say them here.
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => breakers?.onModuleDestroy());

  it('is closed for a target it has never heard of', () => {
    make();
    expect(breakers.isOpen('carrier:x')).toBe(false);
    expect(breakers.state('carrier:x')).toBe('closed');
  });

  it('stays closed below the minimum volume, however many of those attempts failed', async () => {
    make();
    await record('carrier:x', false, false, false);
    expect(breakers.isOpen('carrier:x')).toBe(false);
  });

  it('opens once more than the error percentage of at least the volume failed', async () => {
    make();
    await record('carrier:x', true, true, false, false);
    expect(breakers.state('carrier:x')).toBe('closed'); // 50% is not more than 50%
    await record('carrier:x', false);
    expect(breakers.state('carrier:x')).toBe('open'); // 3 of 5
    expect(breakers.isOpen('carrier:x')).toBe(true);
  });

  it('keeps each target to itself', async () => {
    make();
    await record('carrier:x', false, false, false, false);
    expect(breakers.isOpen('carrier:x')).toBe(true);
    expect(breakers.isOpen('carrier:y')).toBe(false);
    expect(breakers.isOpen('pool:r1:0')).toBe(false);
  });

  it('counts nothing while open', async () => {
    make({ resetMs: 10_000 });
    await record('carrier:x', false, false, false, false);
    await record('carrier:x', true, true, true, true, true, true);
    expect(breakers.state('carrier:x')).toBe('open');
  });

  it('goes open → half-open after the reset time, and a successful trial closes it with a clean slate', async () => {
    make();
    await record('carrier:x', false, false, false, false);
    expect(breakers.state('carrier:x')).toBe('open');
    await until(() => breakers.state('carrier:x') === 'half-open');
    // Half-open is planned again: that is how the trial attempt reaches the target.
    expect(breakers.isOpen('carrier:x')).toBe(false);
    await record('carrier:x', true);
    expect(breakers.state('carrier:x')).toBe('closed');
    // The failures that opened it are forgotten: one new failure does not reopen it.
    await record('carrier:x', false);
    expect(breakers.state('carrier:x')).toBe('closed');
  });

  it('goes open → half-open → open again when the trial fails, and recovers on a later trial', async () => {
    make();
    await record('carrier:x', false, false, false, false);
    await until(() => breakers.state('carrier:x') === 'half-open');
    await record('carrier:x', false);
    expect(breakers.state('carrier:x')).toBe('open');
    await until(() => breakers.state('carrier:x') === 'half-open');
    await record('carrier:x', true);
    expect(breakers.state('carrier:x')).toBe('closed');
  });

  it('plans a half-open target for one trial at a time: the others see it open until the trial reports', async () => {
    make();
    await record('carrier:x', false, false, false, false);
    await until(() => breakers.state('carrier:x') === 'half-open');
    // A plan that only checks (the API's NO_ROUTE) takes no trial.
    expect(breakers.peek.isOpen('carrier:x')).toBe(false);
    expect(breakers.isOpen('carrier:x')).toBe(false); // the trial
    expect(breakers.isOpen('carrier:x')).toBe(true); // a backlog waits for its outcome
    expect(breakers.isOpen('carrier:x')).toBe(true);
    await record('carrier:x', true);
    expect(breakers.isOpen('carrier:x')).toBe(false);
    expect(breakers.isOpen('carrier:x')).toBe(false);
  });

  it('lets only the first outcome in half-open decide', async () => {
    make();
    await record('carrier:x', false, false, false, false);
    await until(() => breakers.state('carrier:x') === 'half-open');
    await Promise.all([breakers.record('carrier:x', false), breakers.record('carrier:x', true)]);
    expect(breakers.state('carrier:x')).toBe('open');
  });

  it('forgets failures that left the rolling window', async () => {
    make({ windowMs: 100 });
    await record('carrier:x', false, false, false);
    await sleep(150);
    await record('carrier:x', false, true, true, true);
    expect(breakers.state('carrier:x')).toBe('closed');
  });
});
