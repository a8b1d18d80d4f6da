import { Injectable, Logger } from '@nestjs/common';
import { AppError, type ProblemDetails } from '@/common/errors.js';
import { GroupCommitter, ItemFailed } from '@/common/group-commit.js';
import { maskPhone } from '@/common/mask.js';
import { validatePayload } from '@/common/validate-payload.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { RoutingService } from '@/modules/routing/routing.service.js';
import { RecipientOptedOut } from '@/modules/suppression/suppression.errors.js';
import { SuppressionService } from '@/modules/suppression/suppression.service.js';
import { traceCarrier, type TraceCarrier } from '@/common/trace.js';
import { DestinationPolicy } from './destination-policy.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import type { MessageEntity } from './entities/message.entity.js';
import type { StoredBatchResult } from './entities/idempotency-key.entity.js';
import { requestHash } from './idempotency.js';
import { TemplatesService } from '@/modules/templates/templates.service.js';
import { prepareMessage, senderOf } from './message-factory.js';
import { toMessageResource, type MessageResource } from './message.resource.js';
import { IdempotencyKeyReused, MessageNotFound } from './messages.errors.js';
import { MessagesRepository } from './messages.repository.js';
import { DispatchQueue } from './dispatch-queue.js';
import { MessageTransitions } from './message-transitions.js';
import type { AccountId } from '@/common/account-id.js';

export const MAX_BATCH = 1000;

/** A single send waiting for the group commit; `checkSuppression` is false for keyword replies only. */
interface PendingSend {
  message: MessageEntity;
  checkSuppression: boolean;
  /** The request's trace: the group's INSERT runs in whichever request started it. */
  trace: TraceCarrier;
}

export type BatchItemResult = { status: 202; message: MessageResource } | { status: number; error: ProblemDetails };

/** Taking messages in: single sends, batches and keyword replies, each committed before it is enqueued. */
@Injectable()
export class MessageIngestService {
  private readonly logger = new Logger(MessageIngestService.name);

  /**
   * Single sends under load share one INSERT (with its suppression check) and one bulk enqueue
   * (group commit); each request still answers only after its own row is committed, and learns
   * whether its message was written or refused because its recipient opted out.
   */
  private readonly committer = new GroupCommitter<PendingSend, boolean>((sends) => this.insertAndEnqueue(sends), {
    maxBatch: 500,
    maxInFlight: 4,
  });

  constructor(
    private readonly repo: MessagesRepository,
    private readonly routing: RoutingService,
    private readonly devices: DevicesService,
    private readonly suppression: SuppressionService,
    private readonly destinations: DestinationPolicy,
    private readonly transitions: MessageTransitions,
    private readonly dispatchQueue: DispatchQueue,
    private readonly templates: TemplatesService,
  ) {}

  /**
   * Validates, commits the row and its first event (with the idempotency key, if any), then
   * enqueues (DESIGN.md §2: a 202 means committed). A replay returns the original message. A
   * suppressed recipient is RECIPIENT_OPTED_OUT and nothing is written, replays included.
   */
  async send(
    account: AccountRef,
    dto: SendMessageDto,
    idempotencyKey?: string,
  ): Promise<{ message: MessageResource; replayed: boolean }> {
    const render = dto.templateId === undefined ? undefined : await this.templates.renderer(account, [dto.templateId]);
    const message = prepareMessage(account.accountId, dto, new Date(), render, { sentBy: senderOf(account) });
    if (message.requestedDeviceId) await this.devices.get(account, message.requestedDeviceId);
    return this.accept(message, dto, idempotencyKey);
  }

