import { Timers } from './agent-common.js';
import { AgentErrorCodes, type SimInfo } from './protocol.js';
import { countSmsParts } from './segments.js';
import { PartsWindow } from './throttle.js';
import {
  SmsTransportError,
  type IncomingSms,
  type PartEvent,
  type SendRequest,
  type SendResult,
  type SmsTransport,
} from './sms-transport.js';

export interface SimulatedSendEntry {
  id: string;
  to: string;
  body: string;
  simSlot: number;
  at: Date;
  parts: number;
  /** Set when the simulated radio reported a send failure for this transmission (the first failed part's code). */
  errorCode?: string;
  /** The parts that failed, when only some did (`failPart`, `partFailRate`). */
  failedParts?: number[];
}

export interface SimulatedSmsTransportOptions {
  /** Number of SIMs, in slots 0..n-1 (default 1). */
  sims?: number;
  /** Phone numbers per slot; defaults are fictional +1 202 555 01xx numbers. */
  phoneNumbers?: string[];
  /** Delay from `sent` to the delivery report (default 0: right after `sent`); negative: no reports. */
  deliveryMs?: number;
  /** Share of sends that fail at the radio, 0..1 (default 0). */
  failRate?: number;
  failCode?: string;
  /**
   * Per-part failures: the error code for a part the radio fails to send, or undefined to send it.
   * Only the parts it names fail; the others are sent and get their delivery reports.
   */
  failPart?: (messageId: string, partIndex: number) => string | undefined;
  /** Share of parts that fail on their own, with `failCode`, 0..1 (default 0). */
  partFailRate?: number;
  /** Share of sent messages whose delivery report is a permanent failure, 0..1 (default 0). */
  undeliveredRate?: number;
  /** TP-Status of those reports (default 0x41: incompatible destination). */
  undeliveredTpStatus?: number;
  /**
   * When set (0x20 to 0x3F: the SMSC is still trying), each part first gets a delivery report with
   * this TP-Status and the final one `deliveryMs` later, as a phone that was off produces.
   */
  pendingTpStatus?: number;
  random?: () => number;
  clock?: () => Date;
  /** Android's per-app limit, in parts per rolling minute: sends over it are refused with THROTTLED. */
  partsPerMinute?: number;
  /**
   * Refuse over `partsPerMinute` as Android does (RESULT_ERROR_LIMIT_EXCEEDED): `send` resolves and
   * every part's sent report fails with THROTTLED, nothing transmitted. Default: `send` rejects.
   */
  limitInSentReport?: boolean;
  /** Called synchronously for each transmission, before `send` resolves. */
  sendLog?: (entry: SimulatedSendEntry) => void;
}

/** A SIM in memory: what the headless agent and the tests use instead of the radio. */
export class SimulatedSmsTransport implements SmsTransport {
  /** Every transmission handed to the radio, in order: tests prove "never sent twice" with it. */
  readonly sent: SimulatedSendEntry[] = [];

  private readonly sims: SimInfo[];
  private readonly deliveryMs: number;
  private readonly failRate: number;
  private readonly failCode: string;
  private readonly undeliveredRate: number;
  private readonly undeliveredTpStatus: number;
  private readonly failPart: ((messageId: string, partIndex: number) => string | undefined) | undefined;
  private readonly partFailRate: number;
  private readonly pendingTpStatus: number | undefined;
  private readonly random: () => number;
  private readonly clock: () => Date;
  private readonly partsPerMinute: number | undefined;
  private readonly limitInSentReport: boolean;
  private readonly sendLog: ((entry: SimulatedSendEntry) => void) | undefined;
  private readonly partListeners = new Set<(event: PartEvent) => void>();
  private readonly incomingListeners = new Set<(sms: IncomingSms) => void>();
  private readonly timers = new Timers();
  private readonly window = new PartsWindow();

