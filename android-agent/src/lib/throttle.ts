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
/** Android counts its per-app limit (30 messages by default) over 30 minutes: a slow-down lasts as long. */
export const PLATFORM_SLOWDOWN_MS = 30 * 60_000;

/**
 * The throttle's memory, as stored with the outbox so a restart does not forget what was just sent
 * (Android's limit does not forget it either). Times are ages: a restart may change every clock.
 */
export interface ThrottleState {
  /** Wall clock (ISO 8601) when this was taken, to age it by the time the phone was off. */
  savedAt: string;
  sends: { ageMs: number; parts: number }[];
  lastAgeMs?: number;
  /** A slow-down the platform caused: the parts per minute it allows, and for how much longer. */
  slowdown?: { maxPerMinute: number; remainingMs: number };
}

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

  clear(): void {
    this.sends.length = 0;
  }
}

export class SendThrottle {
  private config: ThrottleConfig;
  private readonly window = new PartsWindow();
  private lastAt: number | undefined;
  private slowdown: { maxPerMinute: number; until: number } | undefined;

  constructor(
    config: Partial<ThrottleConfig> = {},
    private readonly now: () => number = Date.now,
    /** How long a slow-down lasts (default PLATFORM_SLOWDOWN_MS). */
    private readonly slowdownMs: number = PLATFORM_SLOWDOWN_MS,
  ) {
    this.config = { ...DEFAULT_THROTTLE, ...config };
  }

  /** The limits in force: the configured ones, or lower while the platform's limit slows the phone down. */
  get current(): ThrottleConfig {
    const slow = this.activeSlowdown();
    if (!slow) {
      return { ...this.config };
    }
    const max = this.config.maxPerMinute;
    return { ...this.config, maxPerMinute: max > 0 ? Math.min(max, slow.maxPerMinute) : slow.maxPerMinute };
  }

  /** Until when (throttle clock) a slow-down holds, if one does. */
  get slowedUntil(): number | undefined {
    return this.activeSlowdown()?.until;
  }

  /**
   * The platform refused a send over its own limit: halve the parts per minute (from what is in
   * force, or from what the last minute used when nothing limits the phone), at least 1, for
   * `slowdownMs` (30 min). Another refusal meanwhile halves again and starts the period anew.
   */
  slowDown(): ThrottleConfig {
    const now = this.now();
    const inForce = this.current.maxPerMinute;
    const from = inForce > 0 ? inForce : Math.max(1, this.window.used(now));
    this.slowdown = { maxPerMinute: Math.max(1, Math.floor(from / 2)), until: now + this.slowdownMs };
    return this.current;
  }

  /** What to store so a restart keeps the window, the interval and a slow-down. */
  snapshot(wallClock: Date = new Date()): ThrottleState {
    const now = this.now();
    const slow = this.activeSlowdown();
    return {
      savedAt: wallClock.toISOString(),
      sends: bySecond(this.window.recent(now).map((w) => ({ ageMs: now - w.at, parts: w.parts }))),
      ...(this.lastAt !== undefined ? { lastAgeMs: now - this.lastAt } : {}),
      ...(slow ? { slowdown: { maxPerMinute: slow.maxPerMinute, remainingMs: slow.until - now } } : {}),
    };
  }

  /**
   * Takes back a stored snapshot, aged by the wall-clock time since it was taken (none when the
   * clock went back). Anything malformed is ignored: pacing then starts afresh, as it used to.
   */
  restore(state: unknown, wallClock: Date = new Date()): void {
    if (!isThrottleState(state)) {
      return;
    }
    const now = this.now();
    const off = Math.max(0, wallClock.getTime() - Date.parse(state.savedAt)) || 0;
    this.window.clear();
    for (const send of [...state.sends].sort((a, b) => b.ageMs - a.ageMs)) {
      this.window.record(now - send.ageMs - off, send.parts);
    }
    this.lastAt = state.lastAgeMs !== undefined ? now - state.lastAgeMs - off : undefined;
    const slow = state.slowdown;
    this.slowdown =
      slow && slow.remainingMs - off > 0
        ? { maxPerMinute: slow.maxPerMinute, until: now + slow.remainingMs - off }
        : undefined;
  }

  configure(config: Partial<ThrottleConfig>): void {
    this.config = { ...this.config, ...config };
  }

  /** How long to wait before a message of `parts` parts may go; 0 means now. */
  delayFor(parts: number): number {
    const now = this.now();
    const slowed = this.delayUnder(this.current, parts, now);
    const until = this.activeSlowdown()?.until;
    if (until === undefined || slowed <= until - now) {
      return slowed;
    }
    // The slow-down ends before the slowed window would let it go: from then on the plain limits count.
    return Math.max(until - now, this.delayUnder(this.config, parts, now));
  }

  private delayUnder(config: ThrottleConfig, parts: number, now: number): number {
    let delay = 0;
    if (this.lastAt !== undefined && config.sendIntervalMs > 0) {
      delay = Math.max(delay, this.lastAt + config.sendIntervalMs - now);
    }
    const max = config.maxPerMinute;
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

  private activeSlowdown(): { maxPerMinute: number; until: number } | undefined {
    if (this.slowdown && this.slowdown.until <= this.now()) {
      this.slowdown = undefined;
    }
    return this.slowdown;
  }
}

/**
 * Sends of the same second as one, at the newest one's age (so the sum leaves the window no
 * earlier than its last part): a busy unthrottled phone stores at most 60 of them, not thousands.
 */
function bySecond(sends: { ageMs: number; parts: number }[]): { ageMs: number; parts: number }[] {
  const buckets = new Map<number, { ageMs: number; parts: number }>();
  for (const send of sends) {
    const second = Math.floor(send.ageMs / 1_000);
    const bucket = buckets.get(second);
    if (bucket) {
      bucket.ageMs = Math.min(bucket.ageMs, send.ageMs);
      bucket.parts += send.parts;
    } else {
      buckets.set(second, { ...send });
    }
  }
  return [...buckets.values()];
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function isThrottleState(value: unknown): value is ThrottleState {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  const slow = v.slowdown as Record<string, unknown> | undefined;
  return (
    typeof v.savedAt === 'string' &&
    !Number.isNaN(Date.parse(v.savedAt)) &&
    Array.isArray(v.sends) &&
    v.sends.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        isCount((s as Record<string, unknown>).ageMs) &&
        isCount((s as Record<string, unknown>).parts),
    ) &&
    (v.lastAgeMs === undefined || isCount(v.lastAgeMs)) &&
    (slow === undefined ||
      (typeof slow === 'object' &&
        slow !== null &&
        isCount(slow.maxPerMinute) &&
        slow.maxPerMinute >= 1 &&
        isCount(slow.remainingMs)))
  );
}
