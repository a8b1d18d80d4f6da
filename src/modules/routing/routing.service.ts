import { Injectable } from '@nestjs/common';
import { AgentConnections } from '@/modules/devices/agent-connections.js';
import { DevicesService, type DispatchProfile } from '@/modules/devices/devices.service.js';
import type { Candidate } from '@/modules/devices/fleet-state.js';
import { TargetBreakers } from './breakers.js';
import { decideRoute, type MessageToRoute, type RoutePlan, type RouteRule } from './route-decision.js';
import { RoutesRepository } from './routes.repository.js';
import type { AccountId } from '@/common/account-id.js';

export interface RouteRequest {
  accountId: AccountId;
  /** The caller asked for this device. */
  deviceId?: string | null;
  /** The caller asked for this SIM slot. */
  simSlot?: number | null;
  /** Devices that already failed this message, tried last. */
  avoid?: string[];
  /** Only these devices (a route's pool or single phone); all the account's when absent. */
  only?: string[];
}

export type RouteDecision =
  { kind: 'devices'; candidates: Candidate[] } | { kind: 'none'; reason: 'NO_DEVICE_ONLINE' | 'DEVICE_OFFLINE' };

/**
 * Which phones may take a message: healthy (present, recent heartbeat) and enabled; the requested
 * one only, if the message names one; the ones that failed it only when no other is left. Which of
 * them gets it (budget, load, stickiness) is decided atomically in Redis by FleetState.reserve.
 * Pure, so it is unit-tested on its own. Which channel (phones, a pool, a carrier) is decideRoute's.
 */
export function chooseDevices(
  healthy: string[],
  profiles: ReadonlyMap<string, DispatchProfile>,
  request: RouteRequest,
): RouteDecision {
  const only = request.only ? new Set(request.only) : undefined;
  const usable = healthy.filter((id) => profiles.has(id) && (!only || only.has(id))).sort();
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

/** How long a process uses an account's routes before reading them again; a change made here is seen at once. */
const RULES_CACHE_MS = 2000;

@Injectable()
export class RoutingService {
  private readonly rules = new Map<string, { at: number; routes: RouteRule[] }>();

  constructor(
    private readonly connections: AgentConnections,
    private readonly devices: DevicesService,
    private readonly routes: RoutesRepository,
    private readonly breakers: TargetBreakers,
  ) {}

  /**
   * Which route the message takes and the targets to try, in order (decideRoute), with this
   * process's breakers; `{noRoute}` when nothing can take it. The account's routes are cached for
   * two seconds; a change through this process is seen at once, through another within two seconds.
   */
  async plan(
    accountId: AccountId,
    message: Omit<MessageToRoute, 'accountId'>,
    options: { dispatch: boolean } = { dispatch: true },
  ): Promise<RoutePlan> {
    // A plan that is only a check (the API's NO_ROUTE) must not take a half-open target's trial.
    const health = options.dispatch ? this.breakers : this.breakers.peek;
    return decideRoute(await this.accountRules(accountId), { ...message, accountId }, health);
  }

  /** One attempt's outcome on a planned target (its `key`), for that target's circuit breaker. */
  record(key: string, ok: boolean): Promise<void> {
    return this.breakers.record(key, ok);
  }

  /** Forget the cached routes of the account after a change made in this process. */
  forget(accountId: AccountId): void {
    this.rules.delete(accountId);
  }

  private async accountRules(accountId: AccountId): Promise<RouteRule[]> {
    const cached = this.rules.get(accountId);
    if (cached && performance.now() - cached.at < RULES_CACHE_MS) return cached.routes;
    const routes = (await this.routes.list(accountId)).map((r): RouteRule => ({
      id: r.id,
      position: r.position,
      match: r.match,
      strategy: r.strategy,
      targets: r.targets,
      isDefault: r.is_default,
      enabled: r.enabled,
    }));
    if (this.rules.size > 10_000) this.rules.clear();
    this.rules.set(accountId, { at: performance.now(), routes });
    return routes;
  }

  async route(request: RouteRequest): Promise<RouteDecision> {
    const healthy = await this.connections.healthyDevices(request.accountId);
    const profiles = await this.devices.dispatchProfiles(request.accountId, healthy);
    return chooseDevices(healthy, profiles, request);
  }

  /** The device a message is already `sending` on, if it can still take it again. */
  async stickTo(accountId: AccountId, deviceId: string, simSlot: number | null): Promise<RouteDecision> {
    const profiles = await this.devices.dispatchProfiles(accountId, [deviceId]);
    const profile = profiles.get(deviceId);
    if (!profile || !(await this.connections.isHealthy(deviceId))) return { kind: 'none', reason: 'DEVICE_OFFLINE' };
    return { kind: 'devices', candidates: [{ ...profile, slot: simSlot }] };
  }
}
