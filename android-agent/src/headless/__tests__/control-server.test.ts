import { request } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestServer } from '../../lib/__tests__/support/test-server.js';
import { waitFor } from '../../lib/__tests__/support/wait-for.js';
import { startHeadlessAgent, type HeadlessAgent } from '../index.js';

let server: TestServer;
let phone: HeadlessAgent;
let port: number;

beforeEach(async () => {
  server = await new TestServer({ deviceId: 'dev_c', token: 'tok_c' }).listen();
  phone = await startHeadlessAgent({ server: server.url, token: 'tok_c', sims: 2, controlPort: 0 });
  port = phone.controlPort ?? 0;
});

afterEach(async () => {
  await phone.stop();
  await server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

/** A raw HTTP request (fetch would not let a test set Host or send a body with GET). */
function call(
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/inbound',
        headers: options.headers ?? { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const post = (body: unknown): Promise<Answer> => call({ body: JSON.stringify(body) });

/** Resolves with the error code of a TCP connection attempt, or 'connected'. */
function tryConnect(host: string, to: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port: to });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the control port', () => {
  it('turns POST /inbound into an sms.received to the server, on the first SIM or the one asked for', async () => {
    expect(port).toBeGreaterThan(0);

    expect(await post({ from: '+4915123456789', body: 'STOP' })).toMatchObject({ status: 202, json: { ok: true } });
    expect(
      await call({
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
        body: JSON.stringify({ from: 'DHL', body: '', simSlot: 1 }),
      }),
    ).toMatchObject({ status: 202, json: { ok: true } });

    await waitFor(() => server.inbound.length === 2);
    expect(server.inbound.map((i) => i.payload)).toMatchObject([
      { from: '+4915123456789', body: 'STOP', simSlot: 0 },
      { from: 'DHL', body: '', simSlot: 1 },
    ]);
    expect(typeof server.inbound[0]?.payload.receivedAt).toBe('string');
  });

  const tooLong = 'x'.repeat(64 * 1024 + 1);
  it.each<[string, Parameters<typeof call>[0], number, string]>([
    ['bad JSON', { body: '{"from":' }, 400, 'MALFORMED_JSON'],
    ['an empty body', { body: '' }, 400, 'MALFORMED_JSON'],
    ['a JSON array', { body: '[]' }, 400, 'VALIDATION_FAILED'],
    ['JSON null', { body: 'null' }, 400, 'VALIDATION_FAILED'],
    ['a number as from', { body: '{"from":4915123456789,"body":"hi"}' }, 400, 'VALIDATION_FAILED'],
    ['an empty from', { body: '{"from":" ","body":"hi"}' }, 400, 'VALIDATION_FAILED'],
    [
      'a from over 32 characters',
      { body: JSON.stringify({ from: '1'.repeat(33), body: 'hi' }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['no body', { body: '{"from":"+4915123456789"}' }, 400, 'VALIDATION_FAILED'],
    [
      'a body over 10,000 characters',
      { body: JSON.stringify({ from: '+4915123456789', body: 'a'.repeat(10_001) }) },
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown field', { body: '{"from":"+49","body":"hi","to":"+1"}' }, 400, 'VALIDATION_FAILED'],
    ['a fractional simSlot', { body: '{"from":"+49","body":"hi","simSlot":0.5}' }, 400, 'VALIDATION_FAILED'],
    ['a string simSlot', { body: '{"from":"+49","body":"hi","simSlot":"1"}' }, 400, 'VALIDATION_FAILED'],
    ['a simSlot with no SIM', { body: '{"from":"+49","body":"hi","simSlot":2}' }, 400, 'NO_SUCH_SIM'],
    ['a negative simSlot', { body: '{"from":"+49","body":"hi","simSlot":-1}' }, 400, 'NO_SUCH_SIM'],
    [
      'a text/plain body',
      { headers: { 'content-type': 'text/plain' }, body: '{"from":"+49","body":"hi"}' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['no content type', { headers: {}, body: '{"from":"+49","body":"hi"}' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over 64 KiB', { body: tooLong }, 413, 'PAYLOAD_TOO_LARGE'],
    [
      'a chunked body over 64 KiB',
      { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: tooLong },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['GET /inbound', { method: 'GET', headers: {} }, 405, 'METHOD_NOT_ALLOWED'],
    ['PUT /inbound', { method: 'PUT', body: '{"from":"+49","body":"hi"}' }, 405, 'METHOD_NOT_ALLOWED'],
    ['another path', { path: '/outbound', body: '{"from":"+49","body":"hi"}' }, 404, 'NOT_FOUND'],
    ['the root', { path: '/', method: 'GET', headers: {} }, 404, 'NOT_FOUND'],
    [
      'a foreign Host (DNS rebinding)',
      { headers: { 'content-type': 'application/json', host: 'evil.example' }, body: '{"from":"+49","body":"hi"}' },
      403,
      'FORBIDDEN_HOST',
    ],
  ])('refuses %s and simulates nothing', async (_name, options, status, code) => {
    const answer = await call(options);

    expect(answer).toMatchObject({ status, json: { ok: false, code } });
    expect(typeof answer.json.detail).toBe('string');
    if (status === 405) {
      expect(answer.headers.allow).toBe('POST');
    }
    // A good request after the bad one: the server sees it, and only it.
    expect((await post({ from: '+4915123456789', body: 'after' })).status).toBe(202);
    await waitFor(() => server.inbound.length > 0);
    expect(server.inbound.map((i) => i.payload.body)).toEqual(['after']);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a?.address ?? '');
    for (const host of [...others, '::1']) {
      // ::1 may be missing altogether (EADDRNOTAVAIL): unreachable either way.
      expect(await tryConnect(host, port), host).not.toBe('connected');
    }
  });

  it('is closed by stop()', async () => {
    await phone.stop();

    expect(await tryConnect('127.0.0.1', port)).toBe('ECONNREFUSED');
  });

  it('refuses to start, and leaves no agent running, when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as AddressInfo).port;
    try {
      await expect(
        startHeadlessAgent({ server: server.url, token: 'tok_c', controlPort: taken }),
      ).rejects.toMatchObject({ code: 'CONTROL_PORT_UNAVAILABLE' });
      // The phone of beforeEach is the only one that connected and stayed.
      await waitFor(() => server.connections === 2);
      await waitFor(() => server.socket?.connected === false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
