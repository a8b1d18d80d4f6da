import { afterEach, describe, expect, it } from 'vitest';
import { pairDevice, PairingError } from '../pairing.js';
import { TestServer } from './support/test-server.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('pairDevice', () => {
  it('exchanges a pairing code for the device id and token', async () => {
    server = await new TestServer({ pairingCodes: ['CODE-1'], deviceId: 'dev_9', token: 'tok_9' }).listen();

    const paired = await pairDevice(`${server.url}/`, 'CODE-1', { appVersion: '1.0.0', sims: [{ slot: 0 }] });

    expect(paired).toEqual({ deviceId: 'dev_9', token: 'tok_9' });
    expect(server.pairRequests).toEqual([{ code: 'CODE-1', device: { appVersion: '1.0.0', sims: [{ slot: 0 }] } }]);
  });

  it('throws a PairingError carrying the problem+json code on refusal', async () => {
    server = await new TestServer({ pairingCodes: ['CODE-1'] }).listen();

    const error = await pairDevice(server.url, 'WRONG').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PairingError);
    expect(error).toMatchObject({ code: 'INVALID_PAIRING_CODE', status: 422 });
    expect((error as Error).message).toContain('INVALID_PAIRING_CODE');
  });

  it('falls back to HTTP_<status> when the error body has no code', async () => {
    const fakeFetch = (() =>
      Promise.resolve(new Response('oops', { status: 502, statusText: 'Bad Gateway' }))) as typeof fetch;

    await expect(pairDevice('http://gw', 'C', undefined, { fetch: fakeFetch })).rejects.toMatchObject({
      code: 'HTTP_502',
      status: 502,
    });
  });

  it('refuses a success answer without deviceId and token', async () => {
    const fakeFetch = (() => Promise.resolve(Response.json({ hello: 'world' }, { status: 201 }))) as typeof fetch;

    await expect(pairDevice('http://gw', 'C', undefined, { fetch: fakeFetch })).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });
});
