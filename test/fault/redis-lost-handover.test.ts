import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSendPayload } from '@sms-gateway/android-agent/protocol';
import { TestGateway } from '../support/gateway.js';
import { PrivateRedis } from '../support/private-services.js';
import { NO_ACK, rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

/**
 * A phone that did not acknowledge a hand-over in time keeps the message (`sending`), and the
 * dispatch job retries it to that phone later. That retry lives in Redis: when Redis restarts
 * empty, the phone (still connected, so it never says hello again) must get the message again
 * anyway. Under API_PROCESSES every hand-over crosses Redis, so a Redis restart catches some.
 */
describe('Redis restarting empty while a hand-over waits for its retry', () => {
  let redis: PrivateRedis;
  let gw: TestGateway;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    gw = await TestGateway.start({
      REDIS_URL: redis.url,
      DISPATCH_ACK_TIMEOUT_MS: '300',
      // The retry would wait a minute: long after the test's deadline, so only a new job passes it.
      DISPATCH_BACKOFF_MS: '60000',
      DISPATCH_BACKOFF_MAX_MS: '60000',
      SWEEP_INTERVAL_MS: '200',
    });
  }, 60_000);

  afterAll(async () => {
    await gw?.stop();
    await redis?.stop();
  });

  it('gives the message to the same phone again once Redis is back, and the phone sends it once', async () => {
    const token = await gw.login();
    const phone = await rawPhone(gw, token, 'slow-to-ack');
    let acking = false;
    await phone.connect([], (_payload: MessageSendPayload) => (acking ? { accepted: true } : NO_ACK));

    const sent = await gw.request('POST', '/v1/messages', { token, json: { to: '+4915123456789', body: 'in flight' } });
    expect(sent.status).toBe(202);
    const id = sent.body.id as string;
    await waitFor(
      () => phone.received.length,
      (n) => n === 1,
      { what: 'the first hand-over' },
    );
    // The hand-over timed out: the message stays on the phone, and its retry waits in Redis.
    const client = new Redis(redis.url);
    try {
      await waitFor(
        () => client.zcard(`${gw.config.REDIS_PREFIX}:dispatch:delayed`),
        (n) => n === 1,
        { what: 'the retry waiting in Redis' },
      );
    } finally {
      client.disconnect();
    }
    expect((await gw.request('GET', `/v1/messages/${id}`, { token })).body.status).toBe('sending');

    acking = true;
    await redis.kill();
    await redis.up();

    await waitFor(
      () => phone.received.map((p) => p.id),
      (ids) => ids.length >= 2,
      { timeoutMs: 15_000, what: 'the message handed to the phone again' },
    );
    expect(new Set(phone.received.map((p) => p.id))).toEqual(new Set([id]));
    const message = (await gw.request('GET', `/v1/messages/${id}`, { token })).body;
    expect(message).toMatchObject({ status: 'sending', deviceId: phone.deviceId });
  }, 60_000);
});
