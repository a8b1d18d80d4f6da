/**
 * Group commit: items submitted while earlier writes are in flight are written together by the
 * next one, so under load many requests share one statement and one round trip, and at low load
 * each item is written at once. Every caller's promise settles only after its own item's write.
 *
 * A write may answer one result per item, in the order given (R: for example whether the item was
 * written or refused, so one item's refusal is its caller's alone); each caller gets its own. An
 * item that failed on its own is answered as an `ItemFailed`, which rejects its caller alone: a
 * write must not let one item's fault fail the others, whose rows may be committed already. A
 * write that throws rejects every caller of that batch (so it must then have written nothing),
 * and later batches go on.
 *
 * With `key`, items with the same key are written one after the other, in the order submitted:
 * a batch takes at most one item per key, and none whose key is in a batch still in flight (the
 * others wait, in order, for a later batch). Writes whose outcome depends on the one before (two
 * status reports for the same message) then see exactly what they would one at a time.
 */
export class ItemFailed {
  constructor(readonly error: unknown) {}
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<T, R = void> {
  private pending: Pending<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** With `key`: the keys of the batches in flight. */
  private readonly busy = new Set<string>();

  constructor(
    private readonly write: (items: T[]) => Promise<readonly (R | ItemFailed)[] | void>,
    private readonly options: { maxBatch: number; maxInFlight: number; key?: (item: T) => string },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    // Let the requests of this turn of the event loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.options.maxInFlight || this.pending.length === 0) return;
    const { batch, keys } = this.take();
    // Everything pending waits on a batch in flight, whose end schedules the next flush.
    if (batch.length === 0) return;
    this.inFlight += 1;
    try {
      const results = await this.write(batch.map((b) => b.item));
      if (results && results.length !== batch.length) {
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      }
      // Without results (R = void) every caller gets undefined.
      for (const [i, b] of batch.entries()) {
        const result = results ? results[i] : (undefined as R);
        if (result instanceof ItemFailed) b.reject(result.error);
        else b.resolve(result);
      }
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      for (const key of keys) this.busy.delete(key);
      this.inFlight -= 1;
      this.schedule();
    }
  }

  /** The next batch: the oldest items, at most one per key and none whose key is in flight. */
  private take(): { batch: Pending<T, R>[]; keys: string[] } {
    const keyOf = this.options.key;
    if (!keyOf) return { batch: this.pending.splice(0, this.options.maxBatch), keys: [] };
    const batch: Pending<T, R>[] = [];
    const keys: string[] = [];
    let waiting: Pending<T, R>[] = [];
    for (const [i, p] of this.pending.entries()) {
      if (batch.length >= this.options.maxBatch) {
        waiting = waiting.concat(this.pending.slice(i));
        break;
      }
      const key = keyOf(p.item);
      if (this.busy.has(key)) {
        waiting.push(p);
        continue;
      }
      // Taken keys join `busy` at once, so a later item with the same key waits too.
      this.busy.add(key);
      keys.push(key);
      batch.push(p);
    }
    this.pending = waiting;
    return { batch, keys };
  }
}
