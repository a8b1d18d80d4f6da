import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MetricsController, MetricsGuard } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus metrics at `GET /metrics` (docs/operations.md). */
@Module({
  imports: [DiscoveryModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsGuard],
  exports: [MetricsService],
})
export class ObservabilityModule {}
