import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@/config/app-config.js';
import type { DeviceThrottle, SimPolicy } from './entities/device.entity.js';
import {
  PRESENCE_BEAT,
  PRESENCE_DOWN,
  PRESENCE_EXPIRE,
  PRESENCE_HEALTHY,
  PRESENCE_UP,
  RELEASE,
  RELEASE_MANY,
  RESERVE,
} from './fleet.scripts.js';
import { accountIdOf, type AccountId } from '@/common/account-id.js';

/** A phone that may get the message, with the limits it is held to. */
export interface Candidate {
  id: string;
  throttle: DeviceThrottle;
  sims: { slot: number; throttle: DeviceThrottle }[];
  policy: SimPolicy;
  /** The message asks for this SIM. */
  slot: number | null;
}

export interface ReserveRequest {
  accountId: AccountId;
  messageId: string;
  attempt: number;
  parts: number;
  candidates: Candidate[];
  /** Keep the recipient on one phone (the number is hashed into the key: no phone numbers in Redis). */
  sticky?: { to: string };
}

export type Reservation =
  { kind: 'ok'; deviceId: string; simSlot: number | null; member: string } | { kind: 'wait'; ms: number };

const STICKY_TTL_SECONDS = 30 * 24 * 3600;

/**
 * A larger fleet is asked in a random sample of this many phones first, the least loaded of them
 * winning (the "power of d choices": nearly as even as asking all, at a fraction of the cost: the
 * script reads each candidate's window, so a hundred phones cost a hundred reads per message). Only
 * when none of the sample can take the message are all asked, so a message never waits while any
 * phone has room.
 */
export const RESERVE_SAMPLE = 8;

type Script = (...args: (string | number)[]) => Promise<unknown>;
type FleetRedis = Redis &
  Record<
    | 'fleetUp'
    | 'fleetBeat'
    | 'fleetDown'
    | 'fleetExpire'
    | 'fleetHealthy'
    | 'fleetReserve'
    | 'fleetRelease'
    | 'fleetReleaseMany',
    Script
  >;

function compact(t: DeviceThrottle): Record<string, number> {
  const out: Record<string, number> = {};
  if (t.partsPerMinute !== undefined) out.m = t.partsPerMinute;
  if (t.partsPerHour !== undefined) out.h = t.partsPerHour;
  if (t.partsPerDay !== undefined) out.d = t.partsPerDay;
  if (t.minIntervalMs !== undefined) out.i = t.minIntervalMs;
  return out;
}

