import { maskPhone } from './mask.js';
import type { MessageSendPayload, MessageStatusPayload, OutboxState, SmsReceivedPayload } from './protocol.js';
import { isTerminalProgress, type PartFoldState } from './part-status.js';

/**
 * One message the phone accepted. Persisted, so it survives a restart of the app. Once it has left
 * the radio, `to` is kept masked (as the phone's log shows it) and `body` empty: what remains is
 * what de-duplication and the status reports need.
 */
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
  /** Small named values the agent keeps beside the outbox (the throttle's window); absent in older stores. */
  state?: Record<string, unknown>;
}

export interface OutboxChanges {
  put?: OutboxEntry[];
  delete?: string[];
  putInbound?: PendingInbound[];
  deleteInbound?: string[];
  /** Named values to replace whole (JSON-serialisable). */
  state?: Record<string, unknown>;
}

/**
 * Durable storage behind the outbox (SQLite or MMKV in the app, a JSON file headless). `apply` is
 * one transaction; calls must take effect in call order, and the promise resolves once durable.
 * An updated entry keeps its original position.
 */
export interface OutboxStore {
  load(): Promise<OutboxSnapshot>;
  apply(changes: OutboxChanges): Promise<void>;
  /**
   * Bytes the outbox may take in this store (AsyncStorage has 6 MB by default); the outbox keeps
   * its estimate under it by forgetting the oldest finished messages first (default
   * APP_OUTBOX_CAPACITY_BYTES; Infinity for none).
   */
  readonly capacityBytes?: number;
}

/** For tests and for phones that accept losing the outbox on restart. Copies, like a real store. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly inbound = new Map<string, PendingInbound>();
  private readonly state = new Map<string, unknown>();

  load(): Promise<OutboxSnapshot> {
    return Promise.resolve({
      entries: [...this.entries.values()].map((e) => structuredClone(e)),
      inbound: [...this.inbound.values()].map((i) => structuredClone(i)),
      state: structuredClone(Object.fromEntries(this.state)),
    });
  }

  apply(changes: OutboxChanges): Promise<void> {
    applyChanges(this.entries, this.inbound, changes, this.state);
    return Promise.resolve();
  }
}

/** Shared by stores that keep a mirror in memory. */
export function applyChanges(
  entries: Map<string, OutboxEntry>,
  inbound: Map<string, PendingInbound>,
  changes: OutboxChanges,
  state?: Map<string, unknown>,
): void {
  for (const [key, value] of Object.entries(changes.state ?? {})) {
    state?.set(key, structuredClone(value));
  }
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
  /** The bound on the stored size, in bytes (default: the store's `capacityBytes`, else APP_OUTBOX_CAPACITY_BYTES). */
  maxBytes?: number;
}

/**
 * The phone's bound: AsyncStorage refuses writes past 6 MB (its SQLite file, pages and row headers
 * included, shared with the app's other keys), so the outbox's estimate stays at half of that.
 */
export const APP_OUTBOX_CAPACITY_BYTES = 3 * 1024 * 1024;

/** A row's key and framing in the store, beyond its JSON (AsyncStorage: key, seq, SQLite row). */
const ROW_OVERHEAD_BYTES = 64;

/** The UTF-8 size of a string, without Buffer or TextEncoder (React Native has neither everywhere). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
    } else if (code < 0x800) {
      bytes += 2;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: four bytes for both halves.
      bytes += 4;
      i += 1;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

/** What an entry or a received SMS costs in the store, estimated. */
function storedSize(value: OutboxEntry | PendingInbound): number {
  return utf8Length(JSON.stringify(value)) + ROW_OVERHEAD_BYTES;
}

/** Left the radio: its text and recipient are no longer needed. */
function radioDone(entry: OutboxEntry): boolean {
  return entry.state !== 'accepted' && entry.state !== 'sending';
}

/**
 * May be forgotten to make room: done with the radio and with the server. A message still on the
 * radio may not, as its id must stay known until its outcome is.
 */
