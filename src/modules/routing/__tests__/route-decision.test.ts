import { describe, expect, it } from 'vitest';
import {
  decideRoute,
  priceFor,
  targetKey,
  type MessageToRoute,
  type RoutePlan,
  type RouteRule,
  type RouteTarget,
} from '../route-decision.js';
import { accountIdOf } from '@/common/account-id.js';

const ACCOUNT = 'acc-1';
const closed = { isOpen: () => false };
const openOnly = (...keys: string[]) => ({ isOpen: (key: string) => keys.includes(key) });
const carrier = (id: string, extra: Partial<RouteTarget> = {}): RouteTarget =>
  ({ kind: 'carrier', carrierId: id, ...extra }) as RouteTarget;

let seq = 0;
function route(over: Partial<RouteRule> = {}): RouteRule {
  seq += 1;
  return {
    id: `r-${String(seq).padStart(4, '0')}`,
    position: 10,
    match: {},
    strategy: 'failover',
    targets: [carrier(`c-${seq}`)],
    isDefault: false,
    enabled: true,
    ...over,
  };
}

const msg = (to: string, over: Partial<MessageToRoute> = {}): MessageToRoute => ({
  accountId: accountIdOf(ACCOUNT),
  to,
  priority: 'normal',
  ...over,
});

/** The route id and the targets in order, as `kind:id` strings, or the no-route reason. */
function summary(plan: RoutePlan): { routeId: string | null; targets: string[] } | string {
  if ('noRoute' in plan) return `NO_ROUTE:${plan.reason}`;
  return {
    routeId: plan.routeId,
    targets: plan.targets.map((t) => {
      switch (t.kind) {
        case 'devices':
          return 'devices';
        case 'pool':
          return `pool:${t.deviceIds.join('+')}`;
        case 'device':
          return `device:${t.deviceId}`;
        case 'carrier':
          return `carrier:${t.carrierId}`;
      }
    }),
  };
}

const DE_MOBILE = '+4915123456789';
const FR_MOBILE = '+33612345678';
const US_NUMBER = '+12015550123';

