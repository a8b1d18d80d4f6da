import { Module } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { UrlGuard } from '@/modules/webhooks/url-guard.js';
import { CarrierConnections } from './carrier-connections.js';
import { CarrierReceipts } from './carrier-receipts.js';
import { CarrierSecrets } from './carrier-secrets.js';
import { CarrierState } from './carrier-state.js';
import { CarriersController } from './carriers.controller.js';
import { CarriersRepository } from './carriers.repository.js';
import { CarriersResolver } from './carriers.resolver.js';
import { CarriersService } from './carriers.service.js';

/**
 * Carrier connections (SMPP, HTTP): their configuration API, and CarrierConnections, the channel
 * dispatch hands messages to. Exports the channel and the service, never the repository.
 */
@Module({
  imports: [AuditModule, AuthModule],
  controllers: [CarriersController],
  providers: [
    CarriersService,
    CarriersRepository,
    CarriersResolver,
    CarrierConnections,
    CarrierReceipts,
    CarrierSecrets,
    CarrierState,
    {
      // The webhooks' SSRF guard and its allow-list (WEBHOOK_ALLOW_HOSTS), for carrier hosts and URLs.
      provide: UrlGuard,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new UrlGuard(config.WEBHOOK_ALLOW_HOSTS),
    },
  ],
  exports: [CarrierConnections, CarriersService],
})
export class CarriersModule {}
