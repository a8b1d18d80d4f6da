import { Injectable } from '@nestjs/common';
import { AgentConnections } from '@/modules/devices/agent-connections.js';

export interface RouteRequest {
  accountId: string;
  /** The caller asked for this device. */
  deviceId?: string | null;
  /** Devices that already failed this message, tried last. */
  avoid?: string[];
}

export type RouteDecision =
  { kind: 'device'; deviceId: string } | { kind: 'none'; reason: 'NO_DEVICE_ONLINE' | 'DEVICE_OFFLINE' };

/**
 * Picks the channel for a message. For now: the requested device, else the account's online phone
 * that got work least recently. Rules, carriers and breakers come with the routing issue.
 */
export function chooseDevice(online: string[], request: RouteRequest): RouteDecision {
  if (request.deviceId) {
    return online.includes(request.deviceId)
      ? { kind: 'device', deviceId: request.deviceId }
      : { kind: 'none', reason: 'NO_DEVICE_ONLINE' };
  }
  const avoid = new Set(request.avoid ?? []);
  const pick = online.find((id) => !avoid.has(id)) ?? online[0];
  return pick ? { kind: 'device', deviceId: pick } : { kind: 'none', reason: 'NO_DEVICE_ONLINE' };
}

@Injectable()
export class RoutingService {
  constructor(private readonly connections: AgentConnections) {}

  route(request: RouteRequest): RouteDecision {
    return chooseDevice(this.connections.onlineDevices(request.accountId), request);
  }
}
