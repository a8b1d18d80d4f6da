import { Module } from '@nestjs/common';
import { CarriersModule } from '@/modules/carriers/carriers.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardRepository } from './dashboard.repository.js';
import { DashboardResolver } from './dashboard.resolver.js';
import { DashboardService } from './dashboard.service.js';

@Module({
  imports: [DevicesModule, CarriersModule],
  controllers: [DashboardController],
  providers: [DashboardRepository, DashboardService, DashboardResolver],
})
export class DashboardModule {}
