import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestGateway, type ApiResponse } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/**
 * Argon2 checks held open by the test: it sees how many run at once, and decides when they end.
 * The real functions do the work; only the timing is the test's.
 */
const argon = vi.hoisted(() => ({ hold: false, inFlight: 0, maxInFlight: 0, held: [] as (() => void)[] }));

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: async (...args: Parameters<typeof real.verify>) => {
      argon.inFlight++;
      argon.maxInFlight = Math.max(argon.maxInFlight, argon.inFlight);
      try {
        if (argon.hold) await new Promise<void>((resolve) => argon.held.push(resolve));
        return await real.verify(...args);
      } finally {
        argon.inFlight--;
      }
    },
  };
});

describe('password hashing: a concurrency cap keeps the thread pool free', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // No wait for a slot: the excess is refused at once, so the test needs no clock.
    gw = await TestGateway.start({ PASSWORD_HASH_CONCURRENCY: '2', PASSWORD_HASH_WAIT_MS: '0' });
  });
  afterAll(async () => {
    argon.hold = false;
    argon.held.splice(0).forEach((release) => release());
    await gw?.stop();
  });

  const login = (password: string) =>
    gw.request('POST', '/v1/auth/login', { json: { email: 'capped@example.test', password } });

  it('checks at most PASSWORD_HASH_CONCURRENCY passwords at once and refuses the excess with RATE_LIMITED', async () => {
    argon.hold = true;
    argon.maxInFlight = 0;
    const answers: ApiResponse[] = [];
    const pending = Array.from({ length: 8 }, (_, i) => login(`guess ${i}`).then((res) => answers.push(res)));
    // The six beyond the cap answer while two checks are still held open.
    try {
      await waitFor(
        () => answers.length,
        (n) => n >= 6,
        { what: 'the requests beyond the cap to be refused' },
      );
    } catch (error) {
      argon.hold = false;
      argon.held.splice(0).forEach((release) => release());
      await Promise.all(pending);
      throw error;
    }
    expect(argon.maxInFlight).toBe(2);
    expect(argon.inFlight).toBe(2);
    for (const res of answers) {
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(res.body.detail).toContain('too many passwords at once');
      expect(res.headers.get('retry-after')).toBe('1');
    }
    argon.hold = false;
    argon.held.splice(0).forEach((release) => release());
    await Promise.all(pending);
    expect(answers.slice(6).map((res) => res.status)).toEqual([401, 401]);
    expect(argon.maxInFlight).toBe(2);
  });

  it('does not count a sign-in refused for load as a failed one', async () => {
    // Two failures counted above, six given back: eight more failures reach the lock-out of 10.
    for (let i = 0; i < 8; i++) expect((await login(`again ${i}`)).status).toBe(401);
    const locked = await login('one more');
    expect(locked.status).toBe(429);
    expect(locked.body.detail).toContain('for this email');
  });
});
