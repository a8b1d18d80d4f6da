/**
 * The submit rate of one SMPP link: a token bucket at the carrier's TPS (a burst of up to one
 * second's worth), which an ESME_RTHROTTLED halves (down to a floor) for `slowdownMs`; after a quiet
 * period the rate doubles back towards the configured TPS, one step per period.
 */
export class SendRate {
  private tokens: number;
  private updatedAt: number;
  private rate: number;
  private slowUntil = 0;

  constructor(
    private readonly tps: number,
    private readonly slowdownMs = 10_000,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.rate = tps;
    this.tokens = Math.max(1, tps);
    this.updatedAt = now();
  }

  /** Submits per second now. */
  get current(): number {
    this.recover();
    return this.rate;
  }

  private recover(): void {
    const now = this.now();
    while (this.rate < this.tps && now >= this.slowUntil) {
      this.rate = Math.min(this.tps, this.rate * 2);
      this.slowUntil += this.slowdownMs;
    }
  }

  private refill(): void {
    const now = this.now();
    this.recover();
    const capacity = Math.max(1, this.rate);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.rate);
    this.updatedAt = now;
  }

  /** Takes a token and answers 0, or answers how many ms until one is due (nothing taken). */
  take(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  /** The SMSC said ESME_RTHROTTLED: half the rate (at least 1 per second) for a while, and no burst. */
  throttled(): void {
    this.refill();
    this.rate = Math.max(Math.min(1, this.tps), this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
    this.slowUntil = this.now() + this.slowdownMs;
  }
}
