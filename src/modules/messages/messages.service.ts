import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgentErrorCodes } from '@sms-gateway/android-agent/protocol';
import { AppConfig, listSetting } from '@/config/app-config.js';
import { AppError, type ProblemDetails } from '@/common/errors.js';
import { GroupCommitter, ItemFailed } from '@/common/group-commit.js';
import { PhoneWaitlist } from './phone-waitlist.js';
import { newId } from '@/common/ids.js';
import { maskPhone } from '@/common/mask.js';
import { validatePayload } from '@/common/validate-payload.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { AccountSettingsCache } from '@/modules/auth/account-settings-cache.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import {
  ChannelEvents,
  type InboundSms,
  type OutboxSnapshot,
  type Reconciliation,
  type ReportResult,
  type StatusReport,
} from '@/modules/channels/channel-events.js';
import { CarrierConnections } from '@/modules/carriers/carrier-connections.js';
import { AgentConnections } from '@/modules/devices/agent-connections.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { FleetState } from '@/modules/devices/fleet-state.js';
import type { RoutePlan } from '@/modules/routing/route-decision.js';
import { RoutingService } from '@/modules/routing/routing.service.js';
import { RecipientOptedOut } from '@/modules/suppression/suppression.errors.js';
import { SuppressionService } from '@/modules/suppression/suppression.service.js';
import { activeTraceparent, traceCarrier, type TraceCarrier } from '@/common/trace.js';
import { backoffDelay } from '@/common/backoff.js';
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
import { MessagesRepository, type ReportOutcome, type ReportWrite } from './messages.repository.js';
import type { DispatchJob, DispatchJobData } from './queues.js';
import { DeferDispatch, DispatchQueue } from './dispatch-queue.js';
import { MessageTransitions } from './message-transitions.js';

export const MAX_BATCH = 1000;

/** Errors a phone reports that no retry can fix. */
const PERMANENT_DEVICE_CODES = new Set<string>([
  AgentErrorCodes.INVALID_DESTINATION,
  AgentErrorCodes.INVALID_PAYLOAD,
  AgentErrorCodes.NO_SUCH_SIM,
]);

export type DispatchOutcome = 'sending' | 'skipped' | 'expired' | 'failed';

export class RetryableDispatchError extends Error {
  constructor(readonly code: string) {
    super(`dispatch will be retried: ${code}`);
    this.name = 'RetryableDispatchError';
  }
}

