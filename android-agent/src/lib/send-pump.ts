import { backoffDelay, monotonic, type AgentLogger, type AgentStats } from './agent-common.js';
import { maskPhone } from './mask.js';
import type { Outbox, OutboxEntry } from './outbox.js';
import { AgentErrorCodes, type MessageSendAck, type SimInfo } from './protocol.js';
import type { Reporter } from './reporter.js';
import { countSmsParts } from './segments.js';
import { transportErrorCode, type SmsTransport } from './sms-transport.js';
import type { SendThrottle, ThrottleConfig } from './throttle.js';
import { startPhoneSpan } from './trace.js';
import { parseDeviceConfig, parseMessageSend } from './validate.js';

export interface SendPumpOptions {
  outbox: Outbox;
  transport: Pick<SmsTransport, 'send'>;
  throttle: SendThrottle;
  /** Wall clock, for expiry. */
  clock: () => Date;
  logger: AgentLogger;
  stats: AgentStats;
  /** How long the phone keeps sending after losing the server. */
  offlineSendGraceMs: number;
  /**
   * First wait after the platform refused a send with THROTTLED (Android's RESULT_ERROR_LIMIT_EXCEEDED),
   * doubled up to 60 s; the throttle also slows down for a while (SendThrottle.slowDown).
   */
  platformThrottleRetryMs: number;
  /** The SIMs the phone has now. */
  sims: () => readonly SimInfo[];
  /** Online now, or less than `ms` ago. */
  onlineWithin: (ms: number) => boolean;
  /** Where a message's span and a send that never left the phone are reported. */
  outcomes: Pick<Reporter, 'track' | 'failed'>;
}

const RADIO_BACKOFF_MAX_MS = 60_000;
/** The key of the throttle's window beside the outbox. */
export const THROTTLE_STATE_KEY = 'throttle';
/**
 * Sends are stored in the throttle's window at most this often: a busy phone does not write its
 * window per message, and a crash forgets at most this much of it.
 */
const THROTTLE_SAVE_MS = 1_000;

type Timer = ReturnType<typeof setTimeout>;

/**
 * The way from `message.send` to the radio (DESIGN.md §5): accepts a message into the durable
 * outbox, queues it, and hands each id to the radio at most once, paced by the throttle and backing
 * off while the platform throttles.
 */
export class SendPump {
  /** Message ids acked and waiting for the radio, in order. */
  private sendQueue: string[];
  private simSlots: number[] = [];
  private pumping = false;
  private pumpDone: Promise<void> = Promise.resolve();
  private wakeup: (() => void) | undefined;
  private radioAttempts = 0;
  private radioBackoffUntil = 0;
  private stopped = false;
  private throttleSave: Timer | undefined;

  constructor(private readonly options: SendPumpOptions) {
    // Entries left in `sending` by a crash stay there: they may have reached the radio, and a
    // phone never sends an id twice. The server's lease decides what happens to them.
    this.sendQueue = options.outbox.queued().map((e) => e.id);
  }

  /** Starts the queue, or wakes it to look again (a new message, new limits, back online). */
  kick(): void {
    this.wake();
    if (!this.pumping && !this.stopped) {
      this.pumping = true;
      this.pumpDone = this.pump().catch((error: unknown) => {
        this.options.logger.error('the send queue stopped on an error', { error: String(error) });
      });
    }
  }

