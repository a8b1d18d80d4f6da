import { Module } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { TargetBreakers } from './breakers.js';
import { RoutesController } from './routes.controller.js';
import { RoutesRepository } from './routes.repository.js';
import { RoutesResolver } from './routes.resolver.js';
import { RoutesService } from './routes.service.js';
import { RoutingService } from './routing.service.js';

/** Routing rules (`/v1/routes`, `upsertRoute`) and the decision dispatch asks for: RoutingService. */
@Module({
  imports: [DevicesModule, AuditModule],
  controllers: [RoutesController],
  providers: [
    RoutingService,
    RoutesService,
    RoutesRepository,
    RoutesResolver,
    {
      provide: TargetBreakers,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new TargetBreakers({
          errorPercent: config.BREAKER_ERROR_PERCENT,
          volume: config.BREAKER_VOLUME,
          resetMs: config.BREAKER_RESET_MS,
        }),
    },
  ],
  exports: [RoutingService],
})
export class RoutingModule {}
