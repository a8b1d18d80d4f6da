// Issue 7: the suppression list in the bench. A list of N numbers is imported through
// POST /v1/suppressions/import (streamed CSV) before the measured scenarios, so every send of
// single, batch and fleet is checked against a populated list; the `suppressed` scenario then
// sends to numbers on the list and measures the RECIPIENT_OPTED_OUT answer.
import { Agent, request } from 'node:http';
import { Readable } from 'node:stream';
import type pg from 'pg';
import type { CpuSampler, CpuUsage } from './cpu.js';
import { recipient } from './load.js';

/** Lines of CSV per chunk of the import's body: about 30 KB. */
const LINES_PER_CHUNK = 2000;
/** The import's header line (the gateway wants a `phoneNumber` column). */
const CSV_HEADER = 'phoneNumber\n';
/** 10^8 numbers below the +49152 prefix; the list maps 0..N-1 onto them one to one. */
const NUMBER_SPACE = 100_000_000;
// i → (i × A + B) mod 10^8 is a bijection on 0..10^8-1 (A is prime to 10), so the numbers are
// distinct without a Set, and they arrive in no particular order, like a real list (not sorted,
// which would only ever append to the right edge of the index).
const SCRAMBLE_A = 48_271;
const SCRAMBLE_B = 12_345;

/**
 * The i-th number of the bench's suppression list: a valid German mobile number (+49 152 …), so
 * none of them is a number the load scenarios send to (recipient(): +49 151 234 567 xx).
 */
export function suppressedNumber(i: number): string {
  const n = (i * SCRAMBLE_A + SCRAMBLE_B) % NUMBER_SPACE;
  return `+49152${String(n).padStart(8, '0')}`;
}

/** The CSV of numbers 0..count-1, generated chunk by chunk as the request body is read. */
function* csvChunks(count: number, counter: { bytes: number }): Generator<Buffer> {
  const header = Buffer.from(CSV_HEADER);
  counter.bytes += header.length;
  yield header;
  for (let start = 0; start < count; start += LINES_PER_CHUNK) {
    const end = Math.min(count, start + LINES_PER_CHUNK);
    let text = '';
    for (let i = start; i < end; i++) text += `${suppressedNumber(i)}\n`;
    const chunk = Buffer.from(text);
    counter.bytes += chunk.length;
    yield chunk;
  }
}

/** How long the import may take: generous, it is at least a few thousand rows a second here. */
export const importTimeoutMs = (count: number) => 60_000 + count / 2;

export interface SuppressionImport {
  rows: number;
  bytes: number;
  /** From the request's start to the answer (the import commits in one transaction, then ANALYZE). */
  durationS: number;
  rowsPerS: number;
  /** The gateway's answer. */
  imported: number;
  duplicates: number;
  invalidCount: number;
  /** Rows of the account's list in the database afterwards. */
  listSize: number;
  cpu: CpuUsage | null;
}

/**
 * Imports numbers 0..count-1 into the account's list through the API, the body streamed from a
 * generator (a Readable as fetch's body): never held in memory whole. Throws unless the gateway
 * took every row, and unless the load scenarios' recipients stay off the list.
 */
