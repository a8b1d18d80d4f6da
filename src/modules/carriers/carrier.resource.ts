import type { HttpConfig, SmppConfig } from './carrier-config.js';
import type { CarrierCounters, CarrierLiveState, LiveView } from './carrier-state.js';
import type { CarrierRow } from './carriers.repository.js';
import type { CarrierKind } from './entities/carrier.entity.js';

/**
 * A carrier as the API shows it: its settings without the password or secret (only whether one
 * is set), and the live state of its connection across the gateway's processes.
 */
export interface CarrierResource {
  id: string;
  name: string;
  kind: CarrierKind;
  enabled: boolean;
  smpp: (SmppConfig & { passwordSet: boolean }) | null;
  http: (HttpConfig & { secretSet: boolean; dlrUrl: string }) | null;
  state: CarrierLiveState;
  stateDetail: string | null;
  stateSince: string | null;
  counters: CarrierCounters;
  createdAt: string;
  updatedAt: string;
}

/** The live state: disabled wins; an SMPP carrier no worker holds is down; an HTTP carrier is bound (ready) until a send fails. */
export function liveState(
  row: CarrierRow,
  view: LiveView | undefined,
): Pick<CarrierResource, 'state' | 'stateDetail' | 'stateSince'> {
  if (!row.enabled) return { state: 'disabled', stateDetail: null, stateSince: null };
  if (view?.state) return { state: view.state, stateDetail: view.detail, stateSince: view.since };
  if (row.kind === 'http') return { state: 'bound', stateDetail: null, stateSince: null };
  return { state: 'down', stateDetail: 'no worker process holds a session yet', stateSince: null };
}

export function toCarrierResource(
  row: CarrierRow,
  view: LiveView | undefined,
  counters: CarrierCounters,
  dlrUrl: string | undefined,
): CarrierResource {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    smpp:
      row.kind === 'smpp'
        ? { ...(row.config as unknown as SmppConfig), passwordSet: row.secret_encrypted !== null }
        : null,
    http:
      row.kind === 'http'
        ? { ...(row.config as unknown as HttpConfig), secretSet: row.secret_encrypted !== null, dlrUrl: dlrUrl ?? '' }
        : null,
    ...liveState(row, view),
    counters,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
