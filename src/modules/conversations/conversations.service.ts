import { Injectable } from '@nestjs/common';
import { NotFound, ValidationFailed } from '@/common/errors.js';
import { pageWindow, resolveLimit, toPage, type Page } from '@/common/pagination.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { MessageQueryService } from '@/modules/messages/message-query.service.js';
import type { ThreadMessageRow } from '@/modules/messages/message-query.repository.js';
import { ConversationsRepository, type ThreadRow } from './conversations.repository.js';
import {
  isThreadNumber,
  NUMBER_MESSAGE,
  type ConversationMessageModel,
  type ConversationModel,
  type ThreadListQuery,
} from './conversations.models.js';

export class ConversationNotFound extends NotFound {
  constructor() {
    super('Conversation');
  }
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

function checkNumber(number: string, field = 'number'): string {
  if (!isThreadNumber(number)) throw new ValidationFailed([{ field, message: NUMBER_MESSAGE }]);
  return number;
}

const toThread = (r: ThreadRow): ConversationModel => ({
  number: r.number,
  lastMessageAt: r.last_message_at.toISOString(),
  lastBody: r.last_body,
  lastDirection: r.last_direction,
  unread: r.unread,
});

const toThreadMessage = (r: ThreadMessageRow): ConversationMessageModel => ({
  id: r.id,
  direction: r.direction,
  body: r.body,
  status: r.status,
  errorCode: r.error_code,
  at: r.at.toISOString(),
  deviceId: r.device_id,
  simSlot: r.sim_slot,
});

/** Threads per counterpart number (DESIGN.md §9): REST and GraphQL call these with the same query. */
@Injectable()
export class ConversationsService {
  constructor(
    private readonly repo: ConversationsRepository,
    private readonly messageQueries: MessageQueryService,
  ) {}

  async list(account: AccountRef, query: ThreadListQuery): Promise<Page<ConversationModel>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const rows = await this.repo.listThreads(account.accountId, {
      prefix: given(query.number) ? checkNumber(query.number) : undefined,
      ...pageWindow(limit, query.cursor, isThreadNumber),
    });
    return toPage(rows, limit, (r) => ({ t: r.t, id: r.number }), toThread);
  }

  /** The thread, or null when the account has exchanged no message with this number. */
  async get(account: AccountRef, number: string): Promise<ConversationModel | null> {
    const row = await this.repo.thread(account.accountId, checkNumber(number));
    return row ? toThread(row) : null;
  }

  async messages(
    account: AccountRef,
    number: string,
    query: { cursor?: string | null; limit?: number | null },
  ): Promise<Page<ConversationMessageModel>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const rows = await this.messageQueries.threadMessages(
      account.accountId,
      checkNumber(number),
      pageWindow(limit, query.cursor),
    );
    return toPage(rows, limit, (r) => ({ t: r.t, id: r.id }), toThreadMessage);
  }

  async markRead(account: AccountRef, number: string): Promise<ConversationModel> {
    const row = await this.repo.markRead(account.accountId, checkNumber(number));
    if (!row) throw new ConversationNotFound();
    return toThread(row);
  }
}
