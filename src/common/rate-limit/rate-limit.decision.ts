/**
 * Pure rules of the rate limiter: what a bucket's answer means, which of the two limits a response
 * reports, and the headers it carries. No Redis, no Nest: unit-tested on their own.
 */

/** Which bucket: the whole account, or one caller (a user, an API client, or an IP on public routes). */
export type RateLimitScope = 'account' | 'subject';

/** What rate-limiter-flexible answers (its RateLimiterRes), read through our token-bucket script. */
export interface LimiterAnswer {
  remainingPoints: number;
  consumedPoints: number;
  msBeforeNext: number;
}

/** One bucket after a request: its size, what is left and when it is full again. */
export interface BucketState {
  scope: RateLimitScope;
  /** Bucket size: rate × burst seconds (RateLimit-Limit). */
  limit: number;
  allowed: boolean;
  remaining: number;
  /** Until the bucket is full again (RateLimit-Reset). */
  msToFull: number;
  /** Until this request's points would fit (Retry-After); 0 when allowed. */
  msToRetry: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** The bucket the response reports: the one that refused, or the one with the fewest points left. */
  binding: BucketState;
  /** Only when refused: whole seconds, at least 1 (an HTTP delta-seconds value). */
  retryAfterSeconds?: number;
}

/**
 * Reads a bucket's answer. Allowed: the library's `remainingPoints` and `msBeforeNext` (time to
 * full) as they are. Refused: our script reports `consumedPoints = limit - tokens + cost` (more than
 * the limit, which is how the library knows to reject) and `msBeforeNext` = time until `cost` fits,
 * so the tokens left and the time to full are derived here.
 */
export function bucketState(
  scope: RateLimitScope,
  limit: number,
  msToFillEmpty: number,
  cost: number,
  answer: LimiterAnswer,
  allowed: boolean,
): BucketState {
  if (allowed) {
    return {
      scope,
      limit,
      allowed,
      remaining: answer.remainingPoints,
      msToFull: Math.max(0, answer.msBeforeNext),
      msToRetry: 0,
    };
  }
  const remaining = Math.min(limit, Math.max(0, limit + cost - answer.consumedPoints));
  return {
    scope,
    limit,
    allowed,
    remaining,
    msToFull: Math.ceil(((limit - remaining) * msToFillEmpty) / limit),
    msToRetry: Math.max(0, answer.msBeforeNext),
  };
}

/** Both limits are enforced; the response reports the one that matters most to the caller right now. */
export function decide(states: BucketState[]): RateLimitDecision {
  if (states.length === 0) throw new Error('decide() needs at least one bucket');
  const refused = states.filter((s) => !s.allowed);
  if (refused.length > 0) {
    const binding = refused.reduce((a, b) => (b.msToRetry > a.msToRetry ? b : a));
    return { allowed: false, binding, retryAfterSeconds: Math.max(1, Math.ceil(binding.msToRetry / 1000)) };
  }
  const binding = states.reduce((a, b) =>
    b.remaining < a.remaining || (b.remaining === a.remaining && b.msToFull > a.msToFull) ? b : a,
  );
  return { allowed: true, binding };
}

/**
 * The RateLimit header fields of draft-ietf-httpapi-ratelimit-headers-06 (three separate fields, the
 * form most clients and proxies read): the bucket size, the points left, and the seconds until the
 * bucket is full again.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const { binding } = decision;
  return {
    'RateLimit-Limit': String(binding.limit),
    'RateLimit-Remaining': String(binding.remaining),
    'RateLimit-Reset': String(Math.ceil(binding.msToFull / 1000)),
  };
}

/**
 * Points a request costs: one, or one per message when its JSON body (REST `POST /v1/messages/batch`)
 * or its GraphQL `input` (`sendMessages`) carries a `messages` list. Read defensively: the body has
 * not been validated yet.
 */
export function requestCost(payload: unknown): number {
  if (payload && typeof payload === 'object' && 'messages' in payload) {
    const messages = payload.messages;
    if (Array.isArray(messages) && messages.length > 0) return messages.length;
  }
  return 1;
}

/** The problem's detail: which limit refused, and what to do about it. */
export function refusalDetail(decision: RateLimitDecision, cost: number): string {
  const { binding } = decision;
  const whose = binding.scope === 'account' ? 'this account' : 'this caller';
  if (cost > binding.limit) {
    return `This request needs ${cost} points but the limit of ${whose} holds at most ${binding.limit}; send smaller batches`;
  }
  return `Too many requests for ${whose}; retry after ${decision.retryAfterSeconds ?? 1} s`;
}
