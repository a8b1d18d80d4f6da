import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CarrierConnections } from '../../src/modules/carriers/carrier-connections.js';
import { TestGateway } from '../support/gateway.js';
import { freePort } from '../support/processes.js';
import { TestSmsc } from '../support/smsc.js';
import { waitFor } from '../support/wait.js';

const SYSTEM_ID = 'gateway';
const PASSWORD = 's3cret!';

/** A message row to hang receipts on: scheduled an hour ahead, so no dispatch touches it meanwhile. */
async function scheduledMessage(gw: TestGateway, token: string, body = 'receipt test'): Promise<string> {
  const res = await gw.request('POST', '/v1/messages', {
    token,
    json: { to: '+4915123456789', body, sendAt: new Date(Date.now() + 3_600_000).toISOString() },
  });
  expect(res.status).toBe(202);
  return res.body.id;
}

/**
 * What dispatch records when it hands a message to a carrier (`sending`, with the carrier), for the
 * tests here that call the carrier link directly: a receipt counts only for a message handed to
 * that carrier (test/e2e/delivery-reports.test.ts goes through real dispatch and routes).
 */
async function handedTo(gw: TestGateway, messageId: string, carrierId: string): Promise<void> {
  await gw.db.query(`UPDATE messages SET status = 'sending', carrier_id = $2 WHERE id = $1`, [messageId, carrierId]);
}

