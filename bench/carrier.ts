// The carrier scenario (issue 8): the test SMSC (test/support/smsc-server.ts) as a child process,
// an SMPP carrier bound to it, and a check of what the SMSC received against what the gateway stored.
import { join } from 'node:path';
import type pg from 'pg';
import { Child } from './children.js';
import type { MessageWindow } from './events.js';

/** The numbers of the carrier scenario: valid UK mobiles that only this scenario sends to. */
export const CARRIER_PREFIX = '+447911100';

/** Valid E.164 UK mobile numbers (+44 7911 100 xxx, libphonenumber says MOBILE): the last three digits vary. */
export function carrierRecipient(i: number): string {
  return `${CARRIER_PREFIX}${String(i % 1000).padStart(3, '0')}`;
}

/**
 * Why this Node cannot run the SMSC script (a .ts file run by type stripping, like the tests do),
 * or undefined. `npm run bench` runs the `node` package's Node 24; a system `node` may be older.
 */
export function typeStrippingProblem(): string | undefined {
  if (process.features.typescript) return undefined;
  return (
    `the carrier scenario runs test/support/smsc-server.ts with this Node (${process.version}, ` +
    `${process.execPath}), which does not strip TypeScript types: it needs Node ≥ 22.18 or ≥ 23.6 without ` +
    `--no-experimental-strip-types. Run the bench through \`npm run bench\` (the project's Node 24) or pass --carrier-load off`
  );
}

export interface Smsc {
  child: Child;
  smppPort: number;
  controlUrl: string;
}

const READY = /^SMSC ready smpp=(\d+) control=(\d+)/;

/** Starts the SMSC and resolves once it listens; `adopt` gets the child at once, so cleanup stops it whatever happens. */
export async function startSmsc(
  root: string,
  logFile: string,
  credentials: { systemId: string; password: string },
  adopt: (child: Child) => void,
  timeoutMs = 20_000,
): Promise<Smsc> {
  const child = Child.spawn(
    'the SMSC',
    [
      join(root, 'test/support/smsc-server.ts'),
      `--system-id=${credentials.systemId}`,
      `--password=${credentials.password}`,
    ],
    // Its own warnings (the experimental type stripping) go to the log, not to the bench's output.
    { cwd: root, env: process.env, logFile },
  );
  adopt(child);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      new Promise<Smsc>((resolve) =>
        child.onLine((line) => {
          const m = READY.exec(line);
          if (m) resolve({ child, smppPort: Number(m[1]), controlUrl: `http://127.0.0.1:${m[2]}` });
        }),
      ),
      child.exited.then(() => {
        throw new Error(`${child.describeExit()} before it listened:\n${child.lastLines()}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the SMSC did not listen within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface SmscSubmit {
  messageId: string | null;
  status: number;
  destinationAddr: string;
}

async function control<T>(smsc: Smsc, method: 'GET' | 'POST', path: string): Promise<T> {
  const res = await fetch(smsc.controlUrl + path, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
    body: method === 'POST' ? '{}' : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`SMSC control ${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Forgets the submits so far (the sanity check's): the scenario's count starts at zero. */
export async function resetSmsc(smsc: Smsc): Promise<void> {
  await control(smsc, 'POST', '/reset');
}

/** What the SMSC received, checked against what the gateway stored for the scenario's window. */
export interface CarrierCheck {
  windowSize: number;
  tps: number;
  /** GET /status: bound sessions and binds over the whole run (1 and 1 unless the link dropped). */
  bound: number;
  binds: number;
  /** Every submit_sm the SMSC received during the scenario, and those it answered with status 0. */
  submits: number;
  accepted: number;
  /** Answered with another status (none: the SMSC was given no throttle or reject orders). */
  refused: number;
  /** Accepted submits whose number is not one of the scenario's (0). */
  foreignNumbers: number;
  /** Messages of the window `sent` with this carrier (a `sent` event with its carrier_id). */
  sentViaCarrier: number;
  /** Messages of the window handed to a phone instead (0: the route sends them all to the carrier). */
  toPhones: number;
  /** Messages of the window the gateway recorded more than one SMSC message id for (0). */
  submittedTwice: number;
  /** Accepted SMSC message ids the gateway has no record of (0). */
  unknownIds: number;
  /**
   * sent via the carrier = accepted submits, each message once, no id unaccounted for; null when
   * the drain timed out: the gateway is still submitting while the SMSC and the database are read
   * one after the other, so their counts cannot be compared.
   */
  exactlyOnce: boolean | null;
}

export async function checkCarrier(
  smsc: Smsc,
  db: pg.Pool,
  window: MessageWindow,
  carrier: { id: string; windowSize: number; tps: number },
  drained: boolean,
): Promise<CarrierCheck> {
  const status = await control<{ bound: number; binds: number; submits: number }>(smsc, 'GET', '/status');
  const submits = await control<SmscSubmit[]>(smsc, 'GET', '/submits');
  const accepted = submits.filter((s) => s.status === 0);
  const expectedPrefix = CARRIER_PREFIX.slice(1);
  const foreignNumbers = accepted.filter((s) => !s.destinationAddr.startsWith(expectedPrefix)).length;

  const counts = await db.query<{ sent: number; to_phones: number }>(
    `WITH m AS (SELECT id FROM messages WHERE account_id = $1 AND created_at >= $2)
     SELECT (SELECT count(DISTINCT e.message_id)::int FROM message_events e JOIN m ON m.id = e.message_id
              WHERE e.status = 'sent' AND e.carrier_id = $3) AS sent,
            (SELECT count(DISTINCT e.message_id)::int FROM message_events e JOIN m ON m.id = e.message_id
              WHERE e.status = 'sending' AND e.device_id IS NOT NULL) AS to_phones`,
    [window.accountId, window.from, carrier.id],
  );
  // The gateway keeps the SMSC's id of every part it handed over (for receipts): one row per submit.
  const ids = await db.query<{ carrier_message_id: string; message_id: string }>(
    `SELECT c.carrier_message_id, c.message_id
       FROM carrier_message_ids c JOIN messages m ON m.id = c.message_id
      WHERE c.carrier_id = $1 AND m.account_id = $2 AND m.created_at >= $3`,
    [carrier.id, window.accountId, window.from],
  );
  const known = new Set(ids.rows.map((r) => r.carrier_message_id));
  const perMessage = new Map<string, number>();
  for (const r of ids.rows) perMessage.set(r.message_id, (perMessage.get(r.message_id) ?? 0) + 1);
  const submittedTwice = [...perMessage.values()].filter((n) => n > 1).length;
  const unknownIds = accepted.filter((s) => s.messageId === null || !known.has(s.messageId)).length;
  const sentViaCarrier = counts.rows[0].sent;
  return {
    windowSize: carrier.windowSize,
    tps: carrier.tps,
    bound: status.bound,
    binds: status.binds,
    submits: submits.length,
    accepted: accepted.length,
    refused: submits.length - accepted.length,
    foreignNumbers,
    sentViaCarrier,
    toPhones: counts.rows[0].to_phones,
    submittedTwice,
    unknownIds,
    exactlyOnce: !drained
      ? null
      : accepted.length === sentViaCarrier &&
        perMessage.size === sentViaCarrier &&
        submittedTwice === 0 &&
        unknownIds === 0 &&
        foreignNumbers === 0,
  };
}
