import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore, Outbox, type OutboxChanges, type OutboxStore } from '../outbox.js';
import type { MessageSendPayload, MessageStatusPayload } from '../protocol.js';

const payload = (id: string, extra: Partial<MessageSendPayload> = {}): MessageSendPayload => ({
  id,
  to: '+4915112345689',
  body: `body ${id}`,
  expiresAt: '2030-01-01T00:00:00.000Z',
  attempt: 1,
  ...extra,
});

const report = (id: string): MessageStatusPayload => ({ id, status: 'sent', at: '2025-01-01T00:00:00.000Z' });

function clockAt(iso: string) {
  const clock = { now: Date.parse(iso) };
  return { clock, fn: () => new Date(clock.now) };
}

describe('Outbox', () => {
  it('keeps accepted messages across a reopen of the same store, in acceptance order', async () => {
    const store = new MemoryOutboxStore();
    const outbox = await Outbox.open(store);
    await outbox.accept(payload('a', { simSlot: 1, traceparent: '00-abc-def-01' }));
    await outbox.accept(payload('b'));
    await outbox.update('a', (e) => ({ ...e, state: 'sending' }));

    const reopened = await Outbox.open(store);

    expect(reopened.get('a')).toMatchObject({ id: 'a', state: 'sending', simSlot: 1, traceparent: '00-abc-def-01' });
    expect(reopened.queued().map((e) => e.id)).toEqual(['b']);
    expect(reopened.queueDepth).toBe(1);
  });

  it('refuses to accept an id it already holds, so a duplicate never replaces the original', async () => {
    const outbox = await Outbox.open(new MemoryOutboxStore());
    await outbox.accept(payload('a'));
    await outbox.update('a', (e) => ({ ...e, state: 'delivered' }));

    await expect(outbox.accept(payload('a', { body: 'other' }))).rejects.toThrow(/already in the outbox/);
    expect(outbox.get('a')).toMatchObject({ state: 'delivered', attempt: 1 });
    expect(outbox.get('a')?.body).not.toBe('other');
  });

  it('keeps no text and only a masked recipient once a message has left the radio', async () => {
    const store = new MemoryOutboxStore();
    const outbox = await Outbox.open(store);
    await outbox.accept(payload('a', { traceparent: '00-abc-def-01' }));
    await outbox.update('a', (e) => ({ ...e, state: 'sending' }));
    expect(outbox.get('a')).toMatchObject({ to: '+4915112345689', body: 'body a' });

    await outbox.update('a', (e) => ({ ...e, state: 'sent', pendingReports: [report(e.id)] }));
    expect(outbox.get('a')).toMatchObject({ to: '+4915*******89', body: '', traceparent: '00-abc-def-01' });
    await outbox.update('a', (e) => ({ ...e, state: 'delivered', pendingReports: [] }));

    const [stored] = (await store.load()).entries;
    expect(stored).toEqual({
      id: 'a',
      to: '+4915*******89',
      body: '',
      expiresAt: '2030-01-01T00:00:00.000Z',
      attempt: 1,
      state: 'delivered',
      acceptedAt: expect.any(String),
      updatedAt: expect.any(String),
      pendingReports: [],
    });
  });

  it('shrinks finished entries an older version stored whole when it prunes', async () => {
    const store = new MemoryOutboxStore();
    const old = await fresh('old');
    await store.apply({ put: [{ ...old, state: 'delivered' }] });
    const outbox = await Outbox.open(store);

    await outbox.prune();

    expect((await store.load()).entries[0]).toMatchObject({ id: 'old', state: 'delivered', body: '' });
  });

  it('stays under its byte bound by forgetting the oldest finished messages, never unfinished ones', async () => {
    const store = new MemoryOutboxStore();
    const outbox = await Outbox.open(store, { maxBytes: 4_000 });
    const body = 'x'.repeat(300);
    let n = 0;
    for (; n < 40; n++) {
      await outbox.accept(payload(`m${n}`, { body }));
      await outbox.update(`m${n}`, (e) => ({ ...e, state: 'delivered' }));
      expect(outbox.storedBytes).toBeLessThanOrEqual(4_000);
    }
    expect(outbox.has('m0')).toBe(false);
    expect(outbox.has('m39')).toBe(true);
    const stored = (await store.load()).entries.map((e) => e.id);
    expect(stored.length).toBeLessThan(40);
    expect(stored.every((id) => outbox.has(id))).toBe(true);

    // Queued messages are never dropped: once only they are left, a new one is refused.
    const queued: string[] = [];
    await expect(
      (async () => {
        for (let i = 0; i < 40; i++) {
          await outbox.accept(payload(`q${i}`, { body }));
          queued.push(`q${i}`);
        }
      })(),
    ).rejects.toThrow(/outbox is full/);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((id) => outbox.has(id))).toBe(true);
    expect(outbox.storedBytes).toBeLessThanOrEqual(4_000);
  });

  it('takes a newer attempt of a message that failed at the radio, and only then', async () => {
    const store = new MemoryOutboxStore();
    const outbox = await Outbox.open(store);
    await outbox.accept(payload('f', { attempt: 1 }));
    await outbox.accept(payload('s', { attempt: 1 }));
    await outbox.update('f', (e) => ({ ...e, state: 'failed', errorCode: 'GENERIC_FAILURE' }));
    await outbox.update('s', (e) => ({ ...e, state: 'sent' }));

    expect(outbox.canRetry(payload('f', { attempt: 1 }))).toBe(false);
    expect(outbox.canRetry(payload('s', { attempt: 2 }))).toBe(false);
    expect(outbox.canRetry(payload('f', { attempt: 2 }))).toBe(true);
    await outbox.retry(payload('f', { attempt: 2 }));

    const reopened = await Outbox.open(store);
    expect(reopened.get('f')).toMatchObject({ state: 'accepted', attempt: 2 });
    expect(reopened.get('f')?.errorCode).toBeUndefined();
    await expect(outbox.retry(payload('s', { attempt: 3 }))).rejects.toThrow(/cannot be retried/);
  });

  it('knows an id at once, before the store has finished writing it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const memory = new MemoryOutboxStore();
    const slow: OutboxStore = { load: () => memory.load(), apply: (c) => gate.then(() => memory.apply(c)) };
    const outbox = await Outbox.open(slow);

    const accepting = outbox.accept(payload('a'));
    let durable = false;
    const waiting = outbox.durable('a').then(() => (durable = true));

    expect(outbox.has('a')).toBe(true);
    await Promise.resolve();
    expect(durable).toBe(false);
    release();
    await Promise.all([accepting, waiting]);
    expect(durable).toBe(true);
  });

  it('forgets a message whose write failed, so it was never accepted', async () => {
    const failing: OutboxStore = {
      load: () => Promise.resolve({ entries: [], inbound: [] }),
      apply: () => Promise.reject(new Error('disk full')),
    };
    const outbox = await Outbox.open(failing);

    await expect(outbox.accept(payload('a'))).rejects.toThrow('disk full');
    expect(outbox.has('a')).toBe(false);
  });

  it('summarises for hello what is unconfirmed or has unacknowledged reports', async () => {
    const outbox = await Outbox.open(new MemoryOutboxStore());
    for (const id of ['queued', 'sending', 'sent-acked', 'delivered-pending', 'failed-acked']) {
      await outbox.accept(payload(id));
    }
    await outbox.update('sending', (e) => ({ ...e, state: 'sending' }));
    await outbox.update('sent-acked', (e) => ({ ...e, state: 'sent' }));
    await outbox.update('delivered-pending', (e) => ({ ...e, state: 'delivered', pendingReports: [report(e.id)] }));
    await outbox.update('failed-acked', (e) => ({ ...e, state: 'failed' }));

    expect(outbox.summary()).toEqual([
      { id: 'queued', state: 'accepted' },
      { id: 'sending', state: 'sending' },
      { id: 'delivered-pending', state: 'delivered' },
    ]);
  });

  it('keeps finished entries for the retention period so late duplicates are still recognised', async () => {
    const { clock, fn } = clockAt('2025-01-01T00:00:00Z');
    const outbox = await Outbox.open(new MemoryOutboxStore(), { clock: fn, retentionMs: 24 * 3_600_000 });
    await outbox.accept(payload('done'));
    await outbox.update('done', (e) => ({ ...e, state: 'delivered' }));

    clock.now += 23 * 3_600_000;
    expect(await outbox.prune()).toBe(0);
    expect(outbox.has('done')).toBe(true);

    clock.now += 2 * 3_600_000;
    expect(await outbox.prune()).toBe(1);
    expect(outbox.has('done')).toBe(false);
  });

  it('keeps only the newest maxFinished finished entries', async () => {
    const { clock, fn } = clockAt('2025-01-01T00:00:00Z');
    const outbox = await Outbox.open(new MemoryOutboxStore(), { clock: fn, maxFinished: 2 });
    for (const id of ['a', 'b', 'c']) {
      clock.now += 1_000;
      await outbox.accept(payload(id));
      await outbox.update(id, (e) => ({ ...e, state: 'sent' }));
    }

    expect(await outbox.prune()).toBe(1);
    expect(['a', 'b', 'c'].filter((id) => outbox.has(id))).toEqual(['b', 'c']);
  });

  it('never prunes queued messages or entries with unacknowledged reports', async () => {
    const { clock, fn } = clockAt('2025-01-01T00:00:00Z');
    const outbox = await Outbox.open(new MemoryOutboxStore(), { clock: fn, retentionMs: 1_000, maxFinished: 0 });
    await outbox.accept(payload('queued'));
    await outbox.accept(payload('pending'));
    await outbox.update('pending', (e) => ({ ...e, state: 'delivered', pendingReports: [report(e.id)] }));

    clock.now += 10 * 86_400_000;
    expect(await outbox.prune()).toBe(0);
    expect(outbox.size).toBe(2);
  });

  it('persists received SMS until removed', async () => {
    const store = new MemoryOutboxStore();
    const outbox = await Outbox.open(store);
    const sms = { id: 'k1', from: '+4917612345678', body: 'hi', receivedAt: '2025-01-01T00:00:00.000Z', simSlot: 0 };
    await outbox.addInbound(sms, 'k1');

    expect((await Outbox.open(store)).pendingInbound()).toEqual([{ key: 'k1', payload: sms }]);
    await outbox.removeInbound('k1');
    expect((await Outbox.open(store)).pendingInbound()).toEqual([]);
  });
});

describe('MemoryOutboxStore', () => {
  it('stores copies, so later changes to an object do not leak into the store', async () => {
    const store = new MemoryOutboxStore();
    const changes: OutboxChanges = { put: [{ ...(await fresh('a')) }] };
    await store.apply(changes);
    changes.put![0].state = 'failed';

    expect((await store.load()).entries[0]?.state).toBe('accepted');
  });
});

async function fresh(id: string) {
  const outbox = await Outbox.open(new MemoryOutboxStore());
  return structuredClone(await outbox.accept(payload(id)));
}
