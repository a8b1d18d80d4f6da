import type { MessageSendPayload, MessageStatusPayload, OutboxState, SmsReceivedPayload } from './protocol.js';
import type { PartFoldState } from './part-status.js';

/** One message the phone accepted. Persisted, so it survives a restart of the app. */
export interface OutboxEntry {
  id: string;
  to: string;
  body: string;
  simSlot?: number;
  expiresAt: string;
  attempt: number;
  state: OutboxState;
  /** ISO 8601. */
  acceptedAt: string;
  updatedAt: string;
  parts?: number;
  progress?: PartFoldState;
  errorCode?: string;
  traceparent?: string;
  tracestate?: string;
  /** Status reports the server has not acknowledged yet, oldest first. */
  pendingReports: MessageStatusPayload[];
}

/** A received SMS the server has not acknowledged yet. */
export interface PendingInbound {
  key: string;
  payload: SmsReceivedPayload;
}

export interface OutboxSnapshot {
  /** In acceptance order. */
  entries: OutboxEntry[];
  inbound: PendingInbound[];
}

export interface OutboxChanges {
  put?: OutboxEntry[];
  delete?: string[];
  putInbound?: PendingInbound[];
  deleteInbound?: string[];
}

/**
 * Durable storage behind the outbox (SQLite or MMKV in the app, a JSON file headless). `apply` is
 * one transaction; calls must take effect in call order, and the promise resolves once durable.
 * An updated entry keeps its original position.
 */
export interface OutboxStore {
  load(): Promise<OutboxSnapshot>;
  apply(changes: OutboxChanges): Promise<void>;
}

/** For tests and for phones that accept losing the outbox on restart. Copies, like a real store. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly inbound = new Map<string, PendingInbound>();

  load(): Promise<OutboxSnapshot> {
    return Promise.resolve({
      entries: [...this.entries.values()].map((e) => structuredClone(e)),
      inbound: [...this.inbound.values()].map((i) => structuredClone(i)),
    });
  }

  apply(changes: OutboxChanges): Promise<void> {
    applyChanges(this.entries, this.inbound, changes);
    return Promise.resolve();
  }
}

/** Shared by stores that keep a mirror in memory. */
export function applyChanges(
  entries: Map<string, OutboxEntry>,
  inbound: Map<string, PendingInbound>,
  changes: OutboxChanges,
): void {
  for (const entry of changes.put ?? []) {
    entries.set(entry.id, structuredClone(entry));
  }
  for (const id of changes.delete ?? []) {
    entries.delete(id);
  }
  for (const item of changes.putInbound ?? []) {
    inbound.set(item.key, structuredClone(item));
  }
  for (const key of changes.deleteInbound ?? []) {
    inbound.delete(key);
  }
}

export interface OutboxOptions {
  clock?: () => Date;
  /** Finished entries are remembered this long so a late duplicate `message.send` is recognised (default 24 h). */
  retentionMs?: number;
  /** ...and at most this many of them, newest kept (default 10,000). */
  maxFinished?: number;
}

