import { Injectable, Logger } from '@nestjs/common';
import { AgentErrorCodes } from '@sms-gateway/android-agent/protocol';
import { AppConfig } from '@/config/app-config.js';
import { GroupCommitter } from '@/common/group-commit.js';
import { AccountSettingsCache } from '@/modules/auth/account-settings-cache.js';
import { CarrierConnections } from '@/modules/carriers/carrier-connections.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { AgentConnections } from '@/modules/devices/agent-connections.js';
import { FleetState } from '@/modules/devices/fleet-state.js';
import { DestinationPolicy } from '@/modules/messages/destination-policy.js';
import { DeferDispatch } from '@/modules/messages/dispatch-queue.js';
import type { MessageEntity } from '@/modules/messages/entities/message.entity.js';
import { MessageTransitions } from '@/modules/messages/message-transitions.js';
import { MessagesRepository } from '@/modules/messages/messages.repository.js';
import type { DispatchJob, DispatchJobData } from '@/modules/messages/queues.js';
import type { RoutePlan } from '@/modules/routing/route-decision.js';
import { RoutingService } from '@/modules/routing/routing.service.js';
import { SuppressionService } from '@/modules/suppression/suppression.service.js';
import { PhoneWaitlist } from './phone-waitlist.js';
import type { AccountId } from '@/common/account-id.js';

/** Errors a phone reports that no retry can fix. */
export const PERMANENT_DEVICE_CODES = new Set<string>([
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

/** The dispatch use case: one attempt at handing a message to a carrier or a phone (the processor is its shell). */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  /**
   * The dispatcher's reads and hand-over writes under load: the jobs running at once share one
   * SELECT and one UPDATE (with its events) instead of a statement each (issue 18's profile: the
   * per-statement round trip, not the database, bounds the send path).
   */
  private readonly dispatchReads = new GroupCommitter<{ accountId: AccountId; id: string }, MessageEntity | null>(
    (keys) => this.repo.findMany(keys),
    { maxBatch: 500, maxInFlight: 2 },
  );
  private readonly dispatchAssigns = new GroupCommitter<
    Parameters<MessagesRepository['assignMany']>[0][number],
    number | undefined
  >((items) => this.repo.assignMany(items), { maxBatch: 500, maxInFlight: 2 });
  /** The same for hand-overs to carriers (the carrier's `sent` goes with the status reports' group writes). */
  private readonly carrierAssigns = new GroupCommitter<
    Parameters<MessagesRepository['assignCarrierMany']>[0][number],
    number | undefined
  >((items) => this.repo.assignCarrierMany(items), { maxBatch: 500, maxInFlight: 2 });

  constructor(
    private readonly repo: MessagesRepository,
    private readonly config: AppConfig,
    private readonly routing: RoutingService,
    private readonly connections: AgentConnections,
    private readonly fleet: FleetState,
    private readonly carriers: CarrierConnections,
    private readonly suppression: SuppressionService,
    private readonly waitlist: PhoneWaitlist,
    private readonly destinations: DestinationPolicy,
    private readonly accountSettings: AccountSettingsCache,
    private readonly transitions: MessageTransitions,
    private readonly events: EventBus,
  ) {}

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
    const attempts = await this.carrierAssigns.submit({ accountId, id: messageId, carrierId, at, routeId });
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
      // The carrier took it (submit_sm_resp, or the HTTP API's answer): that is `sent` (DESIGN.md §2),
      // applied as a receipt is, with the status reports that arrive together.
      await this.events.request('channel.status', { accountId, messageId, status: 'sent', at: new Date(), carrierId });
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

  private async assign(
    accountId: AccountId,
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
}