  constructor(options: SimulatedSmsTransportOptions = {}) {
    const count = options.sims ?? 1;
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError('sims must be a non-negative integer');
    }
    for (const [name, rate] of [
      ['failRate', options.failRate],
      ['undeliveredRate', options.undeliveredRate],
      ['partFailRate', options.partFailRate],
    ] as const) {
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
        throw new RangeError(`${name} must be between 0 and 1`);
      }
    }
    if (
      options.pendingTpStatus !== undefined &&
      !(Number.isInteger(options.pendingTpStatus) && options.pendingTpStatus >= 0x20 && options.pendingTpStatus <= 0x3f)
    ) {
      throw new RangeError('pendingTpStatus must be a TP-Status from 0x20 to 0x3F');
    }
    this.sims = Array.from({ length: count }, (_, slot) => ({
      slot,
      phoneNumber: options.phoneNumbers?.[slot] ?? `+1202555${String(100 + slot).padStart(4, '0')}`,
      operator: 'Simulated',
    }));
    this.deliveryMs = options.deliveryMs ?? 0;
    this.failRate = options.failRate ?? 0;
    this.failCode = options.failCode ?? AgentErrorCodes.GENERIC_FAILURE;
    this.undeliveredRate = options.undeliveredRate ?? 0;
    this.undeliveredTpStatus = options.undeliveredTpStatus ?? 0x41;
    this.failPart = options.failPart;
    this.partFailRate = options.partFailRate ?? 0;
    this.pendingTpStatus = options.pendingTpStatus;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? (() => new Date());
    this.partsPerMinute = options.partsPerMinute;
    this.limitInSentReport = options.limitInSentReport ?? false;
    this.sendLog = options.sendLog;
  }

  listSims(): Promise<SimInfo[]> {
    return Promise.resolve(this.sims.map((sim) => ({ ...sim })));
  }

  send(request: SendRequest): Promise<SendResult> {
    const sim = request.simSlot === undefined ? this.sims[0] : this.sims.find((s) => s.slot === request.simSlot);
    if (!sim) {
      return Promise.reject(new SmsTransportError(AgentErrorCodes.NO_SUCH_SIM, `no SIM in slot ${request.simSlot}`));
    }
    const { parts } = countSmsParts(request.body);
    const at = this.clock();
    if (this.partsPerMinute !== undefined && this.partsPerMinute > 0) {
      if (this.window.used(at.getTime()) + parts > this.partsPerMinute) {
        if (this.limitInSentReport) {
          this.timers.later(0, () => {
            for (let partIndex = 0; partIndex < parts; partIndex++) {
              this.emitPart({
                messageId: request.id,
                partIndex,
                partCount: parts,
                kind: 'sent',
                ok: false,
                errorCode: AgentErrorCodes.THROTTLED,
              });
            }
          });
          return Promise.resolve({ parts });
        }
        return Promise.reject(
          new SmsTransportError(AgentErrorCodes.THROTTLED, `over ${this.partsPerMinute} parts per minute`),
        );
      }
      this.window.record(at.getTime(), parts);
    }

    const fails = this.failRate > 0 && this.random() < this.failRate;
    // Decided now, so the send log is complete before send resolves.
    const partErrors = fails ? new Map<number, string>() : this.partFailures(request.id, parts);
    const entry: SimulatedSendEntry = {
      id: request.id,
      to: request.to,
      body: request.body,
      simSlot: sim.slot,
      at,
      parts,
    };
    if (fails) {
      entry.errorCode = this.failCode;
    }
    const failedParts = [...partErrors.keys()].sort((a, b) => a - b);
    if (failedParts.length > 0) {
      entry.errorCode = partErrors.get(failedParts[0]);
      entry.failedParts = failedParts;
    }
    this.sent.push(entry);
    this.sendLog?.(entry);

    // Never emit inside send(): the real radio reports on another thread, and callers must not
    // depend on the order of "send resolved" and "first part event".
    this.timers.later(0, () => {
      for (let partIndex = 0; partIndex < parts; partIndex++) {
        const errorCode = fails ? this.failCode : partErrors.get(partIndex);
        this.emitPart(
          errorCode !== undefined
            ? { messageId: request.id, partIndex, partCount: parts, kind: 'sent', ok: false, errorCode }
            : { messageId: request.id, partIndex, partCount: parts, kind: 'sent', ok: true },
        );
      }
      if (fails || this.deliveryMs < 0) {
        return;
      }
      const undelivered = this.undeliveredRate > 0 && this.random() < this.undeliveredRate;
      // Only parts that left the phone get a status report.
      const reported = Array.from({ length: parts }, (_, i) => i).filter((i) => !partErrors.has(i));
      const report = (ok: boolean, tpStatus: number): void => {
        for (const partIndex of reported) {
          this.emitPart({ messageId: request.id, partIndex, partCount: parts, kind: 'delivered', ok, tpStatus });
        }
      };
      const final = (): void => report(!undelivered, undelivered ? this.undeliveredTpStatus : 0);
      const pending = this.pendingTpStatus;
      this.timers.later(this.deliveryMs, () => {
        if (pending === undefined) {
          final();
          return;
        }
        report(false, pending);
        this.timers.later(this.deliveryMs, final);
      });
    });
    return Promise.resolve({ parts });
  }

  onPartEvent(listener: (event: PartEvent) => void): () => void {
    this.partListeners.add(listener);
    return () => this.partListeners.delete(listener);
  }

  onIncoming(listener: (sms: IncomingSms) => void): () => void {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  /** Delivers an SMS to this phone as if the network had. */
  simulateIncoming(sms: { from: string; body: string; simSlot?: number }): void {
    const incoming: IncomingSms = {
      from: sms.from,
      body: sms.body,
      receivedAt: this.clock(),
      simSlot: sms.simSlot ?? this.sims[0]?.slot ?? 0,
    };
    for (const listener of [...this.incomingListeners]) {
      listener(incoming);
    }
  }

  /** Cancels reports still scheduled (they would fire after a test or process has moved on). */
  close(): void {
    this.timers.clear();
  }

  /** Part index to error code, for the parts this transmission fails to send. */
  private partFailures(messageId: string, parts: number): Map<number, string> {
    const errors = new Map<number, string>();
    for (let partIndex = 0; partIndex < parts; partIndex++) {
      const code =
        this.failPart?.(messageId, partIndex) ??
        (this.partFailRate > 0 && this.random() < this.partFailRate ? this.failCode : undefined);
      if (code !== undefined) {
        errors.set(partIndex, code);
      }
    }
    return errors;
  }

  private emitPart(event: PartEvent): void {
    for (const listener of [...this.partListeners]) {
      listener(event);
    }
  }
}
