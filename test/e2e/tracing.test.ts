import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayInstrumentations } from '../../src/common/instrumentations.js';
import type { HeadlessAgent } from '@sms-gateway/android-agent/headless';
import type { TestGateway as Gateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

/**
 * One message's trace, end to end, recorded by the real instrumentations into an in-memory
 * exporter: the gateway, its Bull worker, the Socket.IO hand-over, the headless agent (its own
 * span, in this process) and the webhook it causes all report to the SDK started here, before the
 * gateway's modules load (as src/tracing.ts does for `npm start`).
 */
const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: 'sms-gateway-test',
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
  instrumentations: gatewayInstrumentations(),
});

describe('one trace from the API call to the phone and back', () => {
  let gw: Gateway;
  let admin: string;
  let receiver: Server;
  let receiverUrl = '';
  let phone: HeadlessAgent;
  const hooks: { headers: IncomingHttpHeaders; body: { type: string; data: { id: string } } }[] = [];

  beforeAll(async () => {
    process.env.OTEL_METRICS_EXPORTER = 'none';
    process.env.OTEL_LOGS_EXPORTER = 'none';
    sdk.start();
    // After the SDK, so that http, pg, ioredis and graphql are patched when the gateway loads them.
    const { TestGateway } = await import('../support/gateway.js');
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    admin = await gw.login();
    const endpoint = await gw.request('POST', '/v1/webhooks', {
      token: admin,
      json: { url: receiverUrl, events: ['message.sent', 'message.delivered', 'message.received'] },
    });
    expect(endpoint.status).toBe(201);
    phone = await gw.pairAgent(admin, { deliveryMs: 50 });
  });

  afterAll(async () => {
    await gw?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
    await sdk.shutdown();
  });

  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('links API → insert → queue wait → dispatch → socket → phone → status report → webhook', async () => {
    const sent = await gw.request('POST', '/v1/messages', {
      token: admin,
      json: { to: '+14155550142', body: 'traced hello' },
    });
    expect(sent.status).toBe(202);
    const id: string = sent.body.id;
    await gw.waitForStatus(admin, id, ['delivered']);
    const delivered = await waitFor(
      () => hooks.filter((h) => h.body.data.id === id),
      (list) => list.length >= 2,
      { what: 'the sent and delivered webhooks', timeoutMs: 15_000 },
    );

    const api = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /v1/messages');
    expect(api, 'the API call has a server span named by its route').toBeDefined();
    expect(api!.attributes['http.route']).toBe('/v1/messages');
    const traceId = api!.spanContext().traceId;
    // Spans end after the webhook is answered: wait for the last ones to be exported.
    const spans = await waitFor(
      () => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId),
      (list) => list.filter((s) => s.name === 'webhook deliver').length >= 2,
      { what: 'both webhook attempts in the trace', timeoutMs: 10_000 },
    );
    const one = (name: string, where: (s: ReadableSpan) => boolean = () => true) => {
      const found = spans.filter((s) => s.name === name && where(s));
      expect(found, `exactly one "${name}" span in the trace`).toHaveLength(1);
      return found[0];
    };
    const id_ = (s: ReadableSpan) => s.spanContext().spanId;

    // API: the row is written (pg) and queued (ioredis) inside the request's trace.
    const statement = (s: ReadableSpan) => {
      const text = s.attributes['db.query.text'] ?? s.attributes['db.statement'];
      return typeof text === 'string' ? text : '';
    };
    const insert = spans.find((s) => s.name.startsWith('pg.query') && /INSERT INTO messages/.test(statement(s)));
    expect(insert, 'the INSERT of the message is a pg span of the request').toBeDefined();
    expect(parentOf(insert!)).toBe(api!.spanContext().spanId);
    const redis = spans.filter((s) => s.instrumentationScope.name === '@opentelemetry/instrumentation-ioredis');
    expect(redis.some((s) => parentOf(s) === api!.spanContext().spanId && s.name === 'evalsha')).toBe(true);

    // The queue: its wait and the dispatch attempt both continue the request (through job data).
    const wait = one('dispatch queue wait');
    const dispatch = one('dispatch');
    expect(parentOf(wait)).toBe(id_(api!));
    expect(parentOf(dispatch)).toBe(id_(api!));
    expect(dispatch.attributes['sms.message.id']).toBe(id);
    expect(dispatch.attributes['sms.dispatch.outcome']).toBe('sending');

    // The socket: the hand-over is a child of the dispatch, the phone's send a child of the hand-over.
    const handOver = one('agent message.send');
    expect(parentOf(handOver)).toBe(id_(dispatch));
    expect(handOver.attributes['sms.ack']).toBe('accepted');
    const phone = one('phone sms.send');
    expect(parentOf(phone)).toBe(id_(handOver));
    expect(phone.instrumentationScope.name).toBe('sms-gateway-agent');
    expect(phone.attributes['sms.status']).toBe('sent');

    // The phone's reports continue its span; each status change's webhook continues its report.
    const reports = spans.filter((s) => s.name === 'agent message.status');
    expect(reports.map((r) => r.attributes['sms.status']).sort()).toEqual(['delivered', 'sent']);
    for (const report of reports) expect(parentOf(report)).toBe(id_(phone));
    const webhooks = spans.filter((s) => s.name === 'webhook deliver');
    expect(webhooks.map((w) => parentOf(w)).sort()).toEqual(reports.map(id_).sort());

    // The webhook's HTTP request is a client span of its attempt and tells the receiver the trace.
    for (const attempt of webhooks) {
      const post = spans.find((s) => s.kind === SpanKind.CLIENT && parentOf(s) === id_(attempt) && s.name === 'POST');
      expect(post, 'the webhook POST is a client span of its attempt').toBeDefined();
    }
    for (const hook of delivered) expect(String(hook.headers.traceparent)).toContain(`-${traceId}-`);
  });

  it('records in each status event the trace of the report that caused it', async () => {
    const sent = await gw.request('POST', '/v1/messages', {
      token: admin,
      json: { to: '+14155550143', body: 'second' },
    });
    await gw.waitForStatus(admin, sent.body.id, ['delivered']);
    const events = await gw.db.query<{ status: string; traceparent: string | null }>(
      `SELECT status, traceparent FROM message_events WHERE message_id = $1 ORDER BY id`,
      [sent.body.id],
    );
    const byStatus = new Map(events.rows.map((e) => [e.status, e.traceparent]));
    const phoneSpans = exporter
      .getFinishedSpans()
      .filter((s) => s.name === 'phone sms.send' && s.attributes['sms.message.id'] === sent.body.id);
    expect(phoneSpans).toHaveLength(1);
    const reportSpans = exporter
      .getFinishedSpans()
      .filter((s) => s.name === 'agent message.status' && s.attributes['sms.message.id'] === sent.body.id);
    // The `delivered` event records the report span that applied it.
    const deliveredReport = reportSpans.find((s) => s.attributes['sms.status'] === 'delivered')!;
    expect(byStatus.get('delivered')).toBe(
      `00-${deliveredReport.spanContext().traceId}-${deliveredReport.spanContext().spanId}-01`,
    );
  });
  it('continues the report of a received SMS into its message.received webhook', async () => {
    phone.transport.simulateIncoming({ from: '+14155550177', body: 'hello gateway', simSlot: 0 });
    await waitFor(
      () => hooks.filter((h) => h.body.type === 'message.received'),
      (list) => list.length === 1,
      { what: 'the message.received webhook', timeoutMs: 15_000 },
    );
    const report = await waitFor(
      () => exporter.getFinishedSpans().find((s) => s.name === 'agent sms.received'),
      (span) => span !== undefined,
      { what: 'the inbound report span' },
    );
    const attempt = await waitFor(
      () =>
        exporter
          .getFinishedSpans()
          .find((s) => s.name === 'webhook deliver' && parentOf(s) === report!.spanContext().spanId),
      (span) => span !== undefined,
      { what: 'the webhook attempt under the inbound report' },
    );
    expect(attempt!.spanContext().traceId).toBe(report!.spanContext().traceId);
    const stored = await gw.db.query<{ traceparent: string }>(
      `SELECT traceparent FROM inbound_messages WHERE "from" = '+14155550177'`,
    );
    expect(stored.rows[0].traceparent).toBe(`00-${report!.spanContext().traceId}-${report!.spanContext().spanId}-01`);
  });
  it('keeps query strings, tokens, numbers, bodies and GraphQL values out of every span', async () => {
    const canaries = {
      token: 'tokcanary4417',
      listedNumber: '14155550191',
      sentNumber: '14155550192',
      graphqlNumber: '14155550193',
      body: 'restcanary body 8812',
      literal: 'literalcanary 5521',
      variable: 'variablecanary 6632',
      hookKey: 'hookcanary991',
      pathNumber: '14155550194',
    };
    const endpoint = await gw.request('POST', '/v1/webhooks', {
      token: admin,
      json: { url: `${receiverUrl}?key=${canaries.hookKey}`, events: ['message.delivered'] },
    });
    expect(endpoint.status).toBe(201);
    // A query string with a number and something that looks like a token (refused, but traced).
    await gw.request('GET', `/v1/messages?to=%2B${canaries.listedNumber}`, { token: admin });
    await gw.request('GET', `/v1/messages?access_token=${canaries.token}`, { token: admin });
    await gw.request('GET', `/v1/conversations/%2B${canaries.pathNumber}/messages`, { token: admin });
    const sent = await gw.request('POST', '/v1/messages', {
      token: admin,
      json: { to: `+${canaries.sentNumber}`, body: canaries.body },
    });
    expect(sent.status).toBe(202);
    const viaGraphql = await gw.graphql(
      `mutation($to: String!, $body: String!) {
         a: sendMessage(input: { to: "+${canaries.graphqlNumber}", body: "${canaries.literal}" }) { id }
         b: sendMessage(input: { to: $to, body: $body }) { id }
       }`,
      { to: `+${canaries.graphqlNumber}`, body: canaries.variable },
      admin,
    );
    expect(viaGraphql.body.errors).toBeUndefined();
    await gw.waitForStatus(admin, sent.body.id, ['delivered']);
    await waitFor(
      () => hooks.filter((h) => h.body.type === 'message.delivered' && h.body.data.id === sent.body.id),
      (list) => list.length === 2,
      { what: 'the delivered webhooks of the canary message', timeoutMs: 15_000 },
    );

    const secrets = [...Object.values(canaries), admin.split('.')[2]];
    const leaks: string[] = [];
    // The gateway's spans: not the server spans of this test's own webhook receiver.
    const receiverPort = (receiver.address() as AddressInfo).port;
    const ours = exporter
      .getFinishedSpans()
      .filter((s) => !(s.kind === SpanKind.SERVER && s.attributes['server.port'] === receiverPort));
    for (const span of ours) {
      const text = JSON.stringify({
        name: span.name,
        attributes: span.attributes,
        events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
        status: span.status,
      });
      for (const secret of secrets)
        if (text.includes(secret)) leaks.push(`${span.name}: ${secret} in ${text.slice(0, 400)}`);
    }
    expect(leaks).toEqual([]);
  });
});
