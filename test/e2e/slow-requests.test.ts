import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/** Opens a CSV import and sends the header line only: the body stays open until `end`. */
function slowImport(
  gw: TestGateway,
  token: string,
): { req: ClientRequest; answer: Promise<{ status: number; body: string } | { closed: true }> } {
  const url = new URL('/v1/suppressions/import', gw.url);
  const req = httpRequest(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
  });
  const answer = new Promise<{ status: number; body: string } | { closed: true }>((resolve) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ closed: true }));
    });
    req.on('error', () => resolve({ closed: true }));
  });
  req.write('phoneNumber\n+4915123450001\n');
  return { req, answer };
}

/**
 * Clients that upload slowly (or never finish) must not take the database from everyone else: an
 * import holds no connection while its body arrives, each account runs few at once, and a request
 * that takes longer than REQUEST_TIMEOUT_MS to arrive is cut off.
 */
describe('slow uploads', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({ REQUEST_TIMEOUT_MS: '8000', SUPPRESSION_IMPORTS_PER_ACCOUNT: '2' });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('keeps serving other accounts while 26 imports upload slowly, caps them per account, and cuts them off at the timeout', async () => {
    const accounts = await Promise.all(Array.from({ length: 13 }, (_, i) => gw.createAccount(`Uploader ${i}`)));
    const before = await gw.footprint();
    const uploads = accounts.flatMap((a) => [slowImport(gw, a.token), slowImport(gw, a.token)]);
    // Let every upload reach its handler. The pool holds 20 connections: had each import taken one
    // while its body arrived, these 26 would hold them all and the requests below would wait.
    await new Promise((r) => setTimeout(r, 1000));

    // A third import of the same account is refused at once.
    const third = await gw.request('POST', '/v1/suppressions/import', {
      token: accounts[0].token,
      raw: 'phoneNumber\n+4915123450002\n',
      contentType: 'text/csv',
    });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('RATE_LIMITED');
    expect(third.headers.get('retry-after')).toBeTruthy();

    // Another account sends, reads and imports as usual meanwhile.
    const other = await gw.createAccount('Bystander');
    const sent = await gw.request('POST', '/v1/messages', {
      token: other.token,
      json: { to: '+4915123456789', body: 'still here' },
    });
    expect(sent.status).toBe(202);
    const imported = await gw.request('POST', '/v1/suppressions/import', {
      token: other.token,
      raw: 'phoneNumber\n+4915123450003\n',
      contentType: 'text/csv',
    });
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toBe(1);

    // The server ends the uploads that never finished: none of their numbers is kept.
    const answers = await Promise.all(uploads.map((u) => u.answer));
    for (const a of answers) {
      if ('status' in a) expect(a.status).toBe(408);
    }
    const { rows } = await gw.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM suppressions WHERE phone_number = '+4915123450001'",
    );
    expect(rows[0].n).toBe(0);
    await waitFor(
      async () =>
        (await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM suppression_import_rows')).rows[0].n,
      (n) => n === 0,
      { what: 'the staging rows of the cut-off uploads to be dropped' },
    );
    const after = await gw.footprint();
    expect(after.messages).toBe(before.messages + 1);
    for (const u of uploads) u.req.destroy();
  }, 60_000);
});
