import { Global, Module } from '@nestjs/common';
import { ChannelEvents } from './channel-events.js';

@Global()
@Module({ providers: [ChannelEvents], exports: [ChannelEvents] })
export class ChannelsModule {}