describe('decideRoute: which route', () => {
  it('sends everything to all the phones when the account has no routes (the implicit default)', () => {
    const plan = decideRoute([], msg(DE_MOBILE), closed);
    expect(plan).toEqual({ routeId: null, targets: [{ kind: 'devices', key: `devices:${ACCOUNT}` }] });
  });

  it('takes the first matching route in position order, whatever order the list comes in', () => {
    const late = route({ position: 20, match: { prefixes: ['+49'] }, targets: [carrier('late')] });
    const early = route({ position: 5, match: { prefixes: ['+49'] }, targets: [carrier('early')] });
    expect(summary(decideRoute([late, early], msg(DE_MOBILE), closed))).toEqual({
      routeId: early.id,
      targets: ['carrier:early'],
    });
  });

  it('breaks a tie in position by id (time-ordered: the older route first)', () => {
    const older = route({ id: 'a-older', targets: [carrier('older')] });
    const newer = route({ id: 'b-newer', targets: [carrier('newer')] });
    expect(summary(decideRoute([newer, older], msg(DE_MOBILE), closed))).toMatchObject({ routeId: 'a-older' });
  });

  it('matches a prefix when any listed prefix starts the number, the longer one included', () => {
    const r = route({ match: { prefixes: ['+33', '+4915'] } });
    expect(summary(decideRoute([r], msg(DE_MOBILE), closed))).toMatchObject({ routeId: r.id });
    expect(summary(decideRoute([r], msg(FR_MOBILE), closed))).toMatchObject({ routeId: r.id });
    expect(summary(decideRoute([r], msg('+4930123456'), closed))).toBe('NO_ROUTE:no-match');
  });

  it('matches the country derived from the number with libphonenumber-js', () => {
    const us = route({ match: { countries: ['US'] }, targets: [carrier('us')] });
    const de = route({ match: { countries: ['DE', 'AT'] }, targets: [carrier('de')] });
    expect(summary(decideRoute([us, de], msg(DE_MOBILE), closed))).toMatchObject({ routeId: de.id });
    expect(summary(decideRoute([us, de], msg(US_NUMBER), closed))).toMatchObject({ routeId: us.id });
    expect(summary(decideRoute([us, de], msg(FR_MOBILE), closed))).toBe('NO_ROUTE:no-match');
  });

  it('uses the country the caller gives instead of deriving it', () => {
    const fr = route({ match: { countries: ['FR'] } });
    expect(summary(decideRoute([fr], msg(DE_MOBILE, { country: 'FR' }), closed))).toMatchObject({ routeId: fr.id });
  });

  it('matches no country rule for a number whose country cannot be told', () => {
    const any = route({ match: { countries: ['DE'] } });
    expect(summary(decideRoute([any], msg('+999123'), closed))).toBe('NO_ROUTE:no-match');
  });

  it('matches the message priority', () => {
    const high = route({ position: 1, match: { priority: 'high' }, targets: [carrier('fast')] });
    const normal = route({ position: 2, targets: [carrier('cheap')] });
    expect(summary(decideRoute([high, normal], msg(DE_MOBILE, { priority: 'high' }), closed))).toMatchObject({
      routeId: high.id,
    });
    expect(summary(decideRoute([high, normal], msg(DE_MOBILE), closed))).toMatchObject({ routeId: normal.id });
  });

  it('needs every given criterion to match', () => {
    const r = route({ position: 1, match: { prefixes: ['+49'], countries: ['DE'], priority: 'high' } });
    const rest = route({ position: 2 });
    expect(summary(decideRoute([r, rest], msg(DE_MOBILE, { priority: 'high' }), closed))).toMatchObject({
      routeId: r.id,
    });
    expect(summary(decideRoute([r, rest], msg(DE_MOBILE), closed))).toMatchObject({ routeId: rest.id });
    expect(summary(decideRoute([r, rest], msg(DE_MOBILE, { priority: 'high', country: 'AT' }), closed))).toMatchObject({
      routeId: rest.id,
    });
  });

  it('lets a route without criteria match every message at its position', () => {
    const all = route({ position: 1 });
    const de = route({ position: 2, match: { prefixes: ['+49'] } });
    expect(summary(decideRoute([de, all], msg(DE_MOBILE), closed))).toMatchObject({ routeId: all.id });
  });

  it('skips disabled routes', () => {
    const off = route({ position: 1, enabled: false, targets: [carrier('off')] });
    const on = route({ position: 2, targets: [carrier('on')] });
    expect(summary(decideRoute([off, on], msg(DE_MOBILE), closed))).toMatchObject({ routeId: on.id });
  });

  it('falls back to the default route when no other matches, whatever its position', () => {
    const def = route({ position: 0, isDefault: true, targets: [{ kind: 'devices' }] });
    const fr = route({ position: 10, match: { countries: ['FR'] }, targets: [carrier('fr')] });
    expect(summary(decideRoute([def, fr], msg(FR_MOBILE), closed))).toEqual({
      routeId: fr.id,
      targets: ['carrier:fr'],
    });
    expect(summary(decideRoute([def, fr], msg(DE_MOBILE), closed))).toEqual({
      routeId: def.id,
      targets: ['devices'],
    });
  });

  it('answers NO_ROUTE (no-match) when routes exist, none matches and there is no default', () => {
    const fr = route({ match: { countries: ['FR'] } });
    expect(decideRoute([fr], msg(DE_MOBILE), closed)).toEqual({ noRoute: true, reason: 'no-match', routeId: null });
  });

  it('does not use a disabled default route', () => {
    const def = route({ isDefault: true, enabled: false });
    expect(summary(decideRoute([def], msg(DE_MOBILE), closed))).toBe('NO_ROUTE:no-match');
  });

  it('gives an account whose routes are all disabled NO_ROUTE, not its phones (disabled routes still count)', () => {
    expect(summary(decideRoute([route({ enabled: false })], msg(DE_MOBILE), closed))).toBe('NO_ROUTE:no-match');
  });
});

