import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/app-config.js';
import type { DeviceThrottle } from '../../src/modules/devices/entities/device.entity.js';
import { FleetState, RESERVE_SAMPLE, type Candidate, type Reservation } from '../../src/modules/devices/fleet-state.js';
import { TEST_REDIS_URL } from '../support/services.js';
import { accountIdOf } from '@/common/account-id.js';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const candidate = (id: string, throttle: DeviceThrottle = {}, extra: Partial<Candidate> = {}): Candidate => ({
  id,
  throttle,
  sims: [],
  policy: 'first',
  slot: null,
  ...extra,
});

/**
 * The fleet's Redis scripts against real Redis, with the clock in the test's hands: choice of
 * phone and SIM, the window of unconfirmed messages, every throttle window counted in parts,
 * stickiness, and presence by socket.
 */
describe('FleetState', () => {
  const prefix = `smsgw_test_fleet_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({}, { REDIS_PREFIX: prefix, DEVICE_WINDOW: '3', DEVICE_OFFLINE_AFTER_SECONDS: '30' });
  let fleet: FleetState;
  let redis: Redis;
  let now = T0;
  let seq = 0;

  const reserve = (candidates: Candidate[], parts = 1, extra: { sticky?: string } = {}): Promise<Reservation> =>
    fleet.reserve({
      accountId: accountIdOf('acct'),
      messageId: `m${++seq}`,
      attempt: 1,
      parts,
      candidates,
      ...(extra.sticky ? { sticky: { to: extra.sticky } } : {}),
    });
  const device = (r: Reservation) => (r.kind === 'ok' ? r.deviceId : `wait ${r.ms}`);

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  beforeEach(() => {
    fleet = new FleetState(config);
    now = T0;
    seq = 0;
    fleet.clock = () => now;
  });
  afterEach(async () => {
    await fleet.onApplicationShutdown();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(() => redis.disconnect());

  it('spreads messages over the least loaded phones, then the one given work longest ago', async () => {
    const phones = ['a', 'b', 'c'].map((id) => candidate(id));
    const first = [];
    for (let i = 0; i < 3; i++) {
      now += 1;
      first.push(device(await reserve(phones)));
    }
    expect(first.sort()).toEqual(['a', 'b', 'c']);
    // b confirms its message: it is now the least loaded.
    await fleet.release('b', 'm2');
    now += 1;
    expect(device(await reserve(phones))).toBe('b');
  });

  // A fleet larger than RESERVE_SAMPLE is asked in a random sample first (seeded here).
  const seeded = (seed: number) => () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  it('spreads a large fleet evenly although each message asks only a sample of it', async () => {
    fleet.random = seeded(7);
    const phones = Array.from({ length: RESERVE_SAMPLE * 4 }, (_, i) => candidate(`p${i}`));
    const given = new Map<string, number>();
    // Each confirmed at once (the window never binds): the one given work longest ago of each
    // sample wins. Four per phone on average; a choice at random would leave some with none or one
    // and others with eight or more.
    for (let i = 0; i < phones.length * 4; i++) {
      now += 1;
      const id = device(await reserve(phones));
      await fleet.release(id, `m${seq}`);
      given.set(id, (given.get(id) ?? 0) + 1);
    }
    expect(given.size).toBe(phones.length);
    expect(Math.min(...given.values())).toBeGreaterThanOrEqual(3);
    expect(Math.max(...given.values())).toBeLessThanOrEqual(5);
  });

  it('asks the whole fleet when no phone of the sample has room', async () => {
    fleet.random = seeded(11);
    const phones = Array.from({ length: RESERVE_SAMPLE * 4 }, (_, i) => candidate(`p${i}`));
    // Every window full (3 each) but one phone's, which has room for exactly one more.
    for (let i = 0; i < phones.length * 3 - 1; i++) expect((await reserve(phones)).kind).toBe('ok');
    const loads = await Promise.all(phones.map((p) => redis.zcard(`${prefix}:fleet:dev:${p.id}:inflight`)));
    const free = phones[loads.indexOf(2)];
    expect(loads.filter((n) => n === 2)).toHaveLength(1);
    // Most samples miss it: the message still goes there rather than waiting.
    expect(device(await reserve(phones))).toBe(free.id);
    expect((await reserve(phones)).kind).toBe('wait');
  });

  it('never gives one phone more than the window of unconfirmed messages', async () => {
    const phone = [candidate('a')];
    for (let i = 0; i < 3; i++) expect(device(await reserve(phone))).toBe('a');
    const full = await reserve(phone);
    expect(full.kind).toBe('wait');
    await fleet.release('a', 'm1');
    expect(device(await reserve(phone))).toBe('a');
  });

  it('releases many messages of several phones in one call, and one not held changes nothing', async () => {
    const phones = [candidate('a'), candidate('b')];
    for (let i = 0; i < 4; i++) expect((await reserve(phones)).kind).toBe('ok');
    const held = (id: string) => redis.zrange(`${prefix}:fleet:dev:${id}:inflight`, 0, -1);
    const before = { a: await held('a'), b: await held('b') };
    expect([...before.a, ...before.b].sort()).toEqual(['m1', 'm2', 'm3', 'm4']);
    await fleet.releaseMany([
      { deviceId: 'a', messageId: before.a[0] },
      { deviceId: 'b', messageId: before.b[0] },
      { deviceId: 'a', messageId: before.b[1] }, // b's message under a: not a's, stays with b
      { deviceId: 'c', messageId: 'm9' },
    ]);
    expect(await held('a')).toEqual(before.a.slice(1));
    expect(await held('b')).toEqual(before.b.slice(1));
  });

  it('lets a message booked by a process that died take its own place in a full window again', async () => {
    const phones = [candidate('a'), candidate('b')];
    // The dead process booked m1..m6: both windows are full, and nothing will confirm those.
    for (let i = 0; i < 6; i++) expect((await reserve(phones)).kind).toBe('ok');
    expect((await reserve(phones)).kind).toBe('wait');
    // m1's job runs again in the new process: its own booking is not load, so it goes out.
    const again = await fleet.reserve({
      accountId: accountIdOf('acct'),
      messageId: 'm1',
      attempt: 2,
      parts: 1,
      candidates: phones,
    });
    expect(again.kind).toBe('ok');
    // On one phone only: the leftover booking elsewhere is gone, and the windows hold 6, not 7.
    const held = await Promise.all(phones.map((p) => redis.zrange(`${prefix}:fleet:dev:${p.id}:inflight`, 0, -1)));
    expect(held.flat().filter((id) => id === 'm1')).toHaveLength(1);
    expect(held.flat()).toHaveLength(6);
  });

  it('counts the per-minute budget in parts and says how long until it frees up', async () => {
    const phone = [candidate('a', { partsPerMinute: 5 })];
    expect(device(await reserve(phone, 3))).toBe('a');
    await fleet.release('a', 'm1');
    now += 10_000;
    expect(device(await reserve(phone, 2))).toBe('a');
    await fleet.release('a', 'm2');
    now += 5_000;
    // 5 of 5 parts used: the 3 parts of m1 free up a minute after it went.
    expect(await reserve(phone, 1)).toEqual({ kind: 'wait', ms: MINUTE - 15_000 });
    now = T0 + MINUTE + 1;
    expect(device(await reserve(phone, 1))).toBe('a');
  });

  it('lets a message longer than the whole budget go alone once the window is empty', async () => {
    const phone = [candidate('a', { partsPerMinute: 2 })];
    expect(device(await reserve(phone, 4))).toBe('a');
    await fleet.release('a', 'm1');
    expect((await reserve(phone, 4)).kind).toBe('wait');
    now += MINUTE + 1;
    expect(device(await reserve(phone, 4))).toBe('a');
  });

  it('keeps the minimum interval between two messages of a phone', async () => {
    const phone = [candidate('a', { minIntervalMs: 1000 })];
    expect(device(await reserve(phone))).toBe('a');
    now += 400;
    expect(await reserve(phone)).toEqual({ kind: 'wait', ms: 600 });
    now += 600;
    expect(device(await reserve(phone))).toBe('a');
  });

  it('holds phones to their hourly and daily caps', async () => {
    const phone = [candidate('a', { partsPerHour: 2, partsPerDay: 3 })];
    expect(device(await reserve(phone))).toBe('a');
    now += 10 * MINUTE;
    expect(device(await reserve(phone))).toBe('a');
    now += 10 * MINUTE;
    expect(await reserve(phone)).toEqual({ kind: 'wait', ms: HOUR - 20 * MINUTE });
    now = T0 + HOUR + 1;
    expect(device(await reserve(phone))).toBe('a');
    now = T0 + 2 * HOUR;
    // Three parts today: the day's cap waits for the first one to be a day old.
    const capped = await reserve(phone);
    expect(capped).toEqual({ kind: 'wait', ms: 24 * HOUR - 2 * HOUR });
    for (const id of ['m1', 'm2', 'm4']) await fleet.release('a', id);
  });

  it('returns the parts of a message the phone never took to the budget', async () => {
    const phone = [candidate('a', { partsPerMinute: 2 })];
    const r = await reserve(phone, 2);
    expect(r.kind).toBe('ok');
    expect((await reserve(phone, 1)).kind).toBe('wait');
    if (r.kind === 'ok') await fleet.release('a', 'm1', { member: r.member, simSlot: r.simSlot });
    expect(device(await reserve(phone, 1))).toBe('a');
  });

  it('picks SIMs in turn under round robin, and the first with budget under "first"', async () => {
    const sims = [
      { slot: 0, throttle: { partsPerMinute: 1 } },
      { slot: 1, throttle: {} },
    ];
    const rr = [candidate('a', {}, { sims, policy: 'round-robin' })];
    const slots: (number | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await reserve(rr);
      await fleet.release('a', `m${seq}`);
      slots.push(r.kind === 'ok' ? r.simSlot : -1);
      now += 1;
    }
    // Slot 0 has one part a minute: after its turn it is skipped.
    expect(slots).toEqual([0, 1, 1]);

    now += MINUTE;
    const first = [candidate('b', {}, { sims, policy: 'first' })];
    const firstSlots: (number | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await reserve(first);
      await fleet.release('b', `m${seq}`);
      firstSlots.push(r.kind === 'ok' ? r.simSlot : -1);
    }
    expect(firstSlots).toEqual([0, 1]);
  });

  it('uses only the requested SIM and waits for it rather than taking another', async () => {
    const sims = [
      { slot: 0, throttle: { partsPerMinute: 1 } },
      { slot: 1, throttle: {} },
    ];
    const phone = [candidate('a', {}, { sims, slot: 0 })];
    const r = await reserve(phone);
    expect(r.kind === 'ok' && r.simSlot).toBe(0);
    await fleet.release('a', 'm1');
    expect((await reserve(phone)).kind).toBe('wait');
  });

  it('keeps a recipient on the same phone, waits for it when busy, and moves when it is gone', async () => {
    const a = candidate('a', { minIntervalMs: 1000 });
    const b = candidate('b', { minIntervalMs: 1000 });
    const first = device(await reserve([a, b], 1, { sticky: '+4915123456789' }));
    await fleet.release(first, 'm1');
    now += 100;
    // Another recipient takes the other phone; ours waits for its own phone's interval.
    const other = device(await reserve([a, b], 1, { sticky: '+4915199999999' }));
    expect(other).not.toBe(first);
    await fleet.release(other, 'm2');
    expect(await reserve([a, b], 1, { sticky: '+4915123456789' })).toEqual({ kind: 'wait', ms: 900 });
    now += 900;
    expect(device(await reserve([a, b], 1, { sticky: '+4915123456789' }))).toBe(first);
    // Its phone is no longer a candidate (offline): the recipient moves, and stays on the new one.
    now += 2000;
    const survivor = first === 'a' ? b : a;
    expect(device(await reserve([survivor], 1, { sticky: '+4915123456789' }))).toBe(survivor.id);
    now += 2000;
    expect(device(await reserve([a, b], 1, { sticky: '+4915123456789' }))).toBe(survivor.id);
  });

  it('tracks presence by socket: a late goodbye from an old socket does not take the phone offline', async () => {
    expect(await fleet.up('a', accountIdOf('acct'), 'sock-1')).toBe(true);
    expect(await fleet.up('a', accountIdOf('acct'), 'sock-2')).toBe(false);
    expect(await fleet.down('a', 'sock-1')).toBe(false);
    expect(await fleet.healthy(accountIdOf('acct'))).toEqual(['a']);
    expect(await fleet.beat('a', accountIdOf('acct'), 'sock-1')).toBe('stale');
    expect(await fleet.beat('a', accountIdOf('acct'), 'sock-2')).toBe('ok');
    expect(await fleet.down('a', 'sock-2')).toBe(true);
    expect(await fleet.healthy(accountIdOf('acct'))).toEqual([]);
  });

  it('declares a silent phone offline once, and takes it back on its next heartbeat', async () => {
    await fleet.up('a', accountIdOf('acct'), 'sock-1');
    await fleet.up('b', accountIdOf('acct'), 'sock-2');
    now += 20_000;
    await fleet.beat('b', accountIdOf('acct'), 'sock-2');
    now += 15_000;
    expect(await fleet.healthy(accountIdOf('acct'))).toEqual(['b']);
    expect(await fleet.expireSilent()).toEqual([{ deviceId: 'a', accountId: 'acct' }]);
    expect(await fleet.expireSilent()).toEqual([]);
    expect((await fleet.onlineMap(['a', 'b'])).get('a')).toBe(false);
    expect(await fleet.beat('a', accountIdOf('acct'), 'sock-1')).toBe('back');
    expect((await fleet.healthy(accountIdOf('acct'))).sort()).toEqual(['a', 'b']);
  });
});
