import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../src/database/ensure-database.js';
import { migrate } from '../../src/database/migrate.js';
import { TEST_DATABASE_URL } from '../support/services.js';

const ACCOUNT = '01a24656-0000-7000-8000-0000000000a1';

/**
 * PL/pgSQL keeps a trigger statement's plan for the life of the connection, made at its first run.
 * The message events' webhook outbox trigger must find each event's message by primary key even
 * when that first run saw an almost empty `messages` table (a new install), or every later group of
 * status reports reads the whole table (issue 18: 130 ms a statement at 70,000 messages). The plans
 * are read with auto_explain, which PostgreSQL ships, sent to this session as notices.
 */
describe('the webhook outbox trigger plan', () => {
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/smsgw_plans_${randomBytes(4).toString('hex')}`);
  const client = new pg.Client({ connectionString: url });
  const notices: string[] = [];

  beforeAll(async () => {
    await migrate(url);
    await client.connect();
    client.on('notice', (n) => notices.push(n.message ?? ''));
    await client.query(`LOAD 'auto_explain'`);
    for (const setting of [
      'auto_explain.log_min_duration = 0',
      'auto_explain.log_analyze = off',
      'auto_explain.log_nested_statements = on',
      'auto_explain.log_level = notice',
      'client_min_messages = notice',
    ])
      await client.query(`SET ${setting}`);
    await client.query(`INSERT INTO accounts (id, name) VALUES ($1, 'plans')`, [ACCOUNT]);
  }, 60_000);
  afterAll(async () => {
    await client.end();
    await dropDatabase(url);
  });

  /** Inserts `count` messages, then a `sent` event for the last `events` of them in one statement; returns the trigger's plan. */
  async function reportSent(count: number, events: number): Promise<string> {
    await client.query(
      `INSERT INTO messages (id, account_id, "to", body, status, segments, encoding, expires_at, created_at, updated_at)
       SELECT gen_random_uuid(), $1, '+4915112345678', 'plan', 'sent', 1, 'GSM-7', now() + interval '1 day',
              now() + make_interval(secs => g), now()
         FROM generate_series(1, $2::int) g`,
      [ACCOUNT, count],
    );
    notices.length = 0;
    await client.query(
      `INSERT INTO message_events (message_id, account_id, status, at, source)
       SELECT id, account_id, 'sent', now(), 'device' FROM messages ORDER BY created_at DESC LIMIT $1`,
      [events],
    );
    const plan = notices.find((n) => n.includes('webhook_enqueue(e.account_id'));
    expect(plan, 'auto_explain logged the trigger statement').toBeDefined();
    return plan!.slice(plan!.indexOf('\n', plan!.indexOf('ORDER BY e.id')));
  }

  it('probes messages by primary key while the table is nearly empty, and keeps doing so as it grows', async () => {
    const first = await reportSent(1, 1);
    expect(first).toMatch(/Index Scan using "PK_[0-9a-f]+" on messages m/);
    expect(first).not.toMatch(/Seq Scan on messages/);

    // The same connection, so the same cached plan, 20,000 messages later.
    const later = await reportSent(20_000, 50);
    expect(later).toMatch(/Index Scan using "PK_[0-9a-f]+" on messages m/);
    expect(later).not.toMatch(/Seq Scan on messages/);
  });
});
