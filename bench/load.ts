import autocannon from 'autocannon';

export interface LoadSpec {
  path: string;
  /** Request bodies, cycled by every connection (built once, so the load tool stays cheap). */
  bodies: string[];
  itemsPerRequest: number;
  connections: number;
  durationS: number;
  /** Requests per second over all connections (the low-load probe); unset = as fast as answered. */
  overallRate?: number;
}

export interface LoadResult {
  path: string;
  /** Keep-alive connections of autocannon; 0 for the paced probe (fetch's own pool). */
  connections: number;
  itemsPerRequest: number;
  /** When the load tool started and stopped; the bench's window of this scenario's messages. */
  startedAt: Date;
  finishedAt: Date;
  durationS: number;
  requests2xx: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** 2xx responses × items per request. */
  acceptedMessages: number;
  ingestPerS: number;
  /** Latency of every response in ms: autocannon's (1 ms resolution), or the paced probe's own. */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  requestsPerS: number;
}

/** The load tool: autocannon's programmatic API, keep-alive connections to the gateway on 127.0.0.1. */
export class LoadTool {
  private current: autocannon.Instance | undefined;
  private pacedStopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async run(spec: LoadSpec): Promise<LoadResult> {
    const startedAt = new Date();
    this.current = autocannon({
      url: this.baseUrl,
      connections: spec.connections,
      pipelining: 1,
      duration: spec.durationS,
      timeout: 10,
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      requests: spec.bodies.map((body) => ({ path: spec.path, body })),
      ...(spec.overallRate !== undefined ? { overallRate: spec.overallRate } : {}),
    });
    let r: autocannon.Result;
    try {
      r = await this.current;
    } finally {
      this.current = undefined;
    }
    const finishedAt = new Date();
    const statusCodes: Record<string, number> = {};
    for (const [code, { count }] of Object.entries(r.statusCodeStats)) statusCodes[code] = count;
    const durationS = r.duration;
    const acceptedMessages = r['2xx'] * spec.itemsPerRequest;
    return {
      path: spec.path,
      connections: spec.connections,
      itemsPerRequest: spec.itemsPerRequest,
      startedAt,
      finishedAt,
      durationS,
      requests2xx: r['2xx'],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      statusCodes,
      acceptedMessages,
      ingestPerS: durationS > 0 ? round1(acceptedMessages / durationS) : 0,
      latencyMs: {
        mean: r.latency.mean,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
      },
      requestsPerS: durationS > 0 ? round1((r['2xx'] + r.non2xx) / durationS) : 0,
    };
  }

  /**
   * Evenly paced load below saturation: one request every 1000/rate ms, each sent on schedule
   * whether or not the previous one has answered (so a slow answer cannot hide later delays).
   * autocannon's own rate limit sends each second's requests in a burst, hence this loop.
   */
  async paced(spec: Omit<LoadSpec, 'connections' | 'overallRate'> & { rate: number }): Promise<LoadResult> {
    const total = Math.max(1, Math.round(spec.rate * spec.durationS));
    const intervalMs = 1000 / spec.rate;
    const latencies: number[] = [];
    const statusCodes: Record<string, number> = {};
    let errors = 0;
    let timeouts = 0;
    this.pacedStopped = false;
    const startedAt = new Date();
    const t0 = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total && !this.pacedStopped; i++) {
      const wait = t0 + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sentAt = performance.now();
      inFlight.push(
        fetch(this.baseUrl + spec.path, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body: spec.bodies[i % spec.bodies.length],
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            latencies.push(performance.now() - sentAt);
            statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
          })
          .catch((error: unknown) => {
            errors++;
            if ((error as Error).name === 'TimeoutError') timeouts++;
          }),
      );
    }
    await Promise.all(inFlight);
    const finishedAt = new Date();
    const durationS = (performance.now() - t0) / 1000;
    const requests2xx = Object.entries(statusCodes)
      .filter(([code]) => code.startsWith('2'))
      .reduce((sum, [, n]) => sum + n, 0);
    const answered = Object.values(statusCodes).reduce((a, b) => a + b, 0);
    const acceptedMessages = requests2xx * spec.itemsPerRequest;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      round1(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? 0);
    return {
      path: spec.path,
      connections: 0,
      itemsPerRequest: spec.itemsPerRequest,
      startedAt,
      finishedAt,
      durationS: round1(durationS),
      requests2xx,
      non2xx: answered - requests2xx,
      errors,
      timeouts,
      statusCodes,
      acceptedMessages,
      ingestPerS: durationS > 0 ? round1(acceptedMessages / durationS) : 0,
      latencyMs: {
        mean: round1(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
        p50: pct(0.5),
        p90: pct(0.9),
        p99: pct(0.99),
        max: round1(latencies.at(-1) ?? 0),
      },
      requestsPerS: durationS > 0 ? round1(answered / durationS) : 0,
    };
  }

  /** Stops a run in progress (Ctrl-C, the bench's time limit). */
  stop(): void {
    this.current?.stop();
    this.pacedStopped = true;
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

// Valid E.164 German mobile numbers (+49 151 …): the last two digits vary, the length does not.
export function recipient(i: number): string {
  return `+49151234567${String(i % 100).padStart(2, '0')}`;
}

/** Who a body's messages go to: the phones' numbers by default, the carrier scenario's its own. */
export type Recipient = (i: number) => string;

export function singleBodies(count = 64, to: Recipient = recipient): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ to: to(i), body: `Benchmark message ${i}: hello from npm run bench` }),
  );
}

export function batchBodies(batchSize: number, count = 8, to: Recipient = recipient): string[] {
  return Array.from({ length: count }, (_, b) =>
    JSON.stringify({
      messages: Array.from({ length: batchSize }, (_, i) => ({
        to: to(b * batchSize + i),
        body: `Benchmark batch ${b} message ${i}: hello from npm run bench`,
      })),
    }),
  );
}
