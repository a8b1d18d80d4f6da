import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '@/config/app-config.js';
import {
  bucketState,
  decide,
  type BucketState,
  type RateLimitDecision,
  type RateLimitScope,
} from './rate-limit.decision.js';
import { TOKEN_BUCKET_LUA } from './token-bucket.script.js';

/** The limiter's own ioredis connection (see RateLimitModule); null when rate limits are off. */
export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/** Bucket keys of one request: `subject:<id>` (or `ip:<address>` on public routes) and `account:<id>`. */
export interface RateLimitCaller {
  subjectKey: string;
  accountKey?: string;
}

interface Bucket {
  scope: RateLimitScope;
  limit: number;
  msToFillEmpty: number;
  shared: RateLimiterRedis;
  /** Used while Redis does not answer (see the class comment). */
  local: RateLimiterMemory;
}

/**
 * Two token buckets per request, both enforced: one for the account (all its users and clients
 * together) and one for the caller. Their size is rate × RATE_LIMIT_BURST_SECONDS.
 *
 * Redis unreachable (or slower than the connection's command timeout): the bucket falls back to an
 * in-memory limiter of the same size in this process. The API stays up, and a runaway client is
 * still held back (per process rather than cluster-wide) instead of the limits vanishing. We do
 * this ourselves rather than with rate-limiter-flexible's `insuranceLimiter`, which switches silently:
 * here each fallback is logged with its cause (at most once a minute). `execEvenly` stays off: it
 * would hold requests open to spread them out, tying up connections; a 429 with Retry-After lets the
 * client pace itself.
 */
@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly subject?: Bucket;
  private readonly account?: Bucket;
  private degraded = false;
  private lastWarning = 0;

  constructor(
    config: AppConfig,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null,
  ) {
    if (!redis) return;
    const keyPrefix = `${config.REDIS_PREFIX}:rl`;
    const burst = config.RATE_LIMIT_BURST_SECONDS;
    const bucket = (scope: RateLimitScope, perSecond: number): Bucket => {
      const points = perSecond * burst;
      return {
        scope,
        limit: points,
        msToFillEmpty: burst * 1000,
        shared: new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration: burst,
          customIncrTtlLuaScript: TOKEN_BUCKET_LUA,
          // Not ready (connecting, reconnecting): fail at once, without waiting for a reconnect.
          rejectIfRedisNotReady: true,
        }),
        local: new RateLimiterMemory({ keyPrefix, points, duration: burst }),
      };
    };
    this.subject = bucket('subject', config.RATE_LIMIT_SUBJECT_PER_SECOND);
    this.account = bucket('account', config.RATE_LIMIT_ACCOUNT_PER_SECOND);
    // ioredis reports connection errors as events; without a listener each would be logged as unhandled.
    redis.on('error', (error: Error) => this.fellBack(error));
  }

  get enabled(): boolean {
    return this.subject !== undefined;
  }

  /**
   * Takes `cost` points from the caller's buckets. Undefined when limits are off (or, should even the
   * in-memory fallback fail, when no bucket answered: the request is served, never refused blindly).
   */
  async consume(caller: RateLimitCaller, cost: number): Promise<RateLimitDecision | undefined> {
    if (!this.subject || !this.account) return undefined;
    const targets: { bucket: Bucket; key: string }[] = [{ bucket: this.subject, key: caller.subjectKey }];
    if (caller.accountKey) targets.push({ bucket: this.account, key: caller.accountKey });

    const settled = await Promise.allSettled(targets.map(({ bucket, key }) => this.take(bucket, key, cost)));
    const taken: { bucket: Bucket; key: string; state: BucketState }[] = [];
    settled.forEach((result, i) => {
      const { bucket, key } = targets[i];
      const read = (answer: RateLimiterRes, allowed: boolean) =>
        bucketState(bucket.scope, bucket.limit, bucket.msToFillEmpty, cost, answer, allowed);
      if (result.status === 'fulfilled') taken.push({ bucket, key, state: read(result.value, true) });
      else if (result.reason instanceof RateLimiterRes) taken.push({ bucket, key, state: read(result.reason, false) });
      else this.warn(result.reason, 'rate limiter failed; serving the request without a limit');
    });
    if (taken.length === 0) return undefined;

    const decision = decide(taken.map((t) => t.state));
    if (!decision.allowed) {
      // A refused request costs nothing: give back what the other bucket already took for it.
      await Promise.all(
        taken.filter((t) => t.state.allowed).map(({ bucket, key }) => this.giveBack(bucket, key, cost)),
      );
    }
    return decision;
  }

  /** Resolves when allowed; rejects with a RateLimiterRes when refused (the library's convention). */
  private async take(bucket: Bucket, key: string, cost: number): Promise<RateLimiterRes> {
    try {
      const answer = await bucket.shared.consume(key, cost);
      this.recovered();
      return answer;
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        this.recovered();
        throw error;
      }
      this.fellBack(error);
      return bucket.local.consume(key, cost);
    }
  }

  private async giveBack(bucket: Bucket, key: string, cost: number): Promise<void> {
    try {
      await bucket.shared.reward(key, cost);
    } catch (error) {
      this.fellBack(error);
      await bucket.local.reward(key, cost).catch(() => undefined);
    }
  }

  private fellBack(error: unknown): void {
    this.degraded = true;
    this.warn(error, 'rate limiter cannot use Redis; limits are enforced per process in memory until it answers');
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log('rate limiter reached Redis again; limits are shared by all processes');
  }

  private warn(error: unknown, message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    this.logger.warn({ err: error }, message);
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
