import { describe, expect, it } from '@jest/globals';
import { PairingError } from '../../../src/lib/index';
import type { ControllerState } from '../../services/agent-controller';
import { logRows } from '../log-view';
import { describePairingError } from '../pair-error';
import { toggleSim } from '../settings-form';
import { connectionLabel, formatTime, statusRows } from '../status-view';

describe('describePairingError', () => {
  it("keeps the server's code", () => {
    expect(describePairingError(new PairingError('INVALID_PAIRING_CODE', 400, 'x'))).toEqual({
      code: 'INVALID_PAIRING_CODE',
      message: 'The code is unknown, used or expired. Create a new one in the console.',
    });
    expect(describePairingError(new PairingError('HTTP_502', 502, 'x'))).toEqual({
      code: 'HTTP_502',
      message: 'The server refused pairing (HTTP 502).',
    });
  });
});

describe('toggleSim', () => {
  const sims = [
    { slot: 0, enabled: true },
    { slot: 1, enabled: true },
  ];
  it('turns SIMs off and on again', () => {
    expect(toggleSim(sims, [], 1)).toEqual({ ok: true, disabledSimSlots: [1] });
    expect(toggleSim(sims, [1], 1)).toEqual({ ok: true, disabledSimSlots: [] });
  });
  it('keeps the last SIM in use', () => {
    expect(toggleSim(sims, [1], 0)).toEqual({ ok: false, error: 'At least one SIM must stay in use.' });
  });
});

describe('statusRows', () => {
  it("shows the pacing and the server's SIM choice", () => {
    const state = {
      connection: 'online',
      serverUrl: 'https://gw.example.test',
      queueDepth: 3,
      budget: { limit: 10, used: 4, left: 6 },
      throttle: { sendIntervalMs: 2000, maxPerMinute: 10 },
      serverConfig: { simSlots: [1] },
    } as ControllerState;
    expect(statusRows(state)).toEqual([
      { label: 'Connection', value: 'Online' },
      { label: 'Server', value: 'https://gw.example.test' },
      { label: 'Last message', value: 'never' },
      { label: 'Queue', value: '3 waiting' },
      { label: 'Budget this minute', value: '6 of 10 parts left' },
      { label: 'Pacing', value: '10 parts/min, 2000 ms apart' },
      { label: 'Server SIM choice', value: 'SIM 2' },
    ]);
  });

  it('says "refused by the server" only for the server\'s refusals, not for a failure on the phone', () => {
    expect(connectionLabel({ connection: 'refused', error: { code: 'UNAUTHENTICATED', message: 'x' } })).toBe(
      'Refused by the server',
    );
    expect(connectionLabel({ connection: 'refused', error: { code: 'AGENT_FAILED', message: 'x' } })).toBe(
      'Stopped by an error on this phone',
    );
    expect(connectionLabel({ connection: 'online' })).toBe('Online');
  });

  it('shows a time of another day with its date', () => {
    const now = new Date(2026, 0, 2, 12, 0, 0);
    expect(formatTime(new Date(2026, 0, 2, 9, 5, 7).toISOString(), now)).toBe('09:05:07');
    expect(formatTime(new Date(2026, 0, 1, 9, 5, 7).toISOString(), now)).toBe('2026-01-01 09:05:07');
  });
});

describe('logRows', () => {
  it('orders newest first and describes parts, SIM and error', () => {
    const rows = logRows([
      {
        id: 'a',
        to: '+1202*****23',
        status: 'delivered',
        parts: 1,
        acceptedAt: '2026-01-01T10:00:00Z',
        updatedAt: '2026-01-01T10:00:00Z',
      },
      {
        id: 'b',
        to: '+4477******23',
        status: 'failed',
        errorCode: 'NO_SERVICE',
        parts: 3,
        simSlot: 1,
        acceptedAt: '2026-01-01T11:00:00Z',
        updatedAt: '2026-01-01T11:00:00Z',
      },
    ]);
    expect(rows.map((r) => [r.key, r.recipient, r.status])).toEqual([
      ['b', '+4477******23', 'failed (NO_SERVICE)'],
      ['a', '+1202*****23', 'delivered'],
    ]);
    expect(rows[0].detail).toMatch(/3 parts · SIM 2 · b$/);
    expect(rows[1].detail).toMatch(/1 part · a$/);
  });
});
