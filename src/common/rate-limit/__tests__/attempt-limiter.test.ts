import { Logger } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { RateLimited } from '@/common/errors.js';
import { AttemptLimiter, takeEach } from '../attempt-limiter.js';

/** A limiter counting in memory only, as a process does while Redis is away. */
function limiter(name: string, points: number): AttemptLimiter {
  const store = new RateLimiterMemory({ points, duration: 60, keyPrefix: name });
  return new AttemptLimiter({ name, points, windowSeconds: 60, refusal: name }, store, store, () => true, new Logger());
}

describe('takeEach', () => {
  it('takes a point from each limiter, and gives back those taken when a later one refuses', async () => {
    const first = limiter('first', 2);
    const second = limiter('second', 1);
    await takeEach([
      [first, 'a'],
      [second, 'b'],
    ]);
    const refused = takeEach([
      [first, 'a'],
      [second, 'b'],
    ]);
    await expect(refused).rejects.toBeInstanceOf(RateLimited);
    await expect(refused).rejects.toMatchObject({ message: 'second' });
    // The refused attempt's point went back: `first` still has the second of its two points.
    await expect(first.take('a')).resolves.toBeUndefined();
    await expect(first.take('a')).rejects.toBeInstanceOf(RateLimited);
  });

  it('passes over a limiter without a key', async () => {
    const byAddress = limiter('address', 1);
    const byEmail = limiter('email', 1);
    await takeEach([
      [byAddress, undefined],
      [byEmail, 'e'],
    ]);
    await expect(byEmail.take('e')).rejects.toBeInstanceOf(RateLimited);
  });
});
