import { backoffDelay, monotonic, type AgentLogger, type AgentStats } from './agent-common.js';
import { maskPhone } from './mask.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import { foldPartEvent, initialPartState, statusesToReport } from './part-status.js';
import {
  AgentErrorCodes,
  type MessageStatusPayload,
  type OkAck,
  type OutboxState,
  type ReportedStatus,
  type SmsReceivedPayload,
} from './protocol.js';
import type { AgentSocket } from './session.js';
import type { IncomingSms, PartEvent } from './sms-transport.js';
import type { PhoneSpan } from './trace.js';
import { isRecord } from './validate.js';

export interface ReporterOptions {
  outbox: Outbox;
  clock: () => Date;
  logger: AgentLogger;
  stats: AgentStats;
  /** First retry delay of an unacknowledged report, doubled per attempt up to `statusRetryMaxMs`. */
  statusRetryMs: number;
  statusRetryMaxMs: number;
  ackTimeoutMs: number;
  /** Ids for received SMS. */
  idFactory: () => string;
  /** The socket to report on, or undefined while the phone is offline. */
  socket: () => AgentSocket | undefined;
  /** The platform refused a message over its send limit after taking it: it goes back to the queue. */
  platformThrottled?: (id: string) => Promise<void>;
}

/**
 * Refusals that say "not now" rather than "no": the server is over this phone's event budget, or
 * failed inside. The report or SMS is kept and sent again after a backoff.
 */
const TRANSIENT_REFUSALS = new Set(['RATE_LIMITED', 'INTERNAL']);

type Timer = ReturnType<typeof setTimeout>;

/**
 * What the phone tells the server (DESIGN.md §5): folds part events into status reports, forwards
 * received SMS, and keeps both in the outbox, retrying each until the server acknowledges it.
 */
export class Reporter {
  /** The phone's span per message, from acceptance to the SIM's outcome (trace.ts). */
  private readonly spans = new Map<string, PhoneSpan>();
  /** Reports and received SMS awaiting an ack, keyed `m:<message id>` or `i:<key>`. */
  private readonly inFlight = new Map<string, number>();
  private readonly backoff = new Map<string, { attempts: number; nextAt: number }>();
  private emitSeq = 0;
  private retryTimer: Timer | undefined;
  private retryDue = 0;
  private stopped = false;

  constructor(private readonly options: ReporterOptions) {}

  /** The span of a message just accepted; one of an earlier attempt ends as superseded. */
  track(id: string, span: PhoneSpan): void {
    this.spans.get(id)?.end({ status: 'superseded' });
    this.spans.set(id, span);
  }

  /** The message did not leave the phone (radio refusal, expiry in the queue): report it failed. */
  async failed(id: string, code: string): Promise<void> {
    const at = this.options.clock().toISOString();
    await this.options.outbox.update(id, (e) => ({
      ...e,
      state: 'failed',
      errorCode: code,
      progress: { ...(e.progress ?? initialPartState()), status: 'failed', errorCode: code },
      pendingReports: [...e.pendingReports, statusReport(e, 'failed', at, code)],
    }));
    this.endSpan(id, 'failed', code);
    this.sendReport(id);
  }

  async onPartEvent(event: PartEvent): Promise<void> {
    const { outbox, logger } = this.options;
    const entry = outbox.get(event.messageId);
    if (!entry) {
      logger.debug?.('part event for a message not in the outbox', { id: event.messageId });
      return;
    }
    if (entry.state === 'accepted') {
      // Not on the radio: a late part of a transmission the platform refused and handed back.
      logger.debug?.('part event for a message back in the queue', { id: event.messageId });
      return;
    }
    const before = entry.progress ?? initialPartState();
    if (
      this.options.platformThrottled &&
      event.kind === 'sent' &&
      !event.ok &&
      event.errorCode === AgentErrorCodes.THROTTLED &&
      entry.state === 'sending' &&
      before.sent.length === 0
    ) {
      // Android's limit refuses the whole message before any part leaves: send it again later.
      await this.options.platformThrottled(event.messageId);
      return;
    }
    const after = foldPartEvent(before, event);
    if (after === before) {
      return;
    }
    const at = this.options.clock().toISOString();
    const reports = statusesToReport(before.status, after.status).map((status) =>
      statusReport(
        { ...entry, progress: after },
        status,
        at,
        status === 'failed' || status === 'undelivered' ? after.errorCode : undefined,
      ),
    );
    const state: OutboxState = after.status === 'sending' ? entry.state : after.status;
    if (after.status === 'failed') {
      this.options.stats.sendFailures += 1;
    }
    try {
      await outbox.update(event.messageId, (e) => ({
        ...e,
        progress: after,
        state,
        ...(after.errorCode !== undefined ? { errorCode: after.errorCode } : {}),
        pendingReports: [...e.pendingReports, ...reports],
      }));
    } catch (error) {
      logger.error('could not store a status change', { id: event.messageId, error: String(error) });
    }
    if (after.status !== 'sending') this.endSpan(event.messageId, after.status, after.errorCode);
    if (reports.length > 0) {
      logger.info('status changed', { id: event.messageId, status: after.status });
      this.sendReport(event.messageId);
    }
  }

  async onIncoming(sms: IncomingSms): Promise<void> {
    const key = this.options.idFactory();
    const payload: SmsReceivedPayload = {
      id: key,
      from: sms.from,
      body: sms.body,
      receivedAt: sms.receivedAt.toISOString(),
      simSlot: sms.simSlot,
    };
    const { logger } = this.options;
    logger.info('SMS received', { from: maskPhone(sms.from), bodyLength: sms.body.length, simSlot: sms.simSlot });
    try {
      await this.options.outbox.addInbound(payload, key);
    } catch (error) {
      logger.error('could not store a received SMS; forwarding it anyway', { error: String(error) });
    }
    this.sendInbound(key);
  }

