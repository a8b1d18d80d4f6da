import type { ReportedStatus } from './protocol.js';
import type { PartEvent } from './sms-transport.js';

/**
 * Folds per-part events into one message status. Pure and JSON-serialisable, so the outbox can
 * persist it and continue folding after a restart.
 */
export type MessageProgress = 'sending' | ReportedStatus;

export interface PartFoldState {
  /** 0 until the first event says how many parts there are. */
  partCount: number;
  /** Indexes of parts the SIM sent (a delivery report implies its part was sent). */
  sent: number[];
  /** Indexes of parts with a final successful delivery report. */
  delivered: number[];
  status: MessageProgress;
  errorCode?: string;
}

export type TpStatusClass = 'ok' | 'pending' | 'permanent';

export function initialPartState(): PartFoldState {
  return { partCount: 0, sent: [], delivered: [], status: 'sending' };
}

export function isTerminalProgress(status: MessageProgress): boolean {
  return status === 'delivered' || status === 'undelivered' || status === 'failed';
}

/**
 * 3GPP TS 23.040 §9.2.3.15: 0x00–0x1F the SME received it; 0x20–0x3F the SC is still trying;
 * 0x40 and above it gave up (permanent, or temporary but no longer retried).
 */
export function classifyTpStatus(tpStatus: number): TpStatusClass {
  if (tpStatus < 0x20) {
    return 'ok';
  }
  return tpStatus < 0x40 ? 'pending' : 'permanent';
}

/** Returns `state` itself when the event changes nothing, so callers can skip a write. */
export function foldPartEvent(state: PartFoldState, event: PartEvent): PartFoldState {
  if (isTerminalProgress(state.status)) {
    return state;
  }
  const partCount = Math.max(state.partCount, event.partCount);
  if (!Number.isInteger(event.partIndex) || event.partIndex < 0 || event.partIndex >= partCount) {
    return state;
  }
  if (event.kind === 'sent') {
    if (!event.ok) {
      return { ...state, partCount, status: 'failed', errorCode: event.errorCode ?? 'GENERIC_FAILURE' };
    }
    return settle(state, partCount, addIndex(state.sent, event.partIndex), state.delivered);
  }
  // The TP-Status is the authority when the platform gives it; `ok` alone otherwise.
  const verdict: TpStatusClass =
    event.tpStatus !== undefined ? classifyTpStatus(event.tpStatus) : event.ok ? 'ok' : 'permanent';
  const sent = addIndex(state.sent, event.partIndex);
  switch (verdict) {
    case 'permanent':
      return {
        ...state,
        partCount,
        sent,
        status: 'undelivered',
        errorCode: event.errorCode ?? (event.tpStatus !== undefined ? tpStatusCode(event.tpStatus) : 'UNDELIVERED'),
      };
    case 'pending':
      return settle(state, partCount, sent, state.delivered);
    case 'ok':
      return settle(state, partCount, sent, addIndex(state.delivered, event.partIndex));
  }
}

export function foldPartEvents(events: Iterable<PartEvent>, state: PartFoldState = initialPartState()): PartFoldState {
  let current = state;
  for (const event of events) {
    current = foldPartEvent(current, event);
  }
  return current;
}

/**
 * The statuses to report when progress moves from `before` to `after`. A message that jumps
 * straight to a delivery verdict also reports `sent`, so the server learns when it left the phone.
 */
export function statusesToReport(before: MessageProgress, after: MessageProgress): ReportedStatus[] {
  if (before === after || after === 'sending') {
    return [];
  }
  if ((after === 'delivered' || after === 'undelivered') && before === 'sending') {
    return ['sent', after];
  }
  return [after];
}

export function tpStatusCode(tpStatus: number): string {
  return `TP_STATUS_0x${tpStatus.toString(16).toUpperCase().padStart(2, '0')}`;
}

function addIndex(indexes: number[], index: number): number[] {
  return indexes.includes(index) ? indexes : [...indexes, index].sort((a, b) => a - b);
}

function settle(state: PartFoldState, partCount: number, sent: number[], delivered: number[]): PartFoldState {
  const status: MessageProgress =
    delivered.length === partCount ? 'delivered' : sent.length === partCount ? 'sent' : 'sending';
  if (
    status === state.status &&
    partCount === state.partCount &&
    sent === state.sent &&
    delivered === state.delivered
  ) {
    return state;
  }
  return { ...state, partCount, sent, delivered, status };
}
