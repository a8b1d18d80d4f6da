import { Module } from '@nestjs/common';
import { CarriersModule } from '@/modules/carriers/carriers.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { MessagesModule } from '@/modules/messages/messages.module.js';
import { DashboardController } from './dashboard.controller.js';
import { DashboardResolver } from './dashboard.resolver.js';
import { DashboardService } from './dashboard.service.js';

@Module({
  imports: [DevicesModule, CarriersModule, MessagesModule],
  controllers: [DashboardController],
  providers: [DashboardService, DashboardResolver],
})
export class DashboardModule {}
