import { Injectable } from '@nestjs/common';
import { ValidationFailed } from '@/common/errors.js';
import { pageWindow, resolveLimit, toRowPage, type Cursor, type Page } from '@/common/pagination.js';
import { parseTimeRange } from '@/common/timestamps.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import type { InboundMessageListQuery, MessageListQuery } from './dto/list-messages.dto.js';
import { toInboundMessageResource, type InboundMessageResource } from './inbound-message.resource.js';
import { MESSAGE_STATUSES, type MessageStatus } from './message-status.js';
import { normalizeRecipient } from './message-validation.js';
import { toMessageResource, type MessageResource } from './message.resource.js';
import { MessageQueryRepository, type ThreadMessageRow } from './message-query.repository.js';
import type { AccountId } from '@/common/account-id.js';

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

function parseStatuses(values: string[]): MessageStatus[] {
  const unknown = values.filter((v) => !(MESSAGE_STATUSES as readonly string[]).includes(v));
  if (unknown.length > 0 || values.length === 0) {
    throw new ValidationFailed([{ field: 'status', message: `status must be one of ${MESSAGE_STATUSES.join(', ')}` }]);
  }
  return [...new Set(values as MessageStatus[])];
}

/**
 * Reading lists: sent messages and received SMS, newest first, one keyset page at a time. REST and
 * GraphQL both call these with the same query object; the DTOs have checked each field already,
 * and the checks here repeat them for any other caller.
 */
@Injectable()
export class MessageQueryService {
  constructor(private readonly repo: MessageQueryRepository) {}

  /** A number's conversation, newest first: outbound and inbound merged (the conversations module's threads). */
  threadMessages(
    accountId: AccountId,
    number: string,
    f: { after?: Cursor; limit: number },
  ): Promise<ThreadMessageRow[]> {
    return this.repo.threadMessages(accountId, number, f);
  }

  async listMessages(account: AccountRef, query: MessageListQuery): Promise<Page<MessageResource>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const { since, until } = parseTimeRange(query.since ?? undefined, query.until ?? undefined);
    const rows = await this.repo.listMessages(account.accountId, {
      statuses: given(query.status) ? parseStatuses(query.status) : undefined,
      // Stored recipients are normalised E.164, so the filter is normalised the same way.
      to: given(query.to) ? normalizeRecipient(query.to) : undefined,
      clientReference: given(query.clientReference) ? query.clientReference : undefined,
      campaignId: given(query.campaignId) ? query.campaignId : undefined,
      since,
      until,
      ...pageWindow(limit, query.cursor),
    });
    return toRowPage(rows, limit, toMessageResource);
  }

  async listInbound(account: AccountRef, query: InboundMessageListQuery): Promise<Page<InboundMessageResource>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const { since, until } = parseTimeRange(query.since ?? undefined, query.until ?? undefined);
    const rows = await this.repo.listInbound(account.accountId, {
      // Senders are stored as the phone reported them (short codes and names too): matched exactly.
      from: given(query.from) ? query.from : undefined,
      deviceId: given(query.deviceId) ? query.deviceId : undefined,
      since,
      until,
      ...pageWindow(limit, query.cursor),
    });
    return toRowPage(rows, limit, toInboundMessageResource);
  }
}
