import { AgentRefusalCodes } from '../../src/lib/index';
import type { ConnectionState, ControllerState } from '../services/agent-controller';

export const CONNECTION_LABELS: Record<ConnectionState, string> = {
  stopped: 'Stopped',
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline, reconnecting…',
  refused: 'Refused by the server',
};

const SERVER_REFUSALS = new Set<string>(Object.values(AgentRefusalCodes));

/**
 * The connection as shown. An agent stopped by a failure on the phone (storage, the SIM module) is
 * not "refused by the server": only the server's refusal codes are.
 */
export function connectionLabel(state: Pick<ControllerState, 'connection' | 'error'>): string {
  if (state.connection === 'refused' && !(state.error && SERVER_REFUSALS.has(state.error.code))) {
    return 'Stopped by an error on this phone';
  }
  return CONNECTION_LABELS[state.connection];
}

export interface StatusRow {
  label: string;
  value: string;
}

/** A time as the status and log screens show it: the clock time today, else the date too. */
export function formatTime(iso: string | undefined, now: Date = new Date()): string {
  if (iso === undefined) {
    return 'never';
  }
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) {
    return 'unknown';
  }
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return at.toDateString() === now.toDateString()
    ? time
    : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function statusRows(state: ControllerState, now: Date = new Date()): StatusRow[] {
  const { throttle, serverConfig, budget } = state;
  const rows: StatusRow[] = [
    { label: 'Connection', value: connectionLabel(state) },
    { label: 'Server', value: state.serverUrl ?? 'not paired' },
    { label: 'Last message', value: formatTime(state.lastMessageAt, now) },
    { label: 'Queue', value: `${state.queueDepth} waiting` },
    { label: 'Budget this minute', value: `${budget.left} of ${budget.limit} parts left` },
    {
      label: 'Pacing',
      value:
        (throttle.maxPerMinute > 0 ? `${throttle.maxPerMinute} parts/min` : 'no server limit') +
        (throttle.sendIntervalMs > 0 ? `, ${throttle.sendIntervalMs} ms apart` : ''),
    },
  ];
  if (serverConfig?.simSlots !== undefined) {
    rows.push({
      label: 'Server SIM choice',
      value: serverConfig.simSlots.length > 0 ? serverConfig.simSlots.map((s) => `SIM ${s + 1}`).join(', ') : 'any',
    });
  }
  return rows;
}

export function simLabel(sim: { slot: number; operator?: string; phoneNumber?: string }): string {
  return [`SIM ${sim.slot + 1}`, sim.operator, sim.phoneNumber].filter(Boolean).join(' · ');
}
