import type { InboundMessageResource } from '@/modules/messages/inbound-message.resource.js';
import type { MessageStatus } from '@/modules/messages/message-status.js';

/** `messageStatusChanged`: a message moved to `status` (or was created in it). */
export interface MessageStatusEvent {
  messageId: string;
  status: MessageStatus;
  at: string;
  deviceId: string | null;
  errorCode: string | null;
}

/** `deviceStatusChanged`: a phone came online or went offline. */
export interface DeviceStatusEvent {
  deviceId: string;
  status: 'online' | 'offline';
  at: string;
  /** Why it went offline: `disconnected`, `silent` (heartbeats stopped), `revoked` or `disabled`. */
  reason: string | null;
}

/**
 * What an account's subscribers hear, by kind. Each kind is one Redis channel per account, and
 * events travel as plain JSON-safe values (timestamps as ISO strings) between processes.
 */
export interface AccountEvents {
  messageStatus: MessageStatusEvent;
  deviceStatus: DeviceStatusEvent;
  inbound: InboundMessageResource;
}

export type AccountEventKind = keyof AccountEvents;
