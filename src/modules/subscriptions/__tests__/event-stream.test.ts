import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { untilExpiry } from '../event-stream.js';

/** Like Mercurius' subscription queue: an object stream that ends when it is closed. */
function queue() {
  const stream = new Readable({ objectMode: true, read: () => undefined });
  let closes = 0;
  return {
    stream,
    push: (value: number) => stream.push(value),
    close: () => {
      closes++;
      if (!stream.readableEnded) stream.push(null);
    },
    closes: () => closes,
  };
}

const inAnHour = () => new Date(Date.now() + 3_600_000);

describe('untilExpiry', () => {
  it('passes on the events that keep accepts, in order, and ends with the source', async () => {
    const q = queue();
    const events = untilExpiry<number>(q.stream, { expiresAt: inAnHour(), close: q.close, keep: (n) => n % 2 === 0 });
    [1, 2, 3, 4].forEach(q.push);
    q.close();
    const seen: number[] = [];
    for await (const n of events) seen.push(n);
    expect(seen).toEqual([2, 4]);
  });

  it('ends with UNAUTHENTICATED when the token expires while it waits, and closes the source', async () => {
    const q = queue();
    const events = untilExpiry<number>(q.stream, { expiresAt: new Date(Date.now() + 30), close: q.close });
    q.push(1);
    expect(await events.next()).toEqual({ value: 1, done: false });
    await expect(events.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(q.closes()).toBe(1);
    expect(q.stream.destroyed).toBe(true);
  });

  it('refuses at once when the token has already expired', async () => {
    const q = queue();
    const events = untilExpiry<number>(q.stream, { expiresAt: new Date(Date.now() - 1), close: q.close });
    q.push(1);
    await expect(events.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('closes the source when the subscriber stops while it waits for an event', async () => {
    const q = queue();
    const events = untilExpiry<number>(q.stream, { expiresAt: inAnHour(), close: q.close });
    const waiting = events.next();
    // Mercurius closes the queue and then returns the iterator; here the close comes from the stream.
    const returned = events.return();
    q.close();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await returned).toEqual({ value: undefined, done: true });
    expect(q.closes()).toBe(2);
  });
});
