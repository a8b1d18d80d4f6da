import { maskPhone, type OutboxChanges, type OutboxEntry, type OutboxState } from '../../src/lib/index';

/** One line of the log screen. Built without the body, and with the recipient masked, by design. */
export interface SendLogEntry {
  id: string;
  to: string;
  status: OutboxState;
  parts?: number;
  simSlot?: number;
  errorCode?: string;
  acceptedAt: string;
  updatedAt: string;
}

export function toLogEntry(entry: Readonly<OutboxEntry>): SendLogEntry {
  return {
    id: entry.id,
    to: maskPhone(entry.to),
    status: entry.state,
    ...(entry.parts !== undefined ? { parts: entry.parts } : {}),
    ...(entry.simSlot !== undefined ? { simSlot: entry.simSlot } : {}),
    ...(entry.errorCode !== undefined ? { errorCode: entry.errorCode } : {}),
    acceptedAt: entry.acceptedAt,
    updatedAt: entry.updatedAt,
  };
}

/**
 * What the screens know about the outbox: every message's log line (no bodies), and when the last
 * message came or went. Fed by each durable outbox change.
 */
export class SendLog {
  private readonly entries = new Map<string, SendLogEntry>();
  private lastMessage: string | undefined;

  apply(changes: OutboxChanges): void {
    for (const entry of changes.put ?? []) {
      this.entries.set(entry.id, toLogEntry(entry));
      this.seen(entry.acceptedAt);
    }
    for (const id of changes.delete ?? []) {
      this.entries.delete(id);
    }
    for (const item of changes.putInbound ?? []) {
      this.seen(item.payload.receivedAt);
    }
  }

  clear(): void {
    this.entries.clear();
    this.lastMessage = undefined;
  }

  /** Newest first. */
  recent(limit = 100): SendLogEntry[] {
    return [...this.entries.values()].sort((a, b) => compareIso(b.acceptedAt, a.acceptedAt)).slice(0, limit);
  }

  get queueDepth(): number {
    let depth = 0;
    for (const entry of this.entries.values()) {
      if (entry.status === 'accepted') {
        depth += 1;
      }
    }
    return depth;
  }

  get lastMessageAt(): string | undefined {
    return this.lastMessage;
  }

  private seen(at: string): void {
    if (this.lastMessage === undefined || compareIso(at, this.lastMessage) > 0) {
      this.lastMessage = at;
    }
  }
}

function compareIso(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}
