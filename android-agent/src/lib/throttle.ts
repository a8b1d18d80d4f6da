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

/**
 * The parts sent over the last rolling minute, the unit Android's per-app limit counts in. One
 * bookkeeping for the agent's own pacing, the app's ceiling and the simulated SIM's platform limit;
 * each applies its own rule to it. Times are whatever clock the caller keeps, in milliseconds.
 */
export class PartsWindow {
  private readonly sends: { at: number; parts: number }[] = [];

  record(at: number, parts: number): void {
    this.sends.push({ at, parts });
  }

  /** The sends of the minute before `now`, oldest first (older ones are forgotten). */
  recent(now: number): readonly { readonly at: number; readonly parts: number }[] {
    while (this.sends.length > 0 && this.sends[0].at + WINDOW_MS <= now) {
      this.sends.shift();
    }
    return this.sends;
  }

  /** Parts sent in the minute before `now`. */
  used(now: number): number {
    return this.recent(now).reduce((sum, w) => sum + w.parts, 0);
  }
}

export class SendThrottle {
  private config: ThrottleConfig;
  private readonly window = new PartsWindow();
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
    let delay = 0;
    if (this.lastAt !== undefined && this.config.sendIntervalMs > 0) {
      delay = Math.max(delay, this.lastAt + this.config.sendIntervalMs - now);
    }
    const max = this.config.maxPerMinute;
    const recent = this.window.recent(now);
    if (max > 0 && recent.length > 0) {
      let used = this.window.used(now);
      // A message longer than the whole budget goes alone once the window is empty, or it would wait forever.
      const need = Math.min(parts, max);
      for (const w of recent) {
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
    this.window.record(now, parts);
  }
}
