// Issue 19: campaigns in the bench. (1) A CSV of N recipients (phone, name, code) is uploaded to a
// draft through POST /v1/campaigns/{id}/recipients (streamed from a generator) and the campaign is
// launched for tomorrow: "imported and scheduled", timed, with the gateway's memory sampled while
// it reads (a smaller import first, so the two peaks show whether memory grows with the file).
// (2) A campaign at a set pace runs for a minute against the bench's phones: the messages it made
// in the minute after its first seconds, against the pace.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type pg from 'pg';

const LINES_PER_CHUNK = 2000;
/** 10^8 numbers below +49 157: apart from the load scenarios' (+49 151) and the suppression list's (+49 152). */
const NUMBER_SPACE = 100_000_000;
const SCRAMBLE_A = 48_271;
const SCRAMBLE_B = 777;

export function campaignNumber(i: number): string {
  return `+49157${String((i * SCRAMBLE_A + SCRAMBLE_B) % NUMBER_SPACE).padStart(8, '0')}`;
}

function* csvChunks(count: number, counter: { bytes: number }): Generator<Buffer> {
  const header = Buffer.from('phone,name,code\n');
  counter.bytes += header.length;
  yield header;
  for (let start = 0; start < count; start += LINES_PER_CHUNK) {
    const end = Math.min(count, start + LINES_PER_CHUNK);
    let text = '';
    for (let i = start; i < end; i++) text += `${campaignNumber(i)},Person ${i},${100000 + i}\n`;
    const chunk = Buffer.from(text);
    counter.bytes += chunk.length;
    yield chunk;
  }
}

/** The resident memory of a process, MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/** Samples a process's RSS every 100 ms while `work` runs: before, peak and after. */
async function withMemory<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ value: T; rss: { beforeMiB: number; peakMiB: number; afterMiB: number } }> {
  const beforeMiB = rssMiB(pid);
  let peakMiB = beforeMiB;
  const timer = setInterval(() => (peakMiB = Math.max(peakMiB, rssMiB(pid))), 100);
  try {
    const value = await work();
    const afterMiB = rssMiB(pid);
    return { value, rss: { beforeMiB, peakMiB: Math.max(peakMiB, afterMiB), afterMiB } };
  } finally {
    clearInterval(timer);
  }
}

/** The fields of a campaign the bench reads. */
interface Campaign {
  id: string;
  state: string;
}

async function api(baseUrl: string, token: string, method: string, path: string, json?: unknown): Promise<Campaign> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as Campaign;
}

export interface CampaignImport {
  rows: number;
  bytes: number;
  /** The upload, from its first byte to the answer (rows checked, written, and the import put in force). */
  importS: number;
  rowsPerS: number;
  /** The launch (for tomorrow: the campaign is scheduled). */
  launchMs: number;
  /** Upload and launch: "imported and scheduled". */
  totalS: number;
  recipients: number;
  rss: { beforeMiB: number; peakMiB: number; afterMiB: number };
}

/** Creates a draft, streams `count` rows into it and launches it for tomorrow; cancels it after. */
async function importOne(baseUrl: string, token: string, pid: number, count: number): Promise<CampaignImport> {
  const draft = await api(baseUrl, token, 'POST', '/v1/campaigns', {
    name: `bench import ${count}`,
    body: 'Hi {{name}}, your bench code is {{code}}.',
    startAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
  });
  const counter = { bytes: 0 };
  const { value, rss } = await withMemory(pid, async () => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/v1/campaigns/${draft.id}/recipients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: Readable.from(csvChunks(count, counter)),
      duplex: 'half',
      signal: AbortSignal.timeout(120_000 + count),
    });
    const text = await res.text();
    const imported = performance.now();
    if (res.status !== 200) throw new Error(`campaign import: ${res.status} ${text.slice(0, 500)}`);
    const report = JSON.parse(text) as { recipients: number; invalid: number; duplicates: number };
    if (report.recipients !== count)
      throw new Error(`campaign import of ${count} distinct rows answered ${text.slice(0, 500)}`);
    const launched = await api(baseUrl, token, 'POST', `/v1/campaigns/${draft.id}/launch`);
    if (launched.state !== 'scheduled') throw new Error(`the launched campaign is ${launched.state}, not scheduled`);
    const done = performance.now();
    return { importS: (imported - started) / 1000, launchMs: done - imported, totalS: (done - started) / 1000 };
  });
  await api(baseUrl, token, 'POST', `/v1/campaigns/${draft.id}/cancel`);
  return {
    rows: count,
    bytes: counter.bytes,
    importS: round2(value.importS),
    rowsPerS: Math.round(count / value.importS),
    launchMs: Math.round(value.launchMs),
    totalS: round2(value.totalS),
    recipients: count,
    rss,
  };
}