function evictable(entry: OutboxEntry): boolean {
  return radioDone(entry) && entry.pendingReports.length === 0;
}

/**
 * Keeps what de-duplication and the reports need once a message has left the radio: no body, the
 * recipient masked; once nothing more can happen to it, no trace context or part progress either.
 */
export function compactEntry(entry: OutboxEntry): OutboxEntry {
  if (!radioDone(entry)) {
    return entry;
  }
  const compact: OutboxEntry = { ...entry, to: maskPhone(entry.to), body: '' };
  const settled =
    entry.pendingReports.length === 0 &&
    entry.state !== 'sent' &&
    (entry.progress === undefined || isTerminalProgress(entry.progress.status));
  if (settled) {
    delete compact.progress;
    delete compact.traceparent;
    delete compact.tracestate;
  }
  return compact;
}

function isCompact(entry: OutboxEntry): boolean {
  const compact = compactEntry(entry);
  return (
    compact.body === entry.body &&
    compact.to === entry.to &&
    'progress' in compact === 'progress' in entry &&
    'traceparent' in compact === 'traceparent' in entry
  );
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
  private readonly maxBytes: number;
  /** Estimated stored size per entry (`e:` and its id) and received SMS (`i:` and its key), and their sum. */
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private readonly values = new Map<string, unknown>();

  private constructor(
    private readonly store: OutboxStore,
    options: OutboxOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
    this.maxFinished = options.maxFinished ?? 10_000;
    // The phone's bound unless told otherwise: a wrapping store (the app's observed one) hides its own.
    this.maxBytes = options.maxBytes ?? store.capacityBytes ?? APP_OUTBOX_CAPACITY_BYTES;
  }

  static async open(store: OutboxStore, options: OutboxOptions = {}): Promise<Outbox> {
    const outbox = new Outbox(store, options);
    const snapshot = await store.load();
    for (const entry of snapshot.entries) {
      outbox.setEntry(entry);
    }
    for (const item of snapshot.inbound) {
      outbox.setInbound(item);
    }
    for (const [key, value] of Object.entries(snapshot.state ?? {})) {
      outbox.values.set(key, value);
    }
    return outbox;
  }

  /** A named value kept beside the outbox, as last saved (unknown: the caller validates it). */
  savedState(key: string): unknown {
    return this.values.get(key);
  }

  /** Saves a small named value durably, replacing the last one. */
  saveState(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return this.store.apply({ state: { [key]: value } });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated size of what the store holds for this outbox, in bytes. */
  get storedBytes(): number {
    return this.bytes;
  }

  /** The bound `storedBytes` is kept under (Infinity when none). */
  get capacityBytes(): number {
    return this.maxBytes;
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
    return this.putMakingRoom(entry, storedSize(entry) - (this.sizes.get(`e:${entry.id}`) ?? 0), () =>
      this.setEntry(previous),
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
    // Not durable, so not accepted: a retry of the same id must be treated as new.
    return this.putMakingRoom(entry, storedSize(entry), () => this.deleteEntry(entry.id));
  }

  /**
   * Puts `entry` (which grows the store by `growth` bytes), forgetting the oldest finished messages
   * for room in the same write. When the write fails and the entry is still the one put, `undo`
   * puts back what was there.
   */
  private putMakingRoom(entry: OutboxEntry, growth: number, undo: () => void): Promise<Readonly<OutboxEntry>> {
    const evicted = this.makeRoom(growth, entry.id);
    if (evicted instanceof Error) {
      return Promise.reject(evicted);
    }
    this.setEntry(entry);
    return this.track(
      entry.id,
      this.store.apply({ put: [entry], ...(evicted.length ? { delete: evicted } : {}) }),
    ).then(
      () => entry,
      (error: unknown) => {
        if (this.entries.get(entry.id) === entry) undo();
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
    const next = compactEntry({ ...change(current), updatedAt: this.clock().toISOString() });
    this.setEntry(next);
    return this.track(id, this.store.apply({ put: [next] }));
  }

  remove(ids: string[]): Promise<void> {
    const present = ids.filter((id) => this.deleteEntry(id));
    if (present.length === 0) {
      return Promise.resolve();
    }
    return this.store.apply({ delete: present });
  }

  addInbound(payload: SmsReceivedPayload, key: string): Promise<Readonly<PendingInbound>> {
    const item: PendingInbound = { key, payload };
    const room = this.makeRoom(storedSize(item));
    // Without room a received SMS is still stored if the store takes it, and forwarded anyway.
    const evicted = room instanceof Error ? [] : room;
    this.setInbound(item);
    return this.store.apply({ putInbound: [item], ...(evicted.length ? { delete: evicted } : {}) }).then(() => item);
  }

  removeInbound(key: string): Promise<void> {
    if (!this.deleteInbound(key)) {
      return Promise.resolve();
    }
    return this.store.apply({ deleteInbound: [key] });
  }

  /**
   * Forgets finished entries older than the retention, or beyond the newest `maxFinished`. Entries
   * still queued or with unacknowledged reports are never dropped. Returns how many were dropped.
   */
  async prune(): Promise<number> {
    const cutoff = this.clock().getTime() - this.retentionMs;
    const finished = [...this.entries.values()].filter((e) => e.state !== 'accepted' && e.pendingReports.length === 0);
    const excess = finished.length - this.maxFinished;
    const drop = finished
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt))
      .filter((e, index) => index < excess || Date.parse(e.updatedAt) < cutoff)
      .map((e) => e.id);
    await this.remove(drop);
    // Entries an older version stored whole (text and recipient of finished messages) shrink once.
    const shrink = [...this.entries.values()].filter((e) => !isCompact(e)).map((e) => compactEntry(e));
    if (shrink.length > 0) {
      for (const entry of shrink) {
        this.setEntry(entry);
      }
      await this.store.apply({ put: shrink });
    }
    return drop.length;
  }

  /**
   * Forgets the oldest finished entries until `bytes` more fit under the bound (in memory now; the
   * caller deletes them in its write). An error, forgetting nothing, when even that is not enough:
   * everything left is queued, on the radio or waiting for the server.
   */
  private makeRoom(bytes: number, keep?: string): string[] | Error {
    if (this.bytes + bytes <= this.maxBytes) {
      return [];
    }
    const evict: string[] = [];
    let freed = 0;
    // Acceptance order, oldest first: the ids least likely to come back as duplicates.
    for (const entry of this.entries.values()) {
      if (this.bytes - freed + bytes <= this.maxBytes) {
        break;
      }
      if (entry.id !== keep && evictable(entry)) {
        evict.push(entry.id);
        freed += this.sizes.get(`e:${entry.id}`) ?? 0;
      }
    }
    if (this.bytes - freed + bytes > this.maxBytes) {
      return new Error(`the outbox is full (${this.bytes} of ${this.maxBytes} bytes) with unfinished messages`);
    }
    for (const id of evict) {
      this.deleteEntry(id);
    }
    return evict;
  }

  private setEntry(entry: OutboxEntry): void {
    this.entries.set(entry.id, entry);
    this.resize(`e:${entry.id}`, storedSize(entry));
  }

  private deleteEntry(id: string): boolean {
    this.resize(`e:${id}`, 0);
    return this.entries.delete(id);
  }

  private setInbound(item: PendingInbound): void {
    this.inbound.set(item.key, item);
    this.resize(`i:${item.key}`, storedSize(item));
  }

  private deleteInbound(key: string): boolean {
    this.resize(`i:${key}`, 0);
    return this.inbound.delete(key);
  }

  private resize(key: string, size: number): void {
    this.bytes += size - (this.sizes.get(key) ?? 0);
    if (size === 0) {
      this.sizes.delete(key);
    } else {
      this.sizes.set(key, size);
    }
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
