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
 */
export class ItemFailed {
  constructor(readonly error: unknown) {}
}

export class GroupCommitter<T, R = void> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: T[]) => Promise<readonly (R | ItemFailed)[] | void>,
    private readonly options: { maxBatch: number; maxInFlight: number },
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
    const batch = this.pending.splice(0, this.options.maxBatch);
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
      this.inFlight -= 1;
      this.schedule();
    }
  }
}
