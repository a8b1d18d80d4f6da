import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSendPayload } from '@sms-gateway/android-agent/protocol';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

describe('status reports and inbound SMS from phones', () => {
  let gw: TestGateway;
  let token: string;
  let phone: { socket: Socket; received: MessageSendPayload[] };

  beforeAll(async () => {
    gw = await TestGateway.start();
    token = await gw.login();
    const raw = await rawPhone(gw, token, 'raw phone');
    phone = { socket: await raw.connect(), received: raw.received };
  });
  afterAll(async () => {
    phone?.socket.close();
    await gw?.stop();
  });

  async function sendAndWaitForPhone(body: string): Promise<string> {
    const res = await gw.request('POST', '/v1/messages', { token, json: { to: '+4915123456789', body } });
    await gw.waitForStatus(token, res.body.id, ['sending']);
    expect(phone.received.map((p) => p.id)).toContain(res.body.id);
    return res.body.id;
  }

  it('applies each report once and forward only: a duplicate changes nothing', async () => {
    const id = await sendAndWaitForPhone('forward only');
    const sentAt = new Date().toISOString();
    const deliveredAt = new Date(Date.now() + 5).toISOString();
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'sent', at: sentAt })).toEqual({ ok: true });
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'delivered', at: deliveredAt })).toEqual({
      ok: true,
    });
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'sent', at: sentAt })).toEqual({ ok: true });
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'delivered', at: deliveredAt })).toEqual({
      ok: true,
    });
    const message = await gw.message(token, id);
    expect(message).toMatchObject({ status: 'delivered', sentAt, deliveredAt });
    expect(message.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('records both times when delivered overtakes sent, and the late sent leaves the status delivered', async () => {
    const id = await sendAndWaitForPhone('out of order');
    const sentAt = new Date().toISOString();
    const deliveredAt = new Date(Date.now() + 5).toISOString();
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'delivered', at: deliveredAt })).toEqual({
      ok: true,
    });
    expect(await gw.message(token, id)).toMatchObject({ status: 'delivered', sentAt: null, deliveredAt });
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'sent', at: sentAt })).toEqual({ ok: true });
    expect(await phone.socket.emitWithAck('message.status', { id, status: 'sent', at: sentAt })).toEqual({ ok: true });
    const message = await gw.message(token, id);
    expect(message).toMatchObject({ status: 'delivered', sentAt, deliveredAt });
    expect(message.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('fails at once, without a retry, when the phone reports a permanent error', async () => {
    const id = await sendAndWaitForPhone('will fail');
    const at = new Date().toISOString();
    const ack = await phone.socket.emitWithAck('message.status', {
      id,
      status: 'failed',
      at,
      errorCode: 'INVALID_DESTINATION',
    });
    expect(ack).toEqual({ ok: true });
    const message = await gw.message(token, id);
    expect(message).toMatchObject({ status: 'failed', errorCode: 'INVALID_DESTINATION', attempts: 1 });
    expect(message.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'failed']);
  });

  it('turns a phone-side expiry (failed with EXPIRED) into the expired status', async () => {
    const id = await sendAndWaitForPhone('too late');
    await phone.socket.emitWithAck('message.status', {
      id,
      status: 'failed',
      at: new Date().toISOString(),
      errorCode: 'EXPIRED',
    });
    expect(await gw.message(token, id)).toMatchObject({ status: 'expired', errorCode: 'EXPIRED' });
  });

  it('stores an inbound SMS once even when the phone repeats it after a lost ack', async () => {
    const sms = {
      id: 'sms-42',
      from: '+4915123456789',
      body: 'hello gateway',
      receivedAt: new Date().toISOString(),
      simSlot: 0,
    };
    expect(await phone.socket.emitWithAck('sms.received', sms)).toEqual({ ok: true });
    expect(await phone.socket.emitWithAck('sms.received', sms)).toEqual({ ok: true });
    const { rows } = await gw.db.query<{ from: string; body: string; sim_slot: number }>(
      'SELECT "from", body, sim_slot FROM inbound_messages WHERE source_id = \'sms-42\'',
    );
    expect(rows).toEqual([{ from: '+4915123456789', body: 'hello gateway', sim_slot: 0 }]);
  });

  it('stores an SMS that a headless phone receives on its simulated SIM', async () => {
    const headless = await gw.pairAgent(token, { name: 'receiver' });
    headless.transport.simulateIncoming({ from: '+14155550123', body: 'from the radio', simSlot: 0 });
    const rows = await waitFor(
      async () => (await gw.db.query("SELECT device_id FROM inbound_messages WHERE body = 'from the radio'")).rows,
      (r) => r.length > 0,
      { what: 'the inbound SMS to be stored' },
    );
    expect(rows).toEqual([{ device_id: headless.deviceId }]);
  });

  it('refuses a heartbeat with malformed fields and records a valid one on the device', async () => {
    expect(await phone.socket.emitWithAck('heartbeat', { queueDepth: -1 })).toEqual({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
    expect(await phone.socket.emitWithAck('heartbeat', { queueDepth: 3, battery: 80, charging: true })).toEqual({
      ok: true,
    });
    const devices = await gw.request('GET', '/v1/devices', { token });
    expect(devices.body.data.find((d: { name: string }) => d.name === 'raw phone')).toMatchObject({
      online: true,
      battery: 80,
      charging: true,
      queueDepth: 3,
    });
  });
});
