import { describe, expect, it, vi } from 'vitest';
import { SmsTransportError, type IncomingSms, type PartEvent } from '../../../../src/lib/sms-transport.js';
import {
  INBOUND_QUEUED_EVENT,
  NativeSmsTransport,
  REPORTS_QUEUED_EVENT,
  type NativeIncomingSms,
  type NativeReport,
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

/** The Java module's two persistent queues, in memory: items stay until acknowledged by id. */
class FakeQueue<T extends { id: string }> {
  items: unknown[] = [];
  readonly acks: string[][] = [];

  pending = vi.fn(() => Promise.resolve(structuredClone(this.items)));
  ack = vi.fn((ids: string[]) => {
    this.acks.push(ids);
    this.items = this.items.filter((item) => !ids.includes((item as T | null)?.id ?? ''));
    return Promise.resolve();
  });
}

function setup(
  options: { sims?: NativeSim[]; inbox?: unknown[]; reports?: unknown[]; stored?: () => Promise<void> } = {},
) {
  const inbound = new FakeQueue<NativeIncomingSms>();
  inbound.items = options.inbox ?? [];
  const reports = new FakeQueue<NativeReport>();
  reports.items = options.reports ?? [];
  const module = {
    listSims: vi.fn(() => Promise.resolve(options.sims ?? SIMS)),
    send: vi.fn((_id: string, _to: string, body: string, _sub: number | null) =>
      Promise.resolve({ parts: body.length > 160 ? 2 : 1 }),
    ),
    pendingInbound: inbound.pending as unknown as SmsTransportNativeModule['pendingInbound'],
    ackInbound: inbound.ack,
    pendingReports: reports.pending as unknown as SmsTransportNativeModule['pendingReports'],
    ackReports: reports.ack,
  } satisfies SmsTransportNativeModule;
  const events = new FakeEvents();
  const problems: string[] = [];
  const transport = new NativeSmsTransport({
    module,
    events,
    onProblem: (p) => problems.push(p),
    ...(options.stored ? { stored: options.stored } : {}),
  });
  return { module, events, transport, inbound, reports, problems };
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

describe("NativeSmsTransport reports (SmsReportReceiver's queue)", () => {
  const sent = { messageId: 'm1', partIndex: 1, partCount: 2, kind: 'sent', ok: false, errorCode: 'NO_SERVICE' };
  const delivered = { messageId: 'm1', partIndex: 0, partCount: 2, kind: 'delivered', ok: true, tpStatus: 0 };

  it('reads what was queued before the first subscription, hands it to every listener, then acks it', async () => {
    const { transport, reports } = setup({ reports: [{ id: 'r1', ...sent }] });
    const a: PartEvent[] = [];
    const b: PartEvent[] = [];
    transport.onPartEvent((e) => a.push(e));
    transport.onPartEvent((e) => b.push(e));
    await settle();

    expect(a).toEqual([sent]);
    expect(b).toEqual(a);
    expect(reports.acks).toEqual([['r1']]);
    expect(reports.items).toEqual([]);
  });

  it('reads the queue again when the receiver says it queued more, handing over only new reports', async () => {
    const { transport, events, reports } = setup();
    const received: PartEvent[] = [];
    transport.onPartEvent((e) => received.push(e));
    await settle();

    reports.items.push({ id: 'r1', ...sent }, { id: 'r2', ...delivered });
    events.emit(REPORTS_QUEUED_EVENT, null);
    events.emit(REPORTS_QUEUED_EVENT, null);
    await settle();
    await settle();

    expect(received).toEqual([sent, delivered]);
    expect(reports.acks).toEqual([['r1', 'r2']]);
  });

  it('acks only once what the listeners stored is durable, and keeps the reports when storing failed', async () => {
    let finish: (() => void) | undefined;
    let fail: ((error: Error) => void) | undefined;
    const stored = vi
      .fn<() => Promise<void>>()
      .mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)))
      .mockImplementationOnce(() => new Promise<void>((_, reject) => (fail = reject)));
    const { transport, events, reports, problems } = setup({ reports: [{ id: 'r1', ...sent }], stored });
    const received: PartEvent[] = [];
    transport.onPartEvent((e) => received.push(e));
    await settle();
    expect(received).toHaveLength(1);
    expect(reports.acks).toEqual([]);
    finish?.();
    await settle();
    expect(reports.acks).toEqual([['r1']]);

    reports.items.push({ id: 'r2', ...delivered });
    events.emit(REPORTS_QUEUED_EVENT, null);
    await settle();
    fail?.(new Error('disk full'));
    await settle();
    events.emit(REPORTS_QUEUED_EVENT, null);
    await settle();

    expect(reports.acks).toEqual([['r1']]);
    expect(reports.items).toEqual([{ id: 'r2', ...delivered }]);
    // Not handed over twice in this runtime: the agent has it; the next start reads it again.
    expect(received).toEqual([sent, delivered]);
    expect(problems).toEqual(['cannot read the report queue']);
  });

  it('drops, counts and acks malformed reports without throwing', async () => {
    const malformed: unknown[] = [
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
    ].map((report, i) => ({ id: `bad${i}`, ...report }));
    const { transport, reports, problems } = setup({ reports: [null, 'sent', ...malformed] });
    const received: PartEvent[] = [];
    transport.onPartEvent((e) => received.push(e));
    await settle();

    expect(received).toEqual([]);
    expect(transport.malformedEvents).toBe(malformed.length + 2);
    expect(problems).toHaveLength(malformed.length + 2);
    expect(reports.acks).toEqual([malformed.map((r) => (r as { id: string }).id)]);
  });

  it('keeps only the fields of a report it knows', async () => {
    const { transport } = setup({ reports: [{ id: 'r1', ...delivered, extra: 'x' }] });
    const received: PartEvent[] = [];
    transport.onPartEvent((e) => received.push(e));
    await settle();
    expect(received).toEqual([delivered]);
  });

  it('shields native code from a listener that throws', async () => {
    const { transport, problems } = setup({ reports: [{ id: 'r1', ...sent }] });
    const received: PartEvent[] = [];
    transport.onPartEvent(() => {
      throw new Error('boom');
    });
    transport.onPartEvent((e) => received.push(e));
    await settle();
    expect(received).toHaveLength(1);
    expect(problems).toEqual(['a transport listener threw']);
  });

  it('unsubscribes from native events when the last listener leaves, and reads nothing without listeners', async () => {
    const { transport, events, reports } = setup();
    const offA = transport.onPartEvent(() => undefined);
    const offB = transport.onPartEvent(() => undefined);
    expect(events.count(REPORTS_QUEUED_EVENT)).toBe(1);
    offA();
    expect(events.count(REPORTS_QUEUED_EVENT)).toBe(1);
    offB();
    expect(events.count(REPORTS_QUEUED_EVENT)).toBe(0);
    await settle();
    expect(reports.pending).not.toHaveBeenCalled();
  });
});

