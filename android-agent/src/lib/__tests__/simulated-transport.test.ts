import { describe, expect, it } from 'vitest';
import { countSmsParts } from '../segments.js';
import { SimulatedSmsTransport } from '../simulated-transport.js';
import type { PartEvent } from '../sms-transport.js';
import { waitFor } from './support/wait-for.js';

describe('countSmsParts', () => {
  it('fits 160 GSM-7 characters in one part and 153 per part beyond', () => {
    expect(countSmsParts('a'.repeat(160))).toEqual({ encoding: 'GSM-7', parts: 1 });
    expect(countSmsParts('a'.repeat(161))).toEqual({ encoding: 'GSM-7', parts: 2 });
    expect(countSmsParts('a'.repeat(306))).toEqual({ encoding: 'GSM-7', parts: 2 });
    expect(countSmsParts('a'.repeat(307))).toEqual({ encoding: 'GSM-7', parts: 3 });
  });

  it('counts GSM-7 extension characters as two', () => {
    expect(countSmsParts('€'.repeat(80)).parts).toBe(1);
    expect(countSmsParts('€'.repeat(81)).parts).toBe(2);
  });

  it('switches to UCS-2 (70, then 67 per part) for any other character', () => {
    expect(countSmsParts('й'.repeat(70))).toEqual({ encoding: 'UCS-2', parts: 1 });
    expect(countSmsParts('й'.repeat(71))).toEqual({ encoding: 'UCS-2', parts: 2 });
    expect(countSmsParts('й'.repeat(135)).parts).toBe(3);
  });

  it('counts an empty body as one part', () => {
    expect(countSmsParts('').parts).toBe(1);
  });
});

function collect(transport: SimulatedSmsTransport): PartEvent[] {
  const events: PartEvent[] = [];
  transport.onPartEvent((e) => events.push(e));
  return events;
}

