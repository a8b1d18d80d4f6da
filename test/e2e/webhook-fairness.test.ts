import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/**
 * A receiver on 127.0.0.1 that holds every request open until released (a receiver that hangs), and
 * counts how many it holds per path at once; after release it answers 204 at once.
 */
class HangingReceiver {
  private server!: Server;
  private held: { path: string; res: ServerResponse }[] = [];
  private released = false;
  readonly ids: string[] = [];
  readonly maxOpen = new Map<string, number>();
  maxOpenTotal = 0;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  open(path?: string): number {
    return this.held.filter((h) => path === undefined || h.path === path).length;
  }

  release(): void {
    this.released = true;
    for (const h of this.held.splice(0)) h.res.writeHead(204).end();
  }

  stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    req.resume();
    req.on('end', () => {
      this.ids.push(String(req.headers['webhook-id']));
      if (this.released) {
        res.writeHead(204).end();
        return;
      }
      this.held.push({ path, res });
      res.on('close', () => (this.held = this.held.filter((h) => h.res !== res)));
      this.maxOpen.set(path, Math.max(this.maxOpen.get(path) ?? 0, this.open(path)));
      this.maxOpenTotal = Math.max(this.maxOpenTotal, this.open());
    });
  }
}

/**
 * Webhooks go out in lanes: one endpoint holds at most WEBHOOK_ENDPOINT_CONCURRENCY requests and one
 * account at most WEBHOOK_ACCOUNT_CONCURRENCY, so receivers that hang cannot take the worker's
 * places (WEBHOOK_CONCURRENCY) from other accounts' webhooks.
 */
describe('webhook fairness', () => {
  let gw: TestGateway;
  const slow = new HangingReceiver();
  const fast = new HangingReceiver();
  let slowToken: string;
  const SLOW_PATHS = ['/hang-1', '/hang-2', '/hang-3'];
  const PER_ENDPOINT = 8;

  beforeAll(async () => {
    await slow.start();
    await fast.start();
    fast.release();
    gw = await TestGateway.start({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      // Far longer than the test: a hanging request holds its place until the receiver lets go.
      WEBHOOK_TIMEOUT_MS: '60000',
      WEBHOOK_CONCURRENCY: '6',
      WEBHOOK_ENDPOINT_CONCURRENCY: '2',
      WEBHOOK_ACCOUNT_CONCURRENCY: '4',
    });
    slowToken = (await gw.createAccount('Slow receivers')).token;
  });
  afterAll(async () => {
    await slow.stop();
    await fast.stop();
    await gw?.stop();
  });

  async function endpoint(token: string, url: string): Promise<string> {
    const res = await gw.request('POST', '/v1/webhooks', { token, json: { url, events: ['message.sent'] } });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function testEvent(token: string, id: string): Promise<void> {
    const res = await gw.request('POST', `/v1/webhooks/${id}/test`, { token });
    expect(res.status).toBe(202);
  }

  it("delivers another account's webhook at once while one account's receivers hang, each endpoint and the account within its cap", async () => {
    for (const path of SLOW_PATHS) {
      const id = await endpoint(slowToken, slow.url(path));
      for (let i = 0; i < PER_ENDPOINT; i++) await testEvent(slowToken, id);
    }
    // The account's cap is full: its receivers hold 4 requests.
    await waitFor(
      () => slow.open(),
      (n) => n >= 4,
      { what: 'the hanging receivers to hold 4 requests', timeoutMs: 10_000 },
    );

    const other = await gw.createAccount('Other tenant');
    const id = await endpoint(other.token, fast.url('/quick'));
    await testEvent(other.token, id);
    await waitFor(
      () => fast.ids.length,
      (n) => n === 1,
      { what: "the other account's webhook while the slow ones hang", timeoutMs: 10_000 },
    );
    // None of the slow requests was answered: the other account did not wait for them to end.
    expect(slow.open()).toBe(4);
    expect(slow.maxOpenTotal).toBe(4);
    for (const path of SLOW_PATHS) expect(slow.maxOpen.get(path) ?? 0).toBeLessThanOrEqual(2);
  });

  it('delivers every held and queued delivery exactly once when the receivers answer again', async () => {
    slow.release();
    const total = SLOW_PATHS.length * PER_ENDPOINT;
    await waitFor(
      () => slow.ids.length,
      (n) => n >= total,
      { what: `${total} slow deliveries`, timeoutMs: 15_000 },
    );
    const deliveries = await gw.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE e.url LIKE $1 GROUP BY status`,
      [`${slow.url('/hang-')}%`],
    );
    await waitFor(
      async () =>
        (
          await gw.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
              WHERE e.url LIKE $1 AND d.status = 'delivered'`,
            [`${slow.url('/hang-')}%`],
          )
        ).rows[0].n,
      (n) => n === total,
      { what: 'every slow delivery recorded as delivered', timeoutMs: 10_000 },
    );
    expect(deliveries.rows.reduce((sum, r) => sum + r.n, 0)).toBe(total);
    expect(slow.ids).toHaveLength(total);
    expect(new Set(slow.ids).size).toBe(total);
  });
});
