/**
 * A pass that runs every `intervalMs` (given to start) in this process, never two at once: a tick that finds the
 * last pass still running skips. The timer does not keep the process alive; stop() waits for the
 * pass in flight. For the workers' loops (sweeps, relay, retention, fleet checks), which are timers
 * rather than Bull repeatable jobs so they keep running when Redis lost its data. Each pass handles
 * its own errors.
 */
export class PeriodicPass {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly pass: () => Promise<unknown>) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.run();
    }, intervalMs);
    this.timer.unref();
  }

  /**
   * A pass now rather than at the next tick (something it waits for just happened); during a pass,
   * one more right after it. Many triggers while a pass runs still make one more pass.
   */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private run(): Promise<void> {
    return this.pass()
      .then(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.running = this.run();
        }
      });
  }
}
