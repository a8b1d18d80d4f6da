import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueName } from '@/modules/messages/queues.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), BullModule.registerQueue({ name: QueueName.Dispatch })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
