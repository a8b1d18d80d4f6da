import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toListResponse } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { AuditService } from './audit.service.js';
import { ListAuditEventsQueryDto } from './dto/list-audit-events.dto.js';
import { AuditEventListResponse } from './dto/audit-event.response.js';

@Controller('v1/audit-events')
@ApiTags('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** `GET /v1/audit-events?action=&targetId=&actorId=&since=&until=&cursor=&limit=`: newest first, `{data, nextCursor}`. */
  @Get()
  @RequireScopes('admin')
  @ApiOperation({ summary: 'The audit trail, newest first (cursor-paginated)' })
  @ApiOkResponse({ type: AuditEventListResponse })
  async list(@Account() account: AccountRef, @Query() query: ListAuditEventsQueryDto) {
    return toListResponse(await this.audit.list(account.accountId, query));
  }
}
