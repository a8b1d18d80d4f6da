import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { migrate } from '../../src/database/migrate.js';
import { messageOutcomesSql, otherCampaignMessageBetweenSql } from '../../src/modules/messages/messages.sql.js';
import { TEST_DATABASE_URL } from '../support/services.js';

const ACCOUNT = '01a24656-0000-7000-8000-0000000000b1';
const OTHER_ACCOUNT = '01a24656-0000-7000-8000-0000000000b2';
const PHONE = '+4915112345678';
const OURS = randomUUID();
const THEIRS = randomUUID();

/** The SQL the messages module lends to other modules' statements (src/modules/messages/messages.sql.ts). */
describe('the messages module SQL fragments', () => {
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_msgsql_${randomBytes(4).toString('hex')}`);
  const client = new pg.Client({ connectionString: url });
  let ourMessage: string;

  beforeAll(async () => {
    await migrate(url);
    await client.connect();
    await client.query(`INSERT INTO accounts (id, name) VALUES ($1, 'a'), ($2, 'b')`, [ACCOUNT, OTHER_ACCOUNT]);
    // Hour 1: our campaign's message; hour 2: a message outside campaigns; hour 3: the other campaign's.
    // Hour 4: the other campaign again, but from another account.
    const rows: [string, string | null, number][] = [
      [ACCOUNT, OURS, 1],
      [ACCOUNT, null, 2],
      [ACCOUNT, THEIRS, 3],
      [OTHER_ACCOUNT, THEIRS, 4],
    ];
    const ids = rows.map(() => randomUUID());
    ourMessage = ids[0];
    await client.query(
      `INSERT INTO messages (id, account_id, "to", body, status, error_code, segments, encoding, expires_at,
                             created_at, updated_at, campaign_id)
       SELECT t.id, t.account_id, $4, 'hi', 'failed', 'CARRIER_REJECTED', 1, 'GSM-7', now() + interval '1 day',
              timestamptz '2030-01-01 00:00+00' + make_interval(hours => t.hour), now(), t.campaign_id
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $5::int[]) AS t(id, account_id, campaign_id, hour)`,
      [ids, rows.map((r) => r[0]), rows.map((r) => r[1]), PHONE, rows.map((r) => r[2])],
    );
  }, 60_000);
  afterAll(async () => {
    await client.end();
    await dropDatabase(url);
  });

  /** Whether another campaign than ours texted PHONE in ACCOUNT between the two hours (of 2030-01-01). */
  async function otherBetween(after: number, before: number, account = ACCOUNT): Promise<boolean> {
    const at = (h: number) => `timestamptz '2030-01-01 00:00+00' + interval '1 hour' * ${h}`;
    const sql = otherCampaignMessageBetweenSql({
      accountId: '$1::uuid',
      phone: '$2::text',
      campaignId: '$3::uuid',
      after: at(after),
      before: at(before),
    });
    const { rows } = await client.query<{ found: boolean }>(`SELECT ${sql} AS found`, [account, PHONE, OURS]);
    return rows[0].found;
  }

  it("finds another campaign's message to the number strictly between the two times", async () => {
    expect(await otherBetween(1, 4)).toBe(true);
    expect(await otherBetween(2.5, 3.5)).toBe(true);
  });

  it("ignores the campaign's own messages, messages outside campaigns, other accounts, and the bounds themselves", async () => {
    expect(await otherBetween(0, 2.5)).toBe(false); // ours (hour 1) and a campaign-less one (hour 2)
    expect(await otherBetween(3, 5)).toBe(false); // hour 3 is the lower bound; hour 4 is another account's
    expect(await otherBetween(1, 3)).toBe(false); // hour 3 is the upper bound
    expect(await otherBetween(0, 5, OTHER_ACCOUNT)).toBe(true);
  });

  it("exposes a message's outcome, pulled up into the caller's join (the messages probed with each row's id)", async () => {
    const sql = `SELECT m.status, m.error_code, m.sent_at, m.delivered_at, m.created_at
                   FROM (VALUES ($1::uuid, $2::uuid), ($3::uuid, $2::uuid)) AS r(message_id, account_id)
                   JOIN (${messageOutcomesSql()}) m ON m.id = r.message_id AND m.account_id = r.account_id`;
    const params = [ourMessage, ACCOUNT, randomUUID()];
    const { rows } = await client.query(sql, params);
    expect(rows).toEqual([
      {
        status: 'failed',
        error_code: 'CARRIER_REJECTED',
        sent_at: null,
        delivered_at: null,
        created_at: new Date('2030-01-01T01:00:00Z'),
      },
    ]);
    // A subquery kept apart could not be probed with the outer row's id; a pulled-up one is.
    await client.query('BEGIN');
    try {
      for (const off of ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'])
        await client.query(`SET LOCAL ${off} = off`);
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(
        /Index Scan using \S+ on messages\b[^\n]*\n\s+Index Cond: [^\n]*\bid = "\*VALUES\*"\.column1/,
      );
      expect(plan).not.toMatch(/Subquery Scan/);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});
