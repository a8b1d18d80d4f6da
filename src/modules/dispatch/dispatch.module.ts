import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@/modules/auth/auth.module.js';
import { CarriersModule } from '@/modules/carriers/carriers.module.js';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { MessagesModule } from '@/modules/messages/messages.module.js';
import { RoutingModule } from '@/modules/routing/routing.module.js';
import { SuppressionModule } from '@/modules/suppression/suppression.module.js';
import { DispatchProcessor } from './dispatch.processor.js';
import { DispatchService } from './dispatch.service.js';
import { MaintenanceService } from './maintenance.service.js';
import { PhoneReconciliationService } from './phone-reconciliation.service.js';
import { PhoneWaitlist } from './phone-waitlist.js';
import { StatusReportsService } from './status-reports.service.js';

/**
 * Getting messages to phones and carriers and following them there: the dispatcher, status
 * reports, reconciliation with the phones and the sweeps. Reports, reconciliation and the waitlist
 * answer channel events, which arrive wherever a phone or carrier is connected, so every role has them.
 */
@Module({})
export class DispatchModule {
  /** The worker role adds the queue consumer and the sweeps. */
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: DispatchModule,
      imports: [AuthModule, CarriersModule, DevicesModule, MessagesModule, RoutingModule, SuppressionModule],
      providers: [
        StatusReportsService,
        PhoneReconciliationService,
        PhoneWaitlist,
        ...(options.worker ? [DispatchService, DispatchProcessor, MaintenanceService] : []),
      ],
    };
  }
}
