import { describe, expect, it, vi } from 'vitest';
import { SmsTransportError, type IncomingSms, type PartEvent } from '../../../../src/lib/sms-transport.js';
import {
  INCOMING_EVENT,
  NativeSmsTransport,
  PART_EVENT,
  type NativeIncomingSms,
  type NativeSim,
  type SmsTransportNativeModule,
} from '../native-sms-transport.js';

/** Stands in for NativeEventEmitter: what the Java module emits, tests emit here. */
class FakeEvents {
  readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  addListener(event: string, cb: (payload: unknown) => void): { remove(): void } {
    const set = this.listeners.get(event) ?? new Set();
    set.add(cb);
    this.listeners.set(event, set);
    return { remove: () => set.delete(cb) };
  }

  emit(event: string, payload: unknown): void {
    for (const cb of [...(this.listeners.get(event) ?? [])]) {
      cb(payload);
    }
  }

  count(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

/** Two SIMs whose subscription ids differ from their slots, as on real phones. */
const SIMS: NativeSim[] = [
  { slot: 0, subscriptionId: 3, phoneNumber: '+4915112345689', operator: 'Telekom' },
  { slot: 1, subscriptionId: 7, operator: 'Vodafone' },
];

function setup(options: { sims?: NativeSim[]; inbox?: NativeIncomingSms[] } = {}) {
  const calls: string[] = [];
  let inbox = options.inbox ?? [];
  const module = {
    listSims: vi.fn(() => Promise.resolve(options.sims ?? SIMS)),
    send: vi.fn((_id: string, _to: string, body: string, _sub: number | null) =>
      Promise.resolve({ parts: body.length > 160 ? 2 : 1 }),
    ),
    startListening: vi.fn(() => {
      calls.push('start');
      return Promise.resolve();
    }),
    stopListening: vi.fn(() => {
      calls.push('stop');
      return Promise.resolve();
    }),
    drainInbox: vi.fn(() => {
      calls.push('drain');
      const drained = inbox;
      inbox = [];
      return Promise.resolve(drained);
    }),
  } satisfies SmsTransportNativeModule;
  const events = new FakeEvents();
  const problems: string[] = [];
  const transport = new NativeSmsTransport({ module, events, onProblem: (p) => problems.push(p) });
  return { module, events, transport, calls, problems };
}

const nativeError = (code: string, message = code): Error => Object.assign(new Error(message), { code });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('NativeSmsTransport SIMs and sending', () => {
  it('lists SIMs by slot without exposing subscription ids', async () => {
    const { transport } = setup();
    expect(await transport.listSims()).toEqual([
      { slot: 0, phoneNumber: '+4915112345689', operator: 'Telekom' },
      { slot: 1, operator: 'Vodafone' },
    ]);
  });

  it('sends to the subscription of the requested slot, listing SIMs once when unknown', async () => {
    const { transport, module } = setup();
    await transport.send({ id: 'm1', to: '+1', body: 'hi', simSlot: 1 });
    await transport.send({ id: 'm2', to: '+1', body: 'hi', simSlot: 0 });
    expect(module.send.mock.calls.map((c) => c[3])).toEqual([7, 3]);
    expect(module.listSims).toHaveBeenCalledTimes(1);
  });

  it('lets Android choose the SIM when no slot is requested', async () => {
    const { transport, module } = setup();
    expect(await transport.send({ id: 'm1', to: '+1', body: 'x'.repeat(200) })).toEqual({ parts: 2 });
    expect(module.send).toHaveBeenCalledWith('m1', '+1', 'x'.repeat(200), null);
    expect(module.listSims).not.toHaveBeenCalled();
  });

  it('refuses a slot without a SIM with NO_SUCH_SIM and sends nothing', async () => {
    const { transport, module } = setup();
    const sending = transport.send({ id: 'm1', to: '+1', body: 'hi', simSlot: 2 });
    await expect(sending).rejects.toBeInstanceOf(SmsTransportError);
    await expect(sending).rejects.toMatchObject({ code: 'NO_SUCH_SIM' });
    expect(module.send).not.toHaveBeenCalled();
  });

  it('finds a SIM inserted after the last listing by listing again', async () => {
    let sims: NativeSim[] = SIMS.slice(0, 1);
    const { transport, module } = setup();
    module.listSims.mockImplementation(() => Promise.resolve(sims));
    await transport.listSims();
    sims = SIMS;
    await transport.send({ id: 'm1', to: '+1', body: 'hi', simSlot: 1 });
    expect(module.send.mock.calls[0]?.[3]).toBe(7);
  });

  it('turns native rejections into SmsTransportError with the native code', async () => {
    const { transport, module } = setup();
    module.send.mockRejectedValueOnce(nativeError('PERMISSION_DENIED', 'SEND_SMS is not granted'));
    await expect(transport.send({ id: 'm1', to: '+1', body: 'hi' })).rejects.toMatchObject({
      name: 'SmsTransportError',
      code: 'PERMISSION_DENIED',
      message: 'SEND_SMS is not granted',
    });
    module.send.mockRejectedValueOnce(nativeError('NO_SUCH_SIM'));
    await expect(transport.send({ id: 'm2', to: '+1', body: 'hi' })).rejects.toMatchObject({ code: 'NO_SUCH_SIM' });
    module.listSims.mockRejectedValueOnce(nativeError('PERMISSION_DENIED'));
    await expect(transport.listSims()).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('reports a rejection without a usable code as GENERIC_FAILURE', async () => {
    const { transport, module } = setup();
    module.send.mockRejectedValueOnce(nativeError('EUNSPECIFIED'));
    await expect(transport.send({ id: 'm1', to: '+1', body: 'hi' })).rejects.toMatchObject({ code: 'GENERIC_FAILURE' });
    module.send.mockRejectedValueOnce('bridge gone');
    await expect(transport.send({ id: 'm2', to: '+1', body: 'hi' })).rejects.toMatchObject({ code: 'GENERIC_FAILURE' });
  });

  it('still resolves when the native result lacks a part count, since the radio has the message', async () => {
    const { transport, module, problems } = setup();
    module.send.mockResolvedValueOnce({} as { parts: number });
    expect(await transport.send({ id: 'm1', to: '+1', body: 'x'.repeat(200) })).toEqual({ parts: 2 });
    expect(problems).toHaveLength(1);
  });
});

describe('NativeSmsTransport part events', () => {
  const sent = { messageId: 'm1', partIndex: 1, partCount: 2, kind: 'sent', ok: false, errorCode: 'NO_SERVICE' };
  const delivered = { messageId: 'm1', partIndex: 0, partCount: 2, kind: 'delivered', ok: true, tpStatus: 0 };

  it('forwards valid part events to every listener', () => {
    const { transport, events } = setup();
    const a: PartEvent[] = [];
    const b: PartEvent[] = [];
    transport.onPartEvent((e) => a.push(e));
    transport.onPartEvent((e) => b.push(e));
    events.emit(PART_EVENT, sent);
    events.emit(PART_EVENT, delivered);
    expect(a).toEqual([sent, delivered]);
    expect(b).toEqual(a);
  });

  it('drops and counts malformed part events without throwing', () => {
    const { transport, events, problems } = setup();
    const received: PartEvent[] = [];
    transport.onPartEvent((e) => received.push(e));
    const malformed: unknown[] = [
      null,
      'sent',
      { ...sent, messageId: '' },
      { ...sent, partIndex: 2 },
      { ...sent, partIndex: -1 },
      { ...sent, partCount: 0 },
      { ...sent, partIndex: 0.5 },
      { ...sent, kind: 'queued' },
      { ...sent, ok: 'false' },
      { ...sent, errorCode: 5 },
      { ...delivered, tpStatus: 0x100 },
      { ...delivered, tpStatus: '0' },
    ];
    for (const payload of malformed) {
      expect(() => events.emit(PART_EVENT, payload)).not.toThrow();
    }
    expect(received).toEqual([]);
    expect(transport.malformedEvents).toBe(malformed.length);
    expect(problems).toHaveLength(malformed.length);
  });

  it('keeps only the fields of a part event it knows', () => {
    const { transport, events } = setup();
    const received: PartEvent[] = [];
    transport.onPartEvent((e) => received.push(e));
    events.emit(PART_EVENT, { ...delivered, extra: 'x' });
    expect(received).toEqual([delivered]);
  });

  it('shields native code from a listener that throws', () => {
    const { transport, events, problems } = setup();
    const received: PartEvent[] = [];
    transport.onPartEvent(() => {
      throw new Error('boom');
    });
    transport.onPartEvent((e) => received.push(e));
    expect(() => events.emit(PART_EVENT, sent)).not.toThrow();
    expect(received).toHaveLength(1);
    expect(problems).toEqual(['a transport listener threw']);
  });

  it('unsubscribes from native events when the last listener leaves', () => {
    const { transport, events } = setup();
    const offA = transport.onPartEvent(() => undefined);
    const offB = transport.onPartEvent(() => undefined);
    expect(events.count(PART_EVENT)).toBe(1);
    offA();
    expect(events.count(PART_EVENT)).toBe(1);
    offB();
    expect(events.count(PART_EVENT)).toBe(0);
  });
});

describe('NativeSmsTransport incoming SMS', () => {
  const stored: NativeIncomingSms = {
    from: '+4917612345678',
    body: 'sent while the app was down',
    receivedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    subscriptionId: 7,
    slot: 1,
  };

  it('starts listening, then drains the inbox once, on the first subscription', async () => {
    const { transport, calls } = setup({ inbox: [stored] });
    const a: IncomingSms[] = [];
    const b: IncomingSms[] = [];
    transport.onIncoming((sms) => a.push(sms));
    transport.onIncoming((sms) => b.push(sms));
    await settle();
    expect(calls).toEqual(['start', 'drain']);
    expect(a).toEqual([{ from: stored.from, body: stored.body, receivedAt: new Date(stored.receivedAt), simSlot: 1 }]);
    expect(b).toEqual(a);
  });

  it('delivers a live SMS with its whole body, a Date and the SIM slot', async () => {
    const { transport, events } = setup();
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    await settle();
    const body = 'long '.repeat(100);
    events.emit(INCOMING_EVENT, {
      from: '+4917612345678',
      body,
      receivedAt: 1_700_000_000_000,
      subscriptionId: 3,
      slot: 0,
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({ from: '+4917612345678', body, receivedAt: new Date(1_700_000_000_000), simSlot: 0 });
    expect(received[0]?.receivedAt).toBeInstanceOf(Date);
  });

  it('takes the slot from the subscription when Android did not name it', async () => {
    const { transport, events } = setup();
    await transport.listSims();
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    await settle();
    events.emit(INCOMING_EVENT, { ...stored, subscriptionId: 7, slot: -1 });
    expect(received[0]?.simSlot).toBe(1);
  });

  it('drops and counts malformed incoming events', async () => {
    const { transport, events } = setup();
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    await settle();
    for (const payload of [
      undefined,
      { ...stored, from: '' },
      { ...stored, body: null },
      { ...stored, receivedAt: Number.NaN },
      { ...stored, receivedAt: '2025-01-02' },
      { ...stored, slot: undefined },
    ]) {
      expect(() => events.emit(INCOMING_EVENT, payload)).not.toThrow();
    }
    expect(received).toEqual([]);
    expect(transport.malformedEvents).toBe(6);
  });

  it('stops listening when the last subscriber leaves, and drains again on the next first subscription', async () => {
    const { transport, events, calls } = setup();
    const offA = transport.onIncoming(() => undefined);
    const offB = transport.onIncoming(() => undefined);
    offA();
    await settle();
    expect(calls).toEqual(['start', 'drain']);
    offB();
    await settle();
    expect(calls).toEqual(['start', 'drain', 'stop']);
    expect(events.count(INCOMING_EVENT)).toBe(0);
    transport.onIncoming(() => undefined);
    await settle();
    expect(calls).toEqual(['start', 'drain', 'stop', 'start', 'drain']);
  });

  it('keeps start and stop in call order when unsubscribed at once', async () => {
    const { transport, calls } = setup();
    transport.onIncoming(() => undefined)();
    await settle();
    expect(calls).toEqual(['start', 'drain', 'stop']);
  });

  it('reports a failed start instead of throwing', async () => {
    const { transport, module, problems } = setup();
    module.startListening.mockRejectedValueOnce(nativeError('PERMISSION_DENIED'));
    expect(() => transport.onIncoming(() => undefined)).not.toThrow();
    await settle();
    expect(problems).toEqual(['cannot start listening for incoming SMS']);
    expect(module.drainInbox).not.toHaveBeenCalled();
  });
});
