import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UrlGuard } from '../url-guard.js';
import { MAX_ERROR_BODY_BYTES, postWebhook } from '../webhook-sender.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];

async function listen(host: string, port: number, handler: Handler): Promise<{ port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return { port: (server.address() as AddressInfo).port, hits };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const ok: Handler = (_req, res) => res.writeHead(204).end();

/** A resolver whose answers change from one lookup to the next, as a rebinding DNS server's do. */
function rebinding(...answers: string[]) {
  const calls: string[] = [];
  const resolve = (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const address = answers[Math.min(calls.length - 1, answers.length - 1)];
    return Promise.resolve([{ address, family: 4 }]);
  };
  return { resolve, calls };
}

describe('postWebhook and the DNS rebinding defence', () => {
  it('connects to the address the guard checked, although DNS now answers 127.0.0.1', async () => {
    // Two receivers on one port: 127.0.0.2 (allowed for this test) and 127.0.0.1 (loopback, refused).
    const allowed = await listen('127.0.0.2', 0, ok);
    const loopback = await listen('127.0.0.1', allowed.port, ok);
    const dns = rebinding('127.0.0.2', '127.0.0.1');
    const target = await new UrlGuard('127.0.0.2', dns.resolve).vet(`http://rebind.example.com:${allowed.port}/hook`);

    const result = await postWebhook(target, '{}', {}, 2000);
    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    expect(allowed.hits).toEqual(['POST /hook']);
    expect(loopback.hits).toEqual([]);
    expect(dns.calls).toEqual(['rebind.example.com']);
  });

  it('never reaches loopback when DNS answers a public address first and 127.0.0.1 afterwards', async () => {
    const loopback = await listen('127.0.0.1', 0, ok);
    const dns = rebinding('93.184.215.14', '127.0.0.1');
    const target = await new UrlGuard('', dns.resolve).vet(`http://rebind.example.com:${loopback.port}/hook`);
    expect(target.addresses).toEqual([{ address: '93.184.215.14', family: 4 }]);

    // The public address does not answer here (or refuses the port): a failed attempt, not loopback.
    const result = await postWebhook(target, '{}', {}, 300);
    expect(result.ok).toBe(false);
    expect(loopback.hits).toEqual([]);
    expect(dns.calls).toHaveLength(1);
  });
});

describe('postWebhook', () => {
  const at = (port: number, path = '/hook') => ({
    url: new URL(`http://127.0.0.1:${port}${path}`),
    addresses: [{ address: '127.0.0.1', family: 4 }],
  });

  it('POSTs the body as JSON with the given headers and reports the status and latency', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | undefined;
    const receiver = await listen('127.0.0.1', 0, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        res.writeHead(200).end('thanks');
      });
    });
    const result = await postWebhook(at(receiver.port), '{"type":"x"}', { 'webhook-id': 'abc' }, 2000);
    expect(result).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(seen?.body).toBe('{"type":"x"}');
    expect(seen?.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'abc' });
  });

  it('does not follow a redirect: a 3xx is a failed attempt and its target is never asked', async () => {
    const inside = await listen('127.0.0.1', 0, ok);
    const receiver = await listen('127.0.0.1', 0, (_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` }).end(),
    );
    const result = await postWebhook(at(receiver.port), '{}', {}, 2000);
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(result.error).toContain('redirects are not followed');
    expect(inside.hits).toEqual([]);
  });

  it('keeps at most 1 KiB of a failure answer', async () => {
    const receiver = await listen('127.0.0.1', 0, (_req, res) => res.writeHead(500).end('e'.repeat(100_000)));
    const result = await postWebhook(at(receiver.port), '{}', {}, 2000);
    expect(result).toMatchObject({ ok: false, statusCode: 500 });
    expect(result.error).toBe(`HTTP 500: ${'e'.repeat(MAX_ERROR_BODY_BYTES)}`);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const receiver = await listen('127.0.0.1', 0, () => undefined);
    const result = await postWebhook(at(receiver.port), '{}', {}, 200);
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toContain('no answer within 200 ms');
  });

  it('reports a refused connection as a failed attempt', async () => {
    const receiver = await listen('127.0.0.1', 0, ok);
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const result = await postWebhook(at(receiver.port), '{}', {}, 2000);
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toContain('ECONNREFUSED');
  });
});
