import { AgentErrorCodes, type SimInfo } from '../../../src/lib/protocol.js';
import { countSmsParts } from '../../../src/lib/segments.js';
import {
  SmsTransportError,
  type IncomingSms,
  type PartEvent,
  type SendRequest,
  type SendResult,
  type SmsTransport,
} from '../../../src/lib/sms-transport.js';

/**
 * Events emitted by SmsTransportModule.java when a manifest receiver has queued something; they
 * carry nothing: the adapter then reads the queue.
 */
export const INBOUND_QUEUED_EVENT = 'SmsTransportInboundQueued';
export const REPORTS_QUEUED_EVENT = 'SmsTransportReportsQueued';

export interface NativeSim {
  /** SIM slot index: the protocol's `simSlot`. */
  slot: number;
  /** Android's subscription id, which is what SmsManager wants. */
  subscriptionId: number;
  phoneNumber?: string;
  operator?: string;
}

/** A received SMS as SmsInboxReceiver queued it. */
export interface NativeIncomingSms {
  /** The queue's id, to acknowledge it by. */
  id: string;
  from: string;
  body: string;
  /** Epoch milliseconds. */
  receivedAt: number;
  /** -1 when Android did not say. */
  subscriptionId: number;
  slot: number;
}

/**
 * A received SMS as the adapter hands it over, with the native queue's id: a stable id for the
 * SMS, which the app can give the server so that an SMS handed over again (its ack lost when the
 * process died) is recognised as a repeat.
 */
export type QueuedIncomingSms = IncomingSms & { queueId: string };

/** The queue id of an SMS handed over by this adapter, if it is one. */
export function queueIdOf(sms: IncomingSms): string | undefined {
  const queueId = (sms as Partial<QueuedIncomingSms>).queueId;
  return typeof queueId === 'string' ? queueId : undefined;
}

/** A sent or delivery report as SmsReportReceiver queued it: a part event with the queue's id. */
export type NativeReport = PartEvent & { id: string };

/**
 * `NativeModules.SmsTransport`: the methods of SmsTransportModule.java that the transport uses (its
 * `deviceStatus`, for the heartbeat, is read by device-status.ts).
 */
export interface SmsTransportNativeModule {
  listSims(): Promise<NativeSim[]>;
  /** Rejects with code PERMISSION_DENIED, NO_SUCH_SIM or GENERIC_FAILURE when nothing was transmitted. */
  send(id: string, to: string, body: string, subscriptionId: number | null): Promise<{ parts: number }>;
  /** Received SMS not yet acknowledged, oldest first; reading does not empty the queue. */
  pendingInbound(): Promise<NativeIncomingSms[]>;
  /** Forgets the received SMS with these ids: call it once they are stored. */
  ackInbound(ids: string[]): Promise<void>;
  /** Sent and delivery reports not yet acknowledged, oldest first. */
  pendingReports(): Promise<NativeReport[]>;
  /** Forgets the reports with these ids: call it once they are applied to the outbox. */
  ackReports(ids: string[]): Promise<void>;
}

/** What the adapter needs of `NativeEventEmitter`. */
export interface NativeEventSource {
  addListener(event: string, cb: (payload: unknown) => void): { remove(): void };
}

export interface NativeSmsTransportOptions {
  module: SmsTransportNativeModule;
  events: NativeEventSource;
  /** Hears what the adapter drops or cannot do; nothing here ever throws back into native code. */
  onProblem?: (problem: string, detail?: unknown) => void;
  /**
   * Resolves once what the listeners started storing (synchronously, when called) is durable, and
   * rejects if some of it failed: the native queues forget an item only after that. Without it an
   * item is acknowledged as soon as the listeners have been called.
   */
  stored?: () => Promise<void>;
}

/**
 * `SmsTransport` over the Java module. Deliberately free of `react-native` imports, so it runs under
 * Node with a fake module; `index.ts` binds the real one.
 */
export class NativeSmsTransport implements SmsTransport {
  private readonly module: SmsTransportNativeModule;
  private readonly events: NativeEventSource;
  private readonly onProblem: (problem: string, detail?: unknown) => void;
  private sims: NativeSim[] | undefined;
  private readonly reports: NativeQueue<PartEvent>;
  private readonly inbound: NativeQueue<QueuedIncomingSms>;
  private malformed = 0;

