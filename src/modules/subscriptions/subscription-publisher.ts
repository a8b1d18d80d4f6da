import { Injectable } from '@nestjs/common';
import { OnEvent } from '@/modules/events/event-bus.js';
import type { DeviceStatusChange, InboundReceived, MessageStatusChange } from '@/modules/events/events.js';
import { SubscriptionBus } from './subscription-bus.js';

/**
 * Publishes what this process commits (message statuses, inbound SMS) and sees (phones coming and
 * going) to the subscription bus, for subscribers in any api process. Runs in every role.
 */
@Injectable()
export class SubscriptionPublisher {
  constructor(private readonly bus: SubscriptionBus) {}

  @OnEvent('message.status')
  messageStatus(change: MessageStatusChange): Promise<void> {
    return this.bus.publish(change.accountId, 'messageStatus', {
      messageId: change.messageId,
      status: change.status,
      at: change.at.toISOString(),
      deviceId: change.deviceId ?? null,
      errorCode: change.errorCode ?? null,
    });
  }

  @OnEvent('message.inbound')
  inbound(sms: InboundReceived): Promise<void> {
    return this.bus.publish(sms.accountId, 'inbound', {
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
    });
  }

  @OnEvent('device.status')
  deviceStatus(change: DeviceStatusChange): Promise<void> {
    return this.bus.publish(change.accountId, 'deviceStatus', {
      deviceId: change.deviceId,
      status: change.status,
      at: change.at.toISOString(),
      reason: change.reason ?? null,
    });
  }
}
