// Issue 16: what the console's pages cost the server on a large account. The account is filled to
// --console-messages messages with SQL (INSERT … SELECT generate_series; fast, and the send path
// is measured by the other scenarios), a tenth of them in one thread, then each page's query is
// sent the way the console sends it, and timed on loopback (20 runs, median and p95).
import type pg from 'pg';

/** The thread of the conversation page: a tenth of the seeded messages go to this one number. */
export const THREAD_NUMBER = '+4915299990000';
const RUNS = 20;

const QUERIES: { name: string; target?: number; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'messages page',
    target: 300,
    query: `query ConsoleMessages($first: Int) { messages(first: $first) {
      edges { node { id to body status segments createdAt deviceId errorCode } } pageInfo { hasNextPage endCursor } } }`,
    variables: { first: 25 },
  },
  {
    name: 'messages, filtered',
    query: `query($to: String, $status: [String!]) { messages(first: 25, to: $to, status: $status) {
      edges { node { id status } } pageInfo { hasNextPage endCursor } } }`,
    variables: { to: THREAD_NUMBER, status: ['delivered'] },
  },
  {
    name: 'dashboard',
    query: `{ dashboard { statusCounts24h { hour counts { status count } } throughputLastHour { total }
      queue { waiting oldestAgeSeconds } deadLetters phones { online total } } }`,
  },
  {
    name: 'conversations',
    query: '{ conversations(first: 30) { edges { node { number lastMessageAt lastBody unread } } } }',
  },
  {
    name: 'thread page',
    target: 50,
    query: `query($n: String!) { conversation(number: $n) { number messages(first: 50) {
      edges { node { id body direction at } } } } }`,
    variables: { n: THREAD_NUMBER },
  },
];

export interface ConsoleRead {
  name: string;
  medianMs: number;
  p95Ms: number;
  targetMs?: number;
  met?: boolean;
}

export interface ConsoleReadsReport {
  messages: number;
  threadMessages: number;
  seedS: number;
  reads: ConsoleRead[];
}

/** Fills the account up to `total` messages: spread over 7 days and 2,000 numbers, a tenth to THREAD_NUMBER. */
async function seed(db: pg.Pool, accountId: string, total: number): Promise<void> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE account_id = $1', [
    accountId,
  ]);
  const missing = total - rows[0].n;
  if (missing <= 0) return;
  await db.query(
    `INSERT INTO messages (id, account_id, "to", body, status, segments, encoding, expires_at, created_at, updated_at, sent_at)
     SELECT gen_random_uuid(), $1,
            CASE WHEN i % 10 = 0 THEN $3 ELSE '+49151' || lpad((i % 2000)::text, 8, '0') END,
            'console bench ' || i, 'delivered', 1, 'GSM-7', now() + interval '1 day',
            now() - make_interval(secs => i * 6), now(), now() - make_interval(secs => i * 6)
       FROM generate_series(1, $2) AS i`,
    [accountId, missing, THREAD_NUMBER],
  );
  await db.query('ANALYZE messages; ANALYZE conversations');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function consoleReads(
  url: string,
  token: string,
  db: pg.Pool,
  accountId: string,
  total: number,
): Promise<ConsoleReadsReport> {
  const started = performance.now();
  await seed(db, accountId, total);
  const seedS = Math.round((performance.now() - started) / 100) / 10;
  const reads: ConsoleRead[] = [];
  for (const q of QUERIES) {
    const times: number[] = [];
    // One unmeasured run first: the plan cache and the buffers, as a console that is in use.
    for (let run = 0; run <= RUNS; run++) {
      const t0 = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: q.query, variables: q.variables ?? {} }),
      });
      const body = (await res.json()) as { errors?: unknown[] };
      if (res.status !== 200 || body.errors) throw new Error(`${q.name}: ${res.status} ${JSON.stringify(body.errors)}`);
      if (run > 0) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const medianMs = Math.round(percentile(times, 50) * 10) / 10;
    reads.push({
      name: q.name,
      medianMs,
      p95Ms: Math.round(percentile(times, 95) * 10) / 10,
      ...(q.target ? { targetMs: q.target, met: medianMs <= q.target } : {}),
    });
  }
  const thread = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND "to" = $2',
    [accountId, THREAD_NUMBER],
  );
  return { messages: total, threadMessages: thread.rows[0].n, seedS, reads };
}

export function formatConsoleReads(report: ConsoleReadsReport): string {
  const lines = [
    `Console reads on an account of ${report.messages.toLocaleString('en')} messages ` +
      `(a thread of ${report.threadMessages.toLocaleString('en')}; seeded in ${report.seedS} s), ${RUNS} runs each:`,
    '  page                    median ms   p95 ms   target',
  ];
  for (const r of report.reads) {
    const target = r.targetMs ? `${r.targetMs} ms ${r.met ? 'met' : 'MISSED'}` : '';
    lines.push(`  ${r.name.padEnd(22)} ${String(r.medianMs).padStart(10)} ${String(r.p95Ms).padStart(8)}   ${target}`);
  }
  return lines.join('\n');
}