  /** A new connection is a fresh chance for everything that waited: no backoff carries over. */
  online(): void {
    this.backoff.clear();
    this.flushPending();
  }

  /** Acks of the old connection will never come; what was in flight goes again after the next hello. */
  connectionLost(): void {
    this.inFlight.clear();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private endSpan(id: string, status: string, errorCode?: string): void {
    this.spans.get(id)?.end({ status, ...(errorCode !== undefined ? { errorCode } : {}) });
    this.spans.delete(id);
  }

  private flushPending(): void {
    for (const entry of this.options.outbox.withPendingReports()) {
      this.sendReport(entry.id);
    }
    for (const item of this.options.outbox.pendingInbound()) {
      this.sendInbound(item.key);
    }
  }

  /** One report per message in flight, so the server sees a message's statuses in order. */
  private sendReport(id: string): void {
    const key = `m:${id}`;
    const report = this.options.outbox.get(id)?.pendingReports[0];
    const socket = report ? this.emitter(key) : undefined;
    if (!report || !socket) {
      return;
    }
    const token = this.markInFlight(key);
    socket.timeout(this.options.ackTimeoutMs).emit('message.status', report, (error, res) => {
      if (this.ackArrived(key, token, error, res)) {
        void this.settleReport(id, report, res).catch((err: unknown) => {
          this.options.logger.error('could not store an acknowledged report', { id, error: String(err) });
        });
      }
    });
  }

  private async settleReport(id: string, report: MessageStatusPayload, res: OkAck): Promise<void> {
    if (res.ok) {
      this.options.stats.reportsAcked += 1;
    } else {
      // The server looked at it and said no: repeating it cannot change that answer.
      this.options.stats.reportsRefused += 1;
      this.options.logger.warn('the server refused a status report; dropping it', {
        id,
        status: report.status,
        code: res.code,
      });
    }
    const write = this.options.outbox.update(id, (e) => ({
      ...e,
      pendingReports: e.pendingReports.filter((r) => !(r.status === report.status && r.at === report.at)),
    }));
    this.sendReport(id);
    await write;
  }

  private sendInbound(key: string): void {
    const retryKey = `i:${key}`;
    const item = this.options.outbox.getInbound(key);
    const socket = item ? this.emitter(retryKey) : undefined;
    if (!item || !socket) {
      return;
    }
    const token = this.markInFlight(retryKey);
    socket.timeout(this.options.ackTimeoutMs).emit('sms.received', item.payload, (error, res) => {
      if (!this.ackArrived(retryKey, token, error, res)) {
        return;
      }
      if (res.ok) {
        this.options.stats.inboundAcked += 1;
      } else {
        this.options.logger.warn('the server refused a received SMS; dropping it', { code: res.code });
      }
      void this.options.outbox.removeInbound(key).catch((err: unknown) => {
        this.options.logger.error('could not store an acknowledged SMS', { error: String(err) });
      });
    });
  }

  private socket(): AgentSocket | undefined {
    return this.stopped ? undefined : this.options.socket();
  }

  /** The socket to emit `key` on now, or undefined when it must wait (offline, in flight, backing off). */
  private emitter(key: string): AgentSocket | undefined {
    const socket = this.socket();
    if (!socket || this.inFlight.has(key)) {
      return undefined;
    }
    const backoff = this.backoff.get(key);
    const wait = backoff ? backoff.nextAt - monotonic() : 0;
    if (wait > 0) {
      this.scheduleRetry(wait);
      return undefined;
    }
    return socket;
  }

  private markInFlight(key: string): number {
    const token = ++this.emitSeq;
    this.inFlight.set(key, token);
    return token;
  }

  /** True when `res` is a usable ack; otherwise arranges the retry. */
  private ackArrived(key: string, token: number, error: Error | null, res: unknown): res is OkAck {
    const current = this.inFlight.get(key) === token;
    if (current) {
      this.inFlight.delete(key);
    }
    if (this.stopped) {
      return false;
    }
    const busy = !error && isRecord(res) && res.ok === false && TRANSIENT_REFUSALS.has(String(res.code));
    if (!error && !busy && isRecord(res) && (res.ok === true || (res.ok === false && typeof res.code === 'string'))) {
      this.backoff.delete(key);
      return true;
    }
    if (error && !current) {
      // An ack lost with an old connection: the next hello already resent it.
      return false;
    }
    if (busy) {
      this.options.logger.warn('the server is busy; will retry', { key, code: (res as { code: string }).code });
    } else if (!error) {
      this.options.logger.warn('malformed ack; will retry', { key });
    }
    const attempts = (this.backoff.get(key)?.attempts ?? 0) + 1;
    const delay = backoffDelay(attempts, this.options.statusRetryMs, this.options.statusRetryMaxMs);
    this.backoff.set(key, { attempts, nextAt: monotonic() + delay });
    this.scheduleRetry(delay);
    return false;
  }

  private scheduleRetry(delay: number): void {
    const due = monotonic() + delay;
    if (this.retryTimer !== undefined && this.retryDue <= due) {
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryDue = due;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.socket()) {
        this.flushPending();
      }
    }, delay);
  }
}

function statusReport(
  entry: Readonly<OutboxEntry>,
  status: ReportedStatus,
  at: string,
  errorCode: string | undefined,
): MessageStatusPayload {
  const parts = entry.progress?.partCount || entry.parts;
  return {
    id: entry.id,
    status,
    at,
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(parts ? { parts } : {}),
    ...(entry.traceparent ? { traceparent: entry.traceparent } : {}),
    ...(entry.tracestate ? { tracestate: entry.tracestate } : {}),
  };
}
