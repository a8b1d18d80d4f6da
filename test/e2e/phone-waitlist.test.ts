import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';

/**
 * A message that waits because none of its account's phones is online goes out as soon as one comes
 * online, not at its recheck (set to a minute here, so only the hand-out can be in time).
 */
describe('messages waiting for a phone', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({ DISPATCH_NO_PHONE_RECHECK_MS: '60000' });
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
  });

  const waiting = (accountId: string) => gw.redis.zcard(`${gw.config.REDIS_PREFIX}:phone-wait:${accountId}`);

  it('go when a phone comes online, on their first attempt', async () => {
    const owner = await gw.createAccount('Waits first');
    const res = await gw.request('POST', '/v1/messages', { token: owner.token, json: { to: TO, body: 'first try' } });
    expect(res.status).toBe(202);
    await waitFor(
      () => waiting(owner.accountId),
      (n) => n === 1,
      { what: 'the message on the waitlist' },
    );
    await gw.pairAgent(owner.token, { name: 'late-phone' });
    await gw.waitForStatus(owner.token, res.body.id, ['delivered'], 10_000);
  });

  // A message that has been on a phone already has a dispatch job of its own for the next attempt
  // (re-queued by a report, a lease, a phone's reconnect or, here, a re-drive).
  it('go when a phone comes online, after an earlier attempt', async () => {
    const owner = await gw.createAccount('Waits again');
    const refuser = await gw.pairAgent(owner.token, { name: 'refuser', failRate: 1, failCode: 'GENERIC_FAILURE' });
    const res = await gw.request('POST', '/v1/messages', { token: owner.token, json: { to: TO, body: 'again' } });
    await gw.waitForStatus(owner.token, res.body.id, ['failed'], 15_000);
    await refuser.stop();
    const redriven = await gw.request('POST', `/v1/messages/${res.body.id}/retry`, { token: owner.token });
    expect(redriven.status).toBe(202);
    await waitFor(
      () => waiting(owner.accountId),
      (n) => n === 1,
      { what: 'the re-driven message on the waitlist' },
    );
    await gw.pairAgent(owner.token, { name: 'second-phone' });
    const done = await gw.waitForStatus(owner.token, res.body.id, ['delivered'], 10_000);
    expect(done.attempts).toBeGreaterThan(1);
  });
});
