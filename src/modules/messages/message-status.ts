/** Message statuses (DESIGN.md §2, contract). */
export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'rejected',
  'failed',
  'expired',
  'canceled',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly MessageStatus[] = [
  'delivered',
  'undelivered',
  'rejected',
  'failed',
  'expired',
  'canceled',
];

export function isTerminal(status: MessageStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** How far along a status is; a transition must strictly increase it. */
export function rank(status: MessageStatus): number {
  switch (status) {
    case 'scheduled':
      return 0;
    case 'queued':
      return 1;
    case 'sending':
      return 2;
    case 'sent':
      return 3;
    case 'delivered':
    case 'undelivered':
    case 'rejected':
    case 'failed':
    case 'expired':
    case 'canceled':
      return 4;
  }
}

/** The statuses a message may be in for `next` to apply: forward only, never out of a terminal one. */
export function allowedPredecessors(next: MessageStatus): MessageStatus[] {
  return MESSAGE_STATUSES.filter((s) => !isTerminal(s) && rank(s) < rank(next));
}

/** True when moving from `current` to `next` goes forward; a late or duplicate report does not. */
export function canTransition(current: MessageStatus, next: MessageStatus): boolean {
  return allowedPredecessors(next).includes(current);
}
