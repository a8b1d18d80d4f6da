import type { CampaignRow, CampaignTallies } from './campaigns.repository.js';
import { formatClock } from './zones.js';

/** Where a campaign's recipients are (issue 19's progress): each recipient counts in one of these but `total`. */
export interface CampaignCounts {
  /** Rows read from the import (the header not counted). */
  total: number;
  /** Not yet given their message (waiting for their turn, the pace or the end of quiet hours). */
  pending: number;
  /** Messages made, not yet handed to a phone or carrier (scheduled, queued, sending). */
  queued: number;
  /** Sent, no delivery report yet. */
  sent: number;
  delivered: number;
  /** undelivered, rejected, failed or expired; and recipients whose message could not be made. */
  failed: number;
  /** Recipients and messages the campaign's cancel stopped. */
  canceled: number;
  /** Skipped: on the opt-out list at import or when their turn came. */
  suppressed: number;
  /** Skipped: rows whose number or text was not valid. */
  invalid: number;
  /** Skipped: numbers already on an earlier line. */
  duplicates: number;
  /** Recipients who replied STOP after this campaign's message. */
  optedOut: number;
  /** delivered / (sent + delivered + failed messages), null before any message left. */
  deliveryRate: number | null;
}

export interface CampaignResource {
  id: string;
  name: string;
  state: string;
  templateId: string | null;
  body: string;
  defaults: Record<string, string>;
  from: string | null;
  deviceId: string | null;
  simSlot: number | null;
  startAt: string | null;
  quietHours: { start: string; end: string } | null;
  pace: number | null;
  createdBy: string;
  launchedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  counts: CampaignCounts;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toCounts(c: CampaignRow, t: CampaignTallies): CampaignCounts {
  const m = (...statuses: string[]) => statuses.reduce((n, s) => n + (t.messages[s] ?? 0), 0);
  const r = t.recipients;
  const stats = c.import_stats;
  const sent = m('sent');
  const delivered = m('delivered');
  const failed = m('undelivered', 'rejected', 'failed', 'expired') + (r.error ?? 0);
  const left = sent + delivered + m('undelivered', 'rejected', 'failed', 'expired');
  return {
    total: stats?.rows ?? 0,
    pending: r.pending ?? 0,
    queued: m('scheduled', 'queued', 'sending'),
    sent,
    delivered,
    failed,
    canceled: m('canceled') + (r.canceled ?? 0),
    suppressed: r.suppressed ?? 0,
    invalid: stats?.invalid ?? 0,
    duplicates: stats?.duplicates ?? 0,
    optedOut: t.optedOut,
    deliveryRate: left > 0 ? Math.round((delivered / left) * 10_000) / 10_000 : null,
  };
}

export function toCampaignResource(c: CampaignRow, t: CampaignTallies): CampaignResource {
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    templateId: c.template_id,
    body: c.body,
    defaults: c.defaults,
    from: c.from,
    deviceId: c.device_id,
    simSlot: c.sim_slot,
    startAt: iso(c.start_at),
    quietHours:
      c.quiet_start === null || c.quiet_end === null
        ? null
        : { start: formatClock(c.quiet_start), end: formatClock(c.quiet_end) },
    pace: c.pace,
    createdBy: c.created_by,
    launchedAt: iso(c.launched_at),
    finishedAt: iso(c.finished_at),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    counts: toCounts(c, t),
  };
}
