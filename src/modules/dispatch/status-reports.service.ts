import { Injectable, Logger } from '@nestjs/common';
import { AgentErrorCodes } from '@sms-gateway/android-agent/protocol';
import { AppConfig, listSetting } from '@/config/app-config.js';
import { backoffDelay } from '@/common/backoff.js';
import { GroupCommitter, ItemFailed } from '@/common/group-commit.js';
import { activeTraceparent } from '@/common/trace.js';
import { HandlesRequest } from '@/modules/events/event-bus.js';
import type { ReportResult, StatusReport } from '@/modules/events/events.js';
import { FleetState } from '@/modules/devices/fleet-state.js';
import { DispatchQueue } from '@/modules/messages/dispatch-queue.js';
import { MessageTransitions } from '@/modules/messages/message-transitions.js';
import { MessagesRepository, type ReportOutcome, type ReportWrite } from '@/modules/messages/messages.repository.js';
import { PERMANENT_DEVICE_CODES } from './dispatch.service.js';

/** Phones' status reports and carriers' receipts (the channel's status handler): each applied once, forward only. */
@Injectable()
export class StatusReportsService {
  private readonly logger = new Logger(StatusReportsService.name);
  /** DLR_RETRY_ERRORS: carriers' receipt error codes that put a message back in the queue. */
  private readonly dlrRetryErrors: ReadonlySet<string>;

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
    private readonly fleet: FleetState,
    private readonly transitions: MessageTransitions,
    private readonly dispatchQueue: DispatchQueue,
  ) {
    this.dlrRetryErrors = new Set(listSetting(config.DLR_RETRY_ERRORS));
  }

  /** A phone's or a carrier's status report (`channel.status`): applied once, forward only, acked either way. */
  @HandlesRequest('channel.status')
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
    await this.retryAfterBackoff(report, requeued);
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
    await this.retryAfterBackoff(report, requeued);
    return true;
  }

  /** The next attempt of a message a report put back in the queue, after the backoff for its attempts. */
  private async retryAfterBackoff(
    report: StatusReport,
    requeued: { attempts: number; priority: string },
  ): Promise<void> {
    const delay = backoffDelay(requeued.attempts, this.config.DISPATCH_BACKOFF_MS, this.config.DISPATCH_BACKOFF_MAX_MS);
    await this.dispatchQueue.enqueueRetry(
      report.accountId,
      report.messageId,
      requeued.attempts,
      requeued.priority,
      delay,
    );
  }
}
