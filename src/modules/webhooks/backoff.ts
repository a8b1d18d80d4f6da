/**
 * The wait after the `attempt`-th failed attempt: exponential from `baseMs`, capped at `maxMs`, with
 * "equal jitter" (half fixed, half random), so deliveries that failed together do not return as one wave.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
