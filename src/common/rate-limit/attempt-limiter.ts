import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '@/config/app-config.js';
import { RateLimited } from '@/common/errors.js';

export interface AttemptLimit {
  /** Part of the Redis key, after REDIS_PREFIX: one counter per name and key. */
  name: string;
  /** Attempts allowed within the window; the next one is refused until the window ends. */
  points: number;
  windowSeconds: number;
  /** The `detail` of the 429. */
  refusal: string;
}

/**
 * Counts attempts of one kind per key (failed sign-ins of an email or an IP address, pairing misses
 * of an IP address). An attempt takes its point BEFORE the work it guards, in one atomic Redis
 * step: parallel attempts cannot all pass a check made before any of them was counted. The caller
 * gives the point back when the attempt turned out not to count (a sign-in that succeeded).
 */
export class AttemptLimiter {
  constructor(
    private readonly limit: AttemptLimit,
    private readonly shared: RateLimiterAbstract,
    private readonly local: RateLimiterAbstract,
    private readonly redisReady: () => boolean,
    private readonly logger: Logger,
  ) {}

  private store(): RateLimiterAbstract {
    return this.redisReady() ? this.shared : this.local;
  }

  /** Takes a point for `key`, or throws RATE_LIMITED (with Retry-After) when the key has none left. */
  async take(key: string): Promise<void> {
    let refused: RateLimiterRes | undefined;
    try {
      await this.store().consume(key, 1);
    } catch (error) {
      if (error instanceof RateLimiterRes) refused = error;
      else {
        this.logger.warn({ err: error }, `could not count an attempt (${this.limit.name}); counting in memory`);
        await this.local.consume(key, 1).catch((local: unknown) => {
          if (local instanceof RateLimiterRes) refused = local;
        });
      }
    }
    if (refused) throw new RateLimited(Math.max(1, Math.ceil(refused.msBeforeNext / 1000)), this.limit.refusal);
  }

  /** Gives back the point of an attempt that does not count. */
  async giveBack(key: string): Promise<void> {
    await this.store()
      .reward(key, 1)
      .catch(() => undefined);
  }

  /** Forgets the key's attempts (a success ends a run of failures). */
  async clear(key: string): Promise<void> {
    await this.store()
      .delete(key)
      .catch(() => undefined);
  }
}

/**
 * Takes one point from each limiter for its key, in the order given, as one attempt (a limiter
 * without a key, such as an address that is not known, is passed over): when one refuses, the
 * points already taken go back before its RATE_LIMITED is thrown, so a refused attempt counts
 * against none of them.
 */
export async function takeEach(points: readonly (readonly [AttemptLimiter, string | undefined])[]): Promise<void> {
  const taken: [AttemptLimiter, string][] = [];
  for (const [limiter, key] of points) {
    if (!key) continue;
    try {
      await limiter.take(key);
    } catch (error) {
      for (const [back, backKey] of taken) await back.giveBack(backKey);
      throw error;
    }
    taken.push([limiter, key]);
  }
}

/**
 * Makes AttemptLimiters over one Redis connection of their own, so every api process agrees; while
 * Redis does not answer, each process counts in memory (the limits hold per process, never vanish).
 * It fails fast like the rate limiter's: no offline queue, no retries, 500 ms per command.
 */
@Injectable()
export class AttemptLimits implements OnModuleDestroy {
  private readonly logger = new Logger('AttemptLimits');
  private readonly redis: Redis;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, {
      connectionName: 'attempt-limits',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
    this.redis.connect().catch(() => undefined);
  }

  create(limit: AttemptLimit): AttemptLimiter {
    const options = {
      points: limit.points,
      duration: limit.windowSeconds,
      keyPrefix: `${this.config.REDIS_PREFIX}:${limit.name}`,
    };
    return new AttemptLimiter(
      limit,
      new RateLimiterRedis({ storeClient: this.redis, ...options }),
      new RateLimiterMemory(options),
      () => this.redis.status === 'ready',
      this.logger,
    );
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
