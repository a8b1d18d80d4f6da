import { Args, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { AuditService } from './audit.service.js';
import { AuditEventsArgs } from './dto/list-audit-events.dto.js';
import { AuditEventConnectionModel } from './models/audit-event.model.js';

@Resolver(() => AuditEventConnectionModel)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventConnectionModel, { description: 'The audit trail, newest first (admins only)' })
  @RequireScopes('admin')
  async auditEvents(@Account() account: AccountRef, @Args() args: AuditEventsArgs) {
    const { first, after, ...filters } = args;
    return toConnection(await this.audit.list(account.accountId, { ...filters, cursor: after, limit: first }));
  }
}