  /** Resolves once the queue has let go of the radio. */
  stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    if (this.throttleSave !== undefined) {
      clearTimeout(this.throttleSave);
      this.throttleSave = undefined;
      this.writeThrottle();
    }
    return this.pumpDone;
  }

  async onMessageSend(raw: unknown, ack: unknown): Promise<void> {
    const reply = (res: MessageSendAck): void => {
      if (typeof ack === 'function') {
        (ack as (res: MessageSendAck) => void)(res);
      }
    };
    let res: MessageSendAck;
    let queued: string | undefined;
    try {
      ({ res, queued } = await this.accept(raw));
    } catch (error) {
      this.options.logger.error('could not store an incoming message', { error: String(error) });
      res = { accepted: false, code: AgentErrorCodes.STORAGE_FAILURE };
    }
    if (!res.accepted) {
      this.options.stats.refused += 1;
    }
    reply(res);
    // Persisted, then acked, then sent: the queue only sees the id now.
    if (queued !== undefined) {
      this.sendQueue.push(queued);
      this.kick();
    }
  }

  onDeviceConfig(raw: unknown): void {
    const config = parseDeviceConfig(raw);
    if (!config) {
      this.options.logger.warn('ignored a malformed device.config');
      return;
    }
    const throttle: Partial<ThrottleConfig> = {};
    if (config.sendIntervalMs !== undefined) {
      throttle.sendIntervalMs = config.sendIntervalMs;
    }
    if (config.maxPerMinute !== undefined) {
      throttle.maxPerMinute = config.maxPerMinute;
    }
    this.options.throttle.configure(throttle);
    if (config.simSlots) {
      this.simSlots = config.simSlots;
    }
    this.options.logger.info('device config applied', { ...this.options.throttle.current, simSlots: this.simSlots });
    // A sleeping queue re-evaluates its wait under the new limits.
    this.kick();
  }

  /** Drops the queued messages among `ids`; one already handed to the radio cannot be called back. */
  async cancel(ids: string[]): Promise<void> {
    const { outbox, logger } = this.options;
    const drop: string[] = [];
    for (const id of ids) {
      const entry = outbox.get(id);
      if (entry?.state === 'accepted') {
        drop.push(id);
      } else if (entry) {
        logger.warn('server canceled a message already handed to the radio', { id, state: entry.state });
      }
    }
    if (drop.length === 0) {
      return;
    }
    const dropped = new Set(drop);
    this.sendQueue = this.sendQueue.filter((id) => !dropped.has(id));
    this.options.stats.canceled += drop.length;
    await outbox.remove(drop);
    logger.info('dropped canceled messages', { count: drop.length });
  }

  /** `queued` is the id to send, set only for a message new to the outbox. */
  private async accept(raw: unknown): Promise<{ res: MessageSendAck; queued?: string }> {
    const { outbox, logger } = this.options;
    const payload = parseMessageSend(raw);
    if (!payload) {
      logger.warn('refused a malformed message.send');
      return { res: { accepted: false, code: AgentErrorCodes.INVALID_PAYLOAD } };
    }
    const retry = outbox.canRetry(payload);
    if (outbox.has(payload.id) && !retry) {
      // At-least-once delivery from the server: acknowledge again, never transmit again.
      this.options.stats.duplicates += 1;
      await outbox.durable(payload.id);
      logger.info('duplicate message.send acknowledged without sending', { id: payload.id });
      return { res: { accepted: true } };
    }
    if (Date.parse(payload.expiresAt) <= this.options.clock().getTime()) {
      logger.info('refused an expired message', { id: payload.id });
      return { res: { accepted: false, code: AgentErrorCodes.EXPIRED } };
    }
    if (payload.simSlot !== undefined && !this.options.sims().some((sim) => sim.slot === payload.simSlot)) {
      logger.info('refused a message for a missing SIM', { id: payload.id, simSlot: payload.simSlot });
      return { res: { accepted: false, code: AgentErrorCodes.NO_SUCH_SIM } };
    }
    // The phone's span continues the server's; the outbox keeps its context for the reports.
    const span = startPhoneSpan(payload.id, payload, { 'sms.attempt': payload.attempt });
    const traced = span ? { ...payload, ...span.carrier } : payload;
    await (retry ? outbox.retry(traced) : outbox.accept(traced));
    if (span) {
      this.options.outcomes.track(payload.id, span);
    }
    this.options.stats.accepted += 1;
    logger.info('message accepted', {
      id: payload.id,
      to: maskPhone(payload.to),
      bodyLength: payload.body.length,
      attempt: payload.attempt,
    });
    return { res: { accepted: true }, queued: payload.id };
  }

  private wake(): void {
    const wakeup = this.wakeup;
    this.wakeup = undefined;
    wakeup?.();
  }

  /** Sleeps until `ms` passes (forever when undefined) or `kick()` is called. */
  private wait(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: Timer | undefined;
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeup === done) {
          this.wakeup = undefined;
        }
        resolve();
      };
      if (ms !== undefined) {
        timer = setTimeout(done, ms);
      }
      this.wakeup = done;
    });
  }

  /** The one queue: messages go to the radio in acceptance order, one at a time. */
  private async pump(): Promise<void> {
    const { outbox, clock, throttle } = this.options;
    try {
      while (!this.stopped) {
        const id = this.sendQueue[0];
        if (id === undefined) {
          return;
        }
        const entry = outbox.get(id);
        if (!entry || entry.state !== 'accepted') {
          this.sendQueue.shift();
          continue;
        }
        if (!this.options.onlineWithin(this.options.offlineSendGraceMs)) {
          await this.wait();
          continue;
        }
        if (Date.parse(entry.expiresAt) <= clock().getTime()) {
          this.sendQueue.shift();
          this.options.logger.info('message expired in the queue', { id });
          await this.options.outcomes.failed(id, AgentErrorCodes.EXPIRED);
          continue;
        }
        const parts = countSmsParts(entry.body).parts;
        const delay = Math.max(throttle.delayFor(parts), this.radioBackoffUntil - monotonic());
        if (delay > 0) {
          await this.wait(delay);
          continue;
        }
        this.sendQueue.shift();
        await this.transmit(entry);
      }
    } finally {
      // Cleared in the same turn as the empty-queue check, so a concurrent kick() starts a new pump.
      this.pumping = false;
    }
  }

  private async transmit(entry: Readonly<OutboxEntry>): Promise<void> {
    const { outbox, logger, stats } = this.options;
    const { id } = entry;
    // Write-ahead: once `sending` is durable, a crash can lose this message but never send it twice.
    await outbox.update(id, (e) => ({ ...e, state: 'sending' }));
    const simSlot = entry.simSlot ?? this.defaultSimSlot();
    let parts: number;
    try {
      ({ parts } = await this.options.transport.send({
        id,
        to: entry.to,
        body: entry.body,
        ...(simSlot !== undefined ? { simSlot } : {}),
      }));
    } catch (error) {
      const code = transportErrorCode(error);
      if (code === AgentErrorCodes.THROTTLED) {
        // The platform's own limit: nothing left the phone, so the message waits at the head of the queue.
        await this.handBack(id, 'send');
        return;
      }
      stats.sendFailures += 1;
      logger.warn('the radio refused a send', { id, code });
      await this.options.outcomes.failed(id, code);
      return;
    }
    this.radioAttempts = 0;
    this.options.throttle.record(parts);
    this.throttleSave ??= setTimeout(() => {
      this.throttleSave = undefined;
      this.writeThrottle();
    }, THROTTLE_SAVE_MS);
    stats.transmitted += 1;
    logger.info('handed to the radio', { id, to: maskPhone(entry.to), parts, simSlot });
    // Informational only, so the queue does not wait for it: it rides along with the next write.
    void outbox
      .update(id, (e) => ({ ...e, parts }))
      .catch((error: unknown) => {
        this.options.logger.warn('could not store the part count', { id, error: String(error) });
      });
  }

  /**
   * The platform took a send and then refused it over its own limit (Android reports
   * RESULT_ERROR_LIMIT_EXCEEDED in the sent report of every part): nothing left the phone, so the
   * message goes back to the head of the queue instead of failing.
   */
  async platformThrottled(id: string): Promise<void> {
    if (this.options.outbox.get(id)?.state !== 'sending') {
      return;
    }
    await this.handBack(id, 'sent report');
    this.kick();
  }

  /** Slows down (back-off and a lower rate for a while) and puts `id` back at the head of the queue. */
  private async handBack(id: string, where: 'send' | 'sent report'): Promise<void> {
    const { outbox, logger, throttle } = this.options;
    this.radioAttempts += 1;
    const waitMs = backoffDelay(this.radioAttempts, this.options.platformThrottleRetryMs, RADIO_BACKOFF_MAX_MS);
    this.radioBackoffUntil = monotonic() + waitMs;
    const { maxPerMinute } = throttle.slowDown();
    this.writeThrottle();
    logger.warn('the platform throttled a send; waiting and slowing down', { id, where, waitMs, maxPerMinute });
    await outbox.update(id, (e) => {
      const back: OutboxEntry = { ...e, state: 'accepted' };
      delete back.progress;
      delete back.parts;
      return back;
    });
    if (this.sendQueue[0] !== id) {
      this.sendQueue.unshift(id);
    }
  }

  /** Stores the throttle's window beside the outbox, so a restart paces by what was just sent. */
  private writeThrottle(): void {
    void this.options.outbox
      .saveState(THROTTLE_STATE_KEY, this.options.throttle.snapshot(this.options.clock()))
      .catch((error: unknown) => {
        this.options.logger.warn('could not store the throttle', { error: String(error) });
      });
  }

  private defaultSimSlot(): number | undefined {
    const sims = this.options.sims();
    return this.simSlots.find((slot) => sims.some((sim) => sim.slot === slot));
  }
}
