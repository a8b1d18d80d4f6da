import { Global, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@/config/app-config.js';
import { AttemptLimits } from './attempt-limiter.js';
import { RATE_LIMIT_REDIS, RateLimitService } from './rate-limit.service.js';

/**
 * The limiter's own Redis connection, apart from Bull's: it must fail fast. No offline queue and no
 * retries, so while Redis is away a request goes to the in-memory fallback at once instead of
 * waiting for a reconnect; a command that hangs gives up after 500 ms.
 */
export function createRateLimitRedis(url: string): Redis {
  return new Redis(url, {
    connectionName: 'rate-limit',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
  });
}

/**
 * Rate limits of the api role (the interceptor is registered in AppModule, after the AuthGuard),
 * and the attempt counters of sign-in and pairing (global: the auth and devices modules use them).
 */
@Global()
@Module({
  providers: [
    {
      provide: RATE_LIMIT_REDIS,
      inject: [AppConfig],
      // Worker-only processes serve no requests, and RATE_LIMIT_ENABLED=false turns limits off: no connection.
      useFactory: (config: AppConfig): Redis | null =>
        config.RATE_LIMIT_ENABLED && config.has('api') ? createRateLimitRedis(config.REDIS_URL) : null,
    },
    RateLimitService,
    AttemptLimits,
  ],
  exports: [RateLimitService, AttemptLimits],
})
export class RateLimitModule {}
