import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { MessageNotFound } from './messages.errors.js';
import { MessagesService } from './messages.service.js';

// A malformed id names nothing in the caller's account: 404, the same answer as another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new MessageNotFound() });

@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @HttpCode(202)
  @RequireScopes('messages:send')
  send(@Account() account: AccountRef, @Body() dto: SendMessageDto) {
    return this.messages.send(account, dto);
  }

  @Get(':id')
  @RequireScopes('messages:read')
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.messages.get(account, id);
  }
}
