import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkJobId, DISPATCH_CHUNK } from '../../src/modules/messages/dispatch-queue.js';
import { DispatchJob, QueueName } from '../../src/modules/messages/queues.js';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';

/**
 * Messages accepted together go to the worker in chunks (issue 18): one `send-many` job for up to
 * DISPATCH_CHUNK first attempts. Every guarantee of one job per message stays: a member that must
 * wait gets a job of its own, and the recovery sweep leaves a live chunk's members alone and
 * gives a lost chunk's members their jobs again.
 */
describe('dispatch in chunks', () => {
  let gw: TestGateway;
  let queue: Queue;
  const chunksKey = () => `${gw.config.REDIS_PREFIX}:${QueueName.Dispatch}:chunks`;

  beforeAll(async () => {
    gw = await TestGateway.start({ SWEEP_INTERVAL_MS: '200', RECOVERY_QUIET_SECONDS: '1' });
    queue = gw.running.app.get<Queue>(getQueueToken(QueueName.Dispatch));
  }, 60_000);
  afterAll(async () => {
    await queue?.resume().catch(() => undefined);
    await gw?.stop();
  });

  async function batch(token: string, n: number, label: string): Promise<string[]> {
    const res = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: { messages: Array.from({ length: n }, (_, i) => ({ to: TO, body: `${label} ${i}` })) },
    });
    expect(res.status).toBe(202);
    return res.body.results.map((r: { message: { id: string } }) => r.message.id);
  }

  it('puts a batch in chunks of DISPATCH_CHUNK, one job each, and delivers every message', async () => {
    const owner = await gw.createAccount('Chunks');
    await gw.pairAgent(owner.token, { name: 'chunk-phone' });
    await queue.pause();
    const ids = await batch(owner.token, 2 * DISPATCH_CHUNK + 20, 'chunk');
    const chunks = [0, DISPATCH_CHUNK, 2 * DISPATCH_CHUNK].map((i) => chunkJobId(ids[i]));
    const jobs = await Promise.all(chunks.map((id) => queue.getJob(id)));
    expect(jobs.map((j) => j?.name)).toEqual([DispatchJob.SendMany, DispatchJob.SendMany, DispatchJob.SendMany]);
    expect(jobs.map((j) => j?.data.messages.length)).toEqual([DISPATCH_CHUNK, DISPATCH_CHUNK, 20]);
    expect(jobs.flatMap((j) => j?.data.messages.map((m: { messageId: string }) => m.messageId))).toEqual(ids);
    // No message has a job of its own, and each is indexed under its chunk for the sweep.
    expect((await Promise.all(ids.map((id) => queue.getJob(id)))).filter(Boolean)).toEqual([]);
    expect(await gw.redis.hget(chunksKey(), ids[DISPATCH_CHUNK + 1])).toBe(chunks[1]);

    await queue.resume();
    for (const id of ids) await gw.waitForStatus(owner.token, id, ['delivered'], 20_000);
    // A finished chunk leaves no index behind.
    expect(await gw.redis.hmget(chunksKey(), ...ids)).toEqual(ids.map(() => null));
  }, 60_000);

  it('gives a member that finds no phone a job of its own, which the phone gets when it comes', async () => {
    const owner = await gw.createAccount('Chunk waiting');
    const ids = await batch(owner.token, 3, 'waiting');
    for (const id of ids) {
      await waitFor(
        async () => (await queue.getJob(id))?.getState(),
        (state) => state === 'delayed',
        { what: `message ${id} to wait for a phone in a job of its own` },
      );
    }
    await gw.pairAgent(owner.token, { name: 'late-phone' });
    for (const id of ids) await gw.waitForStatus(owner.token, id, ['delivered'], 20_000);
  }, 60_000);

  it('leaves a live chunk to itself in the recovery sweep, and recovers the members of a lost one', async () => {
    const owner = await gw.createAccount('Chunk recovery');
    await queue.pause();
    const ids = await batch(owner.token, 10, 'recovery');
    const chunk = (await queue.getJob(chunkJobId(ids[0])))!;
    expect(chunk.name).toBe(DispatchJob.SendMany);
    // Several sweeps pass while the chunk waits (RECOVERY_QUIET_SECONDS 1, a sweep every 200 ms).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await Promise.all(ids.map((id) => queue.getJob(id)))).filter(Boolean)).toEqual([]);

    // The chunk is lost (as when Redis lost it): the sweep gives every member a job again.
    await chunk.remove();
    await waitFor(
      async () => (await Promise.all(ids.map((id) => queue.getJob(id)))).filter(Boolean).length,
      (n) => n === ids.length,
      { timeoutMs: 20_000, what: 'the recovery sweep to give each member of the lost chunk its job' },
    );
    await queue.resume();
    await gw.pairAgent(owner.token, { name: 'recovery-phone' });
    for (const id of ids) await gw.waitForStatus(owner.token, id, ['delivered'], 20_000);
  }, 60_000);
});
