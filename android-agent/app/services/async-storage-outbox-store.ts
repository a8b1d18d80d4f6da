import AsyncStorage from '@react-native-async-storage/async-storage';
import {
  APP_OUTBOX_CAPACITY_BYTES,
  type OutboxChanges,
  type OutboxEntry,
  type OutboxSnapshot,
  type OutboxStore,
  type PendingInbound,
} from '../../src/lib/index';

/** The part of AsyncStorage this store uses; on Android each multi* call is one SQLite transaction. */
export type KeyValueStorage = Pick<typeof AsyncStorage, 'getAllKeys' | 'multiGet' | 'multiSet' | 'multiRemove'>;

const PREFIX = 'outbox.v1.';
const ENTRY = `${PREFIX}e.`;
const INBOUND = `${PREFIX}i.`;
/** Named values beside the outbox (the throttle's window), one key each. */
const STATE = `${PREFIX}s.`;
/** Marks a key deleted inside a write that also puts: removed for real right after. */
const TOMBSTONE = '"deleted"';

interface Row<T> {
  /** Position in the outbox: an updated entry keeps the position it was first written at. */
  seq: number;
  value: T;
}

/**
 * The app's outbox in AsyncStorage, one key per message and per pending received SMS.
 *
 * Why not one JSON snapshot: the outbox remembers up to 10,000 finished messages, so every status
 * change would rewrite megabytes, and Android's AsyncStorage reads a row through a 2 MB cursor
 * window, so a large snapshot could stop loading at all. With a key per entry a write costs the
 * size of the change.
 *
 * Atomicity: each `apply` is one AsyncStorage call, and on Android `multiSet` and `multiRemove`
 * each run in one SQLite transaction. A change that both puts and deletes writes its deletions as
 * tombstones in the same `multiSet`, then removes them; `load` treats a tombstone as absent.
 * Writes run one at a time in call order.
 */
export class AsyncStorageOutboxStore implements OutboxStore {
  /** Under AsyncStorage's 6 MB: the outbox forgets its oldest finished messages to stay below. */
  readonly capacityBytes = APP_OUTBOX_CAPACITY_BYTES;
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly storage: KeyValueStorage = AsyncStorage) {}

  async load(): Promise<OutboxSnapshot> {
    await this.tail;
    this.seqs.clear();
    this.nextSeq = 0;
    const keys = (await this.storage.getAllKeys()).filter((key) => key.startsWith(PREFIX));
    const rows = keys.length > 0 ? await this.storage.multiGet(keys) : [];
    const entries: Row<OutboxEntry>[] = [];
    const inbound: Row<PendingInbound>[] = [];
    const state: Record<string, unknown> = {};
    const tombstones: string[] = [];
    for (const [key, raw] of rows) {
      if (raw === null) {
        continue;
      }
      if (raw === TOMBSTONE) {
        tombstones.push(key);
        continue;
      }
      if (key.startsWith(STATE)) {
        // Only pacing lives here: a damaged value is dropped, not fatal (the throttle ignores it).
        state[key.slice(STATE.length)] = parseState(raw);
        continue;
      }
      // A corrupt outbox is an error, not an empty one: silently starting over could send twice.
      const row = parseRow(key, raw);
      this.seqs.set(key, row.seq);
      this.nextSeq = Math.max(this.nextSeq, row.seq + 1);
      if (key.startsWith(ENTRY)) {
        entries.push(row as Row<OutboxEntry>);
      } else if (key.startsWith(INBOUND)) {
        inbound.push(row as Row<PendingInbound>);
      }
    }
    if (tombstones.length > 0) {
      await this.storage.multiRemove(tombstones);
    }
    const bySeq = (a: Row<unknown>, b: Row<unknown>): number => a.seq - b.seq;
    return {
      entries: entries.sort(bySeq).map((row) => row.value),
      inbound: inbound.sort(bySeq).map((row) => row.value),
      state,
    };
  }

  apply(changes: OutboxChanges): Promise<void> {
    // Positions are taken now, in call order, so they agree with the order of the writes.
    const puts: [string, string][] = [
      ...(changes.put ?? []).map((entry) => this.row(ENTRY + entry.id, entry)),
      ...(changes.putInbound ?? []).map((item) => this.row(INBOUND + item.key, item)),
      ...Object.entries(changes.state ?? {}).map(([name, value]): [string, string] => [
        STATE + name,
        JSON.stringify(value),
      ]),
    ];
    const deletes = [
      ...(changes.delete ?? []).map((id) => ENTRY + id),
      ...(changes.deleteInbound ?? []).map((key) => INBOUND + key),
    ];
    for (const key of deletes) {
      this.seqs.delete(key);
    }
    let write: () => Promise<void>;
    let cleanup: (() => Promise<void>) | undefined;
    if (deletes.length === 0) {
      write = () => this.storage.multiSet(puts);
    } else if (puts.length === 0) {
      write = () => this.storage.multiRemove(deletes);
    } else {
      write = () => this.storage.multiSet([...puts, ...deletes.map((key): [string, string] => [key, TOMBSTONE])]);
      cleanup = () => this.storage.multiRemove(deletes);
    }
    const done = this.enqueue(write);
    if (cleanup) {
      // Queued now, before any later put of the same key; if it fails, the next load removes the tombstones.
      void this.enqueue(cleanup).catch(() => {});
    }
    return done;
  }

  private row(key: string, value: OutboxEntry | PendingInbound): [string, string] {
    let seq = this.seqs.get(key);
    if (seq === undefined) {
      seq = this.nextSeq++;
      this.seqs.set(key, seq);
    }
    const row: Row<typeof value> = { seq, value };
    return [key, JSON.stringify(row)];
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const run = this.tail.then(write);
    // One failed write must not block the ones after it; its own caller sees the error.
    this.tail = run.catch(() => {});
    return run;
  }
}

function parseState(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function parseRow(key: string, raw: string): Row<unknown> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new Error(`outbox row ${key} is not valid JSON`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || !Number.isInteger((data as Row<unknown>).seq)) {
    throw new Error(`outbox row ${key} is not an outbox row`);
  }
  return data as Row<unknown>;
}