/** `n` of `items`, each equally likely, in random order (a partial Fisher-Yates shuffle). */
function sample<T>(items: readonly T[], n: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/**
 * The fleet as every process sees it, in Redis: which phones are present and healthy, what each
 * holds unconfirmed, and what it has used of its send budget. Presence is keyed by socket id, so a
 * phone that reconnects to another process is not marked offline by its old socket's late goodbye.
 */
@Injectable()
export class FleetState implements OnApplicationShutdown {
  private readonly redis: FleetRedis;
  private readonly prefix: string;
  /** Milliseconds since the epoch; the tests move it to cross minute, hour and day windows. */
  clock: () => number = Date.now;

  constructor(private readonly config: AppConfig) {
    // Auto-pipelining: the scripts of the dispatches running at once go out in one write (measured
    // with 50 in flight: about 1.5 times the bookings a second). Not on Bull's connections, where
    // it is reported to break job locks.
    const redis = new Redis(config.REDIS_URL, {
      connectionName: 'fleet',
      maxRetriesPerRequest: 3,
      enableAutoPipelining: true,
    });
    const scripts = {
      fleetUp: PRESENCE_UP,
      fleetBeat: PRESENCE_BEAT,
      fleetDown: PRESENCE_DOWN,
      fleetExpire: PRESENCE_EXPIRE,
      fleetHealthy: PRESENCE_HEALTHY,
      fleetReserve: RESERVE,
      fleetRelease: RELEASE,
      fleetReleaseMany: RELEASE_MANY,
    };
    for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    this.redis = redis as FleetRedis;
    this.prefix = `${config.REDIS_PREFIX}:fleet:`;
    // Each `ready` after the first is a new connection: Redis may have restarted and lost every
    // phone's presence (it keeps nothing on disk). Listeners put back what this process knows.
    let readyBefore = false;
    redis.on('ready', () => {
      if (readyBefore) for (const listener of this.reconnectListeners) void listener();
      readyBefore = true;
    });
  }

  private readonly reconnectListeners: (() => Promise<void>)[] = [];

  /** Runs after the fleet's Redis connection comes back (the data may be gone). */
  onReconnect(listener: () => Promise<void>): void {
    this.reconnectListeners.push(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** The socket `sid` now speaks for the device; true when the device came online. */
  async up(deviceId: string, accountId: AccountId, sid: string): Promise<boolean> {
    return (await this.redis.fleetUp(this.prefix, deviceId, accountId, sid, this.clock())) === 1;
  }

  /** A sign of life: 'back' when the device had been declared offline, 'stale' when another socket took over. */
  async beat(deviceId: string, accountId: AccountId, sid: string): Promise<'ok' | 'back' | 'stale'> {
    const r = await this.redis.fleetBeat(this.prefix, deviceId, accountId, sid, this.clock());
    return r === 2 ? 'back' : r === 1 ? 'ok' : 'stale';
  }

  /** The socket went away; true when it was the one speaking for the device (now offline). */
  async down(deviceId: string, sid = ''): Promise<boolean> {
    return (await this.redis.fleetDown(this.prefix, deviceId, sid)) === 1;
  }

  /** Declares offline the devices silent past DEVICE_OFFLINE_AFTER_SECONDS; each is returned once. */
  async expireSilent(): Promise<{ deviceId: string; accountId: AccountId }[]> {
    const flat = (await this.redis.fleetExpire(this.prefix, this.clock() - this.silenceMs)) as string[];
    const out: { deviceId: string; accountId: AccountId }[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ deviceId: flat[i], accountId: accountIdOf(flat[i + 1]) });
    return out;
  }

  /** The account's devices that are present and gave a sign of life recently. */
  async healthy(accountId: AccountId): Promise<string[]> {
    return (await this.redis.fleetHealthy(this.prefix, accountId, this.clock() - this.silenceMs)) as string[];
  }

  async isHealthy(deviceId: string): Promise<boolean> {
    const seen = await this.redis.zscore(`${this.prefix}online`, deviceId);
    return seen !== null && Number(seen) >= this.clock() - this.silenceMs;
  }

  /** Whether each device is online (for listings), in one round trip. */
  async onlineMap(ids: string[]): Promise<Map<string, boolean>> {
    if (ids.length === 0) return new Map();
    const scores = await this.redis.zmscore(`${this.prefix}online`, ...ids);
    const since = this.clock() - this.silenceMs;
    return new Map(ids.map((id, i) => [id, scores[i] !== null && Number(scores[i]) >= since]));
  }

  /** How many messages each device holds unconfirmed. */
  async inflight(ids: string[]): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.zcard(`${this.prefix}dev:${id}:inflight`);
    const results = (await pipeline.exec()) ?? [];
    return new Map(ids.map((id, i) => [id, Number(results[i]?.[1] ?? 0)]));
  }

  async reserve(request: ReserveRequest): Promise<Reservation> {
    const { candidates } = request;
    // A sticky recipient's phone must be among those asked: all are.
    if (!request.sticky && candidates.length > RESERVE_SAMPLE) {
      const sampled = await this.reserveAmong(request, sample(candidates, RESERVE_SAMPLE, this.random));
      if (sampled.kind === 'ok') return sampled;
    }
    return this.reserveAmong(request, candidates);
  }

  /** Chooses the sample of a large fleet (the tests make it predictable). */
  random: () => number = Math.random;

  private async reserveAmong(request: ReserveRequest, candidates: Candidate[]): Promise<Reservation> {
    const body = {
      acct: request.accountId,
      msg: request.messageId,
      attempt: request.attempt,
      parts: request.parts,
      window: this.config.DEVICE_WINDOW,
      stale: this.config.DEVICE_LEASE_SECONDS * 1000,
      sticky: request.sticky
        ? {
            key: `${this.prefix}acct:${request.accountId}:sticky:${createHash('sha256').update(request.sticky.to).digest('base64url').slice(0, 22)}`,
            ttl: STICKY_TTL_SECONDS,
          }
        : null,
      cands: candidates.map((c) => ({
        id: c.id,
        t: compact(c.throttle),
        sims: c.sims.map((s) => ({ slot: s.slot, t: compact(s.throttle) })),
        policy: c.policy,
        slot: c.slot,
      })),
    };
    const reply = (await this.redis.fleetReserve(this.prefix, this.clock(), JSON.stringify(body))) as [
      string,
      string | number,
      number?,
    ];
    if (reply[0] === 'ok') {
      const slot = Number(reply[2]);
      return {
        kind: 'ok',
        deviceId: String(reply[1]),
        simSlot: slot === -1 ? null : slot,
        member: `${request.messageId}:${request.attempt}:${request.parts}`,
      };
    }
    return { kind: 'wait', ms: Number(reply[1]) };
  }

  /**
   * The message no longer counts against the device's window. With `refund` (the reservation's
   * member and SIM), the phone certainly never sent it, so its parts return to the budget.
   */
  async release(
    deviceId: string,
    messageId: string,
    refund?: { member: string; simSlot: number | null },
  ): Promise<void> {
    await this.redis.fleetRelease(this.prefix, deviceId, messageId, refund?.member ?? '', refund?.simSlot ?? -1);
  }

  /**
   * `release` without a refund for many messages in one call (the status reports' group write).
   * Removing a message that is not held changes nothing, so a group that failed may be repeated.
   */
  async releaseMany(items: readonly { deviceId: string; messageId: string }[]): Promise<void> {
    if (items.length === 0) return;
    await this.redis.fleetReleaseMany(this.prefix, ...items.flatMap((r) => [r.deviceId, r.messageId]));
  }

  private get silenceMs(): number {
    return this.config.DEVICE_OFFLINE_AFTER_SECONDS * 1000;
  }
}
