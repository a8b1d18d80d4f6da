import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { toListResponse } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { ListMessagesQueryDto } from './dto/list-messages.dto.js';
import { MessageListResponse } from './dto/message.response.js';
import { MessageQueryService } from './message-query.service.js';

@Controller('v1/messages')
@ApiTags('messages')
export class MessageListController {
  constructor(private readonly queries: MessageQueryService) {}

  /** `GET /v1/messages?status=&to=&since=&until=&cursor=&limit=`: newest first, `{data, nextCursor}`. */
  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Messages, newest first (cursor-paginated)' })
  @ApiOkResponse({ type: MessageListResponse })
  @ApiProblems('INVALID_PHONE_NUMBER')
  async list(@Account() account: AccountRef, @Query() query: ListMessagesQueryDto) {
    return toListResponse(await this.queries.listMessages(account, query));
  }
}
