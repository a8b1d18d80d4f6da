import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesRepository } from './templates.repository.js';
import { TemplatesResolver } from './templates.resolver.js';
import { TemplatesService } from './templates.service.js';

/** Message templates (`/v1/templates`, GraphQL); sends render through TemplatesService. */
@Module({
  imports: [AuditModule],
  controllers: [TemplatesController],
  providers: [TemplatesService, TemplatesRepository, TemplatesResolver],
  exports: [TemplatesService],
})
export class TemplatesModule {}
