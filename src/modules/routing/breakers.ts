import { EventEmitter } from 'node:events';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import type { TargetHealth } from './route-decision.js';

export interface BreakerSettings {
  /** Opens when more than this percentage of the attempts in the window failed... */
  errorPercent: number;
  /** ...once the window holds at least this many attempts. */
  volume: number;
  /** Open this long, then half-open: the next attempt is a trial that closes or reopens it. */
  resetMs: number;
  /** The rolling window the percentage is taken over. */
  windowMs?: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

const WINDOW_MS = 10_000;
const BUCKETS = 10;
/** Breakers are few (carriers, pools); past this many, closed ones are dropped and start afresh when used. */
const MAX_BREAKERS = 10_000;
/** A half-open target's trial that has not reported back after this long gives way to another. */
const TRIAL_MS = 5_000;

/** Why an attempt failed, as opossum sees it: the outcome dispatch recorded. */
class TargetFailed extends Error {
  constructor() {
    super('the target failed this attempt');
  }
}

/**
 * One opossum circuit breaker per routing target (`carrier:<id>`, `pool:<routeId>:<index>`,
 * `device:<id>`, `devices:<accountId>`). Dispatch does the sending itself and reports each attempt's
 * outcome with `record`: the breaker's action only replays that outcome, so opossum does the
 * counting, the rolling window, the thresholds and the open → half-open → closed timing.
 *
 * Per process: each worker learns on its own which targets fail (no shared state in Redis), so a
 * dead carrier costs each process its own few failures before that process moves on.
 */
export class TargetBreakers implements TargetHealth, OnModuleDestroy {
  private readonly logger = new Logger(TargetBreakers.name);
  private readonly breakers = new Map<string, CircuitBreaker<[boolean], void>>();
  /** Half-open targets whose trial is out: when it was planned. */
  private readonly trials = new Map<string, number>();
  /** One timer rotates the buckets of every breaker's window, instead of two intervals per breaker. */
  private readonly rotate = new EventEmitter().setMaxListeners(0);
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly settings: BreakerSettings) {
    const windowMs = settings.windowMs ?? WINDOW_MS;
    this.ticker = setInterval(() => this.rotate.emit('rotate'), Math.max(1, Math.floor(windowMs / BUCKETS)));
    this.ticker.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.ticker);
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  /**
   * Open: the target is left out of plans until its reset time has passed. Half-open: one plan gets
   * the target (the trial); every other plan sees it open until that trial's outcome is recorded, or
   * until TRIAL_MS passed without one (the plan did not use the target after all). Letting every
   * plan through at once would send a whole backlog to a target that may still be failing, and the
   * first of those failures would open it again for another reset time.
   */
  isOpen(key: string): boolean {
    return this.check(key, true);
  }

  /** As isOpen, for a plan that will not use the target (a check at the API): takes no trial. */
  readonly peek: TargetHealth = { isOpen: (key) => this.check(key, false) };

  private check(key: string, takeTrial: boolean): boolean {
    const breaker = this.breakers.get(key);
    if (!breaker || breaker.closed) return false;
    if (breaker.opened) return true;
    const trial = this.trials.get(key);
    if (trial !== undefined && Date.now() - trial < TRIAL_MS) return true;
    if (takeTrial) this.trials.set(key, Date.now());
    return false;
  }

  state(key: string): BreakerState {
    const breaker = this.breakers.get(key);
    if (!breaker || breaker.closed) return 'closed';
    return breaker.opened ? 'open' : 'half-open';
  }

  /**
   * Counts one attempt's outcome. While open it counts nothing (nothing should have been sent there);
   * while half-open the first outcome decides: success closes, failure reopens for another reset time.
   * Resolves once counted; never rejects.
   */
  async record(key: string, ok: boolean): Promise<void> {
    this.trials.delete(key);
    await this.breaker(key)
      .fire(ok)
      .catch(() => undefined);
  }

  private breaker(key: string): CircuitBreaker<[boolean], void> {
    const existing = this.breakers.get(key);
    if (existing) return existing;
    if (this.breakers.size >= MAX_BREAKERS) this.dropClosed();
    const breaker = new CircuitBreaker<[boolean], void>(
      (ok: boolean) => (ok ? Promise.resolve() : Promise.reject(new TargetFailed())),
      {
        name: key,
        // The action replays an outcome at once: no timeout, no concurrency limit, no latency stats.
        timeout: false,
        errorThresholdPercentage: this.settings.errorPercent,
        volumeThreshold: this.settings.volume,
        resetTimeout: this.settings.resetMs,
        rollingCountTimeout: this.settings.windowMs ?? WINDOW_MS,
        rollingCountBuckets: BUCKETS,
        rotateBucketController: this.rotate,
        enableSnapshots: false,
        rollingPercentilesEnabled: false,
      },
    );
    breaker.on('open', () => this.logger.warn({ target: key }, 'routing target breaker opened'));
    breaker.on('halfOpen', () => this.logger.log({ target: key }, 'routing target breaker half-open'));
    breaker.on('close', () => {
      this.logger.log({ target: key }, 'routing target breaker closed');
      // opossum keeps the failures that opened it in the window; a recovered target starts afresh.
      if (this.breakers.get(key) === breaker) this.breakers.delete(key);
      queueMicrotask(() => breaker.shutdown());
    });
    this.breakers.set(key, breaker);
    return breaker;
  }

  private dropClosed(): void {
    for (const [key, breaker] of this.breakers) {
      if (breaker.closed) {
        this.breakers.delete(key);
        breaker.shutdown();
      }
    }
  }
}