  /**
   * The send path after validation. `keywordReply` is for the answer to an inbound STOP / START /
   * HELP only (InboundSmsService): it goes to the number that just opted out, so it skips the
   * opt-out check. Internal: no API route or DTO field reaches it.
   */
  async accept(
    message: MessageEntity,
    dto: SendMessageDto,
    idempotencyKey: string | undefined,
    options: { keywordReply?: boolean } = {},
  ): Promise<{ message: MessageResource; replayed: boolean }> {
    await this.assertRoutable(message);
    const checkSuppression = !options.keywordReply;
    if (!idempotencyKey) {
      // The suppression check is part of the group's INSERT: no statement of its own per send.
      if (!(await this.committer.submit({ message, checkSuppression, trace: traceCarrier() }))) {
        throw new RecipientOptedOut();
      }
      return { message: toMessageResource(message), replayed: false };
    }
    if (checkSuppression && (await this.suppression.isSuppressed(message.accountId, message.to))) {
      throw new RecipientOptedOut();
    }
    const hash = requestHash(dto);
    const outcome = await this.repo.insert(message.accountId, [message], { key: idempotencyKey, hash });
    if (!outcome.inserted) {
      // Another body, or a batch's key (which names no single message).
      if (outcome.requestHash !== hash || !outcome.messageId) throw new IdempotencyKeyReused();
      const original = await this.repo.find(message.accountId, outcome.messageId);
      if (!original) throw new MessageNotFound();
      return { message: toMessageResource(original), replayed: true };
    }
    await this.dispatchQueue.enqueue([message]);
    this.created([message]);
    this.logger.debug({ messageId: message.id, to: maskPhone(message.to) }, 'message accepted');
    return { message: toMessageResource(message), replayed: false };
  }

