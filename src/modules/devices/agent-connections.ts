import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { MessageSendAck, MessageSendPayload } from '@sms-gateway/android-agent/protocol';
import { DevicePresence } from './device-presence.js';

/** Every authenticated socket of a device: for dropping it. */
export const controlRoom = (deviceId: string) => `device-control:${deviceId}`;
/** The device's sockets that have said hello and been reconciled: only these get work. */
export const dispatchRoom = (deviceId: string) => `device:${deviceId}`;

export type DeliveryOutcome = MessageSendAck | { accepted: false; code: 'ACK_TIMEOUT' | 'DEVICE_OFFLINE' };

/**
 * The phones as a channel: hands a message to one phone and waits for its outbox to take it.
 * Knows nothing of messages beyond the protocol payload.
 */
@Injectable()
export class AgentConnections {
  private namespace?: Namespace;

  constructor(private readonly presence: DevicePresence) {}

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  onlineDevices(accountId: string): string[] {
    return this.presence.onlineFor(accountId);
  }

  isOnline(deviceId: string): boolean {
    return this.presence.isOnline(deviceId);
  }

  async deliver(deviceId: string, payload: MessageSendPayload, timeoutMs: number): Promise<DeliveryOutcome> {
    if (!this.namespace || !this.presence.isOnline(deviceId)) return { accepted: false, code: 'DEVICE_OFFLINE' };
    this.presence.assigned(deviceId);
    try {
      // A room holds the device's sockets (normally one); each answers, and one acceptance is enough.
      const answers = (await this.namespace
        .to(dispatchRoom(deviceId))
        .timeout(timeoutMs)
        .emitWithAck('message.send', payload)) as MessageSendAck[];
      if (answers.length === 0) return { accepted: false, code: 'DEVICE_OFFLINE' };
      return answers.find((a) => a.accepted) ?? answers[0];
    } catch {
      return { accepted: false, code: 'ACK_TIMEOUT' };
    }
  }

  disconnect(deviceId: string): void {
    this.namespace?.in(controlRoom(deviceId)).disconnectSockets(true);
  }
}
