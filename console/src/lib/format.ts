const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An ISO timestamp from the API in the reader's locale and time zone; '—' for none. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** Statuses from DESIGN.md §2 and their badge colours. */
export const STATUS_COLORS: Record<string, string> = {
  scheduled: 'gray',
  queued: 'gray',
  sending: 'blue',
  sent: 'cyan',
  delivered: 'green',
  undelivered: 'orange',
  rejected: 'orange',
  failed: 'red',
  expired: 'yellow',
  canceled: 'gray',
  received: 'teal',
};

/** Campaign states (src/modules/campaigns/campaign-state.ts) and their badge colours. */
export const CAMPAIGN_STATE_COLORS: Record<string, string> = {
  draft: 'gray',
  scheduled: 'violet',
  running: 'blue',
  paused: 'yellow',
  completed: 'green',
  canceled: 'red',
};

/** A campaign's recipients that get (or got) a message: the rows read less those skipped. */
export function recipientsOf(counts: {
  total: number;
  suppressed: number;
  invalid: number;
  duplicates: number;
}): number {
  return Math.max(0, counts.total - counts.suppressed - counts.invalid - counts.duplicates);
}
