import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { DevicesModule } from '@/modules/devices/devices.module.js';
import { RoutingModule } from '@/modules/routing/routing.module.js';
import { DispatchProcessor } from './dispatch.processor.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesResolver } from './messages.resolver.js';
import { MessagesService } from './messages.service.js';
import { QueueName } from './queues.js';

@Module({})
export class MessagesModule {
  /** The worker role adds the queue consumer; the api role only produces. */
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: MessagesModule,
      imports: [BullModule.registerQueue({ name: QueueName.Dispatch }), DevicesModule, RoutingModule],
      controllers: [MessagesController],
      providers: [
        MessagesService,
        MessagesRepository,
        MessagesResolver,
        ...(options.worker ? [DispatchProcessor] : []),
      ],
      exports: [MessagesService],
    };
  }
}
