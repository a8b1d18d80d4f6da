import { describe, expect, it } from '@jest/globals';
import { SimulatedSmsTransport, type IncomingSms } from '../../../src/lib/index';
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
