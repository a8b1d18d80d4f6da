import { describe, expect, it } from 'vitest';
import {
  classifyTpStatus,
  foldPartEvent,
  foldPartEvents,
  initialPartState,
  statusesToReport,
  type PartFoldState,
} from '../part-status.js';
import type { PartEvent } from '../sms-transport.js';

const sent = (partIndex: number, partCount = 2, ok = true, errorCode?: string): PartEvent => ({
  messageId: 'm',
  partIndex,
  partCount,
  kind: 'sent',
  ok,
  ...(errorCode ? { errorCode } : {}),
});
const report = (partIndex: number, tpStatus: number | undefined, partCount = 2, ok = true): PartEvent => ({
  messageId: 'm',
  partIndex,
  partCount,
  kind: 'delivered',
  ok,
  ...(tpStatus !== undefined ? { tpStatus } : {}),
});

const fold = (...events: PartEvent[]): PartFoldState => foldPartEvents(events);

describe('part status fold', () => {
  it('stays sending until every part is sent', () => {
    expect(fold(sent(0)).status).toBe('sending');
  });

  it('is sent when every part is sent, in any order', () => {
    expect(fold(sent(1), sent(0))).toMatchObject({ status: 'sent', partCount: 2, sent: [0, 1] });
  });

  it('fails with the error code as soon as one part fails to send', () => {
    expect(fold(sent(0, 3), sent(1, 3, false, 'NO_SERVICE'))).toMatchObject({
      status: 'failed',
      errorCode: 'NO_SERVICE',
    });
  });

  it('fails with GENERIC_FAILURE when the failing part carries no code', () => {
    expect(fold(sent(0, 1, false)).errorCode).toBe('GENERIC_FAILURE');
  });

  it('is delivered only when every part has a successful report (TP-Status below 0x20)', () => {
    const partial = fold(sent(0), sent(1), report(0, 0x00));
    expect(partial.status).toBe('sent');
    expect(foldPartEvent(partial, report(1, 0x02)).status).toBe('delivered');
  });

  it('stays pending on a temporary TP-Status (0x20 to 0x3F) and is delivered by the final report', () => {
    const pending = fold(sent(0, 1), report(0, 0x30, 1));
    expect(pending.status).toBe('sent');
    expect(foldPartEvent(pending, report(0, 0x00, 1)).status).toBe('delivered');
  });

  it('is undelivered on a permanent TP-Status (0x40 and above), with the status as code', () => {
    expect(fold(sent(0), sent(1), report(0, 0x00), report(1, 0x41))).toMatchObject({
      status: 'undelivered',
      errorCode: 'TP_STATUS_0x41',
    });
  });

  it('treats a report without TP-Status by its ok flag', () => {
    expect(fold(sent(0, 1), report(0, undefined, 1, true)).status).toBe('delivered');
    expect(fold(sent(0, 1), report(0, undefined, 1, false))).toMatchObject({
      status: 'undelivered',
      errorCode: 'UNDELIVERED',
    });
  });

  it('takes a delivery report as proof that its part was sent', () => {
    expect(fold(report(0, 0x00, 1)).status).toBe('delivered');
  });

  it('ignores everything after a terminal status', () => {
    const failed = fold(sent(0, 1, false, 'NO_SERVICE'));
    expect(foldPartEvent(failed, report(0, 0x00, 1))).toBe(failed);
    const delivered = fold(sent(0, 1), report(0, 0x00, 1));
    expect(foldPartEvent(delivered, report(0, 0x41, 1))).toBe(delivered);
  });

  it('returns the same state for a repeated or out-of-range event', () => {
    const state = fold(sent(0));
    expect(foldPartEvent(state, sent(0))).toBe(state);
    expect(foldPartEvent(state, sent(5))).toBe(state);
    expect(foldPartEvent(initialPartState(), sent(-1))).toEqual(initialPartState());
  });

  it('is undelivered on a temporary error the SC gave up on (0x60 to 0x7F)', () => {
    expect(fold(sent(0, 1), report(0, 0x62, 1))).toMatchObject({ status: 'undelivered', errorCode: 'TP_STATUS_0x62' });
  });

  it('stays sent while any part is still pending, even when the others are delivered', () => {
    const state = fold(sent(0), sent(1), report(0, 0x00), report(1, 0x20));
    expect(state).toMatchObject({ status: 'sent', delivered: [0] });
    expect(foldPartEvent(state, report(1, 0x00)).status).toBe('delivered');
  });

  it('does not count a duplicated delivery report twice', () => {
    const state = fold(sent(0), sent(1), report(0, 0x00), report(0, 0x00));
    expect(state).toMatchObject({ status: 'sent', delivered: [0] });
  });

  it('reaches the same verdict whatever order the events arrive in', () => {
    const events = [sent(0, 3), sent(1, 3), sent(2, 3), report(0, 0x00, 3), report(1, 0x00, 3), report(2, 0x00, 3)];
    const shuffled = [events[5], events[3], events[1], events[4], events[0], events[2]] as PartEvent[];
    expect(fold(...events)).toMatchObject({ status: 'delivered', delivered: [0, 1, 2] });
    expect(fold(...shuffled)).toMatchObject({ status: 'delivered', delivered: [0, 1, 2], sent: [0, 1, 2] });
  });

  it('keeps a delivered part delivered when a stale pending report for it arrives late', () => {
    const state = fold(sent(0), sent(1), report(0, 0x00), report(0, 0x30));
    expect(state.delivered).toEqual([0]);
    expect(foldPartEvent(state, report(1, 0x00)).status).toBe('delivered');
  });

  it('classifies TP-Status by the 3GPP ranges', () => {
    expect([0x00, 0x1f, 0x20, 0x3f, 0x40, 0x63].map(classifyTpStatus)).toEqual([
      'ok',
      'ok',
      'pending',
      'pending',
      'permanent',
      'permanent',
    ]);
  });

  it('reports sent before a delivery verdict that skipped it', () => {
    expect(statusesToReport('sending', 'sent')).toEqual(['sent']);
    expect(statusesToReport('sending', 'delivered')).toEqual(['sent', 'delivered']);
    expect(statusesToReport('sending', 'undelivered')).toEqual(['sent', 'undelivered']);
    expect(statusesToReport('sent', 'delivered')).toEqual(['delivered']);
    expect(statusesToReport('sending', 'failed')).toEqual(['failed']);
    expect(statusesToReport('sent', 'sent')).toEqual([]);
  });
});
