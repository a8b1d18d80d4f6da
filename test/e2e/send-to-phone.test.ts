import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

describe('one SMS from the API to a phone and back', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    token = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('delivers a message sent through REST via a paired headless phone, recording every status as an event', async () => {
    const phone = await gw.pairAgent(token, { name: 'rest-phone', deliveryMs: 0 });
    const res = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: '+4915123456789', body: 'Hello from REST' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      to: '+4915123456789',
      body: 'Hello from REST',
      status: 'queued',
      segments: 1,
      encoding: 'GSM-7',
    });

    const done = await gw.waitForStatus(token, res.body.id, ['delivered']);
    expect(done.deviceId).toBe(phone.deviceId);
    expect(done.sentAt).not.toBeNull();
    expect(done.deliveredAt).not.toBeNull();
    expect(done.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
    expect(done.events[1]).toMatchObject({ source: 'dispatcher', deviceId: phone.deviceId, attempt: 1 });
    expect(done.events[3]).toMatchObject({ source: 'device', deviceId: phone.deviceId });

    const transmitted = phone.transport.sent.filter((s) => s.id === res.body.id);
    expect(transmitted).toHaveLength(1);
    expect(transmitted[0]).toMatchObject({ to: '+4915123456789', body: 'Hello from REST' });
  });

  it('delivers a message sent through the GraphQL sendMessage mutation, and the message query shows its events', async () => {
    const sent = await gw.graphql(
      `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id status segments encoding } }`,
      { input: { to: '+14155550123', body: 'Grüße from GraphQL 😀' } },
      token,
    );
    expect(sent.body.errors).toBeUndefined();
    const id: string = sent.body.data.sendMessage.id;
    expect(sent.body.data.sendMessage).toMatchObject({ status: 'queued', segments: 1, encoding: 'UCS-2' });

    await gw.waitForStatus(token, id, ['delivered']);
    const queried = await gw.graphql(
      `query M($id: ID!) { message(id: $id) { id status events { status source } } }`,
      { id },
      token,
    );
    expect(queried.body.data.message.status).toBe('delivered');
    expect(queried.body.data.message.events.map((e: { status: string }) => e.status)).toEqual([
      'queued',
      'sending',
      'sent',
      'delivered',
    ]);
  });

  it('marks a message failed with the SIM error code when the phone cannot send it to that number', async () => {
    const other = await gw.createAccount('Failing SIM account');
    await gw.pairAgent(other.token, { name: 'broken-sim', failRate: 1, failCode: 'INVALID_DESTINATION' });
    const res = await gw.request('POST', '/v1/messages', {
      token: other.token,
      json: { to: '+4915123456789', body: 'will fail' },
    });
    expect(res.status).toBe(202);
    const failed = await gw.waitForStatus(other.token, res.body.id, ['failed', 'delivered']);
    expect(failed.status).toBe('failed');
    expect(failed.errorCode).toBe('INVALID_DESTINATION');
    expect(failed.events.map((e: { status: string }) => e.status)).toEqual(['queued', 'sending', 'failed']);
  });

  it('retries a transient SIM failure and, when every attempt fails, fails the message with a dead letter', async () => {
    const other = await gw.createAccount('Flaky SIM account');
    const phone = await gw.pairAgent(other.token, { name: 'flaky-sim', failRate: 1, failCode: 'GENERIC_FAILURE' });
    const res = await gw.request('POST', '/v1/messages', {
      token: other.token,
      json: { to: '+4915123456789', body: 'try hard' },
    });
    const failed = await gw.waitForStatus(other.token, res.body.id, ['failed', 'delivered'], 20_000);
    expect(failed).toMatchObject({
      status: 'failed',
      errorCode: 'GENERIC_FAILURE',
      attempts: gw.config.DISPATCH_MAX_ATTEMPTS,
    });
    const sends = failed.events.filter((e: { status: string }) => e.status === 'sending');
    expect(sends.map((e: { attempt: number }) => e.attempt)).toEqual([1, 2, 3, 4, 5]);
    // Each attempt really went to the radio again (the phone takes a newer attempt of a failed message).
    expect(phone.transport.sent.filter((s) => s.id === res.body.id)).toHaveLength(gw.config.DISPATCH_MAX_ATTEMPTS);
    const letters = await gw.request('GET', '/v1/messages/dead-letters', { token: other.token });
    expect(letters.body.data).toEqual([
      expect.objectContaining({ messageId: res.body.id, errorCode: 'GENERIC_FAILURE', attempts: 5 }),
    ]);
  });

  it('keeps a message while no phone is online, spending no attempt, and hands it out the moment a phone comes online', async () => {
    const lonely = await gw.createAccount('No phones yet');
    const res = await gw.request('POST', '/v1/messages', {
      token: lonely.token,
      json: { to: '+4915123456789', body: 'nobody home' },
    });
    expect(res.status).toBe(202);
    // Longer than every back-off of every attempt together: it used to be failed by then.
    const { DISPATCH_BACKOFF_MS: base, DISPATCH_BACKOFF_MAX_MS: max, DISPATCH_MAX_ATTEMPTS: attempts } = gw.config;
    const allBackoffs = Array.from({ length: attempts }, (_, i) => Math.min(max, base * 2 ** i)).reduce(
      (a, b) => a + b,
    );
    await new Promise((r) => setTimeout(r, allBackoffs * 2 + 2000));
    const waiting = await gw.message(lonely.token, res.body.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 0, errorCode: null });
    // A phone comes online: the message is handed out at once, not at the next recheck (30 s).
    const phone = await gw.pairAgent(lonely.token, { name: 'back-online' });
    const delivered = await gw.waitForStatus(lonely.token, res.body.id, ['delivered'], 15_000);
    expect(delivered).toMatchObject({ attempts: 1, deviceId: phone.deviceId });
  });

  it('ends a message that waited for a phone all its TTL as expired, never sent', async () => {
    const lonely = await gw.createAccount('Still no phones');
    const res = await gw.request('POST', '/v1/messages', {
      token: lonely.token,
      json: { to: '+4915123456789', body: 'too late', ttlSeconds: 60 },
    });
    const expired = await gw.waitForStatus(lonely.token, res.body.id, ['expired', 'failed'], 75_000);
    expect(expired).toMatchObject({ status: 'expired', attempts: 0 });
  }, 90_000);
});
