import { Injectable } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AttemptLimits, takeEach, type AttemptLimiter } from '@/common/rate-limit/attempt-limiter.js';

export const LOGIN_MAX_FAILURES = 10;
export const LOGIN_LOCK_SECONDS = 15 * 60;

/** One sign-in under way: say how it ended, exactly once. */
export interface LoginAttempt {
  /** Clears the email's failures and gives the address its point back. */
  succeeded(): Promise<void>;
  /** The points stay taken: this was a failure. */
  failed(): Promise<void>;
  /** Nothing was checked (the hashing was refused, the database failed): both points go back. */
  abandoned(): Promise<void>;
}

/**
 * Brute-force protection for sign-in, in Redis so every api process agrees: after 10 failed
 * attempts for one email within 15 minutes, that email is refused with RATE_LIMITED until the window
 * has passed (a success clears the count); after LOGIN_FAILURES_PER_IP failures from one address,
 * that address is refused alike, whichever emails it tries.
 *
 * Each attempt takes its points before the password is checked, so parallel wrong passwords cannot
 * all pass a check made before any of them was counted (the lock-out holds under races).
 */
@Injectable()
export class LoginThrottle {
  private readonly byEmail: AttemptLimiter;
  private readonly byIp: AttemptLimiter;

  constructor(limits: AttemptLimits, config: AppConfig) {
    this.byEmail = limits.create({
      name: 'login',
      points: LOGIN_MAX_FAILURES,
      windowSeconds: LOGIN_LOCK_SECONDS,
      refusal: 'Too many failed sign-ins for this email; try again later',
    });
    this.byIp = limits.create({
      name: 'login-ip',
      points: config.LOGIN_FAILURES_PER_IP,
      windowSeconds: LOGIN_LOCK_SECONDS,
      refusal: 'Too many failed sign-ins from this address; try again later',
    });
  }

  /** Refuses with RATE_LIMITED when the address or the email is locked; otherwise counts the attempt. */
  async begin(email: string, ip: string | undefined): Promise<LoginAttempt> {
    const key = email.trim().toLowerCase();
    await takeEach([
      [this.byIp, ip],
      [this.byEmail, key],
    ]);
    return {
      succeeded: async () => {
        await this.byEmail.clear(key);
        if (ip) await this.byIp.giveBack(ip);
      },
      failed: () => Promise.resolve(),
      abandoned: async () => {
        await this.byEmail.giveBack(key);
        if (ip) await this.byIp.giveBack(ip);
      },
    };
  }
}
