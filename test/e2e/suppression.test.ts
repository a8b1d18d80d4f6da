import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYWORD_REPLIES } from '../../src/modules/auth/entities/account.entity.js';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

/** Valid German mobile numbers, distinct for each i. */
const mobile = (i: number) => `+49151${20000000 + i}`;
const path = (phoneNumber: string) => `/v1/suppressions/${encodeURIComponent(phoneNumber)}`;

describe('suppressions (opt-out)', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    // Messages without a phone stay queued for a while (many attempts), so one can opt out meanwhile.
    gw = await TestGateway.start({ DISPATCH_MAX_ATTEMPTS: '12' });
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    const { rows } = await gw.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
    return Number(rows[0].n);
  }

  async function suppressionRows(): Promise<unknown[]> {
    return (await gw.db.query('SELECT * FROM suppressions ORDER BY id')).rows;
  }

  describe('the list through REST', () => {
    it('adds a number (201), answers the existing entry for the same number (200), lists, filters and removes it', async () => {
      const added = await gw.request('POST', '/v1/suppressions', { token: owner, json: { phoneNumber: mobile(1) } });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        id: expect.any(String),
        phoneNumber: mobile(1),
        reason: 'manual',
        sourceMessageId: null,
        createdAt: expect.any(String),
      });
      const again = await gw.request('POST', '/v1/suppressions', {
        token: owner,
        json: { phoneNumber: ` ${mobile(1)} `, reason: 'manual' },
      });
      expect(again).toMatchObject({ status: 200, body: added.body });
      expect(await count('suppressions', 'phone_number = $1', [mobile(1)])).toBe(1);

      for (const i of [2, 3, 4]) {
        expect(
          (await gw.request('POST', '/v1/suppressions', { token: owner, json: { phoneNumber: mobile(i) } })).status,
        ).toBe(201);
      }
      const first = await gw.request('GET', '/v1/suppressions?limit=3', { token: owner });
      expect(first.status).toBe(200);
      expect(first.body.data.map((s: { phoneNumber: string }) => s.phoneNumber)).toEqual([
        mobile(4),
        mobile(3),
        mobile(2),
      ]);
      const second = await gw.request('GET', `/v1/suppressions?limit=3&cursor=${first.body.nextCursor}`, {
        token: owner,
      });
      expect(second.body).toEqual({ data: [added.body], nextCursor: null });

      const byNumber = await gw.request('GET', `/v1/suppressions?phoneNumber=${encodeURIComponent(mobile(3))}`, {
        token: owner,
      });
      expect(byNumber.body.data.map((s: { phoneNumber: string }) => s.phoneNumber)).toEqual([mobile(3)]);
      // An unencoded + arrives as a space: it is read as the + that was meant.
      const unencoded = await gw.request('GET', `/v1/suppressions?phoneNumber=${mobile(3)}&reason=manual`, {
        token: owner,
      });
      expect(unencoded.body.data).toHaveLength(1);
      expect((await gw.request('GET', '/v1/suppressions?reason=keyword', { token: owner })).body).toEqual({
        data: [],
        nextCursor: null,
      });

      for (const i of [1, 2, 3, 4]) {
        expect((await gw.request('DELETE', path(mobile(i)), { token: owner })).status).toBe(204);
      }
      const gone = await gw.request('DELETE', path(mobile(1)), { token: owner });
      expect({ status: gone.status, code: gone.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
      expect(await count('suppressions')).toBe(0);

      const audit = await gw.request('GET', '/v1/audit-events?limit=500', { token: owner });
      const actions = audit.body.data.map((e: { action: string }) => e.action);
      expect(actions.filter((a: string) => a === 'suppression.added')).toHaveLength(4);
      expect(actions.filter((a: string) => a === 'suppression.removed')).toHaveLength(4);
      expect(audit.body.data).toContainEqual(
        expect.objectContaining({
          action: 'suppression.removed',
          target: { type: 'suppression', id: added.body.id },
          diff: { phoneNumber: mobile(1), reason: 'manual' },
        }),
      );
    });

    it('refuses bad input with its code and writes nothing', async () => {
      const before = await suppressionRows();
      const posts: [unknown, number, string][] = [
        [{ phoneNumber: '+1234' }, 422, 'INVALID_PHONE_NUMBER'],
        [{ phoneNumber: '015123456789' }, 422, 'INVALID_PHONE_NUMBER'],
        [{ phoneNumber: '+49 151 23456789' }, 422, 'INVALID_PHONE_NUMBER'],
        [{ phoneNumber: '+447700900123' }, 422, 'INVALID_PHONE_NUMBER'],
        [{ phoneNumber: 4915123456789 }, 400, 'VALIDATION_FAILED'],
        [{ phoneNumber: '' }, 400, 'VALIDATION_FAILED'],
        [{}, 400, 'VALIDATION_FAILED'],
        [{ phoneNumber: mobile(5), reason: 'keyword' }, 400, 'VALIDATION_FAILED'],
        [{ phoneNumber: mobile(5), reason: 'import' }, 400, 'VALIDATION_FAILED'],
        [{ phoneNumber: mobile(5), accountId: '00000000-0000-0000-0000-000000000000' }, 400, 'VALIDATION_FAILED'],
        [[mobile(5)], 400, 'VALIDATION_FAILED'],
      ];
      for (const [json, status, code] of posts) {
        const res = await gw.request('POST', '/v1/suppressions', { token: owner, json });
        expect({ json, status: res.status, code: res.body.code }).toEqual({ json, status, code });
      }
      const unknownField = await gw.request('POST', '/v1/suppressions', {
        token: owner,
        json: { phoneNumber: mobile(5), sourceMessageId: '00000000-0000-0000-0000-000000000000' },
      });
      expect(unknownField.body.errors).toEqual([
        { field: 'sourceMessageId', message: 'sourceMessageId is not an allowed field' },
      ]);
      const gets: [string, number, string][] = [
        ['?reason=nope', 400, 'VALIDATION_FAILED'],
        ['?limit=0', 400, 'VALIDATION_FAILED'],
        ['?limit=501', 400, 'VALIDATION_FAILED'],
        ['?cursor=not-a-cursor', 400, 'VALIDATION_FAILED'],
        ['?status=queued', 400, 'VALIDATION_FAILED'],
        ['?phoneNumber=%2B1234', 422, 'INVALID_PHONE_NUMBER'],
      ];
      for (const [query, status, code] of gets) {
        const res = await gw.request('GET', `/v1/suppressions${query}`, { token: owner });
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status, code });
      }
      const badDelete = await gw.request('DELETE', '/v1/suppressions/not-a-number', { token: owner });
      expect({ status: badDelete.status, code: badDelete.body.code }).toEqual({
        status: 422,
        code: 'INVALID_PHONE_NUMBER',
      });
      const unauthenticated = await gw.request('POST', '/v1/suppressions', { json: { phoneNumber: mobile(5) } });
      expect(unauthenticated.status).toBe(401);
      expect(await suppressionRows()).toEqual(before);
    });

    it('keeps each account to its own list: another account neither sees nor removes the numbers', async () => {
      await gw.request('POST', '/v1/suppressions', { token: owner, json: { phoneNumber: mobile(6) } });
      const other = await gw.createAccount('Other suppressions');
      expect((await gw.request('GET', '/v1/suppressions', { token: other.token })).body).toEqual({
        data: [],
        nextCursor: null,
      });
      const filtered = await gw.request('GET', `/v1/suppressions?phoneNumber=${encodeURIComponent(mobile(6))}`, {
        token: other.token,
      });
      expect(filtered.body.data).toEqual([]);
      const removal = await gw.request('DELETE', path(mobile(6)), { token: other.token });
      expect({ status: removal.status, code: removal.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
      const gql = await gw.graphql(
        'mutation R($input: RemoveSuppressionInput!) { removeSuppression(input: $input) }',
        { input: { phoneNumber: mobile(6) } },
        other.token,
      );
      expect(gql.body.errors[0].extensions.code).toBe('NOT_FOUND');
      const exported = await gw.request('GET', '/v1/suppressions/export', { token: other.token });
      expect(exported.body).toBe('phoneNumber,reason,sourceMessageId,createdAt\n');
      // The same number on the other account's own list is its own entry.
      const own = await gw.request('POST', '/v1/suppressions', {
        token: other.token,
        json: { phoneNumber: mobile(6) },
      });
      expect(own.status).toBe(201);
      expect(await count('suppressions', 'phone_number = $1', [mobile(6)])).toBe(2);
      // Another account's messages to the number are not refused.
      const send = await gw.request('POST', '/v1/messages', {
        token: (await gw.createAccount('Unrelated sender')).token,
        json: { to: mobile(6), body: 'not suppressed here' },
      });
      expect(send.status).toBe(202);
      expect((await gw.request('DELETE', path(mobile(6)), { token: owner })).status).toBe(204);
    });

    it('lets a client with suppressions:read list and export but not change the list', async () => {
      const created = await gw.request('POST', '/v1/oauth-clients', {
        token: owner,
        json: { name: 'reader', scopes: ['suppressions:read'] },
      });
      const token = await gw.request('POST', '/v1/oauth/token', {
        json: {
          grant_type: 'client_credentials',
          client_id: created.body.clientId,
          client_secret: created.body.clientSecret,
        },
      });
      const reader: string = token.body.access_token;
      expect((await gw.request('GET', '/v1/suppressions', { token: reader })).status).toBe(200);
      expect((await gw.request('GET', '/v1/suppressions/export', { token: reader })).status).toBe(200);
      for (const [method, url, options] of [
        ['POST', '/v1/suppressions', { json: { phoneNumber: mobile(7) } }],
        ['DELETE', path(mobile(7)), {}],
        ['POST', '/v1/suppressions/import', { raw: 'phoneNumber\n' + mobile(7), contentType: 'text/csv' }],
      ] as const) {
        const res = await gw.request(method, url, { token: reader, ...options });
        expect({ method, url, status: res.status, code: res.body.code }).toEqual({
          method,
          url,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      expect(await count('suppressions', 'phone_number = $1', [mobile(7)])).toBe(0);
    });
  });

  describe('the list through GraphQL', () => {
    it('adds, pages through and removes suppressions with the same rules as REST', async () => {
      const add = (phoneNumber: string) =>
        gw.graphql(
          'mutation A($input: AddSuppressionInput!) { addSuppression(input: $input) { id phoneNumber reason sourceMessageId createdAt } }',
          { input: { phoneNumber } },
          owner,
        );
      const first = await add(mobile(10));
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.addSuppression).toMatchObject({
        phoneNumber: mobile(10),
        reason: 'manual',
        sourceMessageId: null,
      });
      expect((await add(mobile(10))).body.data.addSuppression.id).toBe(first.body.data.addSuppression.id);
      await add(mobile(11));
      expect((await add('+1234')).body.errors[0].extensions.code).toBe('INVALID_PHONE_NUMBER');

      const list = `query L($first: Int, $after: String, $phoneNumber: String) {
        suppressions(first: $first, after: $after, phoneNumber: $phoneNumber) {
          edges { cursor node { phoneNumber reason } } pageInfo { hasNextPage endCursor } } }`;
      const page1 = await gw.graphql(list, { first: 1 }, owner);
      expect(page1.body.data.suppressions.edges.map((e: any) => e.node.phoneNumber)).toEqual([mobile(11)]);
      expect(page1.body.data.suppressions.pageInfo.hasNextPage).toBe(true);
      const page2 = await gw.graphql(list, { first: 1, after: page1.body.data.suppressions.pageInfo.endCursor }, owner);
      expect(page2.body.data.suppressions.edges.map((e: any) => e.node.phoneNumber)).toEqual([mobile(10)]);
      expect(page2.body.data.suppressions.pageInfo.hasNextPage).toBe(false);
      const filtered = await gw.graphql(list, { phoneNumber: mobile(10) }, owner);
      expect(filtered.body.data.suppressions.edges).toHaveLength(1);
      expect((await gw.graphql(list, { first: 0 }, owner)).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');

      const remove = (phoneNumber: string) =>
        gw.graphql(
          'mutation R($input: RemoveSuppressionInput!) { removeSuppression(input: $input) }',
          { input: { phoneNumber } },
          owner,
        );
      for (const i of [10, 11]) expect((await remove(mobile(i))).body.data.removeSuppression).toBe(true);
      expect((await remove(mobile(10))).body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(await count('suppressions', 'phone_number = ANY($1)', [[mobile(10), mobile(11)]])).toBe(0);
    });
  });

  describe('sending to a suppressed number', () => {
    it('refuses a send to an opted-out number with RECIPIENT_OPTED_OUT and writes nothing', async () => {
      const number = mobile(20);
      await gw.request('POST', '/v1/suppressions', { token: owner, json: { phoneNumber: number } });
      const before = await gw.footprint();
      for (const headers of [{}, { 'idempotency-key': 'opted-out-1' }] as Record<string, string>[]) {
        const res = await gw.request('POST', '/v1/messages', {
          token: owner,
          json: { to: number, body: 'you asked us to stop' },
          headers,
        });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'RECIPIENT_OPTED_OUT' });
      }
      const gql = await gw.graphql(
        'mutation S($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        { input: { to: number, body: 'x' } },
        owner,
      );
      expect(gql.body.errors[0].extensions.code).toBe('RECIPIENT_OPTED_OUT');
      expect(await gw.footprint()).toEqual(before);
      expect(await count('idempotency_keys')).toBe(0);
    });

    it('refuses each suppressed recipient of a batch on its own and accepts the others', async () => {
      const before = await count('messages');
      const res = await gw.request('POST', '/v1/messages/batch', {
        token: owner,
        json: {
          messages: [
            { to: mobile(21), body: 'one', sendAt: new Date(Date.now() + 3_600_000).toISOString() },
            { to: mobile(20), body: 'two' },
            { to: '+1234', body: 'three' },
            { to: mobile(20), body: 'four' },
            { to: mobile(22), body: 'five', sendAt: new Date(Date.now() + 3_600_000).toISOString() },
          ],
        },
      });
      expect(res.status).toBe(202);
      expect(res.body.results.map((r: any) => [r.status, r.error?.code])).toEqual([
        [202, undefined],
        [422, 'RECIPIENT_OPTED_OUT'],
        [422, 'INVALID_PHONE_NUMBER'],
        [422, 'RECIPIENT_OPTED_OUT'],
        [202, undefined],
      ]);
      expect(await count('messages')).toBe(before + 2);
      expect(await count('messages', '"to" = $1', [mobile(20)])).toBe(0);
    });

    it('fails a queued message with RECIPIENT_OPTED_OUT at dispatch when its recipient opts out while it waits', async () => {
      const account = await gw.createAccount('Opted out while queued');
      const number = mobile(23);
      const sent = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: number, body: 'waiting for a phone' },
      });
      expect(sent.status).toBe(202);
      // No phone yet: the message waits in the queue, retried with backoff.
      await new Promise((r) => setTimeout(r, 300));
      expect((await gw.message(account.token, sent.body.id)).status).toBe('queued');
      expect(
        (await gw.request('POST', '/v1/suppressions', { token: account.token, json: { phoneNumber: number } })).status,
      ).toBe(201);
      const phone = await gw.pairAgent(account.token, { name: 'late-phone' });
      const failed = await gw.waitForStatus(
        account.token,
        sent.body.id,
        ['failed', 'sending', 'sent', 'delivered'],
        20_000,
      );
      expect(failed).toMatchObject({ status: 'failed', errorCode: 'RECIPIENT_OPTED_OUT', attempts: 0 });
      expect(failed.events.at(-1)).toMatchObject({
        status: 'failed',
        source: 'dispatcher',
        errorCode: 'RECIPIENT_OPTED_OUT',
      });
      expect(phone.transport.sent.filter((s) => s.to === number)).toEqual([]);
      expect(await count('dead_letters', 'message_id = $1', [sent.body.id])).toBe(0);

      // A message accepted after the number is removed again goes out through the phone.
      expect((await gw.request('DELETE', path(number), { token: account.token })).status).toBe(204);
      const again = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: number, body: 'hi' },
      });
      await gw.waitForStatus(account.token, again.body.id, ['delivered']);
    });
  });

  describe('CSV import and export', () => {
    const ROWS = 20_000;

    it('imports 20,000 numbers from a streamed CSV, reporting invalid rows and duplicates, and exports them again', async () => {
      const account = await gw.createAccount('Importer');
      await gw.request('POST', '/v1/suppressions', { token: account.token, json: { phoneNumber: mobile(100_000) } });
      const lines = ['name,phoneNumber,reason'];
      for (let i = 0; i < ROWS; i++) lines.push(`customer ${i},${mobile(100_000 + i)},carrier`);
      lines.push('bad one,+1234,manual', 'worse,"not, a number",', 'empty,,');
      for (let i = 0; i < 25; i++) lines.push(`again ${i},${mobile(100_000 + i)}`);
      const csv = lines.join('\n') + '\n';

      const started = Date.now();
      const res = await gw.request('POST', '/v1/suppressions/import', {
        token: account.token,
        raw: csv,
        contentType: 'text/csv',
      });
      const took = Date.now() - started;
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        imported: ROWS - 1,
        duplicates: 26,
        invalid: [
          { line: ROWS + 2, value: '+1234', code: 'INVALID_PHONE_NUMBER' },
          { line: ROWS + 3, value: 'not, a number', code: 'INVALID_PHONE_NUMBER' },
          { line: ROWS + 4, value: '', code: 'INVALID_PHONE_NUMBER' },
        ],
        invalidCount: 3,
      });
      expect(await count('suppressions', 'account_id = $1', [account.accountId])).toBe(ROWS);
      expect(await count('suppressions', 'account_id = $1 AND reason = $2', [account.accountId, 'import'])).toBe(
        ROWS - 1,
      );
      expect(took).toBeLessThan(20_000);
      const audit = await gw.request('GET', '/v1/audit-events?action=suppression.imported', { token: account.token });
      expect(audit.body.data).toEqual([
        expect.objectContaining({ diff: { imported: ROWS - 1, duplicates: 26, invalidCount: 3 } }),
      ]);

      const exported = await gw.request('GET', '/v1/suppressions/export', { token: account.token });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(exported.headers.get('content-disposition')).toBe('attachment; filename="suppressions.csv"');
      const rows = (exported.body as string).trimEnd().split('\n');
      expect(rows[0]).toBe('phoneNumber,reason,sourceMessageId,createdAt');
      expect(rows).toHaveLength(ROWS + 1);
      expect(new Set(rows.slice(1).map((r) => r.split(',')[0])).size).toBe(ROWS);
      expect(rows[1]).toMatch(/^\+4915120100000,manual,,\d{4}-\d\d-\d\dT/);

      // Round trip: the export is an import file for another account.
      const copy = await gw.createAccount('Importer copy');
      const reimport = await gw.request('POST', '/v1/suppressions/import', {
        token: copy.token,
        raw: exported.body as string,
        contentType: 'text/csv; charset=utf-8',
      });
      expect(reimport.body).toEqual({ imported: ROWS, duplicates: 0, invalid: [], invalidCount: 0 });

      // A send to an imported number is refused.
      const send = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: mobile(100_000 + 4242), body: 'x' },
      });
      expect(send.body.code).toBe('RECIPIENT_OPTED_OUT');
    });

    it('lists the first 100 invalid rows only, with the full count', async () => {
      const account = await gw.createAccount('Sloppy importer');
      const lines = ['phoneNumber'];
      for (let i = 0; i < 150; i++) lines.push(`+1${i}`);
      lines.push(mobile(200_000));
      const res = await gw.request('POST', '/v1/suppressions/import', {
        token: account.token,
        raw: lines.join('\n'),
        contentType: 'text/csv',
      });
      expect(res.body).toMatchObject({ imported: 1, duplicates: 0, invalidCount: 150 });
      expect(res.body.invalid).toHaveLength(100);
      expect(res.body.invalid[99]).toEqual({ line: 101, value: '+199', code: 'INVALID_PHONE_NUMBER' });
    });

    it('refuses a file without a phoneNumber column, one that is not CSV, and a wrong media type, writing nothing', async () => {
      const before = await suppressionRows();
      const imports = await count('audit_events', 'action = $1', ['suppression.imported']);
      const cases: [string | undefined, string | undefined, number, string][] = [
        ['number\n' + mobile(300_000) + '\n', 'text/csv', 400, 'VALIDATION_FAILED'],
        ['', 'text/csv', 400, 'VALIDATION_FAILED'],
        ['phoneNumber\n' + mobile(300_001) + '\n"' + mobile(300_002) + '\n', 'text/csv', 400, 'VALIDATION_FAILED'],
        ['phoneNumber\n' + mobile(300_003), 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [JSON.stringify({ phoneNumber: mobile(300_004) }), 'application/json', 415, 'UNSUPPORTED_MEDIA_TYPE'],
        [undefined, undefined, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ];
      for (const [raw, contentType, status, code] of cases) {
        const res = await gw.request('POST', '/v1/suppressions/import', { token: owner, raw, contentType });
        expect({ raw, status: res.status, code: res.body.code }).toEqual({ raw, status, code });
      }
      // text/csv anywhere else is not a body the API takes.
      const elsewhere = await gw.request('POST', '/v1/suppressions', {
        token: owner,
        raw: 'phoneNumber\n' + mobile(300_005),
        contentType: 'text/csv',
      });
      expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
      expect(await suppressionRows()).toEqual(before);
      expect(await count('audit_events', 'action = $1', ['suppression.imported'])).toBe(imports);
    });

    it('writes nothing when the client goes away in the middle of an upload', async () => {
      const account = await gw.createAccount('Interrupted importer');
      const url = new URL(gw.url);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/v1/suppressions/import',
        headers: {
          authorization: `Bearer ${account.token}`,
          'content-type': 'text/csv',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => undefined);
      const rows = ['phoneNumber'];
      for (let i = 0; i < 12_000; i++) rows.push(mobile(400_000 + i));
      req.write(rows.join('\n') + '\n');
      // Chunks have reached the database (staged, not yet in the list) when the connection drops.
      const staged = () => count('suppression_import_rows', 'account_id = $1', [account.accountId]);
      await waitFor(staged, (n) => n > 0, { what: 'the first chunks to be staged' });
      req.destroy();
      await waitFor(staged, (n) => n === 0, { what: 'the staged chunks to be dropped' });
      expect(await count('suppressions', 'account_id = $1', [account.accountId])).toBe(0);
      const next = await gw.request('POST', '/v1/suppressions/import', {
        token: account.token,
        raw: 'phoneNumber\n' + mobile(400_000),
        contentType: 'text/csv',
      });
      expect(next.body).toMatchObject({ imported: 1 });
    });

    it('refuses a CSV declared larger than 100 MiB before reading it', async () => {
      const url = new URL(gw.url);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: '/v1/suppressions/import',
            headers: {
              authorization: `Bearer ${owner}`,
              'content-type': 'text/csv',
              'content-length': String(100 * 1024 * 1024 + 1),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.write('phoneNumber\n');
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).code).toBe('PAYLOAD_TOO_LARGE');
    });
  });

  describe('keywords from recipients', () => {
    const sender = mobile(500);

    async function entry(token: string, phoneNumber: string) {
      const res = await gw.request('GET', `/v1/suppressions?phoneNumber=${encodeURIComponent(phoneNumber)}`, { token });
      return res.body.data[0] as { reason: string; sourceMessageId: string } | undefined;
    }

    it('suppresses the sender of "Stop." and answers once from the same phone and SIM; START lifts it; HELP answers', async () => {
      const account = await gw.createAccount('Keywords');
      const phone = await gw.pairAgent(account.token, { name: 'keyword-phone', sims: 2 });
      const repliesTo = (body: string) => phone.transport.sent.filter((s) => s.to === sender && s.body === body);

      phone.transport.simulateIncoming({ from: sender, body: 'Stop.', simSlot: 1 });
      const suppressed = await waitFor(
        () => entry(account.token, sender),
        (e) => e !== undefined,
        { what: 'the STOP to suppress the sender' },
      );
      const inbound = await gw.request('GET', `/v1/inbound-messages?from=${encodeURIComponent(sender)}`, {
        token: account.token,
      });
      expect(suppressed).toMatchObject({ reason: 'keyword', sourceMessageId: inbound.body.data[0].id });
      await waitFor(
        () => repliesTo(DEFAULT_KEYWORD_REPLIES.stop),
        (r) => r.length > 0,
        { what: 'the STOP confirmation' },
      );
      const [reply] = await gw.db.query('SELECT * FROM messages WHERE "to" = $1', [sender]).then((r) => r.rows);
      await gw.waitForStatus(account.token, reply.id, ['delivered']);
      expect(reply).toMatchObject({ requested_device_id: phone.deviceId, requested_sim_slot: 1, sim_slot: 1 });
      expect(repliesTo(DEFAULT_KEYWORD_REPLIES.stop)).toEqual([expect.objectContaining({ simSlot: 1 })]);
      // Keyword changes are the recipient's act: not in the audit trail.
      const audit = await gw.request('GET', '/v1/audit-events?action=suppression.added', { token: account.token });
      expect(audit.body.data).toEqual([]);

      const refused = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: sender, body: 'one more offer' },
      });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'RECIPIENT_OPTED_OUT' });

      // HELP is answered even while the number is suppressed.
      phone.transport.simulateIncoming({ from: sender, body: 'help', simSlot: 0 });
      await waitFor(
        () => repliesTo(DEFAULT_KEYWORD_REPLIES.help),
        (r) => r.length > 0,
        { what: 'the HELP text' },
      );
      expect(repliesTo(DEFAULT_KEYWORD_REPLIES.help)[0].simSlot).toBe(0);

      phone.transport.simulateIncoming({ from: sender, body: 'START', simSlot: 1 });
      await waitFor(
        () => repliesTo(DEFAULT_KEYWORD_REPLIES.start),
        (r) => r.length > 0,
        { what: 'the START confirmation' },
      );
      expect(await entry(account.token, sender)).toBeUndefined();
      const allowed = await gw.request('POST', '/v1/messages', {
        token: account.token,
        json: { to: sender, body: 'welcome back' },
      });
      expect(allowed.status).toBe(202);
      await gw.waitForStatus(account.token, allowed.body.id, ['delivered']);

      // Custom texts from the account settings.
      const custom = 'ACME alerts. Reply STOP to opt out. Help: acme.example/sms';
      const patched = await gw.request('PATCH', '/v1/account/settings', {
        token: account.token,
        json: { keywordReplies: { help: custom } },
      });
      expect(patched).toMatchObject({
        status: 200,
        body: { stickyRecipients: false, keywordReplies: { help: custom } },
      });
      phone.transport.simulateIncoming({ from: sender, body: 'INFO 🙏', simSlot: 0 });
      await waitFor(
        () => repliesTo(custom),
        (r) => r.length > 0,
        { what: 'the custom HELP text' },
      );

      // Not a keyword, and START without a suppression: nothing is suppressed and nothing answered.
      const before = await count('messages', '"to" = $1', [sender]);
      phone.transport.simulateIncoming({ from: sender, body: 'stop it', simSlot: 0 });
      phone.transport.simulateIncoming({ from: sender, body: 'please stop', simSlot: 0 });
      phone.transport.simulateIncoming({ from: sender, body: 'Yes', simSlot: 0 });
      await waitFor(
        () => count('inbound_messages', '"from" = $1', [sender]),
        (n) => n === 7,
        { what: 'the last inbound SMS to be stored' },
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await count('messages', '"to" = $1', [sender])).toBe(before);
      expect(await entry(account.token, sender)).toBeUndefined();

      // Each confirmation went out exactly once.
      for (const text of [DEFAULT_KEYWORD_REPLIES.stop, DEFAULT_KEYWORD_REPLIES.start, DEFAULT_KEYWORD_REPLIES.help]) {
        expect(repliesTo(text)).toHaveLength(1);
      }
      expect(repliesTo(custom)).toHaveLength(1);
    });

    it('answers a STOP once although the phone reports the same SMS twice', async () => {
      const account = await gw.createAccount('Repeated STOP');
      const phone = await rawPhone(gw, account.token, 'raw-keyword-phone');
      const socket = await phone.connect();
      try {
        const sms = { id: 'sms-42', from: mobile(501), body: 'STOP', receivedAt: new Date().toISOString(), simSlot: 0 };
        expect(await socket.emitWithAck('sms.received', sms)).toEqual({ ok: true });
        expect(await socket.emitWithAck('sms.received', sms)).toEqual({ ok: true });
        await waitFor(
          () => phone.received.filter((m) => m.to === mobile(501)),
          (r) => r.length > 0,
          { what: 'the STOP confirmation' },
        );
        await new Promise((r) => setTimeout(r, 300));
        expect(phone.received.filter((m) => m.to === mobile(501))).toHaveLength(1);
        expect(await count('messages', '"to" = $1', [mobile(501)])).toBe(1);
        expect(await count('inbound_messages', '"from" = $1', [mobile(501)])).toBe(1);
        expect(await entry(account.token, mobile(501))).toMatchObject({ reason: 'keyword' });
      } finally {
        socket.disconnect();
      }
    });

    it('answers a STOP that was stored by a process that died before answering it, when the phone resends it', async () => {
      const account = await gw.createAccount('STOP across a crash');
      const phone = await rawPhone(gw, account.token, 'raw-crash-phone');
      const socket = await phone.connect();
      try {
        const sms = { id: 'sms-77', from: mobile(502), body: 'stop', receivedAt: new Date().toISOString(), simSlot: 0 };
        // What a process killed between storing the SMS and handling its keyword leaves behind: the
        // row, no opt-out, no reply; the phone, never acked, sends the SMS again.
        await gw.db.query(
          `INSERT INTO inbound_messages (id, account_id, device_id, source_id, sim_slot, "from", body, received_at, created_at)
           VALUES (gen_random_uuid(), $1, $2, $3, 0, $4, $5, now(), now())`,
          [account.accountId, phone.deviceId, sms.id, sms.from, sms.body],
        );
        expect(await socket.emitWithAck('sms.received', sms)).toEqual({ ok: true });
        expect(await entry(account.token, mobile(502))).toMatchObject({ reason: 'keyword' });
        await waitFor(
          () => phone.received.filter((m) => m.to === mobile(502)),
          (r) => r.length > 0,
          { what: 'the STOP confirmation' },
        );
        // Again (an ack lost on the way): no second row, no second answer.
        expect(await socket.emitWithAck('sms.received', sms)).toEqual({ ok: true });
        await new Promise((r) => setTimeout(r, 300));
        expect(phone.received.filter((m) => m.to === mobile(502))).toHaveLength(1);
        expect(await count('messages', '"to" = $1', [mobile(502)])).toBe(1);
        expect(await count('inbound_messages', '"from" = $1', [mobile(502)])).toBe(1);
      } finally {
        socket.disconnect();
      }
    });

    it('validates the keyword reply settings and puts the defaults back with null', async () => {
      const account = await gw.createAccount('Reply settings');
      const before = (await gw.db.query('SELECT settings FROM accounts WHERE id = $1', [account.accountId])).rows;
      for (const keywordReplies of [
        { help: '' },
        { help: '   ' },
        { help: 'x'.repeat(321) },
        { help: 'bell\u0007' },
        { help: 42 },
        { stopp: 'typo' },
        'STOP',
        [],
      ]) {
        const res = await gw.request('PATCH', '/v1/account/settings', {
          token: account.token,
          json: { keywordReplies },
        });
        expect({ keywordReplies, status: res.status, code: res.body.code }).toEqual({
          keywordReplies,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      expect((await gw.db.query('SELECT settings FROM accounts WHERE id = $1', [account.accountId])).rows).toEqual(
        before,
      );
      const set = await gw.request('PATCH', '/v1/account/settings', {
        token: account.token,
        json: { keywordReplies: { stop: 'Bye.', start: 'x'.repeat(320) } },
      });
      expect(set.body).toEqual({ stickyRecipients: false, keywordReplies: { stop: 'Bye.', start: 'x'.repeat(320) } });
      const one = await gw.request('PATCH', '/v1/account/settings', {
        token: account.token,
        json: { keywordReplies: { start: null } },
      });
      expect(one.body).toEqual({ stickyRecipients: false, keywordReplies: { stop: 'Bye.' } });
      const all = await gw.request('PATCH', '/v1/account/settings', {
        token: account.token,
        json: { keywordReplies: null },
      });
      expect(all.body).toEqual({ stickyRecipients: false });
      expect((await gw.db.query('SELECT settings FROM accounts WHERE id = $1', [account.accountId])).rows).toEqual([
        { settings: {} },
      ]);
      const audit = await gw.request('GET', '/v1/audit-events?action=account.settings.updated', {
        token: account.token,
      });
      expect(audit.body.data).toHaveLength(3);
      expect(audit.body.data[2].diff).toEqual({
        keywordReplies: { from: null, to: { stop: 'Bye.', start: 'x'.repeat(320) } },
      });
    });
  });
});
