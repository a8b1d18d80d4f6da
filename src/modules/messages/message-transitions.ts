import { Injectable } from '@nestjs/common';
import type { MessageEntity } from './entities/message.entity.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { MessagesRepository, type Transition } from './messages.repository.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * The repository's status changes, each told to the feed once it is committed: the one way the
 * messages and dispatch modules move a message, so no change is committed without its feed event.
 */
@Injectable()
export class MessageTransitions {
  constructor(
    private readonly repo: MessagesRepository,
    private readonly events: EventBus,
  ) {}

  async transition(accountId: AccountId, id: string, t: Transition): Promise<boolean> {
    const changed = await this.repo.transition(accountId, id, t);
    if (changed) this.changed(accountId, id, t.next, t.at, { deviceId: t.deviceId, errorCode: t.errorCode });
    return changed;
  }

  async requeue(...args: Parameters<MessagesRepository['requeue']>) {
    const requeued = await this.repo.requeue(...args);
    if (requeued) this.changed(args[0], args[1], 'queued', args[3].at, { errorCode: args[3].errorCode });
    return requeued;
  }

  async failAndDeadLetter(...args: Parameters<MessagesRepository['failAndDeadLetter']>) {
    const failed = await this.repo.failAndDeadLetter(...args);
    if (failed) this.changed(args[0], args[1], 'failed', args[2].at, { errorCode: args[2].errorCode });
    return failed;
  }

  /** Tells the feed (subscriptions) about a committed change. */
  changed(
    accountId: AccountId,
    messageId: string,
    status: MessageEntity['status'],
    at: Date,
    extra: { deviceId?: string | null; errorCode?: string | null } = {},
  ): void {
    void this.events.emit('message.status', { accountId, messageId, status, at, ...extra });
  }
}
