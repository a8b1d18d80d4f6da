import { Module } from '@nestjs/common';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { CsvBodyParser } from '@/common/csv-body.js';
import { SuppressionController } from './suppression.controller.js';
import { SuppressionRepository } from './suppression.repository.js';
import { SuppressionResolver } from './suppression.resolver.js';
import { SuppressionService } from './suppression.service.js';

/** The opt-out list (DESIGN.md §7). Messages imports it to check sends and to hand it inbound keywords. */
@Module({
  imports: [AuditModule, AuthModule],
  controllers: [SuppressionController],
  providers: [SuppressionService, SuppressionRepository, SuppressionResolver, CsvBodyParser],
  exports: [SuppressionService],
})
export class SuppressionModule {}
