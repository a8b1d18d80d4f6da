import { Module } from '@nestjs/common';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AgentConnections } from './agent-connections.js';
import { AgentGateway } from './agent.gateway.js';
import { FleetMonitor } from './fleet-monitor.js';
import { FleetState } from './fleet-state.js';
import { AgentPairingController, DevicesController } from './devices.controller.js';
import { DevicesRepository } from './devices.repository.js';
import { DevicesService } from './devices.service.js';
import { DevicesResolver } from './devices.resolver.js';
import { PairingThrottle } from './pairing-throttle.js';

@Module({
  imports: [AuditModule],
  controllers: [DevicesController, AgentPairingController],
  providers: [
    DevicesService,
    DevicesRepository,
    FleetState,
    FleetMonitor,
    AgentConnections,
    AgentGateway,
    DevicesResolver,
    PairingThrottle,
  ],
  exports: [DevicesService, AgentConnections, FleetState],
})
export class DevicesModule {}