  /**
   * Up to 1,000 messages: each item is validated on its own (one bad item does not fail the
   * others), the accepted ones are written with one multi-row statement and enqueued in bulk. One
   * query finds the suppressed recipients of the whole batch; each of those items is
   * RECIPIENT_OPTED_OUT on its own.
   */
  async sendBatch(
    account: AccountRef,
    items: unknown[],
    idempotencyKey?: string,
  ): Promise<{ results: BatchItemResult[]; replayed: boolean }> {
    // Under a key, a batch seen before answers its first results again, without checking its items
    // a second time (a device deleted since, a sendAt now past would change them).
    const hash = idempotencyKey === undefined ? undefined : requestHash({ messages: items });
    if (idempotencyKey !== undefined) {
      const seen = await this.repo.findKey(account.accountId, idempotencyKey);
      if (seen) return { results: await this.replay(account, seen, hash!), replayed: true };
    }
    const now = new Date();
    const results: (BatchItemResult | MessageEntity)[] = [];
    const ownDevices = new Set((await this.devices.list(account)).map((d) => d.id));
    // The batch's templates in one read; an item naming another account's is NOT_FOUND on its own.
    const templateIds = items.flatMap((item) => {
      const id = (item as { templateId?: unknown } | null)?.templateId;
      return typeof id === 'string' ? [id] : [];
    });
    const render = templateIds.length > 0 ? await this.templates.renderer(account, templateIds) : undefined;
    for (const item of items) {
      try {
        const dto = await validatePayload(SendMessageDto, item);
        const message = prepareMessage(account.accountId, dto, now, render, { sentBy: senderOf(account) });
        if (message.requestedDeviceId && !ownDevices.has(message.requestedDeviceId)) {
          throw new AppError('NOT_FOUND', 'Device not found');
        }
        await this.assertRoutable(message);
        results.push(message);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ status: error.status, error: error.toProblem() });
      }
    }
    const isMessage = (r: BatchItemResult | MessageEntity): r is MessageEntity =>
      !('status' in r && typeof r.status === 'number');
    const optedOut = await this.suppression.suppressed(account.accountId, [
      ...new Set(results.filter(isMessage).map((m) => m.to)),
    ]);
    if (optedOut.size > 0) {
      const refusal = new RecipientOptedOut().toProblem();
      for (const [i, r] of results.entries()) {
        if (isMessage(r) && optedOut.has(r.to)) results[i] = { status: refusal.status, error: refusal };
      }
    }
    const accepted = results.filter(isMessage);
    if (idempotencyKey !== undefined) {
      const stored: StoredBatchResult[] = results.map((r) =>
        isMessage(r) ? { status: 202, messageId: r.id } : (r as Exclude<BatchItemResult, { status: 202 }>),
      );
      const outcome = await this.repo.insertBatch(account.accountId, accepted, {
        key: idempotencyKey,
        hash: hash!,
        results: stored,
      });
      // Another request with the key committed first: its results are the answer, not these.
      if (!outcome.inserted) return { results: await this.replay(account, outcome, hash!), replayed: true };
    } else {
      await this.repo.insert(account.accountId, accepted);
    }
    await this.dispatchQueue.enqueue(accepted);
    this.created(accepted);
    return {
      results: results.map((r) => (isMessage(r) ? { status: 202 as const, message: toMessageResource(r) } : r)),
      replayed: false,
    };
  }

  /**
   * The first answer to a batch's key again: each accepted item as its message is now (as a single
   * send's replay answers), each refused one with its problem. IDEMPOTENCY_KEY_REUSED when the key
   * came with another body, or with a single send.
   */
  private async replay(
    account: AccountRef,
    seen: { requestHash: string; results: StoredBatchResult[] | null },
    hash: string,
  ): Promise<BatchItemResult[]> {
    if (seen.requestHash !== hash || !seen.results) throw new IdempotencyKeyReused();
    const ids = seen.results.flatMap((r) => ('messageId' in r ? [r.messageId] : []));
    const found = await this.repo.findMany(ids.map((id) => ({ accountId: account.accountId, id })));
    const byId = new Map(found.flatMap((m) => (m ? [[m.id, m] as const] : [])));
    return seen.results.map((r) => {
      if (!('messageId' in r)) return r;
      const message = byId.get(r.messageId);
      // Deleted since (retention): the key went with it, but a read may still race the delete.
      if (!message) throw new MessageNotFound();
      return { status: 202 as const, message: toMessageResource(message) };
    });
  }

  /**
   * One statement per account (queries stay tenant-scoped), which also leaves out the messages to
   * suppressed recipients, then one bulk enqueue of those written. Answers, per send in order,
   * whether its message was written.
   */
  private async insertAndEnqueue(sends: PendingSend[]): Promise<(boolean | ItemFailed)[]> {
    const byAccount = new Map<AccountId, PendingSend[]>();
    for (const s of sends) {
      const group = byAccount.get(s.message.accountId);
      if (group) group.push(s);
      else byAccount.set(s.message.accountId, [s]);
    }
    const outcome = new Map<PendingSend, boolean | ItemFailed>();
    await Promise.all(
      [...byAccount].map(async ([accountId, group]) => {
        for (const [s, written] of await this.insertIsolated(accountId, group)) outcome.set(s, written);
      }),
    );
    const kept = sends.filter((s) => outcome.get(s) === true);
    const messages = kept.map((s) => s.message);
    try {
      await this.dispatchQueue.enqueue(
        messages,
        kept.map((s) => s.trace),
      );
    } catch (error) {
      // The rows are committed, so the callers are answered 202 (a 5xx would make them send again):
      // the recovery sweep enqueues messages whose job is missing (DESIGN.md §2).
      this.logger.error(
        { err: error, messages: messages.length },
        'enqueue failed; the recovery sweep will enqueue them',
      );
    }
    this.created(messages);
    return sends.map((s) => outcome.get(s)!);
  }

  /**
   * One multi-row statement for an account's sends (all or nothing). If PostgreSQL refuses it, each
   * send is written alone, so only the one at fault fails, with its own error, and every other is
   * written exactly once.
   */
  private async insertIsolated(
    accountId: AccountId,
    group: PendingSend[],
  ): Promise<Map<PendingSend, boolean | ItemFailed>> {
    const write = async (sends: PendingSend[]) =>
      this.repo.insertUnlessSuppressed(
        accountId,
        sends.map((s) => s.message),
        sends.map((s) => s.checkSuppression),
      );
    const results = new Map<PendingSend, boolean | ItemFailed>();
    try {
      const outcomes = await write(group);
      for (const [i, s] of group.entries()) results.set(s, outcomes[i]);
    } catch (error) {
      if (group.length === 1) {
        results.set(group[0], new ItemFailed(error));
        return results;
      }
      for (const s of group) {
        try {
          results.set(s, (await write([s]))[0]);
        } catch (own) {
          results.set(s, new ItemFailed(own));
        }
      }
    }
    return results;
  }

  /**
   * 422 NO_ROUTE when the account's routing rules leave the message nowhere to go (no rule applies
   * and there is no default route), before anything is written. The rules are cached, so this costs
   * no query per send. Open breakers are not a reason to refuse: they recover, and dispatch waits.
   * Before that, DESTINATION_BLOCKED: premium-rate, a denied range, a country the account does not allow.
   */
  private async assertRoutable(message: MessageEntity): Promise<void> {
    await this.destinations.check(message.accountId, message.to);
    if (message.requestedDeviceId) return;
    const plan = await this.routing.plan(
      message.accountId,
      { to: message.to, priority: message.priority },
      { dispatch: false },
    );
    if ('noRoute' in plan && plan.reason === 'no-match') {
      throw new AppError('NO_ROUTE', 'No routing rule applies to this recipient and the account has no default route');
    }
  }

  private created(messages: MessageEntity[]): void {
    for (const m of messages) this.transitions.changed(m.accountId, m.id, m.status, m.createdAt);
  }
}
