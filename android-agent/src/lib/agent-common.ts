/** What the agent's three parts (session, send pump, reporter) share: logging, counters, errors and time. */

export interface AgentLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

export const noopLogger: AgentLogger = { info: () => {}, warn: () => {}, error: () => {} };

export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

/** Counters for diagnostics and tests; each part counts what it handles. */
export interface AgentStats {
  accepted: number;
  duplicates: number;
  refused: number;
  canceled: number;
  transmitted: number;
  sendFailures: number;
  reportsAcked: number;
  reportsRefused: number;
  inboundAcked: number;
}

export function emptyStats(): AgentStats {
  return {
    accepted: 0,
    duplicates: 0,
    refused: 0,
    canceled: 0,
    transmitted: 0,
    sendFailures: 0,
    reportsAcked: 0,
    reportsRefused: 0,
    inboundAcked: 0,
  };
}

/** Timers and back-off use a monotonic clock: a change of the wall clock neither stretches nor skips a wait. */
export const monotonic = (): number => performance.now();

/**
 * The one back-off: `firstMs`, doubled per attempt (1, 2, …), never over `maxMs`. Unacknowledged
 * reports and received SMS wait by it, and so does a send the platform throttled. With `random`
 * (Math.random) the delay is spread over its upper half, so a fleet that lost the server at the
 * same moment does not come back at the same moment.
 */
export function backoffDelay(attempt: number, firstMs: number, maxMs: number, random?: () => number): number {
  const delay = Math.min(firstMs * 2 ** (attempt - 1), maxMs);
  return random ? Math.round(delay * (0.5 + 0.5 * random())) : delay;
}

/** One-shot timers that are cancelled together, so none fires after a stop or close. */
export class Timers {
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  clear(): void {
    for (const timer of this.pending) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }
}
