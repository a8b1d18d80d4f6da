import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimitRedis } from '../../src/common/rate-limit/rate-limit.module.js';
import { RateLimitService } from '../../src/common/rate-limit/rate-limit.service.js';
import { loadConfig } from '../../src/config/app-config.js';
import { TEST_REDIS_URL } from '../support/services.js';

/**
 * The limiter against real Redis: the token-bucket script, refunds, and the fallback when Redis is
 * away. Callers get 2 points a second and accounts 1, in buckets of 5 seconds (10 and 5 points), so
 * a point takes 500 ms to come back and a slow run cannot refill a bucket behind a test's back.
 */
describe('RateLimitService', () => {
  const prefix = `smsgw_test_rl_${randomBytes(4).toString('hex')}`;
  const config = loadConfig(
    {},
    {
      REDIS_PREFIX: prefix,
      RATE_LIMIT_SUBJECT_PER_SECOND: '2',
      RATE_LIMIT_ACCOUNT_PER_SECOND: '1',
      RATE_LIMIT_BURST_SECONDS: '5',
    },
  );
  let limits: RateLimitService;
  let redis: Redis;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const client = createRateLimitRedis(TEST_REDIS_URL);
    limits = new RateLimitService(config, client);
    redis = new Redis(TEST_REDIS_URL);
    // Until its connection is ready the limiter would use the in-memory fallback (no offline queue).
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  });
  afterAll(async () => {
    limits?.onApplicationShutdown();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const key = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;
  const together = (n: number, take: () => ReturnType<RateLimitService['consume']>) =>
    Promise.all(Array.from({ length: n }, take));

  it('refills continuously like a token bucket, not all at once at the end of a window', async () => {
    const subjectKey = key('subject');
    const burst = await together(14, () => limits.consume({ subjectKey }, 1));
    expect(burst.filter((d) => d?.allowed).length).toBeGreaterThanOrEqual(10);
    const refused = burst.filter((d) => d?.allowed === false);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]?.binding.msToRetry).toBeLessThanOrEqual(500);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Two points came back in 1.1 s: served again, long before a fixed 5-second window would end,
    // and far from the full bucket a window reset would give.
    const later = await limits.consume({ subjectKey }, 1);
    expect(later?.allowed).toBe(true);
    expect(later?.binding.remaining).toBeLessThan(9);
  });

  it('keeps no key for a full bucket and writes nothing for a refusal', async () => {
    const subjectKey = key('subject');
    const decision = await limits.consume({ subjectKey }, 11);
    expect(decision?.allowed).toBe(false);
    expect(decision?.binding.remaining).toBe(10);
    expect(await redis.exists(`${prefix}:rl:${subjectKey}`)).toBe(0);

    await limits.consume({ subjectKey }, 1);
    const ttl = await redis.pttl(`${prefix}:rl:${subjectKey}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(500);
  });

  it("gives the caller's points back when the account refuses the request", async () => {
    const accountKey = key('account');
    const subjectKey = key('subject');
    expect((await limits.consume({ subjectKey, accountKey }, 5))?.allowed).toBe(true);
    const refused = await limits.consume({ subjectKey, accountKey }, 2);
    expect(refused?.allowed).toBe(false);
    expect(refused?.binding.scope).toBe('account');

    // 10 - 5, plus whatever refilled meanwhile; without the refund it would be 10 - 7.
    const tokens = Number(await redis.hget(`${prefix}:rl:${subjectKey}`, 'tokens'));
    expect(tokens).toBeGreaterThanOrEqual(5);
  });

  it('keeps limiting in memory, without waiting, when Redis cannot be reached', async () => {
    const offline = new RateLimitService(config, createRateLimitRedis('redis://127.0.0.1:1'));
    try {
      const subjectKey = key('subject');
      const started = Date.now();
      const decisions = [];
      for (let i = 0; i < 11; i++) decisions.push(await offline.consume({ subjectKey }, 1));
      // Eleven waits for a command timeout or a reconnect would take seconds.
      expect(Date.now() - started).toBeLessThan(2000);
      expect(decisions.slice(0, 10).every((d) => d?.allowed)).toBe(true);
      expect(decisions[10]?.allowed).toBe(false);
      expect(decisions[10]?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      offline.onApplicationShutdown();
    }
  });

  it('does nothing, and opens no connection, when rate limits are off', async () => {
    const off = new RateLimitService(loadConfig({}, { RATE_LIMIT_ENABLED: 'false' }), null);
    expect(off.enabled).toBe(false);
    expect(await off.consume({ subjectKey: 'subject:x' }, 1)).toBeUndefined();
  });
});
