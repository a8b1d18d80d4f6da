import { Injectable } from '@nestjs/common';
import { AgentConnections } from '@/modules/devices/agent-connections.js';
import { DevicesService, type DispatchProfile } from '@/modules/devices/devices.service.js';
import type { Candidate } from '@/modules/devices/fleet-state.js';

export interface RouteRequest {
  accountId: string;
  /** The caller asked for this device. */
  deviceId?: string | null;
  /** The caller asked for this SIM slot. */
  simSlot?: number | null;
  /** Devices that already failed this message, tried last. */
  avoid?: string[];
}

export type RouteDecision =
  { kind: 'devices'; candidates: Candidate[] } | { kind: 'none'; reason: 'NO_DEVICE_ONLINE' | 'DEVICE_OFFLINE' };

/**
 * Which phones may take a message: healthy (present, recent heartbeat) and enabled; the requested
 * one only, if the message names one; the ones that failed it only when no other is left. Which of
 * them gets it (budget, load, stickiness) is decided atomically in Redis by FleetState.reserve.
 * Pure, so it is unit-tested on its own. Rules, carriers and breakers come with the routing issue.
 */
export function chooseDevices(
  healthy: string[],
  profiles: ReadonlyMap<string, DispatchProfile>,
  request: RouteRequest,
): RouteDecision {
  const usable = healthy.filter((id) => profiles.has(id)).sort();
  const asCandidate = (id: string): Candidate => ({ ...profiles.get(id)!, slot: request.simSlot ?? null });
  if (request.deviceId) {
    return usable.includes(request.deviceId)
      ? { kind: 'devices', candidates: [asCandidate(request.deviceId)] }
      : { kind: 'none', reason: 'NO_DEVICE_ONLINE' };
  }
  const avoid = new Set(request.avoid ?? []);
  const fresh = usable.filter((id) => !avoid.has(id));
  const picked = fresh.length > 0 ? fresh : usable;
  return picked.length > 0
    ? { kind: 'devices', candidates: picked.map(asCandidate) }
    : { kind: 'none', reason: 'NO_DEVICE_ONLINE' };
}

@Injectable()
export class RoutingService {
  constructor(
    private readonly connections: AgentConnections,
    private readonly devices: DevicesService,
  ) {}

  async route(request: RouteRequest): Promise<RouteDecision> {
    const healthy = await this.connections.healthyDevices(request.accountId);
    const profiles = await this.devices.dispatchProfiles(request.accountId, healthy);
    return chooseDevices(healthy, profiles, request);
  }

  /** The device a message is already `sending` on, if it can still take it again. */
  async stickTo(accountId: string, deviceId: string, simSlot: number | null): Promise<RouteDecision> {
    const profiles = await this.devices.dispatchProfiles(accountId, [deviceId]);
    const profile = profiles.get(deviceId);
    if (!profile || !(await this.connections.isHealthy(deviceId))) return { kind: 'none', reason: 'DEVICE_OFFLINE' };
    return { kind: 'devices', candidates: [{ ...profile, slot: simSlot }] };
  }
}
