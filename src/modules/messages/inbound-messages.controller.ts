import { Controller, Get, Query } from '@nestjs/common';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toListResponse } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { ListInboundMessagesQueryDto } from './dto/list-messages.dto.js';
import { MessageQueryService } from './message-query.service.js';

@Controller('v1/inbound-messages')
export class InboundMessagesController {
  constructor(private readonly queries: MessageQueryService) {}

  /** `GET /v1/inbound-messages?from=&deviceId=&since=&until=&cursor=&limit=`: newest received first. */
  @Get()
  @RequireScopes('messages:read')
  async list(@Account() account: AccountRef, @Query() query: ListInboundMessagesQueryDto) {
    return toListResponse(await this.queries.listInbound(account, query));
  }
}