describe("NativeSmsTransport received SMS (SmsInboxReceiver's queue)", () => {
  const stored: NativeIncomingSms = {
    id: 'in1',
    from: '+4917612345678',
    body: 'sent while the app was down',
    receivedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    subscriptionId: 7,
    slot: 1,
  };

  it('reads the queue on the first subscription, hands each SMS to every listener, then acks it', async () => {
    const { transport, inbound } = setup({ inbox: [stored] });
    const a: IncomingSms[] = [];
    const b: IncomingSms[] = [];
    transport.onIncoming((sms) => a.push(sms));
    transport.onIncoming((sms) => b.push(sms));
    await settle();
    expect(inbound.pending).toHaveBeenCalledTimes(1);
    expect(a).toEqual([
      { queueId: 'in1', from: stored.from, body: stored.body, receivedAt: new Date(stored.receivedAt), simSlot: 1 },
    ]);
    expect(b).toEqual(a);
    expect(inbound.acks).toEqual([['in1']]);
  });

  it('acks an SMS only after what the listeners stored is durable', async () => {
    const order: string[] = [];
    const stored_ = () => {
      order.push('stored');
      return Promise.resolve();
    };
    const { transport, inbound } = setup({ inbox: [stored], stored: stored_ });
    inbound.ack.mockImplementation((ids: string[]) => {
      order.push(`ack ${ids.join(',')}`);
      return Promise.resolve();
    });
    transport.onIncoming(() => order.push('handed'));
    await settle();
    expect(order).toEqual(['handed', 'stored', 'ack in1']);
  });

  it('delivers an SMS queued while running with its whole body, a Date and the SIM slot', async () => {
    const { transport, events, inbound } = setup();
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    await settle();
    const body = 'long '.repeat(100);
    inbound.items.push({
      id: 'in2',
      from: '+4917612345678',
      body,
      receivedAt: 1_700_000_000_000,
      subscriptionId: 3,
      slot: 0,
    });
    events.emit(INBOUND_QUEUED_EVENT, null);
    await settle();
    expect(received).toHaveLength(1);
    expect(received[0]).toEqual({
      queueId: 'in2',
      from: '+4917612345678',
      body,
      receivedAt: new Date(1_700_000_000_000),
      simSlot: 0,
    });
    expect(received[0]?.receivedAt).toBeInstanceOf(Date);
  });

  it('takes the slot from the subscription when Android did not name it', async () => {
    const { transport } = setup({ inbox: [{ ...stored, subscriptionId: 7, slot: -1 }] });
    await transport.listSims();
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    await settle();
    expect(received[0]?.simSlot).toBe(1);
  });

  it('drops and counts malformed queued SMS', async () => {
    const { transport } = setup({
      inbox: [
        undefined,
        { ...stored, id: undefined },
        { ...stored, id: 'a', from: '' },
        { ...stored, id: 'b', body: null },
        { ...stored, id: 'c', receivedAt: Number.NaN },
        { ...stored, id: 'd', receivedAt: '2025-01-02' },
        { ...stored, id: 'e', slot: undefined },
      ],
    });
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    await settle();
    expect(received).toEqual([]);
    expect(transport.malformedEvents).toBe(7);
  });

  it('stops hearing the receiver when the last subscriber leaves, and reads again on the next first subscription', async () => {
    const { transport, events, inbound } = setup();
    const offA = transport.onIncoming(() => undefined);
    const offB = transport.onIncoming(() => undefined);
    offA();
    await settle();
    expect(inbound.pending).toHaveBeenCalledTimes(1);
    offB();
    expect(events.count(INBOUND_QUEUED_EVENT)).toBe(0);
    transport.onIncoming(() => undefined);
    await settle();
    expect(inbound.pending).toHaveBeenCalledTimes(2);
  });

  it('reports a failed read instead of throwing', async () => {
    const { transport, inbound, problems } = setup();
    inbound.pending.mockRejectedValueOnce(nativeError('GENERIC_FAILURE'));
    expect(() => transport.onIncoming(() => undefined)).not.toThrow();
    await settle();
    expect(problems).toEqual(['cannot read the received SMS queue']);
    expect(inbound.acks).toEqual([]);
  });
});
