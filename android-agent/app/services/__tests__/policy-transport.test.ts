import { describe, expect, it } from '@jest/globals';
import {
  SimulatedSmsTransport,
  SmsTransportError,
  type IncomingSms,
  type SendRequest,
  type SimInfo,
} from '../../../src/lib/index';
import { PolicyTransport, type PhonePolicy } from '../policy-transport';

function setup(policy: PhonePolicy, sims = 2) {
  let now = 1_000_000;
  const inner = new SimulatedSmsTransport({ sims, deliveryMs: -1 });
  const transport = new PolicyTransport(
    inner,
    () => policy,
    () => now,
  );
  return { inner, transport, advance: (ms: number) => (now += ms) };
}

/** The native module without READ_PHONE_STATE: the SIM list is refused, sending by default SIM works. */
class NoPhoneStateTransport extends SimulatedSmsTransport {
  readonly requests: SendRequest[] = [];
  granted = false;

  override listSims(): Promise<SimInfo[]> {
    return this.granted
      ? super.listSims()
      : Promise.reject(new SmsTransportError('PERMISSION_DENIED', 'READ_PHONE_STATE is not granted'));
  }

  override send(request: SendRequest) {
    this.requests.push(request);
    return Promise.resolve({ parts: 1 });
  }
}

describe('PolicyTransport without READ_PHONE_STATE', () => {
  function unreadable(policy: PhonePolicy) {
    const inner = new NoPhoneStateTransport({ sims: 2, deliveryMs: -1 });
    return { inner, transport: new PolicyTransport(inner, () => policy) };
  }

  it("lists no SIM instead of failing, and sends through Android's default SIM", async () => {
    const { transport, inner } = unreadable({ disabledSimSlots: [], maxPartsPerMinute: 30 });

    expect(await transport.listSims()).toEqual([]);
    await transport.send({ id: 'm1', to: '+12025550123', body: 'hi' });

    expect(inner.requests).toEqual([{ id: 'm1', to: '+12025550123', body: 'hi', simSlot: undefined }]);
  });

  it('refuses a message sent to a particular SIM, naming the missing permission', async () => {
    const { transport, inner } = unreadable({ disabledSimSlots: [], maxPartsPerMinute: 30 });

    await expect(transport.send({ id: 'm1', to: '+12025550123', body: 'hi', simSlot: 1 })).rejects.toMatchObject({
      code: 'NO_SUCH_SIM',
      message: 'SIM 2 was asked for, but without READ_PHONE_STATE this phone cannot choose a SIM',
    });
    expect(inner.requests).toEqual([]);
  });

  it('sends to the requested SIM again once the permission is granted', async () => {
    const { transport, inner } = unreadable({ disabledSimSlots: [], maxPartsPerMinute: 30 });
    await expect(transport.send({ id: 'm1', to: '+12025550123', body: 'hi', simSlot: 1 })).rejects.toMatchObject({
      code: 'NO_SUCH_SIM',
    });

    inner.granted = true;
    await transport.send({ id: 'm2', to: '+12025550123', body: 'hi', simSlot: 1 });

    expect(inner.requests).toEqual([{ id: 'm2', to: '+12025550123', body: 'hi', simSlot: 1 }]);
  });

  it('does not use the default SIM when the user turned a SIM off: it may be that one', async () => {
    const { transport, inner } = unreadable({ disabledSimSlots: [1], maxPartsPerMinute: 30 });

    await expect(transport.send({ id: 'm1', to: '+12025550123', body: 'hi' })).rejects.toMatchObject({
      code: 'NO_SUCH_SIM',
    });
    expect(inner.requests).toEqual([]);
  });
});

describe('PolicyTransport', () => {
  it('hides a disabled SIM from the server and refuses to send from it', async () => {
    const { transport, inner } = setup({ disabledSimSlots: [0], maxPartsPerMinute: 30 });
    expect((await transport.listSims()).map((s) => s.slot)).toEqual([1]);
    expect((await transport.allSims()).map((s) => s.slot)).toEqual([0, 1]);
    await expect(transport.send({ id: 'm1', to: '+12025550123', body: 'hi', simSlot: 0 })).rejects.toMatchObject({
      code: 'NO_SUCH_SIM',
    });
    expect(inner.sent).toHaveLength(0);
  });

  it('sends a message without a slot from the first SIM in use, not the default SIM', async () => {
    const { transport, inner } = setup({ disabledSimSlots: [0], maxPartsPerMinute: 30 });
    await transport.send({ id: 'm1', to: '+12025550123', body: 'hi' });
    expect(inner.sent.map((s) => s.simSlot)).toEqual([1]);
  });

  it("refuses with THROTTLED past the phone's parts per minute, and lets the next minute through", async () => {
    const { transport, inner, advance } = setup({ disabledSimSlots: [], maxPartsPerMinute: 2 });
    await transport.send({ id: 'm1', to: '+12025550123', body: 'one' });
    await transport.send({ id: 'm2', to: '+12025550123', body: 'two' });
    expect(transport.budget()).toEqual({ limit: 2, used: 2, left: 0 });
    await expect(transport.send({ id: 'm3', to: '+12025550123', body: 'three' })).rejects.toMatchObject({
      code: 'THROTTLED',
    });
    advance(60_000);
    await transport.send({ id: 'm3', to: '+12025550123', body: 'three' });
    expect(inner.sent.map((s) => s.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('forwards SMS received on a disabled SIM too: an opt-out must reach the server', () => {
    const { transport, inner } = setup({ disabledSimSlots: [1], maxPartsPerMinute: 30 });
    const received: IncomingSms[] = [];
    transport.onIncoming((sms) => received.push(sms));
    inner.simulateIncoming({ from: '+12025550199', body: 'STOP', simSlot: 1 });
    inner.simulateIncoming({ from: '+12025550199', body: 'HELLO', simSlot: 0 });
    expect(received.map((sms) => [sms.body, sms.simSlot])).toEqual([
      ['STOP', 1],
      ['HELLO', 0],
    ]);
  });
});
