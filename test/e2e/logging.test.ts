import fs from 'node:fs';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { traceFields } from '../../src/common/logging.js';
import { DEFAULT_KEYWORD_REPLIES } from '../../src/modules/auth/entities/account.entity.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const SENT = '+4915123456789';
const BATCH = ['+4915123450001', '+4915123450002'];
const INBOUND_FROM = '+14155550123';
const STOP_FROM = '+4917612345678';
const FAILED = '+4915199999999';
const NUMBERS = [SENT, ...BATCH, INBOUND_FROM, STOP_FROM, FAILED];

const BODIES = [
  'single secret alpha',
  'batch secret bravo',
  'batch secret charlie',
  'inbound secret delta',
  'doomed secret echo',
  DEFAULT_KEYWORD_REPLIES.stop,
];

/**
 * Every line the gateway logs on the send path (at debug): JSON, no phone number in full, no
 * message text, and the request id on each line logged while serving a request.
 */
describe('logs on the send path', () => {
  let gw: TestGateway;
  const lines: string[] = [];

  beforeAll(async () => {
    // pino writes through sonic-boom with fs.write/fs.writeSync on fd 1: keep its lines, pass the rest on.
    const write = fs.write.bind(fs) as (...args: unknown[]) => void;
    const writeSync = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
    const isLog = (fd: unknown, data: unknown) => fd === 1 && String(data).startsWith('{"level"');
    vi.spyOn(fs, 'write').mockImplementation((...args: unknown[]) => {
      if (!isLog(args[0], args[1])) return write(...args);
      lines.push(...String(args[1]).split('\n').filter(Boolean));
      const callback = args[args.length - 1] as (e: null, n: number) => void;
      process.nextTick(callback, null, Buffer.byteLength(String(args[1])));
    });
    vi.spyOn(fs, 'writeSync').mockImplementation((...args: unknown[]) => {
      if (!isLog(args[0], args[1])) return writeSync(...args);
      lines.push(...String(args[1]).split('\n').filter(Boolean));
      return Buffer.byteLength(String(args[1]));
    });
    gw = await TestGateway.start({ LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    await gw?.stop();
    vi.restoreAllMocks();
  });

  it('logs JSON with the request id, masked numbers and no message text for sends, batches, inbound, STOP and failures', async () => {
    const token = await gw.login();
    const phone = await gw.pairAgent(token, { name: 'log-phone', deliveryMs: 0 });

    const single = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: SENT, body: BODIES[0] },
      // With a key the send takes the path that logs 'message accepted' inside the request.
      headers: { 'x-request-id': 'log-test-send', 'idempotency-key': 'log-test-send-1' },
    });
    expect(single.status).toBe(202);
    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: { messages: [0, 1].map((i) => ({ to: BATCH[i], body: BODIES[1 + i] })) },
    });
    expect(batch.status).toBe(202);
    await gw.waitForStatus(token, single.body.id, ['delivered']);
    for (const r of batch.body.results as { message: { id: string } }[]) {
      await gw.waitForStatus(token, r.message.id, ['delivered']);
    }

    phone.transport.simulateIncoming({ from: INBOUND_FROM, body: BODIES[3], simSlot: 0 });
    phone.transport.simulateIncoming({ from: STOP_FROM, body: 'STOP', simSlot: 0 });
    await waitFor(
      () => phone.transport.sent.filter((s) => s.to === STOP_FROM),
      (r) => r.length > 0,
      { what: 'the STOP confirmation' },
    );
    await waitFor(
      () => gw.db.query('SELECT count(*)::int AS n FROM inbound_messages').then((r) => r.rows[0].n as number),
      (n) => n >= 2,
      { what: 'both inbound SMS stored' },
    );
    // A number in a URL path is masked too.
    await gw.request('GET', `/v1/suppressions/${encodeURIComponent(STOP_FROM)}`, { token });

    const other = await gw.createAccount('Failing SIM');
    await gw.pairAgent(other.token, { name: 'broken-sim', failRate: 1, failCode: 'INVALID_DESTINATION' });
    const doomed = await gw.request('POST', '/v1/messages', {
      token: other.token,
      json: { to: FAILED, body: BODIES[4] },
    });
    expect(doomed.status).toBe(202);
    expect((await gw.waitForStatus(other.token, doomed.body.id, ['failed', 'delivered'])).status).toBe('failed');
    // Let the last lines (the STOP reply's delivery, the failure) reach the log.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(lines.length).toBeGreaterThan(20);
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown> & { req?: { id?: unknown }; msg?: string };
      } catch {
        throw new Error(`not JSON: ${line}`);
      }
    });
    for (const line of lines) {
      for (const number of NUMBERS) {
        expect(line, 'a phone number in full').not.toContain(number);
        expect(line, 'a phone number in full').not.toContain(number.slice(1));
      }
      for (const body of BODIES) expect(line, 'a message text').not.toContain(body);
    }
    // Every line about a request names it; the send's own lines carry the caller's X-Request-Id.
    for (const entry of parsed.filter((p) => p.req !== undefined)) expect(typeof entry.req!.id).toBe('string');
    const ofSend = parsed.filter((p) => p.req?.id === 'log-test-send');
    expect(ofSend.map((p) => p.msg)).toEqual(expect.arrayContaining(['message accepted', 'request completed']));
    const accepted = ofSend.find((p) => p.msg === 'message accepted')!;
    expect(JSON.stringify(accepted)).toContain('+4915*******89');
    expect(parsed.find((p) => p.msg === 'device paired')?.req?.id).toEqual(expect.any(String));
    // The masked forms are there, so the lines are about these numbers.
    expect(lines.some((l) => l.includes('+4917*******78'))).toBe(true);
  });
});

describe('trace fields in log lines', () => {
  it('adds the trace and span id of an active span, and nothing without one', () => {
    expect(traceFields(ROOT_CONTEXT)).toEqual({});
    const span = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    expect(traceFields(trace.setSpan(ROOT_CONTEXT, span))).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
    const invalid = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    expect(traceFields(trace.setSpan(ROOT_CONTEXT, invalid))).toEqual({});
  });
});
