import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ChannelEvents } from '@/modules/channels/channel-events.js';
import { MessageFeed } from '@/modules/messages/message-feed.js';
import { SubscriptionBus } from './subscription-bus.js';

/**
 * Publishes what this process commits (message statuses, inbound SMS) and sees (phones coming and
 * going) to the subscription bus, for subscribers in any api process. Runs in every role.
 */
@Injectable()
export class SubscriptionPublisher implements OnModuleInit {
  constructor(
    private readonly modules: ModuleRef,
    private readonly channel: ChannelEvents,
    private readonly bus: SubscriptionBus,
  ) {}

  onModuleInit(): void {
    // AppModule registers MessagesModule once, for the process's roles; registering it again here
    // would make a second one (its controllers, its queue processor), so its feed is found in the app.
    const feed = this.modules.get(MessageFeed, { strict: false });
    feed.onStatus((change) =>
      this.bus.publish(change.accountId, 'messageStatus', {
        messageId: change.messageId,
        status: change.status,
        at: change.at.toISOString(),
        deviceId: change.deviceId ?? null,
        errorCode: change.errorCode ?? null,
      }),
    );
    feed.onInbound((sms) =>
      this.bus.publish(sms.accountId, 'inbound', {
        id: sms.id,
        from: sms.from,
        // The feed carries neither: phones never report the receiving number, and the row was
        // written a moment ago, so now stands in for its creation time.
        to: null,
        body: sms.body,
        deviceId: sms.deviceId,
        simSlot: sms.simSlot,
        receivedAt: sms.receivedAt.toISOString(),
        createdAt: new Date().toISOString(),
      }),
    );
    this.channel.onDeviceStatus((change) =>
      this.bus.publish(change.accountId, 'deviceStatus', {
        deviceId: change.deviceId,
        status: change.status,
        at: change.at.toISOString(),
        reason: change.reason ?? null,
      }),
    );
  }
}