describe('decideRoute: targets and breaker keys', () => {
  it('plans each kind of target with the key of its breaker, without weight or prices', () => {
    const r = route({
      targets: [
        { kind: 'devices', weight: 3 },
        { kind: 'pool', deviceIds: ['d1', 'd2'] },
        { kind: 'device', deviceId: 'd3' },
        carrier('c1', { prices: { '+49': 1 } }),
      ],
    });
    const plan = decideRoute([r], msg(DE_MOBILE), closed);
    expect(plan).toEqual({
      routeId: r.id,
      targets: [
        { kind: 'devices', key: `devices:${ACCOUNT}` },
        { kind: 'pool', deviceIds: ['d1', 'd2'], key: `pool:${r.id}:1` },
        { kind: 'device', deviceId: 'd3', key: 'device:d3' },
        { kind: 'carrier', carrierId: 'c1', key: 'carrier:c1' },
      ],
    });
  });

  it('keys a carrier and a phone the same in every route, a pool by its route and place', () => {
    expect(targetKey({ kind: 'carrier', carrierId: 'x' }, accountIdOf('a'), 'r1', 0)).toBe(
      targetKey({ kind: 'carrier', carrierId: 'x' }, accountIdOf('b'), 'r2', 3),
    );
    expect(targetKey({ kind: 'pool', deviceIds: ['d'] }, accountIdOf('a'), 'r1', 0)).not.toBe(
      targetKey({ kind: 'pool', deviceIds: ['d'] }, accountIdOf('a'), 'r2', 0),
    );
    expect(targetKey({ kind: 'devices' }, accountIdOf('a'), 'r1', 0)).toBe(
      targetKey({ kind: 'devices' }, accountIdOf('a'), null, 5),
    );
  });
});

describe('decideRoute: strategies', () => {
  it('failover: tries the targets as listed', () => {
    const r = route({ strategy: 'failover', targets: [carrier('a'), carrier('b'), carrier('c')] });
    expect(summary(decideRoute([r], msg(DE_MOBILE), closed))).toMatchObject({
      targets: ['carrier:a', 'carrier:b', 'carrier:c'],
    });
  });

  describe('weighted', () => {
    // Weights 1, 3, 6 (total 10): [0, 0.1) → a, [0.1, 0.4) → b, [0.4, 1) → c.
    const r = route({
      strategy: 'weighted',
      targets: [carrier('a', { weight: 1 }), carrier('b', { weight: 3 }), carrier('c', { weight: 6 })],
    });
    const first = (random: number) => {
      const s = summary(decideRoute([r], msg(DE_MOBILE), closed, () => random));
      return typeof s === 'string' ? s : s.targets;
    };

    it('picks the first target in proportion to the weights, then the rest by weight, heaviest first', () => {
      expect(first(0)).toEqual(['carrier:a', 'carrier:c', 'carrier:b']);
      expect(first(0.0999)).toEqual(['carrier:a', 'carrier:c', 'carrier:b']);
      expect(first(0.1)).toEqual(['carrier:b', 'carrier:c', 'carrier:a']);
      expect(first(0.3999)).toEqual(['carrier:b', 'carrier:c', 'carrier:a']);
      expect(first(0.4)).toEqual(['carrier:c', 'carrier:b', 'carrier:a']);
      expect(first(0.9999)).toEqual(['carrier:c', 'carrier:b', 'carrier:a']);
    });

    it('counts a target without a weight as weight 1, and keeps equal weights in listed order', () => {
      const even = route({ strategy: 'weighted', targets: [carrier('x'), carrier('y'), carrier('z')] });
      const order = (random: number) => summary(decideRoute([even], msg(DE_MOBILE), closed, () => random));
      expect(order(0.5)).toMatchObject({ targets: ['carrier:y', 'carrier:x', 'carrier:z'] });
      expect(order(0.9)).toMatchObject({ targets: ['carrier:z', 'carrier:x', 'carrier:y'] });
    });

    it('spreads first picks in proportion to the weights over many messages', () => {
      const counts: Record<string, number> = {};
      for (let i = 0; i < 1000; i++) {
        const s = summary(decideRoute([r], msg(DE_MOBILE), closed, () => (i + 0.5) / 1000));
        if (typeof s !== 'string') counts[s.targets[0]] = (counts[s.targets[0]] ?? 0) + 1;
      }
      expect(counts).toEqual({ 'carrier:a': 100, 'carrier:b': 300, 'carrier:c': 600 });
    });

    it('spreads the weight of an open target over the others (the pick is among the closed ones)', () => {
      const health = openOnly('carrier:c');
      const order = (random: number) => summary(decideRoute([r], msg(DE_MOBILE), health, () => random));
      // Weights 1 and 3 left (total 4): [0, 0.25) → a, [0.25, 1) → b.
      expect(order(0.2)).toMatchObject({ targets: ['carrier:a', 'carrier:b'] });
      expect(order(0.25)).toMatchObject({ targets: ['carrier:b', 'carrier:a'] });
    });
  });

  describe('least-cost', () => {
    it('orders by the price for the number, under its longest matching prefix', () => {
      const r = route({
        strategy: 'least-cost',
        targets: [
          carrier('flat', { prices: { '+49': 0.05 } }),
          carrier('mobile', { prices: { '+49': 0.09, '+4915': 0.03 } }),
          carrier('mid', { prices: { '+4': 0.04 } }),
        ],
      });
      expect(summary(decideRoute([r], msg(DE_MOBILE), closed))).toMatchObject({
        targets: ['carrier:mobile', 'carrier:mid', 'carrier:flat'],
      });
      // A German landline: +4915 does not apply, so "mobile" costs 0.09 there.
      expect(summary(decideRoute([r], msg('+4930123456'), closed))).toMatchObject({
        targets: ['carrier:mid', 'carrier:flat', 'carrier:mobile'],
      });
    });

    it('puts targets without a price for the destination last, in listed order', () => {
      const r = route({
        strategy: 'least-cost',
        targets: [
          { kind: 'devices' },
          carrier('fr-only', { prices: { '+33': 0.01 } }),
          carrier('de', { prices: { '+49': 0.5 } }),
          carrier('unpriced'),
        ],
      });
      expect(summary(decideRoute([r], msg(DE_MOBILE), closed))).toMatchObject({
        targets: ['carrier:de', 'devices', 'carrier:fr-only', 'carrier:unpriced'],
      });
    });

    it('keeps equal prices in listed order, and free (0) counts as a price', () => {
      const r = route({
        strategy: 'least-cost',
        targets: [
          carrier('a', { prices: { '+49': 0.02 } }),
          carrier('b', { prices: { '+49': 0.02 } }),
          carrier('free', { prices: { '+49': 0 } }),
        ],
      });
      expect(summary(decideRoute([r], msg(DE_MOBILE), closed))).toMatchObject({
        targets: ['carrier:free', 'carrier:a', 'carrier:b'],
      });
    });

    it('priceFor takes the longest prefix of the number', () => {
      expect(priceFor({ '+4': 1, '+49': 2, '+491': 3, '+4916': 4 }, DE_MOBILE)).toBe(3);
      expect(priceFor({ '+33': 1 }, DE_MOBILE)).toBeUndefined();
      expect(priceFor(undefined, DE_MOBILE)).toBeUndefined();
    });
  });
});

