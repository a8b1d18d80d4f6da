import { mkdir, open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  applyChanges,
  type OutboxChanges,
  type OutboxEntry,
  type OutboxSnapshot,
  type OutboxStore,
  type PendingInbound,
} from '../lib/outbox.js';

interface SnapshotFile {
  version: 1;
  entries: OutboxEntry[];
  inbound: PendingInbound[];
  /** Added later: older files have none. */
  state?: Record<string, unknown>;
}

export interface FileOutboxStoreOptions {
  /** fsync every write (default true); off only for throwaway state. */
  fsync?: boolean;
  /** Compact once the journal exceeds this many bytes and twice the snapshot (default 1 MiB). */
  compactAfterBytes?: number;
  /** The outbox's bound in this store (`OutboxStore.capacityBytes`); the phone's by default. */
  capacityBytes?: number;
}

/**
 * The headless agent's outbox on disk: a JSON snapshot at `path`, replaced atomically (temp file,
 * fsync, rename), plus a journal of changes at `path.log`, one JSON line per write. Appending to
 * the journal costs the size of the change, not of the outbox, so a busy agent with 10,000
 * remembered ids stays fast; the journal is folded into the snapshot now and then.
 *
 * Writes made while one is on its way are coalesced into the next, and each `apply` resolves once
 * its change is on disk. A line torn by a crash at the end of the journal belongs to a write that
 * never resolved, so nothing was acknowledged on it; it is ignored.
 */
export class FileOutboxStore implements OutboxStore {
  readonly journalPath: string;
  readonly capacityBytes: number | undefined;
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly inbound = new Map<string, PendingInbound>();
  private readonly state = new Map<string, unknown>();
  private readonly fsync: boolean;
  private readonly compactAfterBytes: number;
  private journal: FileHandle | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;
  /** Journal lines not yet written. */
  private pending: string[] = [];
  /** The write that will carry changes applied from now on; it has not started yet. */
  private next: Promise<void> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    options: FileOutboxStoreOptions = {},
  ) {
    this.journalPath = `${path}.log`;
    this.fsync = options.fsync ?? true;
    this.compactAfterBytes = options.compactAfterBytes ?? 1024 * 1024;
    this.capacityBytes = options.capacityBytes;
  }

  async load(): Promise<OutboxSnapshot> {
    await this.close();
    this.entries.clear();
    this.inbound.clear();
    this.state.clear();
    const snapshot = await readOptional(this.path);
    if (snapshot !== undefined) {
      // A corrupt outbox is an error, not an empty one: silently starting over could send twice.
      const data = parseJson(snapshot, this.path);
      if (!isSnapshotFile(data)) {
        throw new Error(`outbox file ${this.path} is not an outbox (version 1)`);
      }
      applyChanges(
        this.entries,
        this.inbound,
        { put: data.entries, putInbound: data.inbound, ...(data.state ? { state: data.state } : {}) },
        this.state,
      );
      this.snapshotBytes = Buffer.byteLength(snapshot);
    }
    const journal = (await readOptional(this.journalPath)) ?? '';
    const lines = journal.split('\n');
    // Everything before the last newline was fully written; what follows it is a torn write or ''.
    const complete = lines.slice(0, -1);
    for (const [index, line] of complete.entries()) {
      applyChanges(
        this.entries,
        this.inbound,
        parseJson(line, `${this.journalPath} line ${index + 1}`) as OutboxChanges,
        this.state,
      );
    }

    await mkdir(dirname(this.path), { recursive: true });
    this.journal = await open(this.journalPath, 'a', 0o600);
    if (journal.length > 0) {
      // Start from a clean snapshot and an empty journal, which also drops a torn last line.
      await this.compact();
    }
    return {
      entries: [...this.entries.values()].map((e) => structuredClone(e)),
      inbound: [...this.inbound.values()].map((i) => structuredClone(i)),
      state: structuredClone(Object.fromEntries(this.state)),
    };
  }

  apply(changes: OutboxChanges): Promise<void> {
    if (!this.journal) {
      return Promise.reject(new Error('FileOutboxStore.apply before load (or after close)'));
    }
    applyChanges(this.entries, this.inbound, changes, this.state);
    this.pending.push(`${JSON.stringify(changes)}\n`);
    this.next ??= this.writing
      .catch(() => {})
      .then(() => {
        this.next = undefined;
        return this.write();
      });
    this.writing = this.next;
    return this.next;
  }

  /** Resolves when everything applied so far is on disk. */
  flush(): Promise<void> {
    return this.writing.catch(() => {});
  }

  async close(): Promise<void> {
    await this.flush();
    const journal = this.journal;
    this.journal = undefined;
    await journal?.close();
  }

  private async write(): Promise<void> {
    // Taken in the same turn as any snapshot below, so the snapshot holds exactly these lines.
    const lines = this.pending.join('');
    this.pending = [];
    const journal = this.journal;
    if (!journal) {
      throw new Error('FileOutboxStore closed');
    }
    const bytes = Buffer.byteLength(lines);
    if (this.journalBytes + bytes > Math.max(this.compactAfterBytes, 2 * this.snapshotBytes)) {
      await this.compact();
      return;
    }
    await journal.appendFile(lines, 'utf8');
    if (this.fsync) {
      await journal.sync();
    }
    this.journalBytes += bytes;
  }

  /**
   * Snapshot, then empty the journal. A crash between the two leaves a journal whose changes all
   * precede the snapshot; replaying them ends every entry in its snapshot state, so it is harmless.
   */
  private async compact(): Promise<void> {
    const data: SnapshotFile = {
      version: 1,
      entries: [...this.entries.values()],
      inbound: [...this.inbound.values()],
      state: Object.fromEntries(this.state),
    };
    const text = JSON.stringify(data);
    const temp = `${this.path}.${process.pid}.tmp`;
    // 0600: the outbox holds phone numbers and message bodies.
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      if (this.fsync) {
        await handle.sync();
      }
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
    await this.journal?.truncate(0);
    if (this.fsync) {
      await this.journal?.sync();
    }
    this.snapshotBytes = Buffer.byteLength(text);
    this.journalBytes = 0;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`outbox file ${where} is not valid JSON: ${String(error)}`, { cause: error });
  }
}

function isSnapshotFile(value: unknown): value is SnapshotFile {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return v.version === 1 && Array.isArray(v.entries) && Array.isArray(v.inbound);
}
