import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DispatchQueue } from './dispatch-queue.js';
import { toMessageResource, type MessageResource } from './message.resource.js';
import { MessageTransitions } from './message-transitions.js';
import { MessageNotCancelable, MessageNotFound, MessageNotRedrivable } from './messages.errors.js';
import { MessagesRepository } from './messages.repository.js';

/** One message at a time, by id: read it, cancel it, re-drive it from the dead letters (and list those). */
@Injectable()
export class MessageCommandsService {
  constructor(
    private readonly repo: MessagesRepository,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly transitions: MessageTransitions,
    private readonly dispatchQueue: DispatchQueue,
  ) {}

  async get(account: AccountRef, id: string, withEvents = true): Promise<MessageResource> {
    const message = await this.repo.find(account.accountId, id);
    if (!message) throw new MessageNotFound();
    return toMessageResource(message, withEvents ? await this.repo.events(account.accountId, id) : undefined);
  }

  /** Only while scheduled or queued; a canceled message is never sent, even if its job already waits. */
  async cancel(account: AccountRef, id: string, context?: RequestContext): Promise<MessageResource> {
    const outcome = await this.db.transaction(async (manager) => {
      const result = await this.repo.cancel(account.accountId, id, new Date(), manager);
      // Only the call that canceled records it; a repeated cancel changes nothing.
      if (result?.changed) {
        await this.audit.record(manager, {
          ...auditedBy(account, context),
          action: 'message.canceled',
          target: { type: 'message', id },
          diff: { status: { to: 'canceled' } },
        });
      }
      return result;
    });
    if (!outcome) throw new MessageNotFound();
    if (outcome.status !== 'canceled') throw new MessageNotCancelable(outcome.status);
    if (outcome.changed) this.transitions.changed(account.accountId, id, 'canceled', new Date());
    // The dispatcher skips canceled messages anyway; removing the job only saves it the trip.
    await this.dispatchQueue.remove(id, outcome.attempts);
    return this.get(account, id);
  }

  /** Admin re-drive of a dead-lettered message: back to `queued`, with a fresh round of attempts. */
  async redrive(account: AccountRef, id: string, context?: RequestContext): Promise<MessageResource> {
    const requeued = await this.db.transaction(async (manager) => {
      const result = await this.repo.redrive(account.accountId, id, new Date(), manager);
      if (result) {
        await this.audit.record(manager, {
          ...auditedBy(account, context),
          action: 'message.redriven',
          target: { type: 'message', id },
          diff: { status: { from: 'failed', to: 'queued' }, attempts: result.attempts },
        });
      }
      return result;
    });
    if (!requeued) {
      if (!(await this.repo.find(account.accountId, id))) throw new MessageNotFound();
      throw new MessageNotRedrivable();
    }
    this.transitions.changed(account.accountId, id, 'queued', new Date());
    // The answer is the message as the re-drive left it: read after the job is queued, a worker
    // with a phone at hand may already have made it `sending`.
    const redriven = await this.get(account, id);
    await this.dispatchQueue.enqueueRetry(account.accountId, id, requeued.attempts, requeued.priority, 0);
    return redriven;
  }

  async deadLetters(account: AccountRef, limit = 100) {
    const rows = await this.repo.deadLetters(account.accountId, limit);
    return {
      data: rows.map((d) => ({
        messageId: d.messageId,
        errorCode: d.errorCode,
        errorMessage: d.errorMessage,
        attempts: d.attempts,
        createdAt: d.createdAt.toISOString(),
      })),
      nextCursor: null,
    };
  }
}
