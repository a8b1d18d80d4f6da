import { describe, expect, it } from 'vitest';
import { PeriodicPass } from '../periodic.js';

describe('PeriodicPass.trigger', () => {
  it('runs a pass at once, and exactly one more after a pass that was triggered again while running', async () => {
    let passes = 0;
    let release!: () => void;
    const loop = new PeriodicPass(async () => {
      passes++;
      if (passes === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    loop.trigger();
    expect(passes).toBe(1);
    // Three triggers during the first pass make one more pass, not three.
    loop.trigger();
    loop.trigger();
    loop.trigger();
    expect(passes).toBe(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(passes).toBe(2);
    await loop.stop();
  });

  it('runs nothing once stopped', async () => {
    let passes = 0;
    const loop = new PeriodicPass(() => {
      passes++;
      return Promise.resolve();
    });
    await loop.stop();
    loop.trigger();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(passes).toBe(0);
  });
});
