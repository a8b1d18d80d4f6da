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
