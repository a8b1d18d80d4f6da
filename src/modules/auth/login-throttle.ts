import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '@/config/app-config.js';
import { RateLimited } from '@/common/errors.js';

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_LOCK_SECONDS = 15 * 60;

/**
 * Brute-force protection for sign-in: after 10 failed attempts for one email within 15 minutes,
 * that email is refused with RATE_LIMITED until the window has passed; a success clears the count.
 * Counted in Redis so every api process agrees, in memory while Redis is unreachable.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly redis: Redis;
  private readonly shared: RateLimiterAbstract;
  private readonly local: RateLimiterAbstract;

  constructor(config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, {
      connectionName: 'login-throttle',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
    this.redis.connect().catch(() => undefined);
    const options = {
      points: LOGIN_MAX_FAILURES,
      duration: LOGIN_LOCK_SECONDS,
      keyPrefix: `${config.REDIS_PREFIX}:login`,
    };
    this.shared = new RateLimiterRedis({ storeClient: this.redis, ...options });
    this.local = new RateLimiterMemory(options);
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }

  private key(email: string): string {
    return email.trim().toLowerCase();
  }

  private limiter(): RateLimiterAbstract {
    return this.redis.status === 'ready' ? this.shared : this.local;
  }

  /** Refuses at once when this email is locked, before any password is checked. */
  async check(email: string): Promise<void> {
    const res = await this.limiter()
      .get(this.key(email))
      .catch(() => null);
    if (res && res.consumedPoints >= LOGIN_MAX_FAILURES) {
      throw new RateLimited(
        Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
        'Too many failed sign-ins for this email; try again later',
      );
    }
  }

  async failed(email: string): Promise<void> {
    await this.limiter()
      .penalty(this.key(email), 1)
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not count a failed sign-in');
      });
  }

  async succeeded(email: string): Promise<void> {
    await this.limiter()
      .delete(this.key(email))
      .catch(() => undefined);
  }
}
