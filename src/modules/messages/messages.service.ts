import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, type ProblemDetails } from '@/common/errors.js';
import { GroupCommitter, ItemFailed } from '@/common/group-commit.js';
import { newId } from '@/common/ids.js';
import { maskPhone } from '@/common/mask.js';
import { validatePayload } from '@/common/validate-payload.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { ChannelEvents, type InboundSms, type ReportResult } from '@/modules/channels/channel-events.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { RoutingService } from '@/modules/routing/routing.service.js';
import { RecipientOptedOut } from '@/modules/suppression/suppression.errors.js';
import { SuppressionService } from '@/modules/suppression/suppression.service.js';
import { activeTraceparent, traceCarrier, type TraceCarrier } from '@/common/trace.js';
import { DestinationBlocked, DestinationPolicy } from './destination-policy.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import type { MessageEntity } from './entities/message.entity.js';
import { requestHash } from './idempotency.js';
import { prepareMessage } from './message-factory.js';
import { toMessageResource, type MessageResource } from './message.resource.js';
import {
  MessageNotCancelable,
  MessageNotFound,
  MessageNotRedrivable,
  IdempotencyKeyReused,
} from './messages.errors.js';
import { MessageFeed } from './message-feed.js';
import { MessagesRepository } from './messages.repository.js';
import { DispatchQueue } from './dispatch-queue.js';
import { MessageTransitions } from './message-transitions.js';

export const MAX_BATCH = 1000;

/** A single send waiting for the group commit; `checkSuppression` is false for keyword replies only. */
interface PendingSend {
  message: MessageEntity;
  checkSuppression: boolean;
  /** The request's trace: the group's INSERT runs in whichever request started it. */
  trace: TraceCarrier;
}

export type BatchItemResult = { status: 202; message: MessageResource } | { status: number; error: ProblemDetails };

