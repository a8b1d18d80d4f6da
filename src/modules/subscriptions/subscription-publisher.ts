import { Injectable, type OnModuleInit } from '@nestjs/common';
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
    private readonly feed: MessageFeed,
    private readonly channel: ChannelEvents,
    private readonly bus: SubscriptionBus,
  ) {}

  onModuleInit(): void {
    this.feed.onStatus((change) =>
      this.bus.publish(change.accountId, 'messageStatus', {
        messageId: change.messageId,
        status: change.status,
        at: change.at.toISOString(),
        deviceId: change.deviceId ?? null,
        errorCode: change.errorCode ?? null,
      }),
    );
    this.feed.onInbound((sms) =>
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
