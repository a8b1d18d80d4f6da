import { Unauthenticated } from '@/common/errors.js';
import { graphQLErrorOf } from '@/common/problem.filter.js';

// setTimeout fires at once past this; tokens live a day at most (JWT_TTL_SECONDS), so it is only a guard.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The events of `source` that `keep` accepts, until `expiresAt`, the end of the token the
 * subscription was opened with: then it ends with UNAUTHENTICATED, as a request with that token
 * would, and the client reconnects with a fresh one. However it ends, `close` ends the source
 * first: a stream's iterator cannot return while it waits for an event that may never come.
 */
export async function* untilExpiry<T>(
  source: AsyncIterable<T>,
  {
    expiresAt,
    close,
    keep = () => true,
    revoked,
  }: {
    expiresAt: Date;
    close: () => void;
    keep?: (event: T) => boolean;
    /** Rejects when the token stops being valid before its expiry (user removed, client revoked…). */
    revoked?: Promise<never>;
  },
): AsyncGenerator<T, void, undefined> {
  const events = source[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    const check = () => {
      const left = expiresAt.getTime() - Date.now();
      if (left > 0) timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
      else reject(graphQLErrorOf(new Unauthenticated('The bearer token of this subscription expired').toProblem()));
    };
    check();
  });
  // Raced below; the rejection must not count as unhandled when the stream ends first.
  expired.catch(() => undefined);
  try {
    for (;;) {
      const next = await Promise.race(revoked ? [events.next(), expired, revoked] : [events.next(), expired]);
      if (next.done) return;
      if (keep(next.value)) yield next.value;
    }
  } finally {
    clearTimeout(timer);
    close();
    await events.return?.();
  }
}
