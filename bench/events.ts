import type pg from 'pg';

/**
 * The messages of one scenario: created (messages.created_at) from the moment its load started.
 * Nothing else sends while a scenario is counted, so the window stays open: requests still in
 * flight when the load tool stopped are committed afterwards and belong to it too.
 */
export interface MessageWindow {
  accountId: string;
  from: Date;
}

export interface Percentiles {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export interface EndToEnd {
  /** Messages stored in the window (compare with the API's 2xx × items). */
  stored: number;
  byStatus: Record<string, number>;
  /** Messages with a `sending` event: a simulated phone has them. */
  reachedPhone: number;
  sent: number;
  /** Still `scheduled`/`queued` when counting (never handed to a phone). */
  stillQueued: number;
  /** Not `sent` or later when counting (`queued` or `sending`). */
  notSent: number;
  failed: number;
  drained: boolean;
  drainWaitS: number;
  /** From the scenario's start to the last message reaching a phone (or to the drain timeout). */
  windowS: number;
  /** reachedPhone / windowS. */
  e2ePerS: number;
  /** From the scenario's start to the last message reaching `sent` (or to the drain timeout). */
  sentWindowS: number;
  /** sent / sentWindowS: messages a phone reported as accepted by its SIM, per second. */
  sentPerS: number;
  /** first `sending` event − messages.created_at, in ms. */
  apiToPhoneMs: Percentiles;
  /** first `sent` event − messages.created_at, in ms. */
  apiToSentMs: Percentiles;
}

const PENDING = `('scheduled', 'queued', 'sending')`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Messages not yet `sent` (or past it) in the whole database: a backlog a scenario would queue behind. */
export async function pendingCount(db: pg.Pool, accountId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND status IN ${PENDING}`,
    [accountId],
  );
  return rows[0].n;
}

/**
 * Waits until the window's message count has not changed for `quietMs` (requests that were in
 * flight when the load tool stopped have been answered or dropped), at most `timeoutMs`.
 */
export async function waitForCommits(
  db: pg.Pool,
  window: MessageWindow,
  quietMs: number,
  timeoutMs: number,
  aborted: () => boolean,
): Promise<void> {
  const started = Date.now();
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() - started < timeoutMs && !aborted()) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND created_at >= $2`,
      [window.accountId, window.from],
    );
    if (rows[0].n !== last) {
      last = rows[0].n;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) {
      return;
    }
    await sleep(250);
  }
}

/**
 * Waits until no message of the window is `scheduled`, `queued` or `sending`, at most `timeoutMs`.
 * The count goes through the (status, created_at) index, so polling costs little while it drains.
 */