/**
 * The phone's outbox: an in-memory index over an `OutboxStore`. Every mutation changes memory
 * synchronously (so concurrent handlers see it at once) and then waits for the store.
 */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly inbound = new Map<string, PendingInbound>();
  /** Last write per message id still in flight: a duplicate is only acked once the original is durable. */
  private readonly writes = new Map<string, Promise<void>>();
  private readonly clock: () => Date;
  private readonly retentionMs: number;
  private readonly maxFinished: number;

  private constructor(
    private readonly store: OutboxStore,
    options: OutboxOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.maxFinished = options.maxFinished ?? 10_000;
  }

  static async open(store: OutboxStore, options: OutboxOptions = {}): Promise<Outbox> {
    const outbox = new Outbox(store, options);
    const snapshot = await store.load();
    for (const entry of snapshot.entries) {
      outbox.entries.set(entry.id, entry);
    }
    for (const item of snapshot.inbound) {
      outbox.inbound.set(item.key, item);
    }
    return outbox;
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): Readonly<OutboxEntry> | undefined {
    return this.entries.get(id);
  }

  /** Messages waiting to be handed to the radio, in acceptance order. */
  queued(): Readonly<OutboxEntry>[] {
    return [...this.entries.values()].filter((e) => e.state === 'accepted');
  }

  get queueDepth(): number {
    let depth = 0;
    for (const entry of this.entries.values()) {
      if (entry.state === 'accepted') {
        depth += 1;
      }
    }
    return depth;
  }

  /**
   * What `hello` tells the server: messages not yet confirmed sent, and those with reports still
   * to deliver. Entries whose outcome the server acknowledged are left out: it already knows them,
   * and 10,000 of them would bloat every reconnect.
   */
  summary(): { id: string; state: OutboxState }[] {
    return [...this.entries.values()]
      .filter((e) => e.state === 'accepted' || e.state === 'sending' || e.pendingReports.length > 0)
      .map((e) => ({ id: e.id, state: e.state }));
  }

  withPendingReports(): Readonly<OutboxEntry>[] {
    return [...this.entries.values()].filter((e) => e.pendingReports.length > 0);
  }

  pendingInbound(): Readonly<PendingInbound>[] {
    return [...this.inbound.values()];
  }

  getInbound(key: string): Readonly<PendingInbound> | undefined {
    return this.inbound.get(key);
  }

  /** Adds a new message; the caller has checked `has(id)` (a duplicate must never replace the original). */
  /**
   * A new attempt at a message whose last attempt failed at the radio (the server retries
   * transient SIM failures). Only a `failed` entry with an older attempt qualifies: a message the
   * SIM sent, or one still in progress, is never transmitted twice.
   */
  canRetry(payload: MessageSendPayload): boolean {
    const entry = this.entries.get(payload.id);
    return entry !== undefined && entry.state === 'failed' && payload.attempt > entry.attempt;
  }

  retry(payload: MessageSendPayload): Promise<Readonly<OutboxEntry>> {
    const previous = this.entries.get(payload.id);
    if (!previous || !this.canRetry(payload)) {
      return Promise.reject(new Error(`message ${payload.id} cannot be retried`));
    }
    const entry: OutboxEntry = {
      ...previous,
      to: payload.to,
      body: payload.body,
      expiresAt: payload.expiresAt,
      attempt: payload.attempt,
      state: 'accepted',
      updatedAt: this.clock().toISOString(),
      progress: undefined,
      errorCode: undefined,
      // The new attempt's trace (its reports belong to it), or none.
      traceparent: payload.traceparent,
      tracestate: payload.tracestate,
    };
    if (entry.traceparent === undefined) delete entry.traceparent;
    if (entry.tracestate === undefined) delete entry.tracestate;
    this.entries.set(entry.id, entry);
    return this.track(entry.id, this.store.apply({ put: [entry] })).then(
      () => entry,
      (error: unknown) => {
        if (this.entries.get(entry.id) === entry) this.entries.set(entry.id, previous);
        throw error;
      },
    );
  }

  accept(payload: MessageSendPayload): Promise<Readonly<OutboxEntry>> {
    if (this.entries.has(payload.id)) {
      return Promise.reject(new Error(`message ${payload.id} is already in the outbox`));
    }
    const now = this.clock().toISOString();
    const entry: OutboxEntry = {
      id: payload.id,
      to: payload.to,
      body: payload.body,
      ...(payload.simSlot !== undefined ? { simSlot: payload.simSlot } : {}),
      expiresAt: payload.expiresAt,
      attempt: payload.attempt,
      state: 'accepted',
      acceptedAt: now,
      updatedAt: now,
      ...(payload.traceparent ? { traceparent: payload.traceparent } : {}),
      ...(payload.tracestate ? { tracestate: payload.tracestate } : {}),
      pendingReports: [],
    };
    this.entries.set(entry.id, entry);
    return this.track(entry.id, this.store.apply({ put: [entry] })).then(
      () => entry,
      (error: unknown) => {
        // Not durable, so not accepted: a retry of the same id must be treated as new.
        if (this.entries.get(entry.id) === entry) {
          this.entries.delete(entry.id);
        }
        throw error;
      },
    );
  }

  /** Resolves once the latest write of this message is durable. */
  durable(id: string): Promise<void> {
    return this.writes.get(id) ?? Promise.resolve();
  }

  /** Replaces an entry with `change(entry)`; a no-op when the entry is gone (pruned or canceled). */
  update(id: string, change: (entry: Readonly<OutboxEntry>) => OutboxEntry): Promise<void> {
    const current = this.entries.get(id);
    if (!current) {
      return Promise.resolve();
    }
    const next = { ...change(current), updatedAt: this.clock().toISOString() };
    this.entries.set(id, next);
    return this.track(id, this.store.apply({ put: [next] }));
  }

  remove(ids: string[]): Promise<void> {
    const present = ids.filter((id) => this.entries.delete(id));
    if (present.length === 0) {
      return Promise.resolve();
    }
    return this.store.apply({ delete: present });
  }

  addInbound(payload: SmsReceivedPayload, key: string): Promise<Readonly<PendingInbound>> {
    const item: PendingInbound = { key, payload };
    this.inbound.set(key, item);
    return this.store.apply({ putInbound: [item] }).then(() => item);
  }

  removeInbound(key: string): Promise<void> {
    if (!this.inbound.delete(key)) {
      return Promise.resolve();
    }
    return this.store.apply({ deleteInbound: [key] });
  }

  /**
   * Forgets finished entries older than the retention, or beyond the newest `maxFinished`. Entries
   * still queued or with unacknowledged reports are never dropped. Returns how many were dropped.
   */
  prune(): Promise<number> {
    const cutoff = this.clock().getTime() - this.retentionMs;
    const finished = [...this.entries.values()].filter((e) => e.state !== 'accepted' && e.pendingReports.length === 0);
    const excess = finished.length - this.maxFinished;
    const drop = finished
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))
      .filter((e, index) => index < excess || Date.parse(e.updatedAt) < cutoff)
      .map((e) => e.id);
    return this.remove(drop).then(() => drop.length);
  }

  private track(id: string, write: Promise<void>): Promise<void> {
    this.writes.set(id, write);
    const clear = (): void => {
      if (this.writes.get(id) === write) {
        this.writes.delete(id);
      }
    };
    write.then(clear, clear);
    return write;
  }
}
