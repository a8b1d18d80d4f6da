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

  constructor(private readonly pass: () => Promise<unknown>) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.pass()
        .then(() => undefined)
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
