import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestGateway } from '../support/gateway.js';

const CANARY_NUMBER = '+4915177712345';
const CANARY_BODY = 'canary body kiwi-7731';

/**
 * A database error on the send path must not print the query's parameters (the message's number
 * and text) to the log, through TypeORM's own logger or through the error the request ends with.
 */
describe('logs of a failed database write', () => {
  let gw: TestGateway;
  const written: string[] = [];

  beforeAll(async () => {
    // Everything the process writes to stdout and stderr (pino's lines and TypeORM's console alike).
    const write = fs.write.bind(fs) as (...args: unknown[]) => void;
    const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
    vi.spyOn(fs, 'write').mockImplementation((...args: unknown[]) => {
      if (args[0] === 1 || args[0] === 2) written.push(String(args[1]));
      return write(...args);
    });
    vi.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]) => {
      if (args[0] === 1 || args[0] === 2) written.push(String(args[1]));
      return writeSync(...args);
    });
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return original(chunk, ...rest);
      });
    }
    gw = await TestGateway.start({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await gw?.stop();
  });

  it('answers 500 with an error id and logs the failure without the number or the text', async () => {
    const token = await gw.login();
    // A fault only PostgreSQL sees: a test-only trigger refuses the row.
    await gw.db.query(`CREATE OR REPLACE FUNCTION test_refuse_canary() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body = '${CANARY_BODY}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await gw.db.query(
      'CREATE TRIGGER test_refuse_canary BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION test_refuse_canary()',
    );
    try {
      const before = written.length;
      const res = await gw.request('POST', '/v1/messages', { token, json: { to: CANARY_NUMBER, body: CANARY_BODY } });
      expect(res.status).toBe(500);
      expect(res.body.errorId).toEqual(expect.any(String));
      // The failure was logged (with its error id), so the check below looks at real lines.
      await new Promise((r) => setTimeout(r, 200));
      const logged = written.slice(before).join('');
      expect(logged).toContain(res.body.errorId);
      expect(logged).toContain('refused by the test');
      expect(logged).not.toContain(CANARY_BODY);
      expect(logged).not.toContain(CANARY_NUMBER.slice(1));
    } finally {
      await gw.db.query('DROP TRIGGER test_refuse_canary ON messages');
      await gw.db.query('DROP FUNCTION test_refuse_canary()');
    }
  });
});
