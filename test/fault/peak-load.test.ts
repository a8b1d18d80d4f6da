import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/** The account's peak, as the operator configures it (RATE_LIMIT_ACCOUNT_PER_SECOND). */
const PEAK_PER_SECOND = 100;
const SECONDS = 5;
const TICK_MS = 50;

/**
 * Twice the peak for five seconds, from one account, against two phones: the excess is refused
 * with 429 and Retry-After (never a 5xx), health answers all along, and every message the API
 * accepted (202) is in the database and ends delivered. Bounded: 1,000 requests to 127.0.0.1.
 */
describe('twice the peak load', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start({
      RATE_LIMIT_ACCOUNT_PER_SECOND: String(PEAK_PER_SECOND),
      RATE_LIMIT_SUBJECT_PER_SECOND: String(PEAK_PER_SECOND * 10),
      RATE_LIMIT_BURST_SECONDS: '1',
    });
    token = await gw.login();
    await gw.pairAgent(token, { name: 'load-a', deliveryMs: 20 });
    await gw.pairAgent(token, { name: 'load-b', deliveryMs: 20 });
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
  });

  it('refuses the excess with 429, answers health throughout, and delivers every accepted message', async () => {
    const perTick = (2 * PEAK_PER_SECOND * TICK_MS) / 1000;
    const answers: Promise<{ status: number; id?: string; retryAfter: string | null }>[] = [];
    const health: Promise<{ status: number }>[] = [];
    const send = async (i: number) => {
      const res = await fetch(`${gw.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ to: '+4915123456789', body: `peak ${i}` }),
      });
      const body = (await res.json()) as { id?: string };
      return { status: res.status, id: body.id, retryAfter: res.headers.get('retry-after') };
    };
    // A probe that gets no answer within 5 s counts as unanswered (status 0), as an orchestrator would.
    const probe = async () => {
      try {
        const res = await fetch(`${gw.url}/health/ready`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        return { status: res.status };
      } catch {
        return { status: 0 };
      }
    };
    let n = 0;
    const started = performance.now();
    for (let tick = 0; tick < (SECONDS * 1000) / TICK_MS; tick++) {
      for (let j = 0; j < perTick; j++) answers.push(send(n++));
      if (tick % 2 === 0) health.push(probe());
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    const results = await Promise.all(answers);
    // On a loaded machine the ticks run late: the bucket refills for as long as the load lasted.
    const elapsedS = (performance.now() - started) / 1000;
    const statuses = new Map<number, number>();
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    const accepted = results.filter((r) => r.status === 202).map((r) => r.id!);
    const refused = results.filter((r) => r.status === 429);
    // Nothing accepted is lost: every 202 is a row, and every one is delivered (waited for first,
    // so the gateway is quiet whatever the checks below find).
    await waitFor(
      async () =>
        (
          await gw.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM messages WHERE status = 'delivered' AND id = ANY($1::uuid[])`,
            [accepted],
          )
        ).rows[0].n,
      (delivered) => delivered === accepted.length,
      { what: `all ${accepted.length} accepted messages delivered`, timeoutMs: 60_000, intervalMs: 250 },
    );
    // Only accepted or refused: no 5xx, nothing else.
    expect([...statuses.keys()].sort()).toEqual([202, 429]);
    // About the peak's worth went through (its rate for as long as the load lasted, plus one second
    // of burst; 10 % slack for the refill between the bucket's reads),
    // and about as much was refused: the gateway took no more than its limit.
    expect(accepted.length).toBeGreaterThan(PEAK_PER_SECOND * SECONDS * 0.5);
    expect(accepted.length).toBeLessThanOrEqual(Math.ceil(PEAK_PER_SECOND * (elapsedS + 1) * 1.1));
    expect(refused.length).toBeGreaterThan(PEAK_PER_SECOND);
    expect(refused.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
    // Health answered every probe.
    const probes = await Promise.all(health);
    expect(probes.map((p) => p.status)).toEqual(probes.map(() => 200));
    const rows = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
    expect(rows.rows[0].n).toBe(accepted.length);
  }, 120_000);
});