describe('carriers', () => {
  let gw: TestGateway;
  let token: string;
  let smsc: TestSmsc;
  let connections: CarrierConnections;

  beforeAll(async () => {
    smsc = await TestSmsc.start({ systemId: SYSTEM_ID, password: PASSWORD });
    gw = await TestGateway.start({
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      CARRIER_RECONNECT_BASE_MS: '100',
      CARRIER_RECONNECT_MAX_MS: '400',
      CARRIER_SYNC_INTERVAL_MS: '500',
      CARRIER_SUBMIT_TIMEOUT_MS: '15000',
    });
    token = await gw.login();
    connections = gw.running.app.get(CarrierConnections);
  });
  afterAll(async () => {
    await gw?.stop();
    await smsc?.stop();
  });

  const smppSettings = (extra: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: smsc.port,
    systemId: SYSTEM_ID,
    password: PASSWORD,
    tps: 50,
    windowSize: 5,
    sourceAddr: 'ACME',
    ...extra,
  });

  describe('the API', () => {
    it('creates an SMPP carrier and never shows or stores its password in clear', async () => {
      const res = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'Main SMSC', kind: 'smpp', enabled: false, smpp: smppSettings() },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Main SMSC',
        kind: 'smpp',
        enabled: false,
        state: 'disabled',
        http: null,
        smpp: { host: '127.0.0.1', systemId: SYSTEM_ID, bindMode: 'transceiver', windowSize: 5, passwordSet: true },
      });
      expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
      const listed = await gw.request('GET', '/v1/carriers', { token });
      expect(JSON.stringify(listed.body)).not.toContain(PASSWORD);
      const { rows } = await gw.db.query('SELECT config, secret_encrypted FROM carriers WHERE id = $1', [res.body.id]);
      expect(JSON.stringify(rows[0].config)).not.toContain(PASSWORD);
      expect(rows[0].secret_encrypted).toMatch(/^v1\./);
      expect(rows[0].secret_encrypted).not.toContain(PASSWORD);
    });

    it('refuses bad settings with VALIDATION_FAILED naming each field, and writes nothing', async () => {
      const before = await gw.db.query('SELECT count(*)::int AS n FROM carriers');
      const cases: [unknown, string][] = [
        [{ name: 'x', kind: 'smpp' }, 'smpp'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ port: 70000 }) }, 'smpp.port'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ bindMode: 'receiver' }) }, 'smpp.bindMode'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ surprise: 1 }) }, 'smpp.surprise'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings(), http: { url: 'http://127.0.0.1/' } }, 'http'],
        [{ name: 'x', kind: 'http', http: { url: 'http://{to}.example.com/' } }, 'http.url'],
        [{ name: 'x', kind: 'http', http: { url: 'http://127.0.0.1/', auth: 'bearer' } }, 'http.secret'],
        [
          { name: 'x', kind: 'http', http: { url: 'http://127.0.0.1/', bodyTemplate: '{"t": {body}}' } },
          'http.bodyTemplate',
        ],
        [
          { name: 'x', kind: 'http', http: { url: 'http://127.0.0.1/', headers: { Host: 'evil' } } },
          'http.headers.Host',
        ],
        [{ name: 'x', kind: 'pigeon' }, 'kind'],
        // SMPP fields are C-Octet strings of printable ASCII: no CR/LF to smuggle into a bind.
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ password: 'pass\r\nword' }) }, 'smpp.password'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ systemId: 'esme\t1' }) }, 'smpp.systemId'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ systemType: 'a\u0007' }) }, 'smpp.systemType'],
        [{ name: 'x', kind: 'smpp', smpp: smppSettings({ sourceAddr: 'Shop\u001b' }) }, 'smpp.sourceAddr'],
      ];
      for (const [json, field] of cases) {
        const res = await gw.request('POST', '/v1/carriers', { token, json });
        expect(res.status, JSON.stringify(json)).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const after = await gw.db.query('SELECT count(*)::int AS n FROM carriers');
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('refuses private hosts as webhooks do (WEBHOOK_URL_FORBIDDEN) unless allowed', async () => {
      const smpp = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'x', kind: 'smpp', smpp: smppSettings({ host: '10.1.2.3' }) },
      });
      expect(smpp.status).toBe(422);
      expect(smpp.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
      const http = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'x', kind: 'http', http: { url: 'http://169.254.169.254/send?to={to}' } },
      });
      expect(http.status).toBe(422);
      expect(http.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
    });

    it('updates by merging settings (the password stays), audits every change without secrets, and deletes', async () => {
      const created = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'Temp', kind: 'smpp', enabled: false, smpp: smppSettings() },
      });
      const id = created.body.id;
      const patched = await gw.request('PATCH', `/v1/carriers/${id}`, {
        token,
        json: { name: 'Renamed', smpp: { tps: 5, password: 'n3w-pass' } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Renamed', smpp: { tps: 5, host: '127.0.0.1', passwordSet: true } });
      const kept = await gw.request('PATCH', `/v1/carriers/${id}`, { token, json: { smpp: { windowSize: 2 } } });
      expect(kept.body.smpp).toMatchObject({ tps: 5, windowSize: 2, passwordSet: true });
      const invalid = await gw.request('PATCH', `/v1/carriers/${id}`, { token, json: { smpp: { port: 0 } } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].field).toBe('smpp.port');

      const audit = await gw.request('GET', `/v1/audit-events?targetId=${id}`, { token });
      const actions = audit.body.data.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['carrier.created', 'carrier.updated']));
      expect(JSON.stringify(audit.body)).not.toContain('n3w-pass');
      const update = audit.body.data.find((e: { action: string; diff: any }) => e.diff?.secretChanged);
      expect(update.diff).toMatchObject({ name: 'Renamed', secretChanged: true, config: ['tps'] });

      expect((await gw.request('DELETE', `/v1/carriers/${id}`, { token })).status).toBe(204);
      expect((await gw.request('GET', `/v1/carriers/${id}`, { token })).body.code).toBe('NOT_FOUND');
      const deleted = await gw.request('GET', `/v1/audit-events?action=carrier.deleted`, { token });
      expect(deleted.body.data.map((e: { target: { id: string } }) => e.target.id)).toContain(id);
    });

    it('is for admins: a developer is FORBIDDEN', async () => {
      const invite = await gw.request('POST', '/v1/users', {
        token,
        json: { email: 'dev-carriers@example.test', role: 'developer' },
      });
      expect(invite.status).toBe(201);
      const client = await gw.request('POST', '/v1/oauth-clients', {
        token,
        json: { name: 'no-admin', scopes: ['messages:send'] },
      });
      const issued = await gw.request('POST', '/v1/oauth/token', {
        json: {
          grant_type: 'client_credentials',
          client_id: client.body.clientId,
          client_secret: client.body.clientSecret,
        },
      });
      const res = await gw.request('GET', '/v1/carriers', { token: issued.body.access_token });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('has GraphQL carriers, createCarrier and updateCarrier with one input each', async () => {
      const created = await gw.graphql(
        `mutation C($input: CreateCarrierInput!) { createCarrier(input: $input) { id name kind state smpp } }`,
        { input: { name: 'GQL', kind: 'smpp', enabled: false, smpp: smppSettings() } },
        token,
      );
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data.createCarrier).toMatchObject({ name: 'GQL', kind: 'smpp', state: 'disabled' });
      expect(created.body.data.createCarrier.smpp.password).toBeUndefined();
      const id = created.body.data.createCarrier.id;
      const updated = await gw.graphql(
        `mutation U($input: UpdateCarrierInput!) { updateCarrier(input: $input) { id name smpp } }`,
        { input: { id, name: 'GQL 2', smpp: { tps: 3 } } },
        token,
      );
      expect(updated.body.data.updateCarrier).toMatchObject({ name: 'GQL 2', smpp: { tps: 3 } });
      const bad = await gw.graphql(
        `mutation U($input: UpdateCarrierInput!) { updateCarrier(input: $input) { id } }`,
        { input: { id, smpp: { port: -1 } } },
        token,
      );
      expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
      const list = await gw.graphql('{ carriers { id name state counters { submitted } } }', {}, token);
      expect(list.body.data.carriers.map((c: { id: string }) => c.id)).toContain(id);
      await gw.request('DELETE', `/v1/carriers/${id}`, { token });
    });
  });

  describe('an SMPP carrier against the test SMSC', () => {
    let carrierId: string;

    const deliver = (body: string, messageId = '0190f0a0-0000-7000-8000-00000000aaaa', to = '+4915123456789') =>
      connections.deliver(carrierId, { messageId, to, from: '+4915100000001', body });

    beforeAll(async () => {
      const res = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'SMSC', kind: 'smpp', smpp: smppSettings({ enquireLinkSeconds: 1 }) },
      });
      expect(res.status).toBe(201);
      carrierId = res.body.id;
      await waitFor(
        async () => (await gw.request('GET', `/v1/carriers/${carrierId}`, { token })).body,
        (c: { state: string }) => c.state === 'bound',
        { what: 'the carrier to bind' },
      );
    });

    it('binds as a transceiver with the system id and password (state bound)', async () => {
      expect((await smsc.status()).bound).toBeGreaterThanOrEqual(1);
      const res = await gw.request('GET', `/v1/carriers/${carrierId}`, { token });
      expect(res.body).toMatchObject({ state: 'bound', stateDetail: null, enabled: true });
    });

    it('submits GSM-7 as data_coding 0 and UCS-2 as data_coding 8, each once', async () => {
      await smsc.reset();
      const gsm = await deliver('Hello {world} €5');
      expect(gsm).toEqual({ accepted: true, carrierMessageIds: [expect.stringMatching(/^smsc-/)] });
      const ucs = await deliver('Привет 👋');
      expect(ucs.accepted).toBe(true);
      const submits = await smsc.submits();
      expect(submits).toHaveLength(2);
      expect(submits[0]).toMatchObject({
        status: 0,
        dataCoding: 0,
        esmClass: 0,
        destinationAddr: '4915123456789',
        sourceAddr: '4915100000001',
        sourceTon: 1,
        sourceNpi: 1,
        registeredDelivery: 1,
      });
      expect(Buffer.from(submits[0].shortMessageHex, 'hex').includes(Buffer.from([0x1b, 0x28]))).toBe(true);
      expect(submits[1].dataCoding).toBe(8);
      expect(Buffer.from(submits[1].shortMessageHex, 'hex')).toEqual(Buffer.from('Привет 👋', 'utf16le').swap16());
    });

    it('sends a long message as concatenated parts with one UDH reference, and records each part id', async () => {
      await smsc.reset();
      const messageId = '0190f0a0-0000-7000-8000-00000000bbbb';
      const outcome = await deliver('x'.repeat(400), messageId);
      expect(outcome.accepted && outcome.carrierMessageIds).toHaveLength(3);
      const submits = await smsc.submits();
      expect(submits).toHaveLength(3);
      const udhs = submits.map((s) => [...Buffer.from(s.shortMessageHex, 'hex').subarray(0, 6)]);
      const ref = udhs[0][3];
      expect(udhs).toEqual([
        [5, 0, 3, ref, 3, 1],
        [5, 0, 3, ref, 3, 2],
        [5, 0, 3, ref, 3, 3],
      ]);
      expect(submits.every((s) => s.esmClass === 0x40 && s.dataCoding === 0)).toBe(true);
      const { rows } = await gw.db.query(
        'SELECT carrier_message_id, part, parts FROM carrier_message_ids WHERE message_id = $1 ORDER BY part',
        [messageId],
      );
      expect(rows.map((r) => [r.part, r.parts])).toEqual([
        [0, 3],
        [1, 3],
        [2, 3],
      ]);
    });

    it('slows down on ESME_RTHROTTLED and still delivers every message exactly once', async () => {
      await smsc.reset();
      await smsc.throttle(3);
      const before = connections.localLink(carrierId)!;
      const outcomes = await Promise.all([deliver('one'), deliver('two')]);
      expect(outcomes.every((o) => o.accepted)).toBe(true);
      const submits = await smsc.submits();
      expect(submits.filter((s) => s.status === 0x58)).toHaveLength(3);
      const accepted = await smsc.accepted();
      expect(accepted).toHaveLength(2);
      const bodies = accepted.map((s) => Buffer.from(s.shortMessageHex, 'hex').toString('latin1')).sort();
      expect(bodies).toEqual(['one', 'two']);
      const after = connections.localLink(carrierId)!;
      expect(after.counters.throttled - before.counters.throttled).toBe(3);
      expect(after.rate).toBeLessThan(50);
    });

    it('answers a refused submit with SMPP_<status> and whether it is permanent', async () => {
      await smsc.reject(1, 0x0b);
      expect(await deliver('bad number')).toEqual({ accepted: false, code: 'SMPP_ESME_RINVDSTADR', permanent: true });
      await smsc.reject(1, 0x14);
      expect(await deliver('queue full')).toEqual({ accepted: false, code: 'SMPP_ESME_RMSGQFUL', permanent: false });
    });

    it('reconnects after the SMSC drops the connection (reconnecting, then bound) and sends again', async () => {
      const states: string[] = [];
      connections.onStateChange((id, state) => {
        if (id === carrierId) states.push(state);
      });
      const before = (await smsc.status()).binds;
      expect((await smsc.drop()).dropped).toBeGreaterThanOrEqual(1);
      await waitFor(
        () => states,
        (s) => s.includes('reconnecting') && s[s.length - 1] === 'bound',
        { what: 'reconnecting then bound' },
      );
      expect(states.indexOf('reconnecting')).toBeLessThan(states.lastIndexOf('bound'));
      expect((await smsc.status()).binds).toBeGreaterThan(before);
      const res = await gw.request('GET', `/v1/carriers/${carrierId}`, { token });
      expect(res.body.state).toBe('bound');
      expect(res.body.counters.reconnects).toBeGreaterThanOrEqual(1);
      expect((await deliver('after the drop')).accepted).toBe(true);
    });

    it('turns a DELIVRD receipt into a delivered message', async () => {
      const messageId = await scheduledMessage(gw, token);
      const outcome = await deliver('receipt test', messageId);
      if (!outcome.accepted) throw new Error(outcome.code);
      await handedTo(gw, messageId, carrierId);
      expect(await smsc.receipt(outcome.carrierMessageIds[0], 'DELIVRD')).toBe(0);
      const message = await gw.waitForStatus(token, messageId, ['delivered']);
      // The event's carrierId is the message's own (set when dispatch hands it to a carrier); here none did.
      expect(message.events.at(-1)).toMatchObject({ status: 'delivered', source: 'carrier' });
    });

    it('reads receipts from the TLVs too: UNDELIV with its error becomes undelivered with SMPP_ERR_<err>', async () => {
      const messageId = await scheduledMessage(gw, token);
      const outcome = await deliver('will not arrive', messageId);
      if (!outcome.accepted) throw new Error(outcome.code);
      await handedTo(gw, messageId, carrierId);
      expect(
        await smsc.receipt(outcome.carrierMessageIds[0], 'UNDELIV', { err: '012', tlv: true, textless: true }),
      ).toBe(0);
      const message = await gw.waitForStatus(token, messageId, ['undelivered']);
      expect(message.errorCode).toBe('SMPP_ERR_012');
    });

    it('maps EXPIRED to expired', async () => {
      const messageId = await scheduledMessage(gw, token);
      const outcome = await deliver('too late', messageId);
      if (!outcome.accepted) throw new Error(outcome.code);
      await handedTo(gw, messageId, carrierId);
      await smsc.receipt(outcome.carrierMessageIds[0], 'EXPIRED');
      await gw.waitForStatus(token, messageId, ['expired']);
    });

    it('reports a message in parts delivered only once every part is', async () => {
      const messageId = await scheduledMessage(gw, token, 'y'.repeat(200));
      const outcome = await deliver('y'.repeat(200), messageId);
      if (!outcome.accepted) throw new Error(outcome.code);
      await handedTo(gw, messageId, carrierId);
      expect(outcome.carrierMessageIds).toHaveLength(2);
      await smsc.receipt(outcome.carrierMessageIds[1], 'DELIVRD');
      await new Promise((r) => setTimeout(r, 300));
      expect((await gw.message(token, messageId)).status).toBe('sending');
      await smsc.receipt(outcome.carrierMessageIds[0], 'DELIVRD');
      await gw.waitForStatus(token, messageId, ['delivered']);
    });

    it('answers a receipt for an id it never gave, and changes nothing', async () => {
      expect(await smsc.receipt('smsc-unknown', 'DELIVRD')).toBe(0);
    });

    it('turns a deliver_sm that is not a receipt into an inbound message', async () => {
      expect(await smsc.inbound({ from: '4915199998888', to: '4915100000001', body: 'Hello from a handset' })).toBe(0);
      expect(await smsc.inbound({ from: '4915199998888', to: '4915100000001', body: 'Grüße 😀' })).toBe(0);
      const inbound = await waitFor(
        async () => (await gw.request('GET', '/v1/inbound-messages', { token })).body.data,
        (data: { body: string }[]) => data.length >= 2,
        { what: 'the inbound messages' },
      );
      expect(inbound).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ from: '+4915199998888', to: '+4915100000001', body: 'Hello from a handset' }),
          expect.objectContaining({ from: '+4915199998888', body: 'Grüße 😀' }),
        ]),
      );
    });

    it('shows a refused bind as down with the reason', async () => {
      const res = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'Wrong password', kind: 'smpp', smpp: smppSettings({ password: 'wrong' }) },
      });
      const seen = await waitFor(
        async () => (await gw.request('GET', `/v1/carriers/${res.body.id}`, { token })).body,
        (c: { state: string; stateDetail: string | null }) => c.state === 'down',
        { what: 'the carrier to be down' },
      );
      expect(seen.stateDetail).toContain('ESME_RBINDFAIL');
      await gw.request('DELETE', `/v1/carriers/${res.body.id}`, { token });
    });

    it('shows a refused connection with a fixed text, not the socket error with its address and port', async () => {
      const closed = await freePort();
      const res = await gw.request('POST', '/v1/carriers', {
        token,
        json: { name: 'Nobody listening', kind: 'smpp', smpp: smppSettings({ port: closed }) },
      });
      const seen = await waitFor(
        async () => (await gw.request('GET', `/v1/carriers/${res.body.id}`, { token })).body,
        (c: { state: string; stateDetail: string | null }) => c.stateDetail !== null,
        { what: 'the failed connection in stateDetail' },
      );
      expect(seen.stateDetail).toBe('connection refused');
      await gw.request('DELETE', `/v1/carriers/${res.body.id}`, { token });
    });

    it('drops the session when the carrier is disabled', async () => {
      const patched = await gw.request('PATCH', `/v1/carriers/${carrierId}`, { token, json: { enabled: false } });
      expect(patched.body.state).toBe('disabled');
      await waitFor(
        () => connections.localLink(carrierId),
        (l) => l === undefined,
      );
      expect(await deliver('nobody home')).toEqual({ accepted: false, code: 'CARRIER_DISABLED', permanent: false });
    });
  });

  describe('an HTTP carrier against a local HTTP server', () => {
    let server: Server;
    let base: string;
    const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
    let answer: (res: ServerResponse) => void = (res) => res.end();

    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          requests.push({
            method: req.method!,
            url: req.url!,
            headers: req.headers,
            body: Buffer.concat(chunks).toString(),
          });
          answer(res);
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => {
      server?.closeAllConnections();
      server?.close();
    });

    async function httpCarrier(http: Record<string, unknown>) {
      const res = await gw.request('POST', '/v1/carriers', { token, json: { name: 'HTTP', kind: 'http', http } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    }

    it('sends one templated request with its auth and takes the id from the answer', async () => {
      const carrier = await httpCarrier({
        url: `${base}/send?to={to}&ref={messageId}`,
        method: 'POST',
        bodyTemplate: '{"to":"{to}","from":"{from}","text":"{body}"}',
        headers: { 'X-Api-Version': '2' },
        auth: 'bearer',
        secret: 'tok-123',
        messageIdPath: 'data.id',
      });
      expect(carrier.http).toMatchObject({ secretSet: true, auth: 'bearer' });
      expect(JSON.stringify(carrier)).not.toContain('tok-123');
      answer = (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { id: 'carrier-77' } }));
      };
      requests.length = 0;
      const outcome = await connections.deliver(carrier.id, {
        messageId: '0190f0a0-0000-7000-8000-00000000cccc',
        to: '+4915123456789',
        from: 'ACME',
        body: 'Hi "there" & €',
      });
      expect(outcome).toEqual({ accepted: true, carrierMessageIds: ['carrier-77'] });
      expect(requests).toHaveLength(1);
      expect(requests[0].url).toBe('/send?to=%2B4915123456789&ref=0190f0a0-0000-7000-8000-00000000cccc');
      expect(requests[0].headers.authorization).toBe('Bearer tok-123');
      expect(requests[0].headers['x-api-version']).toBe('2');
      expect(JSON.parse(requests[0].body)).toEqual({ to: '+4915123456789', from: 'ACME', text: 'Hi "there" & €' });
    });

    it('treats 4xx as permanent, 5xx and timeouts as worth another try', async () => {
      const carrier = await httpCarrier({
        url: `${base}/send?to={to}`,
        method: 'GET',
        auth: 'basic',
        username: 'u',
        secret: 'p',
        timeoutMs: 300,
      });
      const payload = { messageId: '0190f0a0-0000-7000-8000-00000000dddd', to: '+4915123456789', body: 'x' };
      answer = (res) => {
        res.statusCode = 400;
        res.end('bad');
      };
      expect(await connections.deliver(carrier.id, payload)).toEqual({
        accepted: false,
        code: 'HTTP_400',
        permanent: true,
      });
      expect(requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
      answer = (res) => {
        res.statusCode = 503;
        res.end();
      };
      expect(await connections.deliver(carrier.id, payload)).toEqual({
        accepted: false,
        code: 'HTTP_503',
        permanent: false,
      });
      answer = () => undefined; // never answers
      expect(await connections.deliver(carrier.id, payload)).toEqual({
        accepted: false,
        code: 'HTTP_TIMEOUT',
        permanent: false,
      });
      const shown = await gw.request('GET', `/v1/carriers/${carrier.id}`, { token });
      expect(shown.body.state).toBe('down');
      answer = (res) => res.end();
      expect((await connections.deliver(carrier.id, payload)).accepted).toBe(true);
    });

    it('takes DLRs on /v1/carriers/{id}/dlr with the carrier token, and nothing without it', async () => {
      const carrier = await httpCarrier({ url: `${base}/send`, messageIdPath: 'id' });
      answer = (res) => res.end(JSON.stringify({ id: 'dlr-1' }));
      const messageId = await scheduledMessage(gw, token);
      const outcome = await connections.deliver(carrier.id, { messageId, to: '+4915123456789', body: 'x' });
      expect(outcome).toEqual({ accepted: true, carrierMessageIds: ['dlr-1'] });
      await handedTo(gw, messageId, carrier.id);
      const dlrPath = new URL(carrier.http.dlrUrl, 'http://x').pathname;
      const tokenParam = new URL(carrier.http.dlrUrl, 'http://x').searchParams.get('token')!;

      const denied = await gw.request('POST', `${dlrPath}?token=wrong`, {
        json: { messageId: 'dlr-1', status: 'DELIVRD' },
      });
      expect(denied.status).toBe(404);
      const noToken = await gw.request('POST', dlrPath, { json: { messageId: 'dlr-1', status: 'DELIVRD' } });
      expect(noToken.status).toBe(404);
      const invalid = await gw.request('POST', `${dlrPath}?token=${tokenParam}`, { json: { status: 'DELIVRD' } });
      expect(invalid.status).toBe(400);
      expect((await gw.message(token, messageId)).status).toBe('sending');

      const ok = await gw.request('POST', dlrPath, {
        json: { messageId: 'dlr-1', status: 'DELIVRD' },
        headers: { 'x-carrier-token': tokenParam },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ result: 'reported' });
      await gw.waitForStatus(token, messageId, ['delivered']);
    });
  });
});
