import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { PeriodicPass } from '@/common/periodic.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { AgentConnections } from './agent-connections.js';
import { FleetState } from './fleet-state.js';

/**
 * Declares offline the phones that went silent (no heartbeat past DEVICE_OFFLINE_AFTER_SECONDS)
 * although their socket may look open, and drops that socket so the phone starts afresh. Runs in
 * every process; the Redis script hands each silent device to exactly one of them.
 */
@Injectable()
export class FleetMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FleetMonitor.name);
  private readonly loop = new PeriodicPass(() => this.check());

  constructor(
    private readonly fleet: FleetState,
    private readonly connections: AgentConnections,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start(Math.min(5000, Math.max(250, (this.config.DEVICE_OFFLINE_AFTER_SECONDS * 1000) / 4)));
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  async check(): Promise<void> {
    try {
      for (const { deviceId, accountId } of await this.fleet.expireSilent()) {
        this.logger.warn({ deviceId }, 'device silent past its heartbeat limit: offline');
        this.connections.disconnect(deviceId);
        await this.events.emit('device.status', {
          accountId,
          deviceId,
          status: 'offline',
          at: new Date(),
          reason: 'silent',
        });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'fleet check failed; the next one will try again');
    }
  }
}
