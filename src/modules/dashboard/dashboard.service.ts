import { Injectable } from '@nestjs/common';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CarriersService } from '@/modules/carriers/carriers.service.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { MessageStatsRepository } from '@/modules/messages/message-stats.repository.js';
import type { DashboardModel, HourStatusCountsModel, MinuteCountModel } from './dashboard.models.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Fills the gaps: one bucket per step from `start`, oldest first, so a chart has no holes. */
function buckets(start: number, count: number, stepMs: number): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(start + i * stepMs));
}

@Injectable()
export class DashboardService {
  constructor(
    private readonly repo: MessageStatsRepository,
    private readonly devices: DevicesService,
    private readonly carriers: CarriersService,
  ) {}

  async dashboard(account: AccountRef, now = new Date()): Promise<DashboardModel> {
    const { accountId } = account;
    const firstHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
    const firstMinute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - 59 * MINUTE_MS;
    const lastMinute = new Date(now.getTime() - MINUTE_MS);
    const [byHour, byMinute, parts, waiting, deadLetters, devices, carriers] = await Promise.all([
      this.repo.statusByHour(accountId, new Date(firstHour)),
      this.repo.sentByMinute(accountId, new Date(firstMinute)),
      this.repo.partsByDevice(accountId, lastMinute),
      this.repo.waiting(accountId),
      this.repo.deadLetters(accountId),
      this.devices.list(account),
      // Carrier connections are an admin's business, as on their own routes.
      account.scopes.includes('admin') ? this.carriers.list(account) : Promise.resolve([]),
    ]);

    const statusCounts24h: HourStatusCountsModel[] = buckets(firstHour, 24, HOUR_MS).map((hour) => ({
      hour: hour.toISOString(),
      counts: byHour
        .filter((r) => r.hour.getTime() === hour.getTime())
        .map(({ status, count }) => ({ status, count }))
        .sort((a, b) => a.status.localeCompare(b.status)),
    }));
    const sent = new Map(byMinute.map((r) => [r.minute.getTime(), r.count]));
    const perMinute: MinuteCountModel[] = buckets(firstMinute, 60, MINUTE_MS).map((minute) => ({
      minute: minute.toISOString(),
      count: sent.get(minute.getTime()) ?? 0,
    }));

    return {
      statusCounts24h,
      throughputLastHour: { total: perMinute.reduce((sum, m) => sum + m.count, 0), perMinute },
      queue: {
        waiting: waiting.queued,
        scheduled: waiting.scheduled,
        oldestAgeSeconds: waiting.oldestQueuedAt
          ? Math.max(0, Math.round((now.getTime() - waiting.oldestQueuedAt.getTime()) / 1000))
          : null,
      },
      deadLetters,
      phones: {
        online: devices.filter((d) => d.online).length,
        total: devices.length,
        devices: devices.map((d) => {
          const limit = this.devices.effectiveThrottle(d.throttle).partsPerMinute || null;
          const used = parts.get(d.id) ?? 0;
          return {
            id: d.id,
            name: d.name,
            online: d.online,
            limitPerMinute: limit,
            sentLastMinute: used,
            headroom: limit === null ? null : Math.max(0, limit - used),
          };
        }),
      },
      carriers: carriers.map((c) => ({ id: c.id, name: c.name, kind: c.kind, state: c.state, enabled: c.enabled })),
    };
  }
}
