import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

/** A leaf: devices, messages (and later auth, routing, …) import it to record their changes. */
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditResolver],
  exports: [AuditService],
})
export class AuditModule {}
