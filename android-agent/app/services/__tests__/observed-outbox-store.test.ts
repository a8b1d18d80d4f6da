import { describe, expect, it } from '@jest/globals';
import { MemoryOutboxStore, type OutboxChanges, type OutboxSnapshot, type OutboxStore } from '../../../src/lib/index';
import { ObservedOutboxStore } from '../observed-outbox-store';

/** A store whose writes finish when the test says so. */
class GatedStore implements OutboxStore {
  readonly capacityBytes = 1234;
  readonly gates: { resolve: () => void; reject: (error: Error) => void }[] = [];

  load(): Promise<OutboxSnapshot> {
    return new MemoryOutboxStore().load();
  }

  apply(_changes: OutboxChanges): Promise<void> {
    return new Promise((resolve, reject) => this.gates.push({ resolve, reject }));
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ObservedOutboxStore', () => {
  it("passes the wrapped store's capacity on to the outbox", () => {
    expect(new ObservedOutboxStore(new GatedStore(), () => undefined).capacityBytes).toBe(1234);
  });

  it('settles only once every write begun so far is durable', async () => {
    const inner = new GatedStore();
    const store = new ObservedOutboxStore(inner, () => undefined);
    void store.apply({ putInbound: [] });
    let settled = false;
    void store.settled().then(() => (settled = true));

    await tick();
    await tick();
    expect(settled).toBe(false);
    inner.gates[0]?.resolve();
    await tick();
    expect(settled).toBe(true);
  });

  it('rejects when a write failed, so nothing is acknowledged to the native queues', async () => {
    const inner = new GatedStore();
    const store = new ObservedOutboxStore(inner, () => undefined);
    store.apply({ putInbound: [] }).catch(() => undefined);
    const settled = store.settled();

    await tick();
    inner.gates[0]?.reject(new Error('database or disk is full'));

    await expect(settled).rejects.toThrow('database or disk is full');
  });
});
