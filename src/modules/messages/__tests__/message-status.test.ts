import { describe, expect, it } from 'vitest';
import {
  allowedPredecessors,
  canTransition,
  isTerminal,
  MESSAGE_STATUSES,
  type MessageStatus,
} from '../message-status.js';

describe('message status transitions', () => {
  it('moves forward along queued → sending → sent → delivered', () => {
    expect(canTransition('queued', 'sending')).toBe(true);
    expect(canTransition('sending', 'sent')).toBe(true);
    expect(canTransition('sent', 'delivered')).toBe(true);
  });

  it('accepts a report that skips a step (delivered while still sending)', () => {
    expect(canTransition('sending', 'delivered')).toBe(true);
    expect(canTransition('queued', 'sent')).toBe(true);
  });

  it('never moves backwards: a late sent after delivered, or sending after sent, changes nothing', () => {
    expect(canTransition('delivered', 'sent')).toBe(false);
    expect(canTransition('sent', 'sending')).toBe(false);
    expect(canTransition('sending', 'queued')).toBe(false);
  });

  it('ignores a duplicate of the current status', () => {
    for (const s of MESSAGE_STATUSES) expect(canTransition(s, s), s).toBe(false);
  });

  it('never leaves a terminal status', () => {
    const terminal = MESSAGE_STATUSES.filter(isTerminal);
    expect(terminal.sort()).toEqual(['canceled', 'delivered', 'expired', 'failed', 'rejected', 'undelivered']);
    for (const from of terminal) {
      for (const to of MESSAGE_STATUSES) expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
    }
  });

  it('lists only non-terminal, earlier statuses as predecessors', () => {
    expect(allowedPredecessors('sent').sort()).toEqual<MessageStatus[]>(['queued', 'scheduled', 'sending']);
    expect(allowedPredecessors('queued')).toEqual<MessageStatus[]>(['scheduled']);
    expect(allowedPredecessors('scheduled')).toEqual([]);
  });
});
