import { randomBytes } from 'node:crypto';
import { HandlesRequest } from '@/modules/events/event-bus.js';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@/config/app-config.js';

/** What the API shows of a carrier's connection (DESIGN.md §3, `/v1/carriers`). */
export type CarrierLiveState = 'bound' | 'connecting' | 'reconnecting' | 'down' | 'disabled';

export interface CarrierCounters {
  /** Parts the carrier accepted. */
  submitted: number;
  /** Parts it refused (after any throttling retries). */
  rejected: number;
  /** ESME_RTHROTTLED answers (SMPP). */
  throttled: number;
  receipts: number;
  inbound: number;
  reconnects: number;
}

export const ZERO_COUNTERS: CarrierCounters = {
  submitted: 0,
  rejected: 0,
  throttled: 0,
  receipts: 0,
  inbound: 0,
  reconnects: 0,
};

export interface ChannelSnapshot {
  state: Exclude<CarrierLiveState, 'disabled'>;
  detail: string | null;
  since: string;
  counters: CarrierCounters;
}

export interface LiveView {
  state: Exclude<CarrierLiveState, 'disabled'> | null;
  detail: string | null;
  since: string | null;
  counters: CarrierCounters;
  /** Processes that hold a session (SMPP) or have sent through the carrier lately (HTTP). */
  processes: number;
}

/** How long a process's report counts without being refreshed (it refreshes every few seconds). */
const REPORT_TTL_MS = 30_000;
const RANK: Record<ChannelSnapshot['state'], number> = { bound: 3, reconnecting: 2, connecting: 1, down: 0 };

/**
 * Live carrier state as every process sees it: each process that holds an SMPP session (or sends
 * through an HTTP carrier) writes its own entry in a Redis hash per carrier, refreshed while it
 * lives; the API, wherever it runs, reads and merges them (the best state wins, counters add up).
 */
@Injectable()
export class CarrierState implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly process = `${process.pid}-${randomBytes(4).toString('hex')}`;

  constructor(private readonly config: AppConfig) {
    this.redis = new Redis(config.REDIS_URL, {
      connectionName: 'carriers',
      maxRetriesPerRequest: 3,
      lazyConnect: true,
    });
  }

  private key(carrierId: string): string {
    return `${this.config.REDIS_PREFIX}:carrier-state:${carrierId}`;
  }

  async write(carrierId: string, snapshot: ChannelSnapshot): Promise<void> {
    const value = JSON.stringify({ ...snapshot, expiresAt: Date.now() + REPORT_TTL_MS });
    await this.redis
      .multi()
      .hset(this.key(carrierId), this.process, value)
      .pexpire(this.key(carrierId), REPORT_TTL_MS * 2)
      .exec();
  }

  async remove(carrierId: string): Promise<void> {
    await this.redis.hdel(this.key(carrierId), this.process);
  }

  /** The live state of these carriers' connections, across processes (also `carriers.live-state`, for the metrics). */
  @HandlesRequest('carriers.live-state')
  async read(carrierIds: string[]): Promise<Map<string, LiveView>> {
    const views = new Map<string, LiveView>();
    if (carrierIds.length === 0) return views;
    const pipeline = this.redis.pipeline();
    for (const id of carrierIds) pipeline.hgetall(this.key(id));
    const answers = (await pipeline.exec()) ?? [];
    const now = Date.now();
    carrierIds.forEach((id, i) => {
      const hash = (answers[i]?.[1] ?? {}) as Record<string, string>;
      const view: LiveView = { state: null, detail: null, since: null, counters: { ...ZERO_COUNTERS }, processes: 0 };
      for (const raw of Object.values(hash)) {
        const entry = JSON.parse(raw) as ChannelSnapshot & { expiresAt: number };
        if (entry.expiresAt < now) continue;
        view.processes += 1;
        for (const k of Object.keys(view.counters) as (keyof CarrierCounters)[])
          view.counters[k] += entry.counters[k] ?? 0;
        if (view.state === null || RANK[entry.state] > RANK[view.state]) {
          view.state = entry.state;
          view.detail = entry.detail;
          view.since = entry.since;
        }
      }
      views.set(id, view);
    });
    return views;
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
