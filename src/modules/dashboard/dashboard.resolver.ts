import { Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DashboardModel } from './dashboard.models.js';
import { DashboardService } from './dashboard.service.js';

@Resolver(() => DashboardModel)
export class DashboardResolver {
  constructor(private readonly dashboard: DashboardService) {}

  @Query(() => DashboardModel, {
    name: 'dashboard',
    description: "The account's state at a glance (GET /v1/dashboard)",
  })
  @RequireScopes('messages:read')
  dashboardQuery(@Account() account: AccountRef) {
    return this.dashboard.dashboard(account);
  }
}
