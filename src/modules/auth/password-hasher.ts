import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { AppConfig } from '@/config/app-config.js';
import { RateLimited } from '@/common/errors.js';
import { Semaphore } from '@/common/semaphore.js';

/**
 * Every Argon2 hash and check of the process, PASSWORD_HASH_CONCURRENCY at a time. Each one holds a
 * libuv pool thread for tens of milliseconds, and that small pool also resolves the host names the
 * webhook SSRF guard and the carriers check: a burst of sign-ins must not take all of it. A call
 * waits at most PASSWORD_HASH_WAIT_MS for a slot, then answers RATE_LIMITED (Retry-After: 1).
 */
@Injectable()
export class PasswordHasher {
  private readonly slots: Semaphore;

  constructor(private readonly config: AppConfig) {
    this.slots = new Semaphore(config.PASSWORD_HASH_CONCURRENCY);
  }

  hash(password: string): Promise<string> {
    return this.inSlot(() => hash(password));
  }

  /** False for a wrong password and for a malformed stored hash alike. */
  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.inSlot(() => verify(passwordHash, password).catch(() => false));
  }

  private async inSlot<T>(task: () => Promise<T>): Promise<T> {
    const done = await this.slots.run(this.config.PASSWORD_HASH_WAIT_MS, task);
    if (!done) throw new RateLimited(1, 'The gateway is checking too many passwords at once; retry in a second');
    return done.value;
  }
}