export interface CampaignPacing {
  pace: number;
  /** The minute measured starts this long after the launch (the first pass, the phones' first sends). */
  leadS: number;
  windowS: number;
  /** Messages the campaign made in the window, and what its pace allows in it. */
  made: number;
  expected: number;
  deviationPct: number;
  /** Of those, sent or delivered by the end of the window plus 10 s. */
  left: number;
}

async function pacing(
  baseUrl: string,
  token: string,
  db: pg.Pool,
  pace: number,
  windowS: number,
): Promise<CampaignPacing> {
  const leadS = 5;
  const count = Math.ceil((pace * (windowS + leadS + 30)) / 60);
  const csv = ['phone,name', ...Array.from({ length: count }, (_, i) => `${campaignNumber(1_000_000 + i)},P${i}`)].join(
    '\n',
  );
  const draft = await api(baseUrl, token, 'POST', '/v1/campaigns', {
    name: `bench pace ${pace}`,
    body: 'Paced {{name}}',
    pace,
  });
  const res = await fetch(`${baseUrl}/v1/campaigns/${draft.id}/recipients`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  if (res.status !== 200) throw new Error(`pacing import: ${res.status} ${await res.text()}`);
  await api(baseUrl, token, 'POST', `/v1/campaigns/${draft.id}/launch`);
  const launchedAt = Date.now();
  const from = new Date(launchedAt + leadS * 1000);
  const to = new Date(from.getTime() + windowS * 1000);
  await new Promise((r) => setTimeout(r, to.getTime() - Date.now() + 10_000));
  const { rows } = await db.query<{ made: number; left: number }>(
    `SELECT count(*)::int AS made, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS left
       FROM messages WHERE campaign_id = $1 AND created_at >= $2 AND created_at < $3`,
    [draft.id, from, to],
  );
  await api(baseUrl, token, 'POST', `/v1/campaigns/${draft.id}/cancel`);
  const expected = (pace * windowS) / 60;
  return {
    pace,
    leadS,
    windowS,
    made: rows[0].made,
    expected,
    deviationPct: round2(((rows[0].made - expected) / expected) * 100),
    left: rows[0].left,
  };
}

export interface CampaignReport {
  imports: CampaignImport[];
  pacing: CampaignPacing | { skipped: string };
}

/**
 * The campaign measurements: imports of a tenth of `recipients` and of `recipients`, then the
 * pace run (skipped with pace 0). The bench's phones must be online for the pace run.
 */
export async function measureCampaigns(
  baseUrl: string,
  token: string,
  db: pg.Pool,
  gatewayPid: number,
  options: { recipients: number; pace: number; paceSeconds: number },
  log: (line: string) => void,
): Promise<CampaignReport> {
  const imports: CampaignImport[] = [];
  for (const count of [Math.max(1, Math.floor(options.recipients / 10)), options.recipients]) {
    const result = await importOne(baseUrl, token, gatewayPid, count);
    log(
      `campaign: ${count} recipients imported in ${result.importS} s (${result.rowsPerS} rows/s), launched in ` +
        `${result.launchMs} ms; gateway RSS ${result.rss.beforeMiB} → peak ${result.rss.peakMiB} → ${result.rss.afterMiB} MiB`,
    );
    imports.push(result);
  }
  if (options.pace === 0) return { imports, pacing: { skipped: '--campaign-pace 0' } };
  log(`campaign: pace ${options.pace}/min for ${options.paceSeconds} s`);
  const paced = await pacing(baseUrl, token, db, options.pace, options.paceSeconds);
  log(`campaign: made ${paced.made} in ${paced.windowS} s at pace ${paced.pace}/min (${paced.deviationPct} %)`);
  return { imports, pacing: paced };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The campaign lines of the bench's printed report. */
export function formatCampaign(report: CampaignReport): string {
  const lines = ['campaigns (issue 19):'];
  for (const i of report.imports) {
    lines.push(
      `  ${i.rows} recipients: imported in ${i.importS} s (${i.rowsPerS} rows/s), scheduled in ${i.totalS} s; ` +
        `gateway RSS ${i.rss.beforeMiB} → peak ${i.rss.peakMiB} MiB (+${i.rss.peakMiB - i.rss.beforeMiB})`,
    );
  }
  const p = report.pacing;
  if ('skipped' in p) lines.push(`  pacing: skipped (${p.skipped})`);
  else {
    lines.push(
      `  pacing: ${p.made} messages in ${p.windowS} s at ${p.pace}/min, ${p.expected} expected ` +
        `(${p.deviationPct > 0 ? '+' : ''}${p.deviationPct} %); ${p.left} of them sent within 10 s after`,
    );
  }
  return lines.join('\n');
}
