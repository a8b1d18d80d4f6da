import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';

/** What a phone sends is input like any other: one socket per phone, and every value checked. */
describe('a phone that misbehaves on the agent socket', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('has one socket per phone: a new connection with the same token replaces the earlier one', async () => {
    const phone = await rawPhone(gw, owner, 'twice');
    const first = await phone.connect();
    const dropped = new Promise<string>((resolve) => first.on('disconnect', resolve));
    const second = await phone.connect();
    expect(await dropped).toBe('io server disconnect');
    expect(second.connected).toBe(true);
    const third = await phone.connect();
    await waitFor(
      () => second.connected,
      (c) => !c,
      { what: 'the second socket to be replaced by the third' },
    );
    expect(third.connected).toBe(true);
    third.disconnect();
  });

  it('refuses times a phone cannot have seen and senders with control characters, storing nothing', async () => {
    const phone = await rawPhone(gw, owner, 'bad values');
    const socket = await phone.connect();
    const before = await gw.footprint();
    const sms = { from: '+4915123450000', body: 'hello', receivedAt: new Date().toISOString(), simSlot: 0 };
    const bad = [
      { ...sms, receivedAt: '1970-01-01T00:00:00Z' },
      { ...sms, receivedAt: '2999-01-01T00:00:00Z' },
      { ...sms, from: 'Shop\u0007' },
      { ...sms, from: 'x'.repeat(33) },
    ];
    for (const payload of bad) {
      expect(await socket.timeout(5000).emitWithAck('sms.received', payload)).toEqual({
        ok: false,
        code: 'VALIDATION_FAILED',
      });
    }
    const report = { id: '01a24416-a913-74c4-a60f-78db1bfeb875', status: 'sent', at: '2999-01-01T00:00:00Z' };
    expect(await socket.timeout(5000).emitWithAck('message.status', report)).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(await gw.footprint()).toEqual(before);
    // An alphanumeric sender id is a sender.
    expect(await socket.timeout(5000).emitWithAck('sms.received', { ...sms, from: 'ACME Bank' })).toEqual({ ok: true });
    socket.disconnect();
  });

  it("stores a garbage answer to message.send as INVALID_ACK, not the phone's bytes", async () => {
    const account = await gw.createAccount('Garbage acks');
    const phone = await rawPhone(gw, account.token, 'garbage');
    const socket = await phone.connect([], () => ({ accepted: false, code: { nested: 'x'.repeat(10_000) } }));
    const sent = await gw.request('POST', '/v1/messages', { token: account.token, json: { to: TO, body: 'hi' } });
    const codes = await waitFor(
      async () =>
        (
          await gw.db.query<{ error_code: string | null }>(
            'SELECT error_code FROM message_events WHERE message_id = $1 AND error_code IS NOT NULL',
            [sent.body.id],
          )
        ).rows.map((r) => r.error_code),
      (c) => c.length > 0,
      { what: 'the refused hand-over to be recorded' },
    );
    expect(new Set(codes)).toEqual(new Set(['INVALID_ACK']));
    socket.disconnect();
  });
});