export async function waitForDrain(
  db: pg.Pool,
  window: MessageWindow,
  timeoutMs: number,
  aborted: () => boolean,
): Promise<{ drained: boolean; waitedMs: number; endedAt: Date }> {
  const started = Date.now();
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE account_id = $1 AND status IN ${PENDING} AND created_at >= $2`,
      [window.accountId, window.from],
    );
    const waitedMs = Date.now() - started;
    if (rows[0].n === 0) return { drained: true, waitedMs, endedAt: new Date() };
    if (waitedMs >= timeoutMs || aborted()) return { drained: false, waitedMs, endedAt: new Date() };
    await sleep(250);
  }
}

/** End-to-end numbers of one window, from the stored messages and their events. */
export async function endToEnd(
  db: pg.Pool,
  window: MessageWindow,
  drain: { drained: boolean; waitedMs: number; endedAt: Date },
): Promise<EndToEnd> {
  const statusRows = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM messages WHERE account_id = $1 AND created_at >= $2 GROUP BY status`,
    [window.accountId, window.from],
  );
  const byStatus: Record<string, number> = {};
  for (const r of statusRows.rows) byStatus[r.status] = r.n;
  const count = (...statuses: string[]) => statuses.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);

  const { rows } = await db.query<{
    reached: number;
    sent: number;
    last_sending_at: Date | null;
    last_sent_at: Date | null;
    phone_p50: number | null;
    phone_p99: number | null;
    phone_max: number | null;
    sent_p50: number | null;
    sent_p99: number | null;
    sent_max: number | null;
  }>(
    `WITH m AS (
       SELECT id, created_at FROM messages WHERE account_id = $1 AND created_at >= $2
     ), ev AS (
       -- The first of each: a retried message has one 'sending' event per attempt.
       SELECT e.message_id,
              min(e.at) FILTER (WHERE e.status = 'sending') AS sending_at,
              min(e.at) FILTER (WHERE e.status = 'sent') AS sent_at
         FROM message_events e JOIN m ON m.id = e.message_id
        WHERE e.status IN ('sending', 'sent')
        GROUP BY e.message_id
     ), d AS (
       SELECT ev.sending_at, ev.sent_at,
              extract(epoch FROM ev.sending_at - m.created_at)::float8 * 1000 AS to_phone,
              extract(epoch FROM ev.sent_at - m.created_at)::float8 * 1000 AS to_sent
         FROM m JOIN ev ON ev.message_id = m.id
     )
     SELECT count(sending_at)::int AS reached,
            count(to_sent)::int AS sent,
            max(sending_at) AS last_sending_at,
            max(sent_at) AS last_sent_at,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY to_phone) AS phone_p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY to_phone) AS phone_p99,
            max(to_phone) AS phone_max,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY to_sent) AS sent_p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY to_sent) AS sent_p99,
            max(to_sent) AS sent_max
       FROM d`,
    [window.accountId, window.from],
  );
  const r = rows[0];
  const seconds = (last: Date | null) =>
    Math.max(0.001, ((drain.drained && last ? last : drain.endedAt).getTime() - window.from.getTime()) / 1000);
  const windowS = seconds(r.last_sending_at);
  const sentWindowS = seconds(r.last_sent_at);
  const ms = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    stored: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    reachedPhone: r.reached,
    sent: r.sent,
    stillQueued: count('scheduled', 'queued'),
    notSent: count('scheduled', 'queued', 'sending'),
    failed: count('failed', 'expired'),
    drained: drain.drained,
    drainWaitS: Math.round(drain.waitedMs / 100) / 10,
    windowS: Math.round(windowS * 100) / 100,
    e2ePerS: Math.round((r.reached / windowS) * 10) / 10,
    sentWindowS: Math.round(sentWindowS * 100) / 100,
    sentPerS: Math.round((r.sent / sentWindowS) * 10) / 10,
    apiToPhoneMs: { p50: ms(r.phone_p50), p99: ms(r.phone_p99), max: ms(r.phone_max) },
    apiToSentMs: { p50: ms(r.sent_p50), p99: ms(r.sent_p99), max: ms(r.sent_max) },
  };
}

/** How the fleet scenario's messages were spread over its phones. */
export interface FleetBalance {
  /** The fleet's phones (all paired and online when the load started). */
  devices: number;
  /** Fleet phones that were handed at least one message of the window. */
  devicesWithWork: number;
  /** Messages handed to a phone (its first `sending` event on that phone), per fleet phone. */
  perDevice: { min: number; max: number; mean: number; p50: number | null };
  /** Messages of the window handed to a phone outside the fleet (0 unless the other phones were still online). */
  outsideFleet: number;
}

/**
 * Per-phone counts from the `sending` events' device_id: a message retried on another phone
 * counts once for each phone it was handed to. Phones of the fleet that got nothing count as 0.
 */
export async function fleetBalance(db: pg.Pool, window: MessageWindow, deviceIds: string[]): Promise<FleetBalance> {
  const { rows } = await db.query<{ device_id: string; n: number }>(
    `SELECT e.device_id, count(DISTINCT e.message_id)::int AS n
       FROM message_events e JOIN messages m ON m.id = e.message_id
      WHERE m.account_id = $1 AND m.created_at >= $2 AND e.status = 'sending' AND e.device_id IS NOT NULL
      GROUP BY e.device_id`,
    [window.accountId, window.from],
  );
  const byDevice = new Map(rows.map((r) => [r.device_id, r.n]));
  const counts = deviceIds.map((id) => byDevice.get(id) ?? 0).sort((a, b) => a - b);
  const fleet = new Set(deviceIds);
  const outsideFleet = rows.filter((r) => !fleet.has(r.device_id)).reduce((sum, r) => sum + r.n, 0);
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    devices: deviceIds.length,
    devicesWithWork: counts.filter((n) => n > 0).length,
    perDevice: {
      min: counts[0] ?? 0,
      max: counts.at(-1) ?? 0,
      mean: counts.length > 0 ? Math.round((total / counts.length) * 10) / 10 : 0,
      p50: counts.length > 0 ? counts[Math.ceil(counts.length / 2) - 1] : null,
    },
    outsideFleet,
  };
}
