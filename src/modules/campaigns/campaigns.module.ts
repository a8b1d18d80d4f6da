import { Module, type DynamicModule } from '@nestjs/common';
import { CsvBodyParser } from '@/common/csv-body.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { MessagesModule } from '@/modules/messages/messages.module.js';
import { SubscriptionsModule } from '@/modules/subscriptions/subscriptions.module.js';
import { TemplatesModule } from '@/modules/templates/templates.module.js';
import { CampaignPump } from './campaign-pump.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignPumpRepository, CampaignsRepository } from './campaigns.repository.js';
import { CampaignsResolver } from './campaigns.resolver.js';
import { CampaignsService, CampaignWake } from './campaigns.service.js';

/**
 * Campaigns (`/v1/campaigns`, GraphQL). The worker role adds the pump that makes their messages;
 * a launch in a process without it is seen at the worker's next pass (CAMPAIGN_TICK_MS).
 */
@Module({})
export class CampaignsModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: CampaignsModule,
      imports: [AuditModule, AuthModule, DevicesModule, MessagesModule, SubscriptionsModule, TemplatesModule],
      controllers: [CampaignsController],
      providers: [
        CampaignsService,
        CampaignsRepository,
        CampaignsResolver,
        CsvBodyParser,
        ...(options.worker
          ? [CampaignPump, CampaignPumpRepository, { provide: CampaignWake, useExisting: CampaignPump }]
          : []),
      ],
    };
  }
}