describe('decideRoute: circuit breakers', () => {
  const r = route({ strategy: 'failover', targets: [carrier('a'), carrier('b'), { kind: 'devices' }] });

  it('leaves out targets whose breaker is open and keeps the order of the rest', () => {
    expect(summary(decideRoute([r], msg(DE_MOBILE), openOnly('carrier:a')))).toEqual({
      routeId: r.id,
      targets: ['carrier:b', 'devices'],
    });
  });

  it('answers NO_ROUTE (breakers-open) with the route when every target is open, without trying another route', () => {
    const later = route({ position: 99, targets: [carrier('z')] });
    const health = openOnly('carrier:a', 'carrier:b', `devices:${ACCOUNT}`);
    expect(decideRoute([r, later], msg(DE_MOBILE), health)).toEqual({
      noRoute: true,
      reason: 'breakers-open',
      routeId: r.id,
    });
  });

  it('applies to the implicit default too: all phones failing is NO_ROUTE (breakers-open)', () => {
    expect(decideRoute([], msg(DE_MOBILE), openOnly(`devices:${ACCOUNT}`))).toEqual({
      noRoute: true,
      reason: 'breakers-open',
      routeId: null,
    });
  });

  it('asks about the pool of this route at this place only', () => {
    const pools = route({
      targets: [
        { kind: 'pool', deviceIds: ['d1'] },
        { kind: 'pool', deviceIds: ['d2'] },
      ],
    });
    expect(summary(decideRoute([pools], msg(DE_MOBILE), openOnly(`pool:${pools.id}:0`)))).toMatchObject({
      targets: ['pool:d2'],
    });
  });

  it('orders least-cost among the closed targets only', () => {
    const lc = route({
      strategy: 'least-cost',
      targets: [carrier('cheap', { prices: { '+49': 0.01 } }), carrier('dear', { prices: { '+49': 0.1 } })],
    });
    expect(summary(decideRoute([lc], msg(DE_MOBILE), openOnly('carrier:cheap')))).toMatchObject({
      targets: ['carrier:dear'],
    });
  });
});
