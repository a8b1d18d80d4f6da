import type { OutboxChanges, OutboxSnapshot, OutboxStore } from '../../src/lib/index';

/**
 * Passes every outbox change on to `onChange` once it is durable: the app's status and log screens
 * follow the outbox without reaching into the agent.
 */
export class ObservedOutboxStore implements OutboxStore {
  constructor(
    private readonly inner: OutboxStore,
    private readonly onChange: (changes: OutboxChanges) => void,
  ) {}

  async load(): Promise<OutboxSnapshot> {
    const snapshot = await this.inner.load();
    this.onChange({ put: snapshot.entries, putInbound: snapshot.inbound });
    return snapshot;
  }

  async apply(changes: OutboxChanges): Promise<void> {
    await this.inner.apply(changes);
    this.onChange(changes);
  }
}
