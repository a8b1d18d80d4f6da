import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DashboardModel } from './dashboard.models.js';
import { DashboardService } from './dashboard.service.js';

@Controller('v1/dashboard')
@ApiTags('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({
    summary: "The account's state at a glance",
    description:
      'Messages by status per hour of the last 24 h, sent per minute of the last hour, the queue, dead letters, ' +
      "phones with what is left of their per-minute budget, and (for admins) the carriers' state.",
  })
  @ApiOkResponse({ type: DashboardModel })
  get(@Account() account: AccountRef) {
    return this.dashboard.dashboard(account);
  }
}
