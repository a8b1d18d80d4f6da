/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of many
 * messages that failed together spread out instead of arriving as one wave. Dispatch retries and
 * webhook deliveries both use it.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
