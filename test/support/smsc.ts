import { Child } from './processes.js';

// Type-only: erased at run time, so the server script is never loaded here.
export type { SmscSubmit } from './smsc-server.js';
import type { SmscSubmit } from './smsc-server.js';

/**
 * The test SMSC (smsc-server.ts) as its own process, and its control port. The script is
 * TypeScript run by Node 24's type stripping: test support is not part of the build (`swc src
 * bench`), and a child of the built code would need a build before every test run.
 */
export class TestSmsc {
  private constructor(
    private readonly child: Child,
    readonly port: number,
    private readonly controlUrl: string,
  ) {}

  static async start(options: { systemId: string; password: string }): Promise<TestSmsc> {
    const child = Child.start(
      'test/support/smsc-server.ts',
      ['--system-id', options.systemId, '--password', options.password],
      {},
    );
    await child.waitForOutput(/SMSC ready smpp=\d+ control=\d+/);
    const match = /SMSC ready smpp=(\d+) control=(\d+)/.exec(child.output.join(''))!;
    return new TestSmsc(child, Number(match[1]), `http://127.0.0.1:${match[2]}`);
  }

  private async call<T = any>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.controlUrl + path, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const parsed = (await res.json()) as T;
    if (!res.ok) throw new Error(`SMSC control ${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }

  /** Every submit_sm received, in order, throttled and rejected ones included (with their status). */
  submits(): Promise<SmscSubmit[]> {
    return this.call('GET', '/submits');
  }

  /** Accepted submit_sm only: what the SMSC took and will deliver. */
  async accepted(): Promise<SmscSubmit[]> {
    return (await this.submits()).filter((s) => s.status === 0);
  }

  status(): Promise<{ bound: number; binds: number; submits: number; unanswered: number }> {
    return this.call('GET', '/status');
  }

  reset(): Promise<void> {
    return this.call('POST', '/reset', {});
  }

  /** ESME_RTHROTTLED for the next `count` submit_sm. */
  throttle(count: number): Promise<void> {
    return this.call('POST', '/throttle', { count });
  }

  /** The next `count` submit_sm answered with `status` (an SMPP command_status). */
  reject(count: number, status: number): Promise<void> {
    return this.call('POST', '/reject', { count, status });
  }

  /** Stops answering anything (submit_sm, enquire_link, binds) while `on`; the TCP sessions stay open. */
  silence(on: boolean): Promise<{ silent: boolean }> {
    return this.call('POST', '/silence', { on });
  }

  /** Drops every bound connection at once (no unbind). */
  drop(): Promise<{ dropped: number }> {
    return this.call('POST', '/drop', {});
  }

  /** A delivery receipt deliver_sm for the SMSC's message id; answers the deliver_sm_resp's command_status. */
  async receipt(id: string, stat: string, options: { err?: string; tlv?: boolean; textless?: boolean } = {}) {
    return (await this.call<{ status: number }>('POST', '/receipt', { id, stat, ...options })).status;
  }

  /** An SMS from a handset (deliver_sm that is not a receipt). */
  async inbound(sms: { from: string; to: string; body: string }): Promise<number> {
    return (await this.call<{ status: number }>('POST', '/inbound', sms)).status;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