  constructor(options: NativeSmsTransportOptions) {
    this.module = options.module;
    this.events = options.events;
    this.onProblem = options.onProblem ?? (() => undefined);
    const host: QueueHost = {
      events: this.events,
      stored: options.stored ?? (() => Promise.resolve()),
      onProblem: this.onProblem,
      drop: (what, payload) => this.drop(what, payload),
    };
    this.reports = new NativeQueue(host, {
      name: 'report',
      event: REPORTS_QUEUED_EVENT,
      pending: () => this.module.pendingReports(),
      ack: (ids) => this.module.ackReports(ids),
      parse: parsePartEvent,
    });
    this.inbound = new NativeQueue(host, {
      name: 'received SMS',
      event: INBOUND_QUEUED_EVENT,
      pending: () => this.module.pendingInbound(),
      ack: (ids) => this.module.ackInbound(ids),
      parse: (payload) => (isNativeIncoming(payload) ? this.toIncoming(payload) : undefined),
    });
  }

  /** Native events dropped because their payload did not have the expected shape. */
  get malformedEvents(): number {
    return this.malformed;
  }

  async listSims(): Promise<SimInfo[]> {
    let raw: unknown;
    try {
      raw = await this.module.listSims();
    } catch (error) {
      throw toTransportError(error);
    }
    const sims = Array.isArray(raw) ? raw.filter(isNativeSim) : [];
    this.sims = sims;
    return sims.map((sim) => ({
      slot: sim.slot,
      ...(sim.phoneNumber ? { phoneNumber: sim.phoneNumber } : {}),
      ...(sim.operator ? { operator: sim.operator } : {}),
    }));
  }

  async send(request: SendRequest): Promise<SendResult> {
    const subscriptionId = request.simSlot === undefined ? null : await this.subscriptionOf(request.simSlot);
    let result: unknown;
    try {
      result = await this.module.send(request.id, request.to, request.body, subscriptionId);
    } catch (error) {
      throw toTransportError(error);
    }
    if (isRecord(result) && isInteger(result.parts) && result.parts > 0) {
      return { parts: result.parts };
    }
    // The radio has the message, so throwing (which promises "nothing sent") would be wrong.
    this.onProblem('send resolved without a part count; estimating it', result);
    return { parts: countSmsParts(request.body).parts };
  }

  /**
   * Reports, from SmsReportReceiver's persistent queue: read on the first subscription (what came
   * while the app was not running) and whenever the receiver queues more.
   */
  onPartEvent(listener: (event: PartEvent) => void): () => void {
    return this.reports.subscribe(listener);
  }

  /** Received SMS, from SmsInboxReceiver's persistent queue, read like the reports. */
  onIncoming(listener: (sms: IncomingSms) => void): () => void {
    return this.inbound.subscribe(listener);
  }

  /** The subscription id of a SIM slot, from the last SIM list, refreshed once when the slot is not in it. */
  private async subscriptionOf(slot: number): Promise<number> {
    let sim = this.sims?.find((s) => s.slot === slot);
    if (!sim) {
      await this.listSims();
      sim = this.sims?.find((s) => s.slot === slot);
    }
    if (!sim) {
      throw new SmsTransportError(AgentErrorCodes.NO_SUCH_SIM, `no SIM in slot ${slot}`);
    }
    return sim.subscriptionId;
  }

  private toIncoming(payload: NativeIncomingSms): QueuedIncomingSms {
    return {
      queueId: payload.id,
      from: payload.from,
      body: payload.body,
      receivedAt: new Date(payload.receivedAt),
      simSlot: this.slotOf(payload),
    };
  }

  /** Android usually names the slot; when it does not, the subscription (or the only SIM) does. */
  private slotOf(sms: NativeIncomingSms): number {
    if (sms.slot >= 0) {
      return sms.slot;
    }
    const bySubscription = this.sims?.find((s) => s.subscriptionId === sms.subscriptionId);
    return bySubscription?.slot ?? this.sims?.[0]?.slot ?? 0;
  }

  private drop(what: string, payload: unknown): void {
    this.malformed++;
    this.onProblem(`dropped a malformed ${what}`, payload);
  }
}

interface QueueHost {
  events: NativeEventSource;
  stored: () => Promise<void>;
  onProblem: (problem: string, detail?: unknown) => void;
  drop: (what: string, payload: unknown) => void;
}

interface QueueSpec<T> {
  name: string;
  event: string;
  pending: () => Promise<unknown>;
  ack: (ids: string[]) => Promise<void>;
  parse: (payload: unknown) => T | undefined;
}

/**
 * One of the native module's persistent queues. Reads run one at a time; each hands the new items
 * to the listeners, waits until what they stored is durable, then acknowledges the ids, so the
 * native side forgets an item only after the agent has it. An item whose storing failed stays
 * queued (for the next start) but is not handed over again in this runtime, where the agent has it.
 */
