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

/** Event names emitted by SmsTransportModule.java. */
export const PART_EVENT = 'SmsTransportPart';
export const INCOMING_EVENT = 'SmsTransportIncoming';

export interface NativeSim {
  /** SIM slot index: the protocol's `simSlot`. */
  slot: number;
  /** Android's subscription id, which is what SmsManager wants. */
  subscriptionId: number;
  phoneNumber?: string;
  operator?: string;
}

export interface NativeIncomingSms {
  from: string;
  body: string;
  /** Epoch milliseconds. */
  receivedAt: number;
  /** -1 when Android did not say. */
  subscriptionId: number;
  slot: number;
}

/** `NativeModules.SmsTransport`: the methods of SmsTransportModule.java. */
export interface SmsTransportNativeModule {
  listSims(): Promise<NativeSim[]>;
  /** Rejects with code PERMISSION_DENIED, NO_SUCH_SIM or GENERIC_FAILURE when nothing was transmitted. */
  send(id: string, to: string, body: string, subscriptionId: number | null): Promise<{ parts: number }>;
  startListening(): Promise<void>;
  stopListening(): Promise<void>;
  /** Incoming SMS kept while nobody listened (e.g. the app was not running); empties the queue. */
  drainInbox(): Promise<NativeIncomingSms[]>;
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
  private readonly partListeners = new Set<(event: PartEvent) => void>();
  private readonly incomingListeners = new Set<(sms: IncomingSms) => void>();
  private partSubscription: { remove(): void } | undefined;
  private incomingSubscription: { remove(): void } | undefined;
  /** Start and stop of listening, in call order, so a quick unsubscribe cannot overtake its start. */
  private listening: Promise<void> = Promise.resolve();
  private malformed = 0;

  constructor(options: NativeSmsTransportOptions) {
    this.module = options.module;
    this.events = options.events;
    this.onProblem = options.onProblem ?? (() => undefined);
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

  onPartEvent(listener: (event: PartEvent) => void): () => void {
    this.partListeners.add(listener);
    this.partSubscription ??= this.events.addListener(PART_EVENT, (payload) => this.onNativePart(payload));
    return () => {
      this.partListeners.delete(listener);
      if (this.partListeners.size === 0) {
        this.partSubscription?.remove();
        this.partSubscription = undefined;
      }
    };
  }

  onIncoming(listener: (sms: IncomingSms) => void): () => void {
    this.incomingListeners.add(listener);
    if (this.incomingListeners.size === 1 && this.incomingSubscription === undefined) {
      // Subscribe before starting, so nothing emitted right after the start is missed.
      this.incomingSubscription = this.events.addListener(INCOMING_EVENT, (payload) => this.onNativeIncoming(payload));
      this.serialise('start listening for incoming SMS', async () => {
        await this.module.startListening();
        // After the start: from here on the native side emits instead of queueing.
        const queued = await this.module.drainInbox();
        for (const payload of Array.isArray(queued) ? queued : []) {
          this.onNativeIncoming(payload);
        }
      });
    }
    return () => {
      if (!this.incomingListeners.delete(listener) || this.incomingListeners.size > 0) {
        return;
      }
      const subscription = this.incomingSubscription;
      this.incomingSubscription = undefined;
      this.serialise('stop listening for incoming SMS', async () => {
        // Stop first: from then on Android queues what arrives, for the next subscriber's drain.
        await this.module.stopListening();
        subscription?.remove();
      });
    };
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

  private onNativePart(payload: unknown): void {
    const event = parsePartEvent(payload);
    if (!event) {
      this.drop(PART_EVENT, payload);
      return;
    }
    for (const listener of [...this.partListeners]) {
      this.call(listener, event);
    }
  }

  private onNativeIncoming(payload: unknown): void {
    if (!isNativeIncoming(payload)) {
      this.drop(INCOMING_EVENT, payload);
      return;
    }
    const sms: IncomingSms = {
      from: payload.from,
      body: payload.body,
      receivedAt: new Date(payload.receivedAt),
      simSlot: this.slotOf(payload),
    };
    if (this.incomingListeners.size === 0) {
      this.onProblem('incoming SMS arrived while nobody listened', { from: sms.from });
    }
    for (const listener of [...this.incomingListeners]) {
      this.call(listener, sms);
    }
  }

  /** Android usually names the slot; when it does not, the subscription (or the only SIM) does. */
  private slotOf(sms: NativeIncomingSms): number {
    if (sms.slot >= 0) {
      return sms.slot;
    }
    const bySubscription = this.sims?.find((s) => s.subscriptionId === sms.subscriptionId);
    return bySubscription?.slot ?? this.sims?.[0]?.slot ?? 0;
  }

  private drop(event: string, payload: unknown): void {
    this.malformed++;
    this.onProblem(`dropped a malformed ${event} event`, payload);
  }

  /** Native code calls us; an exception here would surface as a red screen, not in the caller. */
  private call<T>(listener: (value: T) => void, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.onProblem('a transport listener threw', error);
    }
  }

  private serialise(what: string, step: () => Promise<void>): void {
    this.listening = this.listening.then(step).catch((error: unknown) => this.onProblem(`cannot ${what}`, error));
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
