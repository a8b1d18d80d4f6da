import { Module } from '@nestjs/common';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { RoutingService } from './routing.service.js';

@Module({ imports: [DevicesModule], providers: [RoutingService], exports: [RoutingService] })
export class RoutingModule {}