class NativeQueue<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private subscription: { remove(): void } | undefined;
  private reading: Promise<void> = Promise.resolve();
  private readonly handedOver = new Set<string>();

  constructor(
    private readonly host: QueueHost,
    private readonly spec: QueueSpec<T>,
  ) {}

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    if (this.subscription === undefined) {
      // Subscribe before reading, so nothing queued during the first read is missed.
      this.subscription = this.host.events.addListener(this.spec.event, () => this.read());
      this.read();
    }
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) {
        return;
      }
      this.subscription?.remove();
      this.subscription = undefined;
    };
  }

  private read(): void {
    this.reading = this.reading
      .then(() => this.readOnce())
      .catch((error: unknown) => this.host.onProblem(`cannot read the ${this.spec.name} queue`, error));
  }

  private async readOnce(): Promise<void> {
    if (this.listeners.size === 0) {
      return;
    }
    const raw = await this.spec.pending();
    const handed: string[] = [];
    const malformed: string[] = [];
    for (const item of Array.isArray(raw) ? (raw as unknown[]) : []) {
      const id = isRecord(item) && typeof item.id === 'string' && item.id !== '' ? item.id : undefined;
      if (id === undefined) {
        this.host.drop(this.spec.name, item);
        continue;
      }
      if (this.handedOver.has(id)) {
        continue;
      }
      const value = this.spec.parse(item);
      if (value === undefined) {
        // Acknowledged, or it would come back on every read.
        this.host.drop(this.spec.name, item);
        malformed.push(id);
        continue;
      }
      this.handedOver.add(id);
      handed.push(id);
      for (const listener of [...this.listeners]) {
        this.call(listener, value);
      }
    }
    if (malformed.length > 0) {
      await this.spec.ack(malformed);
    }
    if (handed.length === 0) {
      return;
    }
    await this.host.stored();
    await this.spec.ack(handed);
    for (const id of handed) {
      this.handedOver.delete(id);
    }
  }

  /** Native code calls us; an exception here would surface as a red screen, not in the caller. */
  private call(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.host.onProblem('a transport listener threw', error);
    }
  }
}

/** React Native rejects with an Error carrying the native code in `code`. */
function toTransportError(error: unknown): SmsTransportError {
  if (error instanceof SmsTransportError) {
    return error;
  }
  const code =
    isRecord(error) && typeof error.code === 'string' && error.code && error.code !== 'EUNSPECIFIED'
      ? error.code
      : AgentErrorCodes.GENERIC_FAILURE;
  const message = error instanceof Error ? error.message : undefined;
  return new SmsTransportError(code, message);
}

function parsePartEvent(payload: unknown): PartEvent | undefined {
  if (
    !isRecord(payload) ||
    typeof payload.messageId !== 'string' ||
    payload.messageId === '' ||
    !isInteger(payload.partCount) ||
    payload.partCount < 1 ||
    !isInteger(payload.partIndex) ||
    payload.partIndex < 0 ||
    payload.partIndex >= payload.partCount ||
    (payload.kind !== 'sent' && payload.kind !== 'delivered') ||
    typeof payload.ok !== 'boolean' ||
    (payload.errorCode !== undefined && typeof payload.errorCode !== 'string') ||
    (payload.tpStatus !== undefined &&
      !(isInteger(payload.tpStatus) && payload.tpStatus >= 0 && payload.tpStatus <= 0xff))
  ) {
    return undefined;
  }
  return {
    messageId: payload.messageId,
    partIndex: payload.partIndex,
    partCount: payload.partCount,
    kind: payload.kind,
    ok: payload.ok,
    ...(typeof payload.errorCode === 'string' ? { errorCode: payload.errorCode } : {}),
    ...(isInteger(payload.tpStatus) ? { tpStatus: payload.tpStatus } : {}),
  };
}

function isNativeSim(value: unknown): value is NativeSim {
  return (
    isRecord(value) &&
    isInteger(value.slot) &&
    value.slot >= 0 &&
    isInteger(value.subscriptionId) &&
    (value.phoneNumber === undefined || typeof value.phoneNumber === 'string') &&
    (value.operator === undefined || typeof value.operator === 'string')
  );
}

function isNativeIncoming(value: unknown): value is NativeIncomingSms {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.from === 'string' &&
    value.from !== '' &&
    typeof value.body === 'string' &&
    typeof value.receivedAt === 'number' &&
    Number.isFinite(value.receivedAt) &&
    isInteger(value.subscriptionId) &&
    isInteger(value.slot)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}
