import { afterEach, describe, expect, it, vi } from 'vitest';
import { Semaphore } from '../semaphore.js';

describe('Semaphore', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits `size` holders and refuses the next at once when it may not wait', async () => {
    const slots = new Semaphore(2);
    const a = await slots.acquire(0);
    const b = await slots.acquire(0);
    expect(a && b).toBeTruthy();
    expect(await slots.acquire(0)).toBeUndefined();
    a!();
    a!(); // releasing twice frees one slot only
    expect(slots.state).toEqual({ active: 1, waiting: 0 });
  });

  it('hands a freed slot to the longest waiter, and gives up on a waiter after its bound', async () => {
    vi.useFakeTimers();
    const slots = new Semaphore(1);
    const first = await slots.acquire(0);
    const patient = slots.acquire(10_000);
    const hasty = slots.acquire(100);
    expect(slots.state).toEqual({ active: 1, waiting: 2 });
    await vi.advanceTimersByTimeAsync(100);
    expect(await hasty).toBeUndefined();
    expect(slots.state).toEqual({ active: 1, waiting: 1 });
    first!();
    const second = await patient;
    expect(second).toBeTypeOf('function');
    expect(slots.state).toEqual({ active: 1, waiting: 0 });
    second!();
    expect(slots.state).toEqual({ active: 0, waiting: 0 });
  });

  it('runs a task in a slot and frees it when the task fails', async () => {
    const slots = new Semaphore(1);
    await expect(slots.run(0, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(0, () => Promise.resolve(7))).toEqual({ value: 7 });
  });
});
