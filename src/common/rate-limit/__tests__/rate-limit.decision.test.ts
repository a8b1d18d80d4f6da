import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/config/app-config.js';
import {
  bucketState,
  decide,
  rateLimitHeaders,
  refusalDetail,
  requestCost,
  type BucketState,
} from '../rate-limit.decision.js';

const state = (overrides: Partial<BucketState>): BucketState => ({
  scope: 'subject',
  limit: 10,
  allowed: true,
  remaining: 5,
  msToFull: 1000,
  msToRetry: 0,
  ...overrides,
});

describe('bucketState', () => {
  it('takes an allowed answer as the library reads it: points left and time until full', () => {
    const s = bucketState('account', 10, 5000, 1, { remainingPoints: 7, consumedPoints: 3, msBeforeNext: 1500 }, true);
    expect(s).toEqual({ scope: 'account', limit: 10, allowed: true, remaining: 7, msToFull: 1500, msToRetry: 0 });
  });

  it('derives the points left and the time until full from a refusal, and keeps the time until the cost fits', () => {
    // 3 tokens left, a batch of 5 asked: the script answers consumed = 10 - 3 + 5 and the wait for 2 more tokens.
    const s = bucketState(
      'subject',
      10,
      5000,
      5,
      { remainingPoints: 0, consumedPoints: 12, msBeforeNext: 1000 },
      false,
    );
    expect(s.remaining).toBe(3);
    expect(s.msToFull).toBe(3500);
    expect(s.msToRetry).toBe(1000);
  });

  it('never reports fewer than 0 or more than the limit for a refusal (the in-memory fallback counts refusals)', () => {
    const s = bucketState('subject', 10, 5000, 1, { remainingPoints: 0, consumedPoints: 40, msBeforeNext: 800 }, false);
    expect(s.remaining).toBe(0);
    expect(s.msToFull).toBe(5000);
  });
});

describe('decide', () => {
  it('serves when both buckets allow, reporting the one with the fewest points left', () => {
    const subject = state({ scope: 'subject', remaining: 8 });
    const account = state({ scope: 'account', limit: 20, remaining: 3 });
    const decision = decide([subject, account]);
    expect(decision.allowed).toBe(true);
    expect(decision.binding).toBe(account);
    expect(decision.retryAfterSeconds).toBeUndefined();
  });

  it('refuses when either bucket refuses, and reports that bucket with Retry-After rounded up to whole seconds', () => {
    const subject = state({ scope: 'subject', remaining: 8 });
    const account = state({ scope: 'account', allowed: false, remaining: 0, msToRetry: 1200 });
    const decision = decide([subject, account]);
    expect(decision.allowed).toBe(false);
    expect(decision.binding).toBe(account);
    expect(decision.retryAfterSeconds).toBe(2);
  });

  it('never says Retry-After 0: a refusal waits at least a second', () => {
    expect(decide([state({ allowed: false, remaining: 0, msToRetry: 3 })]).retryAfterSeconds).toBe(1);
  });

  it('reports the longer wait when both buckets refuse', () => {
    const subject = state({ scope: 'subject', allowed: false, remaining: 0, msToRetry: 200 });
    const account = state({ scope: 'account', allowed: false, remaining: 0, msToRetry: 2600 });
    expect(decide([subject, account])).toMatchObject({ binding: account, retryAfterSeconds: 3 });
  });
});

describe('rateLimitHeaders', () => {
  it('writes the RateLimit-Limit, -Remaining and -Reset fields, Reset in whole seconds until full', () => {
    const decision = decide([state({ limit: 10, remaining: 4, msToFull: 1201 })]);
    expect(rateLimitHeaders(decision)).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '4',
      'RateLimit-Reset': '2',
    });
  });

  it('says Reset 0 for a full bucket', () => {
    expect(rateLimitHeaders(decide([state({ remaining: 10, msToFull: 0 })]))['RateLimit-Reset']).toBe('0');
  });
});

describe('requestCost', () => {
  it('costs one point per message of a batch', () => {
    expect(requestCost({ messages: [{}, {}, {}] })).toBe(3);
  });

  it('costs one point for anything else, read defensively before validation', () => {
    for (const payload of [undefined, null, 'text', 42, {}, { to: '+49151' }, { messages: 'many' }, { messages: [] }]) {
      expect(requestCost(payload), JSON.stringify(payload)).toBe(1);
    }
  });
});

describe('refusalDetail', () => {
  it('names the limit that refused', () => {
    const decision = decide([state({ scope: 'account', allowed: false, remaining: 0, msToRetry: 500 })]);
    expect(refusalDetail(decision, 1)).toBe('Too many requests for this account; retry after 1 s');
  });

  it('says to send smaller batches when a batch is larger than the whole bucket', () => {
    const decision = decide([state({ limit: 10, allowed: false, remaining: 10, msToRetry: 0 })]);
    expect(refusalDetail(decision, 25)).toMatch(/needs 25 points .* at most 10; send smaller batches/);
  });
});

describe('rate limit configuration', () => {
  it('is on by default with generous limits', () => {
    const config = loadConfig({});
    expect(config.RATE_LIMIT_ENABLED).toBe(true);
    expect(config.RATE_LIMIT_ACCOUNT_PER_SECOND).toBe(2000);
    expect(config.RATE_LIMIT_SUBJECT_PER_SECOND).toBe(1000);
    expect(config.RATE_LIMIT_BURST_SECONDS).toBe(2);
  });

  it('parses the variables and refuses nonsense, naming the variable', () => {
    const config = loadConfig({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_BURST_SECONDS: '5' });
    expect(config.RATE_LIMIT_ENABLED).toBe(false);
    expect(config.RATE_LIMIT_BURST_SECONDS).toBe(5);
    expect(() => loadConfig({ RATE_LIMIT_ENABLED: 'yes' })).toThrow(/RATE_LIMIT_ENABLED must be true or false/);
    expect(() => loadConfig({ RATE_LIMIT_SUBJECT_PER_SECOND: '0' })).toThrow(/RATE_LIMIT_SUBJECT_PER_SECOND/);
  });
});
