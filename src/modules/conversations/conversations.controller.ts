import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { toListResponse } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import {
  ConversationListResponse,
  ConversationMessageListResponse,
  ConversationModel,
  ListConversationsQueryDto,
  ListThreadMessagesQueryDto,
} from './conversations.models.js';
import { ConversationsService } from './conversations.service.js';

const NumberParam = () =>
  ApiParam({
    name: 'number',
    description: 'The counterpart number, URL-encoded (+ as %2B)',
    example: '+4915123456789',
  });

@Controller('v1/conversations')
@ApiTags('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Threads per counterpart number, latest activity first (cursor-paginated)' })
  @ApiOkResponse({ type: ConversationListResponse })
  @ApiProblems('VALIDATION_FAILED')
  async list(@Account() account: AccountRef, @Query() query: ListConversationsQueryDto) {
    return toListResponse(await this.conversations.list(account, query));
  }

  @Get(':number/messages')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: "A thread's messages, inbound and outbound merged, newest first (cursor-paginated)" })
  @NumberParam()
  @ApiOkResponse({ type: ConversationMessageListResponse })
  @ApiProblems('VALIDATION_FAILED')
  async messages(
    @Account() account: AccountRef,
    @Param('number') number: string,
    @Query() query: ListThreadMessagesQueryDto,
  ) {
    return toListResponse(await this.conversations.messages(account, number, query));
  }

  @Post(':number/read')
  @HttpCode(200)
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Marks the thread read: its unread count becomes 0' })
  @NumberParam()
  @ApiOkResponse({ type: ConversationModel })
  @ApiProblems('NOT_FOUND', 'VALIDATION_FAILED')
  markRead(@Account() account: AccountRef, @Param('number') number: string) {
    return this.conversations.markRead(account, number);
  }
}