/** How often a message whose route's breakers are all open looks again (at most BREAKER_RESET_MS). */
const BREAKER_RECHECK_MS = 5_000;

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
  /** DLR_RETRY_ERRORS: carriers' receipt error codes that put a message back in the queue. */
  private readonly dlrRetryErrors: ReadonlySet<string>;

  /**
   * Single sends under load share one INSERT (with its suppression check) and one bulk enqueue
   * (group commit); each request still answers only after its own row is committed, and learns
   * whether its message was written or refused because its recipient opted out.
   */
  private readonly committer = new GroupCommitter<PendingSend, boolean>((sends) => this.insertAndEnqueue(sends), {
    maxBatch: 500,
    maxInFlight: 4,
  });

  /**
   * The dispatcher's reads and hand-over writes under load: the jobs running at once share one
   * SELECT and one UPDATE (with its events) instead of a statement each (issue 18's profile: the
   * per-statement round trip, not the database, bounds the send path).
   */
  private readonly dispatchReads = new GroupCommitter<{ accountId: string; id: string }, MessageEntity | null>(
    (keys) => this.repo.findMany(keys),
    { maxBatch: 500, maxInFlight: 2 },
  );
  private readonly dispatchAssigns = new GroupCommitter<
    Parameters<MessagesRepository['assignMany']>[0][number],
    number | undefined
  >((items) => this.repo.assignMany(items), { maxBatch: 500, maxInFlight: 2 });

  /**
   * Status reports under load: the reports arriving together share one UPDATE of their messages
   * and one INSERT of their events (and their fleet releases one Redis script call), where each was
   * its own commit. Keyed by message, so a message's reports (sent, then delivered) are applied one
   * after the other in the order they came, exactly as one at a time.
   */
  private readonly reportWrites = new GroupCommitter<ReportWrite, ReportOutcome>((items) => this.writeReports(items), {
    maxBatch: 500,
    maxInFlight: 2,
    key: (report) => report.id,
  });
  private readonly reportReleases = new GroupCommitter<{ deviceId: string; messageId: string }>(
    (items) => this.fleet.releaseMany(items),
    { maxBatch: 500, maxInFlight: 2 },
  );

  constructor(
    private readonly repo: MessagesRepository,
    private readonly config: AppConfig,
    private readonly channel: ChannelEvents,
    private readonly routing: RoutingService,
    private readonly connections: AgentConnections,
    private readonly devices: DevicesService,
    private readonly fleet: FleetState,
    private readonly carriers: CarrierConnections,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly feed: MessageFeed,
    private readonly suppression: SuppressionService,
    private readonly waitlist: PhoneWaitlist,
    private readonly destinations: DestinationPolicy,
    private readonly accountSettings: AccountSettingsCache,
    private readonly transitions: MessageTransitions,
    private readonly dispatchQueue: DispatchQueue,
  ) {
    this.dlrRetryErrors = new Set(listSetting(config.DLR_RETRY_ERRORS));
  }

  onModuleInit(): void {
    this.channel.handleStatus((report) => this.applyStatus(report));
    this.channel.handleInbound((sms) => this.receive(sms));
    this.channel.handleReconcile((snapshot) => this.reconcile(snapshot));
    this.channel.handlePresenceRestored((device) => this.redispatchHeld(device.accountId, device.deviceId));
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

  private async assign(
    accountId: string,
    id: string,
    deviceId: string,
    simSlot: number | null,
    routeId: string | null = null,
  ) {
    const at = new Date();
    const attempts = await this.dispatchAssigns.submit({ accountId, id, deviceId, at, simSlot, routeId });
    if (attempts !== undefined) this.transitions.changed(accountId, id, 'sending', at, { deviceId });
    return attempts;
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

  /**
   * One dispatch attempt: route, assign (`sending`), hand to the phone. A transient failure puts
   * the message back in `queued` and throws RetryableDispatchError, so Bull retries it with backoff;
   * on the last attempt the message becomes `failed` with a dead-letter record.
   */
  async dispatch(
    data: DispatchJobData[DispatchJob.Send],
    /** The Bull job running this attempt: its id, the tries it has made and may make. */
    attempt: { jobId: string; made: number; max: number },
  ): Promise<DispatchOutcome> {
    const { accountId, messageId } = data;
    let message = await this.dispatchReads.submit({ accountId, id: messageId });
    if (!message) return 'skipped';
    if (message.status === 'scheduled') {
      await this.transitions.transition(accountId, messageId, { next: 'queued', at: new Date(), source: 'scheduler' });
      message = await this.repo.find(accountId, messageId);
      if (!message) return 'skipped';
    }
    if (message.status !== 'queued' && message.status !== 'sending') return 'skipped';
    if (message.expiresAt.getTime() <= Date.now()) {
      await this.transitions.transition(accountId, messageId, {
        next: 'expired',
        at: new Date(),
        source: 'dispatcher',
        errorCode: 'EXPIRED',
      });
      return 'expired';
    }
    // The destination became blocked while the message waited (a scheduled send, and the account's
    // allowed countries or the gateway's deny-lists changed since): it fails before anything is
    // booked. A message already `sending` stays where it is, as for an opt-out.
    if (message.status === 'queued') {
      const refusal = await this.destinations.refusal(accountId, message.to);
      if (refusal) {
        await this.transitions.transition(accountId, messageId, {
          next: 'failed',
          at: new Date(),
          source: 'dispatcher',
          errorCode: 'DESTINATION_BLOCKED',
          errorMessage: 'The destination was blocked after the message was accepted',
        });
        return 'failed';
      }
    }
    // The recipient opted out after the message was accepted (a STOP while it waited): it fails
    // here, before any phone is booked. A message already `sending` is on a phone and stays there;
    // a keyword reply, created after its recipient's suppression, goes out.
    if (
      message.status === 'queued' &&
      (await this.suppression.suppressedAfter(accountId, message.to, message.createdAt))
    ) {
      await this.transitions.transition(accountId, messageId, {
        next: 'failed',
        at: new Date(),
        source: 'dispatcher',
        errorCode: 'RECIPIENT_OPTED_OUT',
        errorMessage: 'The recipient opted out after the message was accepted',
      });
      return 'failed';
    }
    const lastAttempt = attempt.made + 1 >= attempt.max;
    /**
     * `requeue`: the phone certainly does not have the message (no phone, or it refused), so the
     * next attempt may go to any phone. Otherwise (no ack in time, phone gone) the phone may have
     * it: the message stays `sending` on that phone, and only that phone gets it again, which its
     * outbox de-duplicates. Never two phones for one message id.
     */
    const retryOrFail = async (code: string, detail: string, requeue: boolean): Promise<DispatchOutcome> => {
      if (!lastAttempt) {
        if (requeue) {
          await this.transitions.requeue(accountId, messageId, ['sending'], {
            at: new Date(),
            source: 'dispatcher',
            errorCode: code,
            errorMessage: detail,
          });
        }
        throw new RetryableDispatchError(code);
      }
      await this.transitions.failAndDeadLetter(accountId, messageId, {
        at: new Date(),
        source: 'dispatcher',
        errorCode: code,
        errorMessage: detail,
      });
      return 'failed';
    };

    // A message already `sending` (a worker died mid-dispatch, or the phone did not ack) sticks to
    // its phone, whose budget it already holds: only that phone gets it again, which its outbox
    // de-duplicates.
    const sticky = message.status === 'sending' && message.deviceId ? message.deviceId : undefined;
    if (sticky) {
      const route = await this.routing.stickTo(accountId, sticky, message.simSlot);
      // The phone holding the message is gone: it keeps the message under its lease.
      if (route.kind === 'none') return 'sending';
      return this.toPhone(message, { deviceId: sticky, simSlot: message.simSlot }, { lastAttempt, retryOrFail });
    }

    // The routing rules say which targets to try, in order; a caller that named a phone skips them.
    const plan: RoutePlan = message.requestedDeviceId
      ? {
          routeId: null,
          targets: [
            { kind: 'device', deviceId: message.requestedDeviceId, key: `device:${message.requestedDeviceId}` },
          ],
        }
      : await this.routing.plan(accountId, { to: message.to, priority: message.priority });
    if ('noRoute' in plan) {
      if (plan.reason === 'no-match') {
        await this.transitions.transition(accountId, messageId, {
          next: 'failed',
          at: new Date(),
          source: 'dispatcher',
          errorCode: 'NO_ROUTE',
          errorMessage: 'No routing rule applies to the message and the account has no default route',
        });
        return 'failed';
      }
      // Every target's breaker is open: nothing was tried, so no attempt is spent. The message
      // waits for a breaker to let a trial through (its TTL still ends the wait), instead of a
      // backlog failing while a carrier or the phones recover.
      throw DeferDispatch.withJitter(
        Math.min(this.config.BREAKER_RESET_MS, BREAKER_RECHECK_MS),
        'every target of its route is failing',
      );
    }

    let waitMs: number | undefined;
    let lastCode: string = 'NO_DEVICE_ONLINE';
    let lastDetail = 'No phone of the account was online';
    let carrierFailed = false;
    for (const target of plan.targets) {
      if (target.kind === 'carrier') {
        const result = await this.toCarrier(message, target.carrierId, target.key, plan.routeId);
        if (result.done) return result.outcome;
        carrierFailed = true;
        lastCode = result.code;
        lastDetail = 'The carrier did not take the message';
        continue;
      }
      const route = await this.routing.route({
        accountId,
        deviceId: message.requestedDeviceId,
        simSlot: message.requestedSimSlot,
        only: target.kind === 'devices' ? undefined : target.kind === 'pool' ? target.deviceIds : [target.deviceId],
        // After a failed attempt, try another phone first (the same one if it is the only one).
        avoid: message.attempts > 0 && message.deviceId ? [message.deviceId] : [],
      });
      if (route.kind === 'none') continue;
      const reservation = await this.fleet.reserve({
        accountId,
        messageId,
        attempt: message.attempts + 1,
        parts: message.segments,
        candidates: route.candidates,
        sticky: (await this.accountSettings.get(accountId)).stickyRecipients ? { to: message.to } : undefined,
      });
      if (reservation.kind === 'wait') {
        waitMs = Math.min(waitMs ?? Infinity, reservation.ms);
        continue;
      }
      return this.toPhone(
        message,
        {
          deviceId: reservation.deviceId,
          simSlot: reservation.simSlot,
          booking: { member: reservation.member, simSlot: reservation.simSlot },
          routeId: plan.routeId,
          breakerKey: target.key,
        },
        { lastAttempt, retryOrFail },
      );
    }
    if (waitMs !== undefined) {
      // Every phone that could take it is at its budget.
      throw DeferDispatch.withJitter(waitMs);
    }
    if (!carrierFailed) {
      // No phone that could take it is online: not a failed attempt. It waits, spending none, until
      // a phone comes online (the waitlist hands it out then) or its TTL ends; a phone that reboots
      // or changes network loses nothing sent meanwhile. The recheck is the fallback.
      await this.waitlist.add(accountId, message, attempt.jobId);
      const untilExpiry = message.expiresAt.getTime() - Date.now() + 50;
      throw DeferDispatch.withJitter(
        Math.max(0, Math.min(this.config.DISPATCH_NO_PHONE_RECHECK_MS, untilExpiry)),
        'no phone that could take it is online',
      );
    }
    return retryOrFail(lastCode, lastDetail, false);
  }

  /**
   * Hands the message to a carrier. `done` with the outcome when it took it or refused it for good;
   * otherwise the message is back in `queued` (an event with the carrier's code) for the next target.
   */
  private async toCarrier(
    message: MessageEntity,
    carrierId: string,
    breakerKey: string,
    routeId: string | null,
  ): Promise<{ done: true; outcome: DispatchOutcome } | { done: false; code: string }> {
    const { accountId, id: messageId } = message;
    const at = new Date();
    const attempts = await this.repo.assignCarrier(accountId, messageId, carrierId, at, routeId);
    if (attempts === undefined) return { done: true, outcome: 'skipped' };
    this.transitions.changed(accountId, messageId, 'sending', at);
    const outcome = await this.carriers.deliver(carrierId, {
      messageId,
      to: message.to,
      from: message.from,
      body: message.body,
      accountId,
    });
    // A refusal for good is about the message (a bad number), not the carrier's health.
    await this.routing.record(breakerKey, outcome.accepted || outcome.permanent);
    if (outcome.accepted) {
      // The carrier took it (submit_sm_resp, or the HTTP API's answer): that is `sent` (DESIGN.md §2).
      await this.transitions.transition(accountId, messageId, {
        next: 'sent',
        at: new Date(),
        source: 'carrier',
        carrierId,
      });
      return { done: true, outcome: 'sending' };
    }
    if (outcome.permanent) {
      await this.transitions.transition(accountId, messageId, {
        next: 'failed',
        at: new Date(),
        source: 'carrier',
        carrierId,
        errorCode: outcome.code,
        errorMessage: 'The carrier refused the message',
      });
      return { done: true, outcome: 'failed' };
    }
    await this.transitions.requeue(accountId, messageId, ['sending'], {
      at: new Date(),
      source: 'dispatcher',
      errorCode: outcome.code,
      errorMessage: 'The carrier did not take the message',
    });
    return { done: false, code: outcome.code };
  }

  /** Hands the message to one phone (booked, or the one already holding it) and handles its answer. */
  private async toPhone(
    message: MessageEntity,
    to: {
      deviceId: string;
      simSlot: number | null;
      booking?: { member: string; simSlot: number | null };
      routeId?: string | null;
      breakerKey?: string;
    },
    attempt: {
      lastAttempt: boolean;
      retryOrFail: (code: string, detail: string, requeue: boolean) => Promise<DispatchOutcome>;
    },
  ): Promise<DispatchOutcome> {
    const { accountId, id: messageId } = message;
    const { deviceId, simSlot, booking } = to;
    const attempts = await this.assign(accountId, messageId, deviceId, simSlot, to.routeId ?? null);
    if (attempts === undefined) {
      if (booking) await this.fleet.release(deviceId, messageId, booking);
      return 'skipped';
    }
    const ack = await this.connections.deliver(
      deviceId,
      {
        id: message.id,
        to: message.to,
        body: message.body,
        ...(simSlot !== null ? { simSlot } : {}),
        expiresAt: message.expiresAt.toISOString(),
        attempt: attempts,
      },
      this.config.DISPATCH_ACK_TIMEOUT_MS,
    );
    if (to.breakerKey && (ack.accepted || (ack.code !== 'DEVICE_OFFLINE' && ack.code !== 'ACK_TIMEOUT'))) {
      // The phone's health for the route's breaker: a refusal about the message itself does not count.
      // Nor does a phone with no socket here: that is presence, which the fleet state tracks (after a
      // gateway restart every phone is briefly gone, and an open breaker would fail the backlog).
      // Nor does an answer that came late: that is a busy phone, whose window and lease pace it; as a
      // failure it opened the account's only target for 30 s at a time, again and again, under load
      // (a phone that stops answering at all stops its heartbeats too, and goes offline).
      const healthy = ack.accepted || PERMANENT_DEVICE_CODES.has(ack.code) || ack.code === AgentErrorCodes.EXPIRED;
      if (!healthy) this.logger.warn({ messageId, deviceId, code: ack.code }, 'the phone did not take the message');
      await this.routing.record(to.breakerKey, healthy);
    }
    if (ack.accepted) return 'sending';
    if (ack.code === 'DEVICE_OFFLINE' && attempt.lastAttempt) {
      // No socket of the phone answered, again: it may hold the message from an earlier attempt,
      // so it keeps it under its lease. Its next hello sends or re-queues it; if it stays silent,
      // the lease sweep gives it to another phone. (Earlier attempts retry the same phone: it may
      // be between its reconnect and joining its room.)
      this.logger.debug({ messageId, deviceId }, 'phone gone at hand-over; the message waits under its lease');
      return 'sending';
    }
    // The phone answered no: it does not hold the message, and its booking is returned.
    if (ack.code !== 'ACK_TIMEOUT' && ack.code !== 'DEVICE_OFFLINE')
      await this.fleet.release(deviceId, messageId, booking);
    if (ack.code === AgentErrorCodes.EXPIRED) {
      await this.transitions.transition(accountId, messageId, {
        next: 'expired',
        at: new Date(),
        source: 'device',
        errorCode: 'EXPIRED',
      });
      return 'expired';
    }
    if (PERMANENT_DEVICE_CODES.has(ack.code)) {
      await this.transitions.transition(accountId, messageId, {
        next: 'failed',
        at: new Date(),
        source: 'device',
        deviceId,
        errorCode: ack.code,
        errorMessage: 'The phone refused the message',
      });
      return 'failed';
    }
    // No answer in time, or no socket: the phone may hold the message, so it keeps it and gets it again.
    const uncertain = ack.code === 'ACK_TIMEOUT' || ack.code === 'DEVICE_OFFLINE';
    return attempt.retryOrFail(ack.code, 'The phone did not take the message', !uncertain);
  }

  /** A phone's (or later a carrier's) status report: applied once, forward only, acked either way. */
  async applyStatus(report: StatusReport): Promise<ReportResult> {
    // The protocol has no `expired` report: a phone that held a message past its TTL says
    // `failed` with EXPIRED, which is the contract's `expired` status.
    const expired = report.status === 'failed' && report.errorCode === AgentErrorCodes.EXPIRED;
    if (
      report.status === 'failed' &&
      !expired &&
      !PERMANENT_DEVICE_CODES.has(report.errorCode ?? '') &&
      report.deviceId
    ) {
      const retried = await this.retryAfterDeviceFailure(report, report.deviceId);
      if (retried) {
        await this.fleet.release(report.deviceId, report.messageId);
        return { ok: true };
      }
    }
    if (
      report.carrierId &&
      (report.status === 'undelivered' || report.status === 'failed') &&
      this.dlrRetryErrors.has(report.errorCode ?? '') &&
      (await this.retryAfterReceipt(report, report.carrierId))
    ) {
      return { ok: true };
    }
    // Confirmed or finished: the message no longer counts against the phone's window.
    const released = report.deviceId
      ? this.reportReleases.submit({ deviceId: report.deviceId, messageId: report.messageId })
      : undefined;
    const next = expired ? 'expired' : report.status;
    const written = this.reportWrites.submit({
      accountId: report.accountId,
      id: report.messageId,
      next,
      at: report.at,
      source: report.carrierId ? 'carrier' : 'device',
      deviceId: report.deviceId ?? null,
      // A receipt counts only while the message is still that carrier's: one that comes after the
      // message was handed elsewhere (a timeout, then another phone or carrier) changes nothing.
      carrierId: report.carrierId ?? null,
      errorCode: report.errorCode ?? null,
      errorMessage: report.errorMessage ?? null,
      traceparent: activeTraceparent(),
    });
    const [release, write] = await Promise.allSettled([released, written]);
    if (write.status === 'rejected') throw write.reason;
    const outcome = write.value;
    if (outcome === 'changed') {
      this.transitions.changed(report.accountId, report.messageId, next, report.at, {
        deviceId: report.deviceId,
        errorCode: report.errorCode,
      });
    }
    // A failed release fails the report, which the phone then sends again; a committed change stands.
    if (release.status === 'rejected') throw release.reason;
    if (outcome === 'changed') return { ok: true };
    if (outcome === 'held') {
      // A `sent` that delivery overtook: keep the sent time and its event; the status stays. Any
      // other report that moved nothing on a message this device holds is a duplicate or late
      // one: acked, so the phone stops retrying.
      if (report.status === 'sent' && report.deviceId)
        await this.repo.recordLateSent(report.accountId, report.messageId, report.deviceId, report.at);
      return { ok: true };
    }
    // Nothing moved and the device was never given the message (or the carrier no longer has it): refused.
    this.logger.warn(
      { deviceId: report.deviceId, messageId: report.messageId },
      'status report for a message the device does not hold',
    );
    return { ok: false, code: 'NOT_FOUND' };
  }

  /**
   * One statement for the group's reports. If it fails, each report is tried on its own, so a
   * fault of one report (or a deadlock with another writer) is that report's alone; a statement
   * that failed wrote nothing, so none is applied twice.
   */
  private async writeReports(items: ReportWrite[]): Promise<(ReportOutcome | ItemFailed)[]> {
    try {
      return await this.repo.applyReports(items);
    } catch (error) {
      if (items.length === 1) throw error;
      this.logger.warn({ err: error, reports: items.length }, 'a group of status reports failed; applying each alone');
      return Promise.all(
        items.map((item) =>
          this.repo.applyReports([item]).then(
            ([outcome]) => outcome,
            (itemError: unknown) => new ItemFailed(itemError),
          ),
        ),
      );
    }
  }

  /**
   * A transient SIM failure (no service, generic failure): another attempt after a backoff while
   * attempts remain, else `failed` with a dead letter. Returns false when the report is not for a
   * message in `sending` on this device (then the normal rules apply to it).
   */
  private async retryAfterDeviceFailure(report: StatusReport, deviceId: string): Promise<boolean> {
    const message = await this.repo.find(report.accountId, report.messageId);
    if (!message || message.status !== 'sending' || message.deviceId !== deviceId) return false;
    const code = report.errorCode ?? AgentErrorCodes.GENERIC_FAILURE;
    if (message.attempts >= this.config.DISPATCH_MAX_ATTEMPTS) {
      return this.transitions.failAndDeadLetter(report.accountId, report.messageId, {
        at: report.at,
        source: 'device',
        errorCode: code,
        errorMessage: report.errorMessage ?? `The SIM failed ${message.attempts} times`,
        requireDeviceId: deviceId,
      });
    }
    const requeued = await this.transitions.requeue(report.accountId, report.messageId, ['sending'], {
      at: report.at,
      source: 'device',
      errorCode: code,
      errorMessage: report.errorMessage,
      requireDeviceId: deviceId,
    });
    if (!requeued) return false;
    const delay = backoffDelay(requeued.attempts, this.config.DISPATCH_BACKOFF_MS, this.config.DISPATCH_BACKOFF_MAX_MS);
    await this.dispatchQueue.enqueueRetry(
      report.accountId,
      report.messageId,
      requeued.attempts,
      requeued.priority,
      delay,
    );
    return true;
  }

  /**
   * A carrier's receipt with a transient error (DLR_RETRY_ERRORS, such as an absent subscriber):
   * the message goes back to the queue for another attempt while its TTL and attempts last, as the
   * SMS Deliverer Standard asks ("for transient failures, requeue if within TTL"). False when it
   * cannot (not this carrier's any more, out of attempts or time): then the receipt ends it.
   */
  private async retryAfterReceipt(report: StatusReport, carrierId: string): Promise<boolean> {
    const message = await this.repo.find(report.accountId, report.messageId);
    if (!message || !['sending', 'sent'].includes(message.status) || message.carrierId !== carrierId) return false;
    if (message.attempts >= this.config.DISPATCH_MAX_ATTEMPTS) return false;
    if (message.expiresAt && message.expiresAt.getTime() <= Date.now()) return false;
    const requeued = await this.transitions.requeue(report.accountId, report.messageId, ['sending', 'sent'], {
      at: report.at,
      source: 'carrier',
      errorCode: report.errorCode ?? 'DLR_TRANSIENT',
      errorMessage: 'A delivery report with a transient error: the message is tried again',
    });
    if (!requeued) return false;
    const delay = backoffDelay(requeued.attempts, this.config.DISPATCH_BACKOFF_MS, this.config.DISPATCH_BACKOFF_MAX_MS);
    await this.dispatchQueue.enqueueRetry(
      report.accountId,
      report.messageId,
      requeued.attempts,
      requeued.priority,
      delay,
    );
    return true;
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

  /**
   * The lease sweep: a message handed to a phone that then went silent (no socket, no heartbeat)
   * for DEVICE_LEASE_SECONDS goes back to the queue for another phone. If the phone comes back
   * with it in its outbox, its hello is told to drop it. The `queued` event records why.
   */
  async reclaimLease(m: { id: string; accountId: string; deviceId: string }): Promise<boolean> {
    // A phone still connected and heartbeating keeps what it holds, however long its queue is.
    if (await this.fleet.isHealthy(m.deviceId)) return false;
    const requeued = await this.transitions.requeue(m.accountId, m.id, ['sending'], {
      at: new Date(),
      source: 'system',
      errorCode: 'LEASE_EXPIRED',
      errorMessage: 'The phone went silent holding the message; it goes to another phone',
      requireDeviceId: m.deviceId,
    });
    await this.fleet.release(m.deviceId, m.id);
    if (!requeued) return false;
    await this.dispatchQueue.enqueueRetry(m.accountId, m.id, requeued.attempts, requeued.priority, 0);
    return true;
  }

  /**
   * On `hello`: which messages in the phone's outbox it should still send and which to drop; and
   * the messages the server believes this phone holds but the phone does not list (lost on the
   * way, or the process died between assigning and sending) go back to the queue.
   */
  /**
   * The phone is still connected, but Redis came back empty: a hand-over it did not acknowledge in
   * time waited in Redis for its retry, now gone. Each message `sending` on it gets a dispatch job
   * again, to this phone only (its outbox de-duplicates). When the old job survived, the new one
   * usually has the same id and is not added.
   */
  async redispatchHeld(accountId: string, deviceId: string): Promise<void> {
    const held = await this.repo.sendingNotIn(accountId, deviceId, [], new Date());
    for (const m of held) await this.dispatchQueue.enqueueRetry(accountId, m.id, m.attempts, m.priority, 0);
    if (held.length > 0)
      this.logger.warn({ deviceId, count: held.length }, 'hand-overs given their jobs again after Redis came back');
  }

  async reconcile(snapshot: OutboxSnapshot): Promise<Reconciliation> {
    const ids = snapshot.outbox.map((e) => e.id);
    const states = await this.repo.statesForDevice(snapshot.accountId, snapshot.deviceId, ids);
    const cancel: string[] = [];
    const resend: string[] = [];
    for (const entry of snapshot.outbox) {
      if (entry.state !== 'accepted') continue;
      // Only a message still `sending` on this phone is its to send. Anything else (finished,
      // canceled, or re-queued after its lease ran out and perhaps already on another phone) is
      // dropped, so one message id is never sent by two phones.
      if (states.get(entry.id) === 'sending') resend.push(entry.id);
      else cancel.push(entry.id);
    }
    const missing = await this.repo.sendingNotIn(snapshot.accountId, snapshot.deviceId, ids, snapshot.assignedBefore);
    // A hand-over still on its way (from a dispatcher in another process, through Redis) may reach
    // the phone after the outbox it listed: given to another phone, it was sent twice. It goes to
    // this phone again instead; if the first one arrives too, the outbox takes it once.
    const onItsWay = missing.filter((m) => m.updated_at >= snapshot.onItsWaySince);
    for (const m of onItsWay)
      await this.dispatchQueue.enqueueRetry(snapshot.accountId, m.id, m.attempts, m.priority, 0);
    const lost = missing.filter((m) => m.updated_at < snapshot.onItsWaySince).map((m) => m.id);
    for (const id of lost) {
      const requeued = await this.transitions.requeue(snapshot.accountId, id, ['sending'], {
        at: new Date(),
        source: 'system',
        errorCode: 'NOT_ON_DEVICE',
        errorMessage: 'The phone did not have the message when it reconnected',
        requireDeviceId: snapshot.deviceId,
      });
      await this.fleet.release(snapshot.deviceId, id);
      if (requeued)
        await this.dispatchQueue.enqueueRetry(snapshot.accountId, id, requeued.attempts, requeued.priority, 0);
    }
    if (lost.length > 0)
      this.logger.log({ deviceId: snapshot.deviceId, count: lost.length }, 'requeued messages the phone lacked');
    return { cancel, resend };
  }
}
