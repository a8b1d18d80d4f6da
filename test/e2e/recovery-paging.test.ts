import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../src/modules/messages/queues.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';

/**
 * The recovery sweep gives a queued message whose job was lost its job again. It must reach every
 * account's messages, however many older ones another account has waiting (it inspected the same
 * oldest 1,000 rows on every sweep).
 */
describe('the recovery sweep under one account’s backlog', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await TestGateway.start({ SWEEP_INTERVAL_MS: '200', RECOVERY_QUIET_SECONDS: '1' });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it("recovers another account's lost job behind 1,200 older messages that wait for a phone", async () => {
    // 1,200 messages of an account with no phone: queued, each with a job waiting for a phone.
    const crowd = await gw.createAccount('Crowd');
    for (const part of [0, 1]) {
      const batch = await gw.request('POST', '/v1/messages/batch', {
        token: crowd.token,
        json: { messages: Array.from({ length: 600 }, (_, i) => ({ to: TO, body: `crowd ${part}-${i}` })) },
      });
      expect(batch.status).toBe(202);
    }
    // Another account's message, newer than all of them, whose job is then lost.
    const victim = await gw.createAccount('Victim');
    const sent = await gw.request('POST', '/v1/messages', { token: victim.token, json: { to: TO, body: 'lost job' } });
    const queue = gw.running.app.get<Queue>(getQueueToken(QueueName.Dispatch));
    // Its job waits for a phone (delayed) like the others' before it is lost: an active job is locked.
    const { job } = await waitFor(
      async () => {
        const found = await queue.getJob(sent.body.id);
        return { job: found, state: await found?.getState() };
      },
      (j) => j.state === 'delayed',
      { what: 'the message to have its job, waiting for a phone' },
    );
    await job!.remove();
    expect(await queue.getJob(sent.body.id)).toBeNull();
    // The sweep gives it a job again (it waits for a phone like the others).
    await waitFor(
      () => queue.getJob(sent.body.id),
      (j) => j !== null,
      { timeoutMs: 20_000, what: 'the recovery sweep to give the message its job again' },
    );
    expect((await gw.message(victim.token, sent.body.id)).status).toBe('queued');
  }, 60_000);
});