/** The messages module's behaviour: the REST controller, GraphQL resolver and processor are shells over it. */
@Injectable()
export class MessagesService implements OnModuleInit {
  private readonly logger = new Logger(MessagesService.name);

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
    private readonly channel: ChannelEvents,
    private readonly routing: RoutingService,
    private readonly devices: DevicesService,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly feed: MessageFeed,
    private readonly suppression: SuppressionService,
    private readonly destinations: DestinationPolicy,
    private readonly transitions: MessageTransitions,
    private readonly dispatchQueue: DispatchQueue,
  ) {}

  onModuleInit(): void {
    this.channel.handleInbound((sms) => this.receive(sms));
  }

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
    const message = prepareMessage(account.accountId, dto, new Date());
    if (message.requestedDeviceId) await this.devices.get(account, message.requestedDeviceId);
    return this.accept(message, dto, idempotencyKey);
  }

  /**
   * The send path after validation. `keywordReply` is for the answer to an inbound STOP / START /
   * HELP only (receive): it goes to the number that just opted out, so it skips the opt-out check.
   * Internal: no API route or DTO field reaches it.
   */
  private async accept(
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
      if (outcome.requestHash !== hash) throw new IdempotencyKeyReused();
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
  async sendBatch(account: AccountRef, items: unknown[]): Promise<{ results: BatchItemResult[] }> {
    const now = new Date();
    const results: (BatchItemResult | MessageEntity)[] = [];
    const ownDevices = new Set((await this.devices.list(account)).map((d) => d.id));
    for (const item of items) {
      try {
        const dto = await validatePayload(SendMessageDto, item);
        const message = prepareMessage(account.accountId, dto, now);
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
    await this.repo.insert(account.accountId, accepted);
    await this.dispatchQueue.enqueue(accepted);
    this.created(accepted);
    return {
      results: results.map((r) =>
        'error' in r ? r : { status: 202 as const, message: toMessageResource(r as MessageEntity) },
      ),
    };
  }

  /**
   * One statement per account (queries stay tenant-scoped), which also leaves out the messages to
   * suppressed recipients, then one bulk enqueue of those written. Answers, per send in order,
   * whether its message was written.
   */
  private async insertAndEnqueue(sends: PendingSend[]): Promise<(boolean | ItemFailed)[]> {
    const byAccount = new Map<string, PendingSend[]>();
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
    accountId: string,
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
          accountId: account.accountId,
          actor: { kind: account.kind, id: account.subjectId },
          action: 'message.canceled',
          target: { type: 'message', id },
          diff: { status: { to: 'canceled' } },
          context,
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
          accountId: account.accountId,
          actor: { kind: account.kind, id: account.subjectId },
          action: 'message.redriven',
          target: { type: 'message', id },
          diff: { status: { from: 'failed', to: 'queued' }, attempts: result.attempts },
          context,
        });
      }
      return result;
    });
    if (!requeued) {
      if (!(await this.repo.find(account.accountId, id))) throw new MessageNotFound();
      throw new MessageNotRedrivable();
    }
    this.transitions.changed(account.accountId, id, 'queued', new Date());
    await this.dispatchQueue.enqueueRetry(account.accountId, id, requeued.attempts, requeued.priority, 0);
    return this.get(account, id);
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

  async receive(sms: InboundSms): Promise<ReportResult> {
    const inboundId = newId();
    const stored = await this.repo.insertInbound(sms.accountId, {
      id: inboundId,
      accountId: sms.accountId,
      deviceId: sms.deviceId ?? null,
      sourceId: sms.sourceId ?? null,
      simSlot: sms.simSlot ?? null,
      from: sms.from,
      to: sms.to ?? null,
      body: sms.body,
      receivedAt: sms.receivedAt,
      createdAt: new Date(),
      traceparent: activeTraceparent(),
    });
    if (stored) {
      this.logger.log({ deviceId: sms.deviceId, from: maskPhone(sms.from) }, 'inbound SMS stored');
      this.feed.inbound({
        accountId: sms.accountId,
        id: inboundId,
        from: sms.from,
        body: sms.body,
        deviceId: sms.deviceId ?? null,
        simSlot: sms.simSlot ?? null,
        receivedAt: sms.receivedAt,
      });
    }
    // A repeat of an SMS already stored (a phone resends until acked) runs the keyword step again,
    // under the stored id: the process that stored it may have died before answering. The step is
    // idempotent: the opt-out is an upsert and the reply's idempotency key is the inbound id.
    const id =
      stored || !sms.deviceId || !sms.sourceId
        ? inboundId
        : await this.repo.inboundIdBySource(sms.accountId, sms.deviceId, sms.sourceId);
    if (!id) return { ok: true };
    if (await this.answerKeyword(sms, id)) return { ok: true };
    // Not answered: a phone resends (its id keeps one row) and the step runs again. A carrier's SMS
    // has no such id, so a resend would store it twice: it is acknowledged, and the log says so.
    return sms.sourceId ? { ok: false, code: 'INTERNAL' } : { ok: true };
  }

  /**
   * STOP / START / HELP (DESIGN.md §7): the suppression module records the opt-out or opt-in and
   * says what to answer. The answer is a message like any other (its own row and statuses), sent by
   * the phone and SIM that received the keyword, once: its idempotency key is the inbound id's.
   * Answers false when it failed (logged), true when it is done or there was nothing to do.
   */
  private async answerKeyword(sms: InboundSms, inboundId: string): Promise<boolean> {
    try {
      const reply = await this.suppression.handleInbound({
        accountId: sms.accountId,
        inboundId,
        from: sms.from,
        body: sms.body,
      });
      if (!reply) return true;
      const dto = Object.assign(new SendMessageDto(), {
        to: reply.to,
        body: reply.body,
        ...(sms.deviceId !== undefined ? { deviceId: sms.deviceId } : {}),
        ...(sms.simSlot !== undefined ? { simSlot: sms.simSlot } : {}),
      });
      const message = prepareMessage(sms.accountId, dto, new Date());
      await this.accept(message, dto, `keyword-reply:${inboundId}`, { keywordReply: true });
      this.logger.log({ deviceId: sms.deviceId, keyword: reply.keyword, messageId: message.id }, 'keyword answered');
      return true;
    } catch (error) {
      // Answered already, with a text changed since: the first answer stands.
      if (error instanceof IdempotencyKeyReused) return true;
      // The keyword counts (the opt-out is recorded), but no answer goes to a premium-rate, denied or
      // not-allowed number: an auto-reply must not be a way to make the gateway text such numbers.
      if (error instanceof DestinationBlocked) {
        this.logger.warn(
          { deviceId: sms.deviceId, inboundId },
          'keyword not answered: the sender is a blocked destination',
        );
        return true;
      }
      this.logger.error({ err: error, deviceId: sms.deviceId }, 'keyword handling failed');
      return false;
    }
  }
}
