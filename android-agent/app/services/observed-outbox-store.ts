import type { OutboxChanges, OutboxSnapshot, OutboxStore } from '../../src/lib/index';

/**
 * Passes every outbox change on to `onChange` once it is durable: the app's status and log screens
 * follow the outbox without reaching into the agent.
 */
export class ObservedOutboxStore implements OutboxStore {
  private readonly writing = new Set<Promise<void>>();
  /** The wrapped store's bound, so the outbox sizes itself to the real store. */
  readonly capacityBytes?: number;

  constructor(
    private readonly inner: OutboxStore,
    private readonly onChange: (changes: OutboxChanges) => void,
  ) {
    if (inner.capacityBytes !== undefined) {
      this.capacityBytes = inner.capacityBytes;
    }
  }

  async load(): Promise<OutboxSnapshot> {
    const snapshot = await this.inner.load();
    this.onChange({ put: snapshot.entries, putInbound: snapshot.inbound });
    return snapshot;
  }

  apply(changes: OutboxChanges): Promise<void> {
    const write = this.inner.apply(changes).then(() => this.onChange(changes));
    this.writing.add(write);
    const forget = () => void this.writing.delete(write);
    write.then(forget, forget);
    return write;
  }

  /**
   * Resolves once every write begun so far (and any begun within the current task) is durable;
   * rejects if one of them failed. The native queues acknowledge received SMS and reports only
   * after this: the agent core starts storing them synchronously when handed them.
   */
  async settled(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const results = await Promise.allSettled([...this.writing]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
  }
}
