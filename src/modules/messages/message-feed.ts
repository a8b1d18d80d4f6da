import { Injectable, Logger } from '@nestjs/common';
import type { MessageStatus } from './message-status.js';

/** A message moved to `status` (or was created in it). Committed: listeners never see a rollback. */
export interface MessageStatusChange {
  accountId: string;
  messageId: string;
  status: MessageStatus;
  at: Date;
  deviceId?: string | null;
  errorCode?: string | null;
}

/** An inbound SMS was stored (once, however often the phone repeated it). */
export interface InboundReceived {
  accountId: string;
  id: string;
  from: string;
  body: string;
  deviceId: string | null;
  simSlot: number | null;
  receivedAt: Date;
}

type Listener<T> = (event: T) => void | Promise<void>;

/**
 * What happened to messages, after it is committed, for listeners inside the process (GraphQL
 * subscriptions publish it to Redis for every process). Webhooks do not use this: they are written
 * in the same transaction as the change (the webhooks outbox), so none is lost with a process.
 * A listener's failure is logged and never reaches the sender.
 */
@Injectable()
export class MessageFeed {
  private readonly logger = new Logger(MessageFeed.name);
  private readonly statusListeners: Listener<MessageStatusChange>[] = [];
  private readonly inboundListeners: Listener<InboundReceived>[] = [];

  onStatus(listener: Listener<MessageStatusChange>): void {
    this.statusListeners.push(listener);
  }

  onInbound(listener: Listener<InboundReceived>): void {
    this.inboundListeners.push(listener);
  }

  status(change: MessageStatusChange): void {
    this.deliver(this.statusListeners, change);
  }

  inbound(event: InboundReceived): void {
    this.deliver(this.inboundListeners, event);
  }

  private deliver<T>(listeners: Listener<T>[], event: T): void {
    for (const listener of listeners) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'a message feed listener failed'));
    }
  }
}