describe('SimulatedSmsTransport', () => {
  it('lists its SIMs in slots from 0', async () => {
    const sims = await new SimulatedSmsTransport({ sims: 2 }).listSims();
    expect(sims.map((s) => s.slot)).toEqual([0, 1]);
    expect(sims[0]?.phoneNumber).toMatch(/^\+1202555\d{4}$/);
  });

  it('logs each transmission and resolves with its part count', async () => {
    const logged: string[] = [];
    const transport = new SimulatedSmsTransport({ sendLog: (e) => logged.push(e.id) });
    const result = await transport.send({ id: 'm1', to: '+4915112345689', body: 'x'.repeat(200) });
    expect(result).toEqual({ parts: 2 });
    expect(transport.sent).toMatchObject([{ id: 'm1', to: '+4915112345689', simSlot: 0, parts: 2 }]);
    expect(logged).toEqual(['m1']);
    transport.close();
  });

  it('emits part events only after send returns, sent before delivered', async () => {
    const transport = new SimulatedSmsTransport();
    const events = collect(transport);
    const sending = transport.send({ id: 'm1', to: '+1', body: 'x'.repeat(200) });
    expect(events).toEqual([]);
    await sending;
    await waitFor(() => events.length === 4);
    expect(events.map((e) => `${e.kind}:${e.partIndex}/${e.partCount}:${e.ok}`)).toEqual([
      'sent:0/2:true',
      'sent:1/2:true',
      'delivered:0/2:true',
      'delivered:1/2:true',
    ]);
    expect(events[2]?.tpStatus).toBe(0);
  });

  it('fails sends at failRate with failCode and then sends no delivery report', async () => {
    const transport = new SimulatedSmsTransport({ failRate: 0.5, failCode: 'NO_SERVICE', random: () => 0.4 });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'hi' });
    await waitFor(() => events.length === 1);
    expect(events[0]).toMatchObject({ kind: 'sent', ok: false, errorCode: 'NO_SERVICE' });
    expect(transport.sent[0]?.errorCode).toBe('NO_SERVICE');
    transport.close();
  });

  it('reports undelivered with a permanent TP-Status at undeliveredRate', async () => {
    const transport = new SimulatedSmsTransport({ undeliveredRate: 1 });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'hi' });
    await waitFor(() => events.length === 2);
    expect(events[1]).toMatchObject({ kind: 'delivered', ok: false, tpStatus: 0x41 });
  });

  it('sends no delivery report when deliveryMs is negative', async () => {
    const transport = new SimulatedSmsTransport({ deliveryMs: -1 });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'hi' });
    await waitFor(() => events.length === 1);
    expect(events[0]?.kind).toBe('sent');
    transport.close();
  });

  it('refuses a send to a missing SIM with NO_SUCH_SIM and transmits nothing', async () => {
    const transport = new SimulatedSmsTransport({ sims: 1 });
    await expect(transport.send({ id: 'm1', to: '+1', body: 'hi', simSlot: 1 })).rejects.toMatchObject({
      code: 'NO_SUCH_SIM',
    });
    expect(transport.sent).toEqual([]);
  });

  it('refuses sends over partsPerMinute with THROTTLED until the minute has passed', async () => {
    let now = 0;
    const transport = new SimulatedSmsTransport({ partsPerMinute: 3, clock: () => new Date(now) });
    await transport.send({ id: 'a', to: '+1', body: 'x'.repeat(200) });
    await transport.send({ id: 'b', to: '+1', body: 'hi' });
    await expect(transport.send({ id: 'c', to: '+1', body: 'hi' })).rejects.toMatchObject({ code: 'THROTTLED' });
    now = 60_000;
    await transport.send({ id: 'c', to: '+1', body: 'hi' });
    expect(transport.sent.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    transport.close();
  });

  it('delivers simulated incoming SMS to every listener', () => {
    const transport = new SimulatedSmsTransport({ sims: 2 });
    const received: unknown[] = [];
    const off = transport.onIncoming((sms) => received.push(sms));
    transport.simulateIncoming({ from: '+4917612345678', body: 'STOP', simSlot: 1 });
    off();
    transport.simulateIncoming({ from: '+4917612345678', body: 'again' });
    expect(received).toEqual([{ from: '+4917612345678', body: 'STOP', simSlot: 1, receivedAt: expect.any(Date) }]);
  });

  it('rejects a failRate outside 0..1', () => {
    expect(() => new SimulatedSmsTransport({ failRate: 1.5 })).toThrow(RangeError);
  });

  it('fails only the parts failPart names, and reports delivery for the others', async () => {
    const transport = new SimulatedSmsTransport({
      failPart: (id, partIndex) => (id === 'm1' && partIndex === 1 ? 'NO_SERVICE' : undefined),
    });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'x'.repeat(400) });
    await waitFor(() => events.length === 5);
    expect(events.map((e) => `${e.kind}:${e.partIndex}:${e.ok}:${e.errorCode ?? ''}`)).toEqual([
      'sent:0:true:',
      'sent:1:false:NO_SERVICE',
      'sent:2:true:',
      'delivered:0:true:',
      'delivered:2:true:',
    ]);
    expect(transport.sent[0]).toMatchObject({ parts: 3, errorCode: 'NO_SERVICE', failedParts: [1] });
    transport.close();
  });

  it('fails parts independently at partFailRate with failCode', async () => {
    const draws = [0.9, 0.1];
    const transport = new SimulatedSmsTransport({
      partFailRate: 0.5,
      failCode: 'NO_SERVICE',
      deliveryMs: -1,
      random: () => draws.shift() ?? 0.9,
    });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'x'.repeat(200) });
    await waitFor(() => events.length === 2);
    expect(events.map((e) => e.ok)).toEqual([true, false]);
    expect(events[1]?.errorCode).toBe('NO_SERVICE');
    expect(transport.sent[0]?.failedParts).toEqual([1]);
    transport.close();
  });

  it('sends a pending TP-Status report before the final one when pendingTpStatus is set', async () => {
    const transport = new SimulatedSmsTransport({ pendingTpStatus: 0x30, deliveryMs: 5 });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'hi' });
    await waitFor(() => events.length === 2);
    expect(events[1]).toMatchObject({ kind: 'delivered', ok: false, tpStatus: 0x30 });
    await waitFor(() => events.length === 3);
    expect(events[2]).toMatchObject({ kind: 'delivered', ok: true, tpStatus: 0 });
    transport.close();
  });

  it('follows a pending report with a permanent failure at undeliveredRate', async () => {
    const transport = new SimulatedSmsTransport({ pendingTpStatus: 0x21, undeliveredRate: 1 });
    const events = collect(transport);
    await transport.send({ id: 'm1', to: '+1', body: 'hi' });
    await waitFor(() => events.length === 3);
    expect(events.slice(1).map((e) => e.tpStatus)).toEqual([0x21, 0x41]);
    transport.close();
  });

  it('rejects a pendingTpStatus outside 0x20..0x3F and a partFailRate outside 0..1', () => {
    expect(() => new SimulatedSmsTransport({ pendingTpStatus: 0x00 })).toThrow(RangeError);
    expect(() => new SimulatedSmsTransport({ pendingTpStatus: 0x40 })).toThrow(RangeError);
    expect(() => new SimulatedSmsTransport({ partFailRate: -0.1 })).toThrow(RangeError);
  });

  it('delivers an incoming SMS longer than one part as one message with its whole body', () => {
    const transport = new SimulatedSmsTransport();
    const received: { body: string }[] = [];
    transport.onIncoming((sms) => received.push(sms));
    const body = `${'GSM '.repeat(100)}und dann: ${'й'.repeat(150)}`;
    expect(countSmsParts(body).parts).toBeGreaterThan(3);
    transport.simulateIncoming({ from: '+4917612345678', body });
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toBe(body);
  });
});