export async function importSuppressions(
  baseUrl: string,
  token: string,
  db: pg.Pool,
  accountId: string,
  count: number,
  cpu: CpuSampler,
): Promise<SuppressionImport> {
  const counter = { bytes: 0 };
  await cpu.begin();
  const started = performance.now();
  const res = await fetch(`${baseUrl}/v1/suppressions/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: Readable.from(csvChunks(count, counter)),
    duplex: 'half',
    signal: AbortSignal.timeout(importTimeoutMs(count)),
  });
  const text = await res.text();
  const durationS = (performance.now() - started) / 1000;
  const usage = await cpu.end();
  if (res.status !== 200) throw new Error(`POST /v1/suppressions/import: expected 200, got ${res.status} ${text}`);
  const answer = JSON.parse(text) as { imported: number; duplicates: number; invalidCount: number };
  if (answer.imported !== count || answer.duplicates !== 0 || answer.invalidCount !== 0) {
    throw new Error(`POST /v1/suppressions/import of ${count} distinct valid numbers answered ${text.slice(0, 500)}`);
  }
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1', [
    accountId,
  ]);
  const loadRecipients = Array.from({ length: 100 }, (_, i) => recipient(i));
  const clash = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1 AND phone_number = ANY($2::text[])',
    [accountId, loadRecipients],
  );
  if (clash.rows[0].n > 0) throw new Error(`${clash.rows[0].n} of the load scenarios' recipients are suppressed`);
  return {
    rows: count,
    bytes: counter.bytes,
    durationS: Math.round(durationS * 100) / 100,
    rowsPerS: Math.round(count / durationS),
    imported: answer.imported,
    duplicates: answer.duplicates,
    invalidCount: answer.invalidCount,
    listSize: rows[0].n,
    cpu: usage,
  };
}

export interface SuppressedResult {
  requests: number;
  connections: number;
  /** Distinct numbers among the random picks. */
  distinctNumbers: number;
  durationS: number;
  requestsPerS: number;
  /** Response time of every answered request, in ms (measured here, 0.1 ms resolution). */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  /** Problem codes of the answers (`code` of the problem+json; `-` when there was none). */
  codes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Every request answered 422 RECIPIENT_OPTED_OUT. */
  allOptedOut: boolean;
  /** Messages stored to the picked numbers, and created during the scenario at all: both must be 0. */
  storedToPicked: number;
  storedDuringScenario: number;
  cpu: CpuUsage | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One POST over a keep-alive agent; answers the status and the body as text. */
function post(agent: Agent, url: URL, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        signal: AbortSignal.timeout(10_000),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `requests` POST /v1/messages to random numbers of the list (of `listSize`), from `connections`
 * loops that each send the next request when the previous one has answered, over as many
 * keep-alive connections. Checks each answer and, afterwards, that nothing was stored. node:http
 * rather than fetch: fetch costs the load tool several times the CPU per request, which on two
 * cores would be taken from the gateway being measured.
 */
export async function sendToSuppressed(
  baseUrl: string,
  token: string,
  db: pg.Pool,
  accountId: string,
  opts: { listSize: number; requests: number; connections: number },
  cpu: CpuSampler,
  stopped: () => boolean,
): Promise<SuppressedResult> {
  const picks = Array.from({ length: opts.requests }, () =>
    suppressedNumber(Math.floor(Math.random() * opts.listSize)),
  );
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const codes: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  let next = 0;
  const url = new URL('/v1/messages', baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const loop = async () => {
    while (next < picks.length && !stopped()) {
      const body = JSON.stringify({ to: picks[next++], body: 'Benchmark message to a suppressed number' });
      const sentAt = performance.now();
      try {
        const res = await post(agent, url, token, body);
        const text = res.text;
        latencies.push(performance.now() - sentAt);
        statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
        let code = '-';
        try {
          code = (JSON.parse(text) as { code?: string }).code ?? '-';
        } catch {
          // not JSON: counted as '-'
        }
        codes[code] = (codes[code] ?? 0) + 1;
      } catch (error) {
        errors++;
        if ((error as Error).name === 'TimeoutError') timeouts++;
      }
    }
  };
  const startedAt = new Date();
  await cpu.begin();
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: opts.connections }, loop));
  } finally {
    agent.destroy();
  }
  const durationS = (performance.now() - t0) / 1000;
  const usage = await cpu.end();

  const distinct = [...new Set(picks)];
  const stored = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND "to" = ANY($2::text[])',
    [accountId, distinct],
  );
  const during = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND created_at >= $2',
    [accountId, startedAt],
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    round1(latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? 0);
  return {
    requests: picks.length,
    connections: opts.connections,
    distinctNumbers: distinct.length,
    durationS: Math.round(durationS * 100) / 100,
    requestsPerS: durationS > 0 ? Math.round(latencies.length / durationS) : 0,
    latencyMs: {
      mean: round1(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
      p50: pct(0.5),
      p90: pct(0.9),
      p99: pct(0.99),
      max: round1(latencies.at(-1) ?? 0),
    },
    statusCodes,
    codes,
    errors,
    timeouts,
    allOptedOut: errors === 0 && statusCodes['422'] === picks.length && codes.RECIPIENT_OPTED_OUT === picks.length,
    storedToPicked: stored.rows[0].n,
    storedDuringScenario: during.rows[0].n,
    cpu: usage,
  };
}
