import { Module } from '@nestjs/common';
import { MessagesModule } from '@/modules/messages/messages.module.js';
import { SubscriptionsModule } from '@/modules/subscriptions/subscriptions.module.js';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsRepository } from './conversations.repository.js';
import { ConversationsResolver } from './conversations.resolver.js';
import { ConversationsService } from './conversations.service.js';

@Module({
  imports: [SubscriptionsModule, MessagesModule],
  controllers: [ConversationsController],
  providers: [ConversationsRepository, ConversationsService, ConversationsResolver],
})
export class ConversationsModule {}
