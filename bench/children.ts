import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** The line bench/agents.ts prints once every phone is connected: `READY {"deviceIds": [...]}`. */
export const AGENTS_READY_PREFIX = 'READY ';

/** A child process whose output goes to a log file, with its last lines kept for error messages. */
export class Child {
  private readonly tail: string[] = [];
  private readonly log: WriteStream;
  private readonly lineListeners: ((line: string) => void)[] = [];
  private partial = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stopping: Promise<'exited' | 'killed'> | undefined;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: 'w' });
    this.exited = new Promise((resolve) => {
      process.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve({ code, signal });
      });
    });
    process.stdout?.on('data', (chunk: Buffer) => this.onOutput(chunk, true));
    process.stderr?.on('data', (chunk: Buffer) => this.onOutput(chunk, false));
    // A broken pipe to a child that died is reported through `exited`, not as an uncaught error.
    process.stdin?.on('error', () => undefined);
  }

  static spawn(name: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }): Child {
    // stdin stays an open pipe: a child that watches it (the agents) exits when the bench dies.
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    return new Child(name, child, options.logFile);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  describeExit(): string {
    if (!this.exitInfo) return `${this.name} is running`;
    const { code, signal } = this.exitInfo;
    return `${this.name} exited (${signal ? `signal ${signal}` : `code ${code}`})`;
  }

  lastLines(n = 30): string {
    return this.tail.slice(-n).join('\n');
  }

  /** Calls `listener` for each line the child prints on stdout. */
  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  private onOutput(chunk: Buffer, stdout: boolean): void {
    this.log.write(chunk);
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.tail.push(line);
      if (this.tail.length > 200) this.tail.shift();
      if (stdout) for (const listener of this.lineListeners) listener(line);
    }
  }

  /** True once stop() was called: its exit is then expected, not a failure. */
  get stopRequested(): boolean {
    return this.stopping !== undefined;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves once it is gone; runs once. */
  stop(graceMs: number): Promise<'exited' | 'killed'> {
    this.stopping ??= this.terminate(graceMs);
    return this.stopping;
  }

  private async terminate(graceMs: number): Promise<'exited' | 'killed'> {
    if (this.running) {
      this.process.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (timedOut && this.running) {
        this.process.kill('SIGKILL');
        await this.exited;
        this.log.end();
        return 'killed';
      }
    }
    await this.exited;
    this.log.end();
    return 'exited';
  }

  /** Last resort on a synchronous exit path: no waiting. */
  killNow(): void {
    if (this.running) this.process.kill('SIGKILL');
  }
}

/** A port that was free a moment ago (the gateway binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
