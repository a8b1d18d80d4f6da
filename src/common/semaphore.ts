/**
 * At most `size` holders at once; the others wait in arrival order, each for at most its own bound.
 * `acquire` answers a release function, or undefined when no slot came free in time.
 */
export class Semaphore {
  private active = 0;
  private readonly waiting: { grant: () => void }[] = [];

  constructor(private readonly size: number) {}

  /** Holders now, and callers waiting for a slot (for tests and metrics). */
  get state(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async acquire(waitMs: number): Promise<(() => void) | undefined> {
    if (this.active < this.size) {
      this.active++;
      return this.releaser();
    }
    if (waitMs <= 0) return undefined;
    return new Promise((resolve) => {
      const entry = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      }, waitMs);
      this.waiting.push(entry);
    });
  }

  /** Runs `task` in a slot; undefined (and `task` not run) when none came free within `waitMs`. */
  async run<T>(waitMs: number, task: () => Promise<T>): Promise<{ value: T } | undefined> {
    const release = await this.acquire(waitMs);
    if (!release) return undefined;
    try {
      return { value: await task() };
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
