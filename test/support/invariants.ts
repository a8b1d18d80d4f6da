import type pg from 'pg';

/** The working statuses in lifecycle order; anything else is final. */
const ORDER = ['scheduled', 'queued', 'sending', 'sent'];

/**
 * The fault tests' "statuses only move forward": each message's event history, in order, never
 * goes back (except `sending` → `queued`, the retry the lifecycle allows) and has nothing after a
 * final status. Answers the histories that break the rule (empty: none), `ids` limiting the check.
 */
export async function backwardHistories(db: pg.Pool, ids?: string[]): Promise<string[][]> {
  const { rows } = await db.query<{ statuses: string[] }>(
    `SELECT array_agg(status ORDER BY id) AS statuses FROM message_events
      WHERE $1::uuid[] IS NULL OR message_id = ANY($1::uuid[]) GROUP BY message_id`,
    [ids ?? null],
  );
  return rows
    .map((r) => r.statuses)
    .filter((statuses) =>
      statuses.some((s, i) => {
        if (i === 0) return false;
        const prev = statuses[i - 1];
        if (!ORDER.includes(prev)) return true; // something after a final status
        if (!ORDER.includes(s)) return false; // a final status after a working one
        return ORDER.indexOf(s) < ORDER.indexOf(prev) && !(prev === 'sending' && s === 'queued');
      }),
    );
}
