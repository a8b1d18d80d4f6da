import { Module } from '@nestjs/common';
import { SubscriptionsModule } from '@/modules/subscriptions/subscriptions.module.js';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsRepository } from './conversations.repository.js';
import { ConversationsResolver } from './conversations.resolver.js';
import { ConversationsService } from './conversations.service.js';

@Module({
  imports: [SubscriptionsModule],
  controllers: [ConversationsController],
  providers: [ConversationsRepository, ConversationsService, ConversationsResolver],
})
export class ConversationsModule {}
