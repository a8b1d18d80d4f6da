import { Injectable } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AttemptLimits, takeEach, type AttemptLimiter } from '@/common/rate-limit/attempt-limiter.js';

export const PAIR_MISS_LOCK_SECONDS = 15 * 60;

/**
 * Guessing pairing codes, per IP address and shared by every api process (Redis): at most
 * PAIR_PER_MINUTE attempts a minute, and after PAIR_MISSES_PER_IP unknown or expired codes within
 * 15 minutes the address is refused (RATE_LIMITED) until that window has passed, whatever code it
 * brings. Both are counted before the code is looked up, so parallel guesses cannot slip past.
 */
@Injectable()
export class PairingThrottle {
  private readonly attempts: AttemptLimiter;
  private readonly misses: AttemptLimiter;

  constructor(limits: AttemptLimits, config: AppConfig) {
    this.attempts = limits.create({
      name: 'pair',
      points: config.PAIR_PER_MINUTE,
      windowSeconds: 60,
      refusal: 'Too many pairing attempts from this address; retry in a minute',
    });
    this.misses = limits.create({
      name: 'pair-miss',
      points: config.PAIR_MISSES_PER_IP,
      windowSeconds: PAIR_MISS_LOCK_SECONDS,
      refusal: 'Too many unknown pairing codes from this address; try again later with the code the console shows',
    });
  }

  /**
   * Counts an attempt from `ip` (RATE_LIMITED when the address is over either limit); the answer
   * is called with whether the code paired: a code that paired is no miss.
   */
  async begin(ip: string | undefined): Promise<(paired: boolean) => Promise<void>> {
    if (!ip) return () => Promise.resolve();
    await takeEach([
      [this.misses, ip],
      [this.attempts, ip],
    ]);
    return async (paired) => {
      if (paired) await this.misses.giveBack(ip);
    };
  }
}
