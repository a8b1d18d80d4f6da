/**
 * The phone's own send pacing, set by the server's `device.config`. Counted in parts because
 * Android's per-app limit (and carriers' fair-use rules) count parts, not messages.
 */
export interface ThrottleConfig {
  /** Minimum time between two sends. */
  sendIntervalMs: number;
  /** Parts per rolling minute; 0 means no limit (benchmarks, carrier-grade SIM plans). */
  maxPerMinute: number;
}

export const DEFAULT_THROTTLE: ThrottleConfig = { sendIntervalMs: 0, maxPerMinute: 24 };

const WINDOW_MS = 60_000;

export class SendThrottle {
  private config: ThrottleConfig;
  private readonly window: { at: number; parts: number }[] = [];
  private lastAt: number | undefined;

  constructor(
    config: Partial<ThrottleConfig> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.config = { ...DEFAULT_THROTTLE, ...config };
  }

  get current(): ThrottleConfig {
    return { ...this.config };
  }

  configure(config: Partial<ThrottleConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** How long to wait before a message of `parts` parts may go; 0 means now. */
  delayFor(parts: number): number {
    const now = this.now();
    this.prune(now);
    let delay = 0;
    if (this.lastAt !== undefined && this.config.sendIntervalMs > 0) {
      delay = Math.max(delay, this.lastAt + this.config.sendIntervalMs - now);
    }
    const max = this.config.maxPerMinute;
    if (max > 0 && this.window.length > 0) {
      let used = this.window.reduce((sum, w) => sum + w.parts, 0);
      // A message longer than the whole budget goes alone once the window is empty, or it would wait forever.
      const need = Math.min(parts, max);
      for (const w of this.window) {
        if (used + need <= max) {
          break;
        }
        used -= w.parts;
        delay = Math.max(delay, w.at + WINDOW_MS - now);
      }
    }
    return Math.max(0, delay);
  }

  record(parts: number): void {
    const now = this.now();
    this.lastAt = now;
    this.window.push({ at: now, parts });
    this.prune(now);
  }

  private prune(now: number): void {
    while (this.window.length > 0 && this.window[0].at + WINDOW_MS <= now) {
      this.window.shift();
    }
  }
}
