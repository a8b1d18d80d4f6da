import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bull';
import { QueueName } from '@/modules/messages/queues.js';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @InjectQueue(QueueName.Dispatch) private readonly queue: Queue,
  ) {}

  async isHealthy(key: string) {
    const session = this.indicator.check(key);
    try {
      const pong = await Promise.race([
        this.queue.client.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout after 2000 ms')), 2000).unref()),
      ]);
      return pong === 'PONG' ? session.up() : session.down({ message: 'unexpected reply to PING' });
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
