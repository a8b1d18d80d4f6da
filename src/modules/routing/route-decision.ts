import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AccountId } from '@/common/account-id.js';

export const ROUTE_STRATEGIES = ['failover', 'weighted', 'least-cost'] as const;
/** failover: as listed; weighted: a weighted random pick first; least-cost: cheapest for the destination first. */
export type RouteStrategy = (typeof ROUTE_STRATEGIES)[number];

export const TARGET_KINDS = ['devices', 'pool', 'device', 'carrier'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export type RoutePriority = 'normal' | 'high';

/** What a route applies to; every criterion given must match, a route with none matches every message. */
export interface RouteMatch {
  /** E.164 prefixes such as `+49` or `+4915`: any one of them starts the recipient's number. */
  prefixes?: string[];
  /** ISO 3166-1 alpha-2 codes; the recipient's country comes from its number (libphonenumber-js). */
  countries?: string[];
  priority?: RoutePriority;
}

/** Where a message can go: all the account's phones, some of them, one phone, or a carrier. */
export type Target =
  | { kind: 'devices' }
  | { kind: 'pool'; deviceIds: string[] }
  | { kind: 'device'; deviceId: string }
  | { kind: 'carrier'; carrierId: string };

/** A target as a route stores it: `weight` serves the weighted strategy, `prices` the least-cost one. */
export type RouteTarget = Target & {
  /** 1–1000; 1 when left out. */
  weight?: number;
  /** Price per destination prefix (`{"+49": 0.05, "+4915": 0.07}`): the longest prefix of the number wins. */
  prices?: Record<string, number>;
};

/** A route as the decision needs it. */
export interface RouteRule {
  id: string;
  position: number;
  match: RouteMatch;
  strategy: RouteStrategy;
  targets: RouteTarget[];
  isDefault: boolean;
  enabled: boolean;
}

/** A target in the order to try, with the key of its circuit breaker (to report each attempt's outcome). */
export type PlannedTarget = Target & { key: string };

export interface MessageToRoute {
  accountId: AccountId;
  /** E.164. */
  to: string;
  priority: RoutePriority;
  /** The recipient's country when the caller knows it already; derived from `to` otherwise. */
  country?: string | null;
}

/** The breakers' view: an open breaker keeps its target out of the plan. */
export interface TargetHealth {
  isOpen(key: string): boolean;
}

export type RoutePlan =
  | { routeId: string | null; targets: PlannedTarget[] }
  | {
      noRoute: true;
      /** `no-match`: no route applies (and no default); `breakers-open`: the route's targets are all open. */
      reason: 'no-match' | 'breakers-open';
      routeId: string | null;
    };

/** The route an account without any routes has: all its phones, as before routes existed. */
const IMPLICIT_DEFAULT: readonly RouteTarget[] = [{ kind: 'devices' }];

/**
 * The circuit breaker a target reports to: a carrier and a single phone are the same whichever route
 * names them; a pool is its route's own (`pool:<routeId>:<index>`); all phones are the account's.
 */
export function targetKey(target: Target, accountId: AccountId, routeId: string | null, index: number): string {
  switch (target.kind) {
    case 'devices':
      return `devices:${accountId}`;
    case 'pool':
      return `pool:${routeId ?? 'implicit'}:${index}`;
    case 'device':
      return `device:${target.deviceId}`;
    case 'carrier':
      return `carrier:${target.carrierId}`;
  }
}

/** The target without its routing data (weight, prices), plus its breaker key. */
function planned(target: RouteTarget, key: string): PlannedTarget {
  switch (target.kind) {
    case 'devices':
      return { kind: 'devices', key };
    case 'pool':
      return { kind: 'pool', deviceIds: [...target.deviceIds], key };
    case 'device':
      return { kind: 'device', deviceId: target.deviceId, key };
    case 'carrier':
      return { kind: 'carrier', carrierId: target.carrierId, key };
  }
}

/** The price for the number under its longest matching prefix, or undefined when none matches. */
export function priceFor(prices: Record<string, number> | undefined, to: string): number | undefined {
  let best: { length: number; price: number } | undefined;
  for (const [prefix, price] of Object.entries(prices ?? {})) {
    if (to.startsWith(prefix) && (!best || prefix.length > best.length)) best = { length: prefix.length, price };
  }
  return best?.price;
}

function matches(match: RouteMatch, message: MessageToRoute, country: () => string | undefined): boolean {
  if (match.prefixes?.length && !match.prefixes.some((prefix) => message.to.startsWith(prefix))) return false;
  if (match.countries?.length) {
    const c = country();
    if (c === undefined || !match.countries.includes(c)) return false;
  }
  return match.priority === undefined || match.priority === message.priority;
}

interface Candidate {
  target: RouteTarget;
  key: string;
}

const weightOf = (c: Candidate): number => c.target.weight ?? 1;

/** Weighted: one pick in proportion to the weights, then the others by weight, heaviest first (ties as listed). */
function weightedOrder(candidates: Candidate[], random: () => number): Candidate[] {
  const total = candidates.reduce((sum, c) => sum + weightOf(c), 0);
  let point = random() * total;
  let first = candidates.length - 1;
  for (let i = 0; i < candidates.length; i++) {
    point -= weightOf(candidates[i]);
    if (point < 0) {
      first = i;
      break;
    }
  }
  const rest = candidates.filter((_, i) => i !== first).sort((a, b) => weightOf(b) - weightOf(a));
  return [candidates[first], ...rest];
}

/** Least-cost: cheapest for the number first (ties as listed); targets without a price for it last, as listed. */
function leastCostOrder(candidates: Candidate[], to: string): Candidate[] {
  const priced = candidates
    .map((c) => ({ c, price: priceFor(c.target.prices, to) }))
    .filter((p): p is { c: Candidate; price: number } => p.price !== undefined)
    .sort((a, b) => a.price - b.price)
    .map((p) => p.c);
  return [...priced, ...candidates.filter((c) => priceFor(c.target.prices, to) === undefined)];
}

/**
 * The routing decision, pure (STYLE.md: unit-tested on its own).
 *
 * 1. The route: the first enabled, non-default route by `position` (ties: by id, which is
 *    time-ordered) whose every given criterion matches; else the account's enabled default route
 *    (its position and match are not consulted; the API keeps its match empty);
 *    else, when the account has no routes at all, the implicit default (all its phones); else none
 *    (`no-match`). A disabled route is skipped but still counts as a route: an account with only
 *    disabled routes gets `no-match`, not its phones.
 * 2. Breakers: targets whose breaker is open are left out (an open breaker fails fast; opossum lets a
 *    trial through once it turns half-open, and a half-open target is planned again). When every
 *    target of the route is open: `breakers-open`, a transient NO_ROUTE. The next route is not
 *    tried: a route names all the fallbacks it wants.
 * 3. The order of what is left, by the route's strategy: failover as listed; weighted a random pick
 *    in proportion to the weights (1 when left out), then the rest by weight descending; least-cost
 *    by the price for the number's longest matching prefix, ascending, unpriced targets last.
 */
export function decideRoute(
  routes: readonly RouteRule[],
  message: MessageToRoute,
  health: TargetHealth,
  random: () => number = Math.random,
): RoutePlan {
  let country: string | undefined | null = message.country;
  const countryOf = (): string | undefined => {
    if (country === undefined || country === null) country = parsePhoneNumberFromString(message.to)?.country ?? '';
    return country === '' ? undefined : country;
  };
  const enabled = routes
    .filter((r) => r.enabled)
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const route =
    enabled.find((r) => !r.isDefault && matches(r.match, message, countryOf)) ?? enabled.find((r) => r.isDefault);
  if (!route && routes.length > 0) return { noRoute: true, reason: 'no-match', routeId: null };
  const routeId = route?.id ?? null;
  const strategy: RouteStrategy = route?.strategy ?? 'failover';
  const candidates = (route?.targets ?? IMPLICIT_DEFAULT)
    .map((target, index) => ({ target, key: targetKey(target, message.accountId, routeId, index) }))
    .filter((c) => !health.isOpen(c.key));
  if (candidates.length === 0) return { noRoute: true, reason: 'breakers-open', routeId };
  let ordered: Candidate[];
  switch (strategy) {
    case 'failover':
      ordered = candidates;
      break;
    case 'weighted':
      ordered = weightedOrder(candidates, random);
      break;
    case 'least-cost':
      ordered = leastCostOrder(candidates, message.to);
      break;
  }
  return { routeId, targets: ordered.map((c) => planned(c.target, c.key)) };
}
