import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../src/modules/messages/queues.js';
import { TestGateway } from '../support/gateway.js';
import { rawPhone } from '../support/raw-phone.js';
import { waitFor } from '../support/wait.js';

const TO = '+4915123456789';

describe('the message pipeline', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await TestGateway.start({ SWEEP_INTERVAL_MS: '200', RECOVERY_QUIET_SECONDS: '1' });
    token = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  describe('Idempotency-Key', () => {
    it('returns the original message for the same key and body, with Idempotent-Replayed', async () => {
      const json = { to: TO, body: 'once only', metadata: { order: 7 } };
      const first = await gw.request('POST', '/v1/messages', {
        token,
        json,
        headers: { 'idempotency-key': 'order-7' },
      });
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const again = await gw.request('POST', '/v1/messages', {
        token,
        json: { metadata: { order: 7 }, body: 'once only', to: TO },
        headers: { 'idempotency-key': 'order-7' },
      });
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const { rows } = await gw.db.query("SELECT count(*)::int AS n FROM messages WHERE body = 'once only'");
      expect(rows[0].n).toBe(1);
    });

    it('answers IDEMPOTENCY_KEY_REUSED for the same key with another body, writing nothing', async () => {
      const first = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'first body' },
        headers: { 'idempotency-key': 'k-reused' },
      });
      const res = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'other body' },
        headers: { 'idempotency-key': 'k-reused' },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // (Other messages of this file are being dispatched meanwhile, so count this test's rows only.)
      expect((await gw.db.query("SELECT id FROM messages WHERE body = 'other body'")).rows).toEqual([]);
      const key = await gw.db.query("SELECT message_id FROM idempotency_keys WHERE key = 'k-reused'");
      expect(key.rows).toEqual([{ message_id: first.body.id }]);
    });

    it('answers IDEMPOTENCY_KEY_INVALID for a malformed key, writing nothing', async () => {
      for (const key of ['has space', 'x'.repeat(256), 'ünïcode']) {
        const res = await gw.request('POST', '/v1/messages', {
          token,
          json: { to: TO, body: 'bad key' },
          headers: { 'idempotency-key': key },
        });
        expect(res.status, key).toBe(400);
        expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
      }
      expect((await gw.db.query("SELECT id FROM messages WHERE body = 'bad key'")).rows).toEqual([]);
      expect((await gw.db.query('SELECT key FROM idempotency_keys')).rows.map((r) => r.key)).not.toContain('has space');
    });

    it('keeps keys per account', async () => {
      const other = await gw.createAccount('Key neighbour');
      const mine = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'shared key' },
        headers: { 'idempotency-key': 'same-key' },
      });
      const theirs = await gw.request('POST', '/v1/messages', {
        token: other.token,
        json: { to: TO, body: 'shared key' },
        headers: { 'idempotency-key': 'same-key' },
      });
      expect(theirs.status).toBe(202);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('creates one message for concurrent identical requests, and every one of them returns it', async () => {
      const json = { to: TO, body: 'concurrent' };
      const answers = await Promise.all(
        Array.from({ length: 12 }, () =>
          gw.request('POST', '/v1/messages', { token, json, headers: { 'idempotency-key': 'race-1' } }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(202));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(11);
      const { rows } = await gw.db.query("SELECT count(*)::int AS n FROM messages WHERE body = 'concurrent'");
      expect(rows[0].n).toBe(1);
    });
  });

  describe('batch', () => {
    it('accepts the good items and refuses the bad ones, each with its own result, in request order', async () => {
      const res = await gw.request('POST', '/v1/messages/batch', {
        token,
        json: {
          messages: [
            { to: TO, body: 'batch one' },
            { to: '+1234', body: 'bad number' },
            { to: TO, body: 'batch two', priority: 'high' },
            { to: TO, body: '' },
            { to: TO, body: 'batch three', unknown: true },
          ],
        },
      });
      expect(res.status).toBe(202);
      expect(res.body.results.map((r: { status: number }) => r.status)).toEqual([202, 422, 202, 400, 400]);
      expect(res.body.results[1].error.code).toBe('INVALID_PHONE_NUMBER');
      expect(res.body.results[3].error.code).toBe('VALIDATION_FAILED');
      expect(res.body.results[4].error.code).toBe('VALIDATION_FAILED');
      expect(res.body.results[0].message).toMatchObject({ body: 'batch one', status: 'queued' });
      const { rows } = await gw.db.query(
        "SELECT body FROM messages WHERE body LIKE 'batch %' OR body IN ('bad number', '') ORDER BY body",
      );
      expect(rows.map((r) => r.body)).toEqual(['batch one', 'batch two']);
    });

    it('refuses an empty batch or one over 1,000 messages as a whole', async () => {
      const empty = await gw.request('POST', '/v1/messages/batch', { token, json: { messages: [] } });
      expect(empty.body.code).toBe('VALIDATION_FAILED');
      const big = await gw.request('POST', '/v1/messages/batch', {
        token,
        json: { messages: Array.from({ length: 1001 }, (_, i) => ({ to: TO, body: `m${i}` })) },
      });
      expect(big.status).toBe(400);
      expect(big.body.code).toBe('VALIDATION_FAILED');
    });

    it('sends a batch through GraphQL sendMessages with per-item results', async () => {
      const res = await gw.graphql(
        `mutation B($input: SendMessagesInput!) { sendMessages(input: $input) { results { status message { id status } error { code } } } }`,
        {
          input: {
            messages: [
              { to: TO, body: 'gql batch' },
              { to: '+1234', body: 'bad' },
            ],
          },
        },
        token,
      );
      expect(res.body.errors).toBeUndefined();
      const results = res.body.data.sendMessages.results;
      expect(results[0]).toMatchObject({ status: 202, message: { status: 'queued' }, error: null });
      expect(results[1]).toMatchObject({ status: 422, message: null, error: { code: 'INVALID_PHONE_NUMBER' } });
    });
  });

  describe('Idempotency-Key on a batch', () => {
    const batchOf = (tag: string) => ({
      messages: [
        { to: TO, body: `${tag} one` },
        { to: '+1234', body: `${tag} bad number` },
        { to: TO, body: `${tag} two`, priority: 'high' },
      ],
    });
    const countOf = async (tag: string) =>
      (await gw.db.query('SELECT count(*)::int AS n FROM messages WHERE body LIKE $1', [`${tag} %`])).rows[0].n;

    it('answers the same results for the same key and body, creating nothing the second time', async () => {
      const headers = { 'idempotency-key': 'batch-k1' };
      const first = await gw.request('POST', '/v1/messages/batch', { token, json: batchOf('idem'), headers });
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([202, 422, 202]);
      const again = await gw.request('POST', '/v1/messages/batch', { token, json: batchOf('idem'), headers });
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.results.map((r: { status: number }) => r.status)).toEqual([202, 422, 202]);
      expect(again.body.results[0].message.id).toBe(first.body.results[0].message.id);
      expect(again.body.results[2].message.id).toBe(first.body.results[2].message.id);
      expect(again.body.results[1].error).toEqual(first.body.results[1].error);
      expect(await countOf('idem')).toBe(2);
    });

    it('answers IDEMPOTENCY_KEY_REUSED for another batch body or a single send with the key, writing nothing', async () => {
      const headers = { 'idempotency-key': 'batch-k2' };
      await gw.request('POST', '/v1/messages/batch', { token, json: batchOf('reuse'), headers });
      const other = await gw.request('POST', '/v1/messages/batch', { token, json: batchOf('reuse-other'), headers });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const single = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'reuse single' },
        headers,
      });
      expect(single.status).toBe(422);
      expect(single.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // And a batch under a single send's key.
      await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'single first' },
        headers: { 'idempotency-key': 'single-k3' },
      });
      const batch = await gw.request('POST', '/v1/messages/batch', {
        token,
        json: batchOf('after-single'),
        headers: { 'idempotency-key': 'single-k3' },
      });
      expect(batch.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await countOf('reuse-other')).toBe(0);
      expect(await countOf('after-single')).toBe(0);
      expect((await gw.db.query("SELECT id FROM messages WHERE body = 'reuse single'")).rows).toEqual([]);
    });

    it('refuses a malformed key with IDEMPOTENCY_KEY_INVALID, writing nothing', async () => {
      const res = await gw.request('POST', '/v1/messages/batch', {
        token,
        json: batchOf('badkey'),
        headers: { 'idempotency-key': 'has space' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
      expect(await countOf('badkey')).toBe(0);
    });

    it('creates the batch once for concurrent identical requests, and each answers its messages', async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          gw.request('POST', '/v1/messages/batch', {
            token,
            json: batchOf('race'),
            headers: { 'idempotency-key': 'batch-race' },
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
      expect(new Set(answers.map((a) => a.body.results[0].message.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
      expect(await countOf('race')).toBe(2);
    });

    it('keeps the key for GraphQL sendMessages too', async () => {
      const query = `mutation B($input: SendMessagesInput!) { sendMessages(input: $input) { results { status message { id } error { code } } } }`;
      const send = () =>
        gw.request('POST', '/graphql', {
          token,
          json: { query, variables: { input: batchOf('gql-idem') } },
          headers: { 'idempotency-key': 'gql-batch-k' },
        });
      const first = await send();
      const again = await send();
      expect(first.body.errors).toBeUndefined();
      expect(again.body.data.sendMessages).toEqual(first.body.data.sendMessages);
      expect(await countOf('gql-idem')).toBe(2);
    });
  });

  describe('schedule, cancel and TTL', () => {
    it('holds a scheduled message until sendAt, then sends it', async () => {
      const owner = await gw.createAccount('Scheduler');
      const phone = await gw.pairAgent(owner.token, { name: 'scheduled-phone' });
      const sendAt = new Date(Date.now() + 1500).toISOString();
      const res = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'later', sendAt },
      });
      expect(res.body).toMatchObject({ status: 'scheduled', sendAt, estimatedSendAt: sendAt });
      const done = await gw.waitForStatus(owner.token, res.body.id, ['delivered'], 10_000);
      expect(Date.parse(done.events.find((e: { status: string }) => e.status === 'sending').at)).toBeGreaterThanOrEqual(
        Date.parse(sendAt),
      );
      expect(done.events.map((e: { status: string }) => e.status)).toEqual([
        'scheduled',
        'queued',
        'sending',
        'sent',
        'delivered',
      ]);
      expect(phone.transport.sent.map((s) => s.id)).toContain(res.body.id);
    });

    it('refuses a sendAt in the past, more than a year ahead, or without a time zone', async () => {
      const past = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'x', sendAt: '2020-01-01T00:00:00Z' },
      });
      expect(past.body.code).toBe('INVALID_SCHEDULE');
      const far = new Date(Date.now() + 400 * 24 * 3600 * 1000).toISOString();
      expect(
        (await gw.request('POST', '/v1/messages', { token, json: { to: TO, body: 'x', sendAt: far } })).body.code,
      ).toBe('INVALID_SCHEDULE');
      const naive = await gw.request('POST', '/v1/messages', {
        token,
        json: { to: TO, body: 'x', sendAt: '2030-01-01T10:00:00' },
      });
      expect(naive.body.code).toBe('VALIDATION_FAILED');
    });

    it('cancels a scheduled message, which is then never sent even though its job was waiting', async () => {
      const owner = await gw.createAccount('Canceller');
      const phone = await gw.pairAgent(owner.token, { name: 'cancel-phone' });
      const sendAt = new Date(Date.now() + 800).toISOString();
      const res = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'never', sendAt },
      });
      const canceled = await gw.request('POST', `/v1/messages/${res.body.id}/cancel`, { token: owner.token });
      expect(canceled.status).toBe(200);
      expect(canceled.body.status).toBe('canceled');
      // A second message scheduled after the first shows the worker has passed the canceled one's time.
      const marker = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'marker', sendAt: new Date(Date.parse(sendAt) + 300).toISOString() },
      });
      await gw.waitForStatus(owner.token, marker.body.id, ['delivered']);
      expect((await gw.message(owner.token, res.body.id)).status).toBe('canceled');
      expect(phone.transport.sent.map((s) => s.id)).not.toContain(res.body.id);
    });

    it('answers MESSAGE_NOT_CANCELABLE once the message has left the queue, and cancels through GraphQL', async () => {
      const owner = await gw.createAccount('Late canceller');
      await gw.pairAgent(owner.token, { name: 'fast-phone' });
      const res = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'already gone' },
      });
      await gw.waitForStatus(owner.token, res.body.id, ['delivered']);
      const late = await gw.request('POST', `/v1/messages/${res.body.id}/cancel`, { token: owner.token });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('MESSAGE_NOT_CANCELABLE');

      const scheduled = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'gql cancel', sendAt: new Date(Date.now() + 60_000).toISOString() },
      });
      const viaGraphql = await gw.graphql(
        'mutation C($input: CancelMessageInput!) { cancelMessage(input: $input) { id status } }',
        { input: { id: scheduled.body.id } },
        owner.token,
      );
      expect(viaGraphql.body.data.cancelMessage).toEqual({ id: scheduled.body.id, status: 'canceled' });
    });

    it('expires a queued message whose TTL ran out, and never sends it afterwards', async () => {
      const owner = await gw.createAccount('Expiry');
      const res = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'stale', ttlSeconds: 60 },
      });
      // Wind the clock of this one message back rather than waiting a minute.
      await gw.db.query("UPDATE messages SET expires_at = now() - interval '1 second' WHERE id = $1", [res.body.id]);
      const expired = await gw.waitForStatus(owner.token, res.body.id, ['expired']);
      expect(expired.errorCode).toBe('EXPIRED');
      const phone = await gw.pairAgent(owner.token, { name: 'after-expiry' });
      const marker = await gw.request('POST', '/v1/messages', { token: owner.token, json: { to: TO, body: 'fresh' } });
      await gw.waitForStatus(owner.token, marker.body.id, ['delivered']);
      expect(phone.transport.sent.map((s) => s.id)).not.toContain(res.body.id);
    });
  });

  describe('priority', () => {
    it('hands a high-priority message to the phone before normal ones that were queued first', async () => {
      // One job at a time, so the order the worker takes jobs in is the order the phone sees.
      const serial = await TestGateway.start({ DISPATCH_CONCURRENCY: '1' });
      const owner = { token: await serial.login() };
      const queue = serial.running.app.get<Queue>(getQueueToken(QueueName.Dispatch));
      // A global pause parks new jobs in Bull's paused list, in their priority order.
      await queue.pause();
      const phone = await rawPhone(serial, owner.token, 'priority-phone');
      const socket = await phone.connect();
      try {
        const normal = await serial.request('POST', '/v1/messages/batch', {
          token: owner.token,
          json: { messages: Array.from({ length: 5 }, (_, i) => ({ to: TO, body: `normal ${i}` })) },
        });
        const high = await serial.request('POST', '/v1/messages', {
          token: owner.token,
          json: { to: TO, body: 'urgent', priority: 'high' },
        });
        await queue.resume();
        await waitFor(
          () => phone.received.length,
          (n) => n >= 6,
          { what: 'six messages at the phone' },
        );
        expect(phone.received[0].id).toBe(high.body.id);
        expect(
          phone.received
            .slice(1)
            .map((p) => p.id)
            .sort(),
        ).toEqual(normal.body.results.map((r: { message: { id: string } }) => r.message.id).sort());
      } finally {
        socket.close();
        await serial.stop();
      }
    });
  });

  describe('recovery and reconciliation', () => {
    it('re-creates the jobs of queued messages after Redis lost them, and delivers every one', async () => {
      const owner = await gw.createAccount('Recovery');
      const queue = gw.running.app.get<Queue>(getQueueToken(QueueName.Dispatch));
      // Globally paused, the jobs wait in Bull's paused list and no worker is halfway through one.
      await queue.pause();
      const batch = await gw.request('POST', '/v1/messages/batch', {
        token: owner.token,
        json: { messages: Array.from({ length: 20 }, (_, i) => ({ to: TO, body: `lost job ${i}` })) },
      });
      const ids: string[] = batch.body.results.map((r: { message: { id: string } }) => r.message.id);
      // Wipe this gateway's queue from Redis, as a Redis restart without persistence would.
      const keys = await gw.redis.keys(`${gw.config.REDIS_PREFIX}:dispatch:*`);
      if (keys.length > 0) await gw.redis.del(...keys);
      expect(await queue.getJob(ids[0])).toBeNull();
      await queue.resume();
      await gw.pairAgent(owner.token, { name: 'recovery-phone' });
      for (const id of ids) await gw.waitForStatus(owner.token, id, ['delivered'], 15_000);
    });

    /** A phone that took a message, went away and comes back without it, `waitMs` after the hand-over. */
    const forgetfulPhone = async (name: string, waitMs: number) => {
      const owner = await gw.createAccount(name);
      const phone = await rawPhone(gw, owner.token, `${name.toLowerCase()}-phone`);
      const socket = await phone.connect();
      const res = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'lost on the way' },
      });
      await waitFor(
        () => phone.received.length,
        (n) => n >= 1,
        { what: 'the first hand-over' },
      );
      socket.close();
      await new Promise((r) => setTimeout(r, waitMs));
      // The phone comes back without the message in its outbox: it never stored it.
      const again = await phone.connect([]);
      try {
        await waitFor(
          () => phone.received.filter((p) => p.id === res.body.id).length,
          (n) => n >= 2,
          { what: 'the re-send' },
        );
        expect(phone.received.filter((p) => p.id === res.body.id).map((p) => p.attempt)).toEqual([1, 2]);
        const message = await gw.message(owner.token, res.body.id);
        return message.events.map((e: { status: string; errorCode?: string }) => [e.status, e.errorCode ?? null]);
      } finally {
        again.close();
      }
    };

    it('requeues and re-sends a message the phone does not list when it says hello again', async () => {
      // Longer after the hand-over than the dispatcher waits for an ack (3 s here): it is not on its way.
      expect(await forgetfulPhone('Reconcile', 3500)).toEqual([
        ['queued', null],
        ['sending', null],
        ['queued', 'NOT_ON_DEVICE'],
        ['sending', null],
      ]);
    });

    it('gives a message the phone does not list to that phone again when the hand-over may still be on its way', async () => {
      // Within DISPATCH_ACK_TIMEOUT_MS of the hand-over, its message.send may reach the phone after
      // the outbox it listed (from a worker in another process, through Redis): another phone would
      // have sent it twice. This phone gets it again, and its outbox would take it once.
      expect(await forgetfulPhone('Reconcile soon', 0)).toEqual([
        ['queued', null],
        ['sending', null],
        ['sending', null],
      ]);
    });
  });

  describe('retries and dead letters', () => {
    it('retries after a transient SIM failure and delivers on the next attempt', async () => {
      const owner = await gw.createAccount('Transient');
      const phone = await rawPhone(gw, owner.token, 'transient-phone');
      const socket = await phone.connect();
      try {
        const res = await gw.request('POST', '/v1/messages', {
          token: owner.token,
          json: { to: TO, body: 'second time lucky' },
        });
        await waitFor(
          () => phone.received.length,
          (n) => n >= 1,
          { what: 'attempt 1' },
        );
        const at = () => new Date().toISOString();
        expect(
          await socket.emitWithAck('message.status', {
            id: res.body.id,
            status: 'failed',
            at: at(),
            errorCode: 'NO_SERVICE',
          }),
        ).toEqual({ ok: true });
        await waitFor(
          () => phone.received.length,
          (n) => n >= 2,
          { what: 'attempt 2' },
        );
        expect(phone.received[1]).toMatchObject({ id: res.body.id, attempt: 2 });
        await socket.emitWithAck('message.status', { id: res.body.id, status: 'sent', at: at() });
        await socket.emitWithAck('message.status', { id: res.body.id, status: 'delivered', at: at() });
        const done = await gw.message(owner.token, res.body.id);
        expect(done).toMatchObject({ status: 'delivered', attempts: 2 });
        expect(done.events.map((e: { status: string }) => e.status)).toEqual([
          'queued',
          'sending',
          'queued',
          'sending',
          'sent',
          'delivered',
        ]);
        expect(done.events[2]).toMatchObject({ errorCode: 'NO_SERVICE', source: 'device' });
      } finally {
        socket.close();
      }
    });

    it('lets an admin re-drive a dead-lettered message, which then gets delivered', async () => {
      const owner = await gw.createAccount('Redrive');
      // A phone whose SIM fails every send: the message runs out of attempts and is dead-lettered.
      const refuser = await gw.pairAgent(owner.token, {
        name: 'refuser',
        failRate: 1,
        failCode: 'GENERIC_FAILURE',
      });
      const res = await gw.request('POST', '/v1/messages', {
        token: owner.token,
        json: { to: TO, body: 'redrive me' },
      });
      const failed = await gw.waitForStatus(owner.token, res.body.id, ['failed'], 15_000);
      expect(failed.errorCode).toBe('GENERIC_FAILURE');
      await refuser.stop();
      const letters = await gw.request('GET', '/v1/messages/dead-letters', { token: owner.token });
      expect(letters.body.data.map((d: { messageId: string }) => d.messageId)).toEqual([res.body.id]);

      await gw.pairAgent(owner.token, { name: 'redrive-phone' });
      const redriven = await gw.request('POST', `/v1/messages/${res.body.id}/retry`, { token: owner.token });
      expect(redriven.status).toBe(202);
      await gw.waitForStatus(owner.token, res.body.id, ['delivered']);
      expect((await gw.request('GET', '/v1/messages/dead-letters', { token: owner.token })).body.data).toEqual([]);
      const again = await gw.request('POST', `/v1/messages/${res.body.id}/retry`, { token: owner.token });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('MESSAGE_NOT_REDRIVABLE');
    });
  });
});
