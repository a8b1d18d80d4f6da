import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toListResponse } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { ListInboundMessagesQueryDto } from './dto/list-messages.dto.js';
import { InboundMessageListResponse } from './dto/message.response.js';
import { MessageQueryService } from './message-query.service.js';

@Controller('v1/inbound-messages')
@ApiTags('messages')
export class InboundMessagesController {
  constructor(private readonly queries: MessageQueryService) {}

  /** `GET /v1/inbound-messages?from=&deviceId=&since=&until=&cursor=&limit=`: newest received first. */
  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Received SMS, newest first (cursor-paginated)' })
  @ApiOkResponse({ type: InboundMessageListResponse })
  async list(@Account() account: AccountRef, @Query() query: ListInboundMessagesQueryDto) {
    return toListResponse(await this.queries.listInbound(account, query));
  }
}
