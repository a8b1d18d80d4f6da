import { Controller, Get, Query } from '@nestjs/common';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toListResponse } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { ListMessagesQueryDto } from './dto/list-messages.dto.js';
import { MessageQueryService } from './message-query.service.js';

@Controller('v1/messages')
export class MessageListController {
  constructor(private readonly queries: MessageQueryService) {}

  /** `GET /v1/messages?status=&to=&since=&until=&cursor=&limit=`: newest first, `{data, nextCursor}`. */
  @Get()
  @RequireScopes('messages:read')
  async list(@Account() account: AccountRef, @Query() query: ListMessagesQueryDto) {
    return toListResponse(await this.queries.listMessages(account, query));
  }
}
