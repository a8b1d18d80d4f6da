import type { OutboxState } from '../../src/lib/index';
import type { SendLogEntry } from '../services/send-log';
import { formatTime } from './status-view';

export const STATUS_LABELS: Record<OutboxState, string> = {
  accepted: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

export interface LogRow {
  key: string;
  recipient: string;
  status: string;
  detail: string;
}

/** Log lines, newest first. The entries carry no body and a masked number already; so do the rows. */
export function logRows(entries: readonly SendLogEntry[], now: Date = new Date()): LogRow[] {
  return [...entries]
    .sort((a, b) => Date.parse(b.acceptedAt) - Date.parse(a.acceptedAt))
    .map((entry) => ({
      key: entry.id,
      recipient: entry.to,
      status: STATUS_LABELS[entry.status] + (entry.errorCode ? ` (${entry.errorCode})` : ''),
      detail: [
        formatTime(entry.updatedAt, now),
        entry.parts !== undefined ? `${entry.parts} part${entry.parts === 1 ? '' : 's'}` : undefined,
        entry.simSlot !== undefined ? `SIM ${entry.simSlot + 1}` : undefined,
        entry.id,
      ]
        .filter(Boolean)
        .join(' · '),
    }));
}
