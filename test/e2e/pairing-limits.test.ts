import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

/** Crockford base32 (no I, L, O, U), 12 characters: 60 bits. */
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * Pairing codes cannot be guessed: they are long, an address may try only so many a minute, and
 * one that keeps missing is locked out. Every test client is 127.0.0.1, trusted as a proxy here, so
 * each test speaks for its own address through X-Forwarded-For.
 */
describe('pairing: long codes, a per-address limit and a lock after misses', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start({ TRUST_PROXY: '127.0.0.1', PAIR_PER_MINUTE: '10', PAIR_MISSES_PER_IP: '5' });
    token = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const newDevice = async (): Promise<{ id: string; code: string }> => {
    const res = await gw.request('POST', '/v1/devices', { token, json: { name: 'phone' } });
    expect(res.status).toBe(201);
    return { id: res.body.device.id, code: res.body.pairing.code };
  };
  const pair = (code: string, from: string) =>
    gw.request('POST', '/v1/agent/pair', { json: { code }, headers: { 'x-forwarded-for': from } });
  const paired = async (id: string): Promise<boolean> => {
    const { rows } = await gw.db.query<{ paired: boolean }>(
      'SELECT token_hash IS NOT NULL AS paired FROM devices WHERE id = $1',
      [id],
    );
    return rows[0].paired;
  };

  it('issues codes of 60 bits as XXXX-XXXX-XXXX, for a new device and a new pairing alike', async () => {
    const { id, code } = await newDevice();
    expect(code).toMatch(CODE_FORMAT);
    const again = await gw.request('POST', `/v1/devices/${id}/pairing`, { token });
    expect(again.body.code).toMatch(CODE_FORMAT);
    // Typed in lower case or without its dashes, the code still pairs.
    const res = await pair(again.body.code.replace(/-/g, '').toLowerCase(), '203.0.113.1');
    expect(res.status).toBe(201);
  });

  it('locks an address out after 5 unknown codes: even a right code is refused and pairs nothing', async () => {
    const { id, code } = await newDevice();
    const from = '203.0.113.2';
    for (let i = 0; i < 5; i++) {
      const miss = await pair(`ZZZZ-ZZZZ-ZZ${i}Z`, from);
      expect(miss.status).toBe(400);
      expect(miss.body.code).toBe('INVALID_PAIRING_CODE');
    }
    const locked = await pair(code, from);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(locked.body.detail).toContain('unknown pairing codes');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await paired(id)).toBe(false);
    // Another address is not locked: the phone that holds the code pairs.
    expect((await pair(code, '203.0.113.3')).status).toBe(201);
    expect(await paired(id)).toBe(true);
  });

  it('counts parallel misses before looking any code up, so a burst gets no more than 5 guesses', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pair(`YYYY-YYYY-Y${String(i).padStart(2, '0')}Y`, '203.0.113.4')),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('allows 10 pairing attempts a minute per address, misses or not, and refuses the 11th', async () => {
    const from = '203.0.113.5';
    for (let i = 0; i < 10; i++) {
      const { code } = await newDevice();
      expect((await pair(code, from)).status).toBe(201);
    }
    const { id, code } = await newDevice();
    const refused = await pair(code, from);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(refused.body.detail).toContain('pairing attempts');
    expect(await paired(id)).toBe(false);
  });
});
