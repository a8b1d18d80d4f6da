import { io, type Socket } from 'socket.io-client';
import { maskPhone } from './mask.js';
import { Outbox, type OutboxEntry, type OutboxStore } from './outbox.js';
import { foldPartEvent, initialPartState, statusesToReport } from './part-status.js';
import {
  AGENT_NAMESPACE,
  AgentErrorCodes,
  type AgentToServerEvents,
  type HelloPayload,
  type MessageSendAck,
  type MessageStatusPayload,
  type OkAck,
  type OutboxState,
  type ReportedStatus,
  type ServerToAgentEvents,
  type SimInfo,
  type SmsReceivedPayload,
} from './protocol.js';
import { countSmsParts } from './segments.js';
import { transportErrorCode, type IncomingSms, type PartEvent, type SmsTransport } from './sms-transport.js';
import { SendThrottle, type ThrottleConfig } from './throttle.js';
import { startPhoneSpan, type PhoneSpan } from './trace.js';
import { parseDeviceConfig, parseMessageSend } from './validate.js';

export type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

export interface AgentLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

/** What the heartbeat says about the phone, from the platform (battery manager, telephony). */
export interface DeviceInfo {
  /** Percent, an integer 0..100. */
  battery?: number;
  charging?: boolean;
  /** Signal strength as the platform gives it: dBm (negative) or a 0..4 level, an integer. */
  signal?: number;
}

export interface GatewayAgentOptions {
  serverUrl: string;
  token: string;
  transport: SmsTransport;
  store: OutboxStore;
  appVersion: string;
  /** Wall clock for timestamps and expiry; timers and backoff use a monotonic clock. */
  clock?: () => Date;
  socketFactory?: (serverUrl: string, token: string) => AgentSocket;
  heartbeatMs?: number;
  /** First retry delay of an unacknowledged report, doubled per attempt up to `statusRetryMaxMs`. */
  statusRetryMs?: number;
  statusRetryMaxMs?: number;
  ackTimeoutMs?: number;
  /** Pacing until the server's first `device.config` replaces it (maxPerMinute 0 = no limit). */
  throttle?: Partial<ThrottleConfig>;
  /**
   * How long the phone keeps sending queued messages after losing the server. Past it, it waits for
   * the next hello, whose `cancel` list says what the server gave to another route meanwhile.
   */
  offlineSendGraceMs?: number;
  /** First wait after the platform refused a send with THROTTLED, doubled up to 60 s (default 5 s). */
  platformThrottleRetryMs?: number;
  /** Outbox retention of finished entries (defaults: 24 h, 10,000 entries). */
  retentionMs?: number;
  maxFinished?: number;
  deviceInfo?: () => DeviceInfo | Promise<DeviceInfo>;
  logger?: AgentLogger;
  /** Ids for received SMS; defaults to `crypto.randomUUID`. */
  idFactory?: () => string;
}

export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export interface AgentEvents {
  /** Every accepted hello, the first one included. */
  ready: { deviceId: string };
  disconnected: { reason: string };
  /** The agent stopped itself: the server refused it (revoked token, failed auth). */
  fatal: AgentError;
}

export interface AgentStats {
  accepted: number;
  duplicates: number;
  refused: number;
  canceled: number;
  transmitted: number;
  sendFailures: number;
  reportsAcked: number;
  reportsRefused: number;
  inboundAcked: number;
}

export function defaultSocketFactory(serverUrl: string, token: string): AgentSocket {
  return io(serverUrl.replace(/\/+$/, '') + AGENT_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    autoConnect: false,
    // One connection per phone, even when several agents share a process (demo phones, tests).
    forceNew: true,
  });
}

const noopLogger: AgentLogger = { info: () => {}, warn: () => {}, error: () => {} };
const monotonic = (): number => performance.now();
const KICK_RECONNECT_MS = 1_000;
const RADIO_BACKOFF_MAX_MS = 60_000;

type Timer = ReturnType<typeof setTimeout>;

/**
 * The phone side of the agent protocol (DESIGN.md §5): accepts messages into a durable outbox,
 * sends each id at most once, folds part events into status reports and retries every report
 * until the server acknowledges it.
 */
/**
 * Refusals that say "not now" rather than "no": the server is over this phone's event budget, or
 * failed inside. The report or SMS is kept and sent again after a backoff.
 */
const TRANSIENT_REFUSALS = new Set(['RATE_LIMITED', 'INTERNAL']);

export class GatewayAgent {
  readonly stats: AgentStats = {
    accepted: 0,
    duplicates: 0,
    refused: 0,
    canceled: 0,
    transmitted: 0,
    sendFailures: 0,
    reportsAcked: 0,
    reportsRefused: 0,
    inboundAcked: 0,
  };

  private readonly transport: SmsTransport;
  private readonly store: OutboxStore;
  private readonly clock: () => Date;
  private readonly logger: AgentLogger;
  private readonly heartbeatMs: number;
  private readonly statusRetryMs: number;
  private readonly statusRetryMaxMs: number;
  private readonly ackTimeoutMs: number;
  private readonly offlineSendGraceMs: number;
  private readonly platformThrottleRetryMs: number;
  private readonly throttle: SendThrottle;
  private readonly listeners = new Map<keyof AgentEvents, Set<(arg: never) => void>>();

  private outboxRef: Outbox | undefined;
  private socket: AgentSocket | undefined;
  private sims: SimInfo[] = [];
  private simSlots: number[] = [];
  private deviceIdValue: string | undefined;

  private startPromise: Promise<void> | undefined;
  private startSettled = false;
  private resolveStart: (() => void) | undefined;
  private rejectStart: ((error: AgentError) => void) | undefined;
  private stopped = false;
  private stopPromise: Promise<void> | undefined;
  private unsubscribers: (() => void)[] = [];

  /** Bumped on every connect and disconnect: late acks of an older connection are recognised. */
  private generation = 0;
  private helloed = false;
  private everHelloed = false;
  private kickedByServer = false;
  private lastOnlineAt: number | undefined;

  /** Message ids acked and waiting for the radio, in order. */
  private sendQueue: string[] = [];
  /** The phone's span per message, from acceptance to the SIM's outcome (trace.ts). */
  private readonly spans = new Map<string, PhoneSpan>();
  private pumping = false;
  private pumpDone: Promise<void> = Promise.resolve();
  private wakeup: (() => void) | undefined;
  private radioBackoffMs = 0;
  private radioBackoffUntil = 0;

  /** Reports and received SMS awaiting an ack, keyed `m:<message id>` or `i:<key>`. */
  private readonly inFlight = new Map<string, number>();
  private readonly backoff = new Map<string, { attempts: number; nextAt: number }>();
  private emitSeq = 0;
  private retryTimer: Timer | undefined;
  private retryDue = 0;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private readonly timers = new Set<Timer>();
  private readonly idFactory: () => string;
  private readonly socketFactory: (serverUrl: string, token: string) => AgentSocket;

  constructor(private readonly options: GatewayAgentOptions) {
    this.transport = options.transport;
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? noopLogger;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.statusRetryMs = options.statusRetryMs ?? 1_000;
    this.statusRetryMaxMs = Math.max(options.statusRetryMaxMs ?? 30_000, this.statusRetryMs);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.offlineSendGraceMs = options.offlineSendGraceMs ?? 60_000;
    this.platformThrottleRetryMs = options.platformThrottleRetryMs ?? 5_000;
    this.throttle = new SendThrottle(options.throttle, monotonic);
    this.idFactory = options.idFactory ?? (() => globalThis.crypto.randomUUID());
    this.socketFactory = options.socketFactory ?? defaultSocketFactory;
  }

  /** The id the server gave this phone, known after the first hello. */
  get deviceId(): string | undefined {
    return this.deviceIdValue;
  }

  /** True between an accepted hello and the next disconnect. */
  get connected(): boolean {
    return this.helloed;
  }

  get queueDepth(): number {
    return this.outboxRef?.queueDepth ?? 0;
  }

  get throttleConfig(): ThrottleConfig {
    return this.throttle.current;
  }

  /** A copy of one outbox entry, for diagnostics and tests. */
  outboxEntry(id: string): OutboxEntry | undefined {
    const entry = this.outboxRef?.get(id);
    return entry ? structuredClone(entry) : undefined;
  }

  on<K extends keyof AgentEvents>(event: K, listener: (arg: AgentEvents[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const stored = listener as (arg: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** Resolves after the first accepted hello; rejects when the server refuses the phone. */
  start(): Promise<void> {
    this.startPromise ??= this.doStart();
    return this.startPromise;
  }

  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  private get outbox(): Outbox {
    if (!this.outboxRef) {
      throw new Error('the agent is not started');
    }
    return this.outboxRef;
  }

  private async doStart(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      this.resolveStart = resolve;
      this.rejectStart = reject;
    });
    // If opening the outbox throws, `ready` is never returned, yet a later stop() rejects it.
    ready.catch(() => {});
    this.outboxRef = await Outbox.open(this.store, {
      clock: this.clock,
      ...(this.options.retentionMs !== undefined ? { retentionMs: this.options.retentionMs } : {}),
      ...(this.options.maxFinished !== undefined ? { maxFinished: this.options.maxFinished } : {}),
    });
    await this.outbox.prune();
    // Entries left in `sending` by a crash stay there: they may have reached the radio, and a
    // phone never sends an id twice. The server's lease decides what happens to them.
    this.sendQueue = this.outbox.queued().map((e) => e.id);
    this.sims = await this.transport.listSims();
    if (this.stopped) {
      throw new AgentError('STOPPED', 'the agent was stopped before it connected');
    }

    this.unsubscribers.push(
      this.transport.onPartEvent((event) => void this.onPartEvent(event)),
      this.transport.onIncoming((sms) => void this.onIncoming(sms)),
    );
    const socket = this.socketFactory(this.options.serverUrl, this.options.token);
    this.socket = socket;
    socket.on('connect', () => this.onConnect(socket));
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    socket.on('connect_error', (error) => this.onConnectError(socket, error));
    socket.on('message.send', (payload, ack) => void this.onMessageSend(payload, ack));
    socket.on('device.config', (payload) => this.onDeviceConfig(payload));
    if (!socket.active) {
      socket.connect();
    }
    this.heartbeatTimer = setInterval(() => void this.tick(), this.heartbeatMs);
    this.kick();
    return ready;
  }

  private async doStop(): Promise<void> {
    this.stopped = true;
    if (!this.startSettled && this.rejectStart) {
      this.settleStart(new AgentError('STOPPED', 'the agent was stopped before it connected'));
    }
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.retryTimer);
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const unsubscribe of this.unsubscribers.splice(0)) {
      unsubscribe();
    }
    this.wake();
    this.helloed = false;
    this.socket?.disconnect();
    await this.pumpDone;
  }

  private settleStart(error?: AgentError): void {
    if (this.startSettled) {
      return;
    }
    this.startSettled = true;
    if (error) {
      this.rejectStart?.(error);
    } else {
      this.resolveStart?.();
    }
  }

  private fail(error: AgentError): void {
    if (this.stopped) {
      return;
    }
    this.logger.error(error.message, { code: error.code });
    this.settleStart(error);
    this.emit('fatal', error);
    void this.stop();
  }

  private emit<K extends keyof AgentEvents>(event: K, arg: AgentEvents[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as (arg: AgentEvents[K]) => void)(arg);
      } catch (error) {
        this.logger.error('an agent event listener threw', { event, error: String(error) });
      }
    }
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  // ---- connection ------------------------------------------------------------------------------

  private onConnect(socket: AgentSocket): void {
    if (this.stopped) {
      return;
    }
    const generation = ++this.generation;
    this.logger.info('connected, saying hello');
    void this.sayHello(socket, generation).catch((error: unknown) => {
      this.logger.error('hello failed', { error: String(error) });
    });
  }

  private async sayHello(socket: AgentSocket, generation: number): Promise<void> {
    try {
      this.sims = await this.transport.listSims();
    } catch (error) {
      this.logger.warn('could not list SIMs; using the last known list', { error: String(error) });
    }
    const payload: HelloPayload = {
      appVersion: this.options.appVersion,
      sims: this.sims,
      outbox: this.outbox.summary(),
    };
    let res: unknown;
    try {
      res = await socket.timeout(this.ackTimeoutMs).emitWithAck('hello', payload);
    } catch {
      if (generation === this.generation && !this.stopped) {
        // Without an accepted hello the server does not route to us: start over on a fresh connection.
        this.logger.warn('hello was not acknowledged; reconnecting');
        socket.disconnect().connect();
      }
      return;
    }
    if (generation !== this.generation || this.stopped) {
      return;
    }
    if (!isRecord(res) || res.ok !== true || typeof res.deviceId !== 'string') {
      const code = isRecord(res) && typeof res.code === 'string' ? res.code : 'HELLO_REFUSED';
      this.fail(new AgentError(code, `the server refused hello (${code})`));
      return;
    }
    this.deviceIdValue = res.deviceId;
    const cancel = Array.isArray(res.cancel) ? res.cancel.filter((id): id is string => typeof id === 'string') : [];
    if (cancel.length > 0) {
      await this.cancel(cancel);
      if (generation !== this.generation || this.stopped) {
        return;
      }
    }
    if (Array.isArray(res.resend) && res.resend.length > 0) {
      this.logger.debug?.('server will re-send messages this phone lacks', { count: res.resend.length });
    }
    this.helloed = true;
    this.everHelloed = true;
    this.kickedByServer = false;
    this.lastOnlineAt = monotonic();
    // A new connection is a fresh chance for everything that waited: no backoff carries over.
    this.backoff.clear();
    this.logger.info('hello accepted', { deviceId: res.deviceId, outbox: payload.outbox.length });
    this.flushPending();
    void this.heartbeat();
    this.kick();
    this.emit('ready', { deviceId: res.deviceId });
    this.settleStart();
  }

  private onDisconnect(socket: AgentSocket, reason: string): void {
    this.generation += 1;
    if (this.helloed) {
      this.lastOnlineAt = monotonic();
    }
    this.helloed = false;
    // Acks of the old connection will never come; what was in flight goes again after the next hello.
    this.inFlight.clear();
    if (this.stopped) {
      return;
    }
    this.logger.warn('disconnected', { reason });
    this.emit('disconnected', { reason });
    if (reason === 'io server disconnect') {
      // The server closed us on purpose, and socket.io will not reconnect by itself. A revoked or
      // refused token is final; otherwise (a server restart, a replaced connection) try once more.
      if (!this.everHelloed || this.kickedByServer) {
        this.fail(
          new AgentError(
            'DISCONNECTED_BY_SERVER',
            'the server closed the connection: is the token valid and not revoked?',
          ),
        );
        return;
      }
      this.kickedByServer = true;
      this.later(KICK_RECONNECT_MS, () => {
        if (!this.stopped) {
          socket.connect();
        }
      });
    }
  }

  private onConnectError(socket: AgentSocket, error: Error): void {
    if (this.stopped) {
      return;
    }
    if (!socket.active) {
      // A server middleware refused the handshake; socket.io does not retry that.
      // The code travels in `data.code`, or as the whole message (`next(new Error('UNAUTHENTICATED'))`).
      const data = (error as Error & { data?: unknown }).data;
      const code =
        isRecord(data) && typeof data.code === 'string'
          ? data.code
          : /^[A-Z][A-Z0-9_]*$/.test(error.message)
            ? error.message
            : 'CONNECTION_REFUSED';
      this.fail(new AgentError(code, `the server refused the connection: ${error.message}`));
      return;
    }
    this.logger.warn('cannot reach the server; retrying', { error: error.message });
  }

  private async cancel(ids: string[]): Promise<void> {
    const drop: string[] = [];
    for (const id of ids) {
      const entry = this.outbox.get(id);
      if (entry?.state === 'accepted') {
        drop.push(id);
      } else if (entry) {
        this.logger.warn('server canceled a message already handed to the radio', { id, state: entry.state });
      }
    }
    if (drop.length === 0) {
      return;
    }
    const dropped = new Set(drop);
    this.sendQueue = this.sendQueue.filter((id) => !dropped.has(id));
    this.stats.canceled += drop.length;
    await this.outbox.remove(drop);
    this.logger.info('dropped canceled messages', { count: drop.length });
  }

  private onDeviceConfig(raw: unknown): void {
    const config = parseDeviceConfig(raw);
    if (!config) {
      this.logger.warn('ignored a malformed device.config');
      return;
    }
    const throttle: Partial<ThrottleConfig> = {};
    if (config.sendIntervalMs !== undefined) {
      throttle.sendIntervalMs = config.sendIntervalMs;
    }
    if (config.maxPerMinute !== undefined) {
      throttle.maxPerMinute = config.maxPerMinute;
    }
    this.throttle.configure(throttle);
    if (config.simSlots) {
      this.simSlots = config.simSlots;
    }
    this.logger.info('device config applied', { ...this.throttle.current, simSlots: this.simSlots });
    // A sleeping queue re-evaluates its wait under the new limits.
    this.kick();
  }

  private async tick(): Promise<void> {
    await this.heartbeat();
    try {
      await this.outbox.prune();
    } catch (error) {
      this.logger.warn('could not prune the outbox', { error: String(error) });
    }
  }

  private async heartbeat(): Promise<void> {
    if (!this.canEmit()) {
      return;
    }
    let info: DeviceInfo = {};
    try {
      info = (await this.options.deviceInfo?.()) ?? {};
    } catch (error) {
      this.logger.debug?.('deviceInfo failed', { error: String(error) });
    }
    if (!this.canEmit()) {
      return;
    }
    // Volatile: a heartbeat that cannot go now is worthless later.
    this.socket?.volatile.emit('heartbeat', {
      ...(info.battery !== undefined ? { battery: info.battery } : {}),
      ...(info.charging !== undefined ? { charging: info.charging } : {}),
      ...(info.signal !== undefined ? { signal: info.signal } : {}),
      queueDepth: this.outbox.queueDepth,
    });
  }

  private canEmit(): boolean {
    return !this.stopped && this.helloed && this.socket?.connected === true;
  }

  // ---- accepting messages ----------------------------------------------------------------------

  private async onMessageSend(raw: unknown, ack: unknown): Promise<void> {
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
      this.logger.error('could not store an incoming message', { error: String(error) });
      res = { accepted: false, code: AgentErrorCodes.STORAGE_FAILURE };
    }
    if (!res.accepted) {
      this.stats.refused += 1;
    }
    reply(res);
    // Persisted, then acked, then sent: the queue only sees the id now.
    if (queued !== undefined) {
      this.sendQueue.push(queued);
      this.kick();
    }
  }

  /** `queued` is the id to send, set only for a message new to the outbox. */
  private async accept(raw: unknown): Promise<{ res: MessageSendAck; queued?: string }> {
    const payload = parseMessageSend(raw);
    if (!payload) {
      this.logger.warn('refused a malformed message.send');
      return { res: { accepted: false, code: AgentErrorCodes.INVALID_PAYLOAD } };
    }
    const retry = this.outbox.canRetry(payload);
    if (this.outbox.has(payload.id) && !retry) {
      // At-least-once delivery from the server: acknowledge again, never transmit again.
      this.stats.duplicates += 1;
      await this.outbox.durable(payload.id);
      this.logger.info('duplicate message.send acknowledged without sending', { id: payload.id });
      return { res: { accepted: true } };
    }
    if (Date.parse(payload.expiresAt) <= this.clock().getTime()) {
      this.logger.info('refused an expired message', { id: payload.id });
      return { res: { accepted: false, code: AgentErrorCodes.EXPIRED } };
    }
    if (payload.simSlot !== undefined && !this.sims.some((sim) => sim.slot === payload.simSlot)) {
      this.logger.info('refused a message for a missing SIM', { id: payload.id, simSlot: payload.simSlot });
      return { res: { accepted: false, code: AgentErrorCodes.NO_SUCH_SIM } };
    }
    // The phone's span continues the server's; the outbox keeps its context for the reports.
    const span = startPhoneSpan(payload.id, payload, { 'sms.attempt': payload.attempt });
    const traced = span ? { ...payload, ...span.carrier } : payload;
    await (retry ? this.outbox.retry(traced) : this.outbox.accept(traced));
    if (span) {
      this.spans.get(payload.id)?.end({ status: 'superseded' });
      this.spans.set(payload.id, span);
    }
    this.stats.accepted += 1;
    this.logger.info('message accepted', {
      id: payload.id,
      to: maskPhone(payload.to),
      bodyLength: payload.body.length,
      attempt: payload.attempt,
    });
    return { res: { accepted: true }, queued: payload.id };
  }

  // ---- sending ---------------------------------------------------------------------------------

  private kick(): void {
    this.wake();
    if (!this.pumping && !this.stopped && this.outboxRef) {
      this.pumping = true;
      this.pumpDone = this.pump().catch((error: unknown) => {
        this.logger.error('the send queue stopped on an error', { error: String(error) });
      });
    }
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

  private maySend(): boolean {
    if (this.helloed) {
      return true;
    }
    return this.lastOnlineAt !== undefined && monotonic() - this.lastOnlineAt < this.offlineSendGraceMs;
  }

  /** The one queue: messages go to the radio in acceptance order, one at a time. */
  private async pump(): Promise<void> {
    try {
      while (!this.stopped) {
        const id = this.sendQueue[0];
        if (id === undefined) {
          return;
        }
        const entry = this.outbox.get(id);
        if (!entry || entry.state !== 'accepted') {
          this.sendQueue.shift();
          continue;
        }
        if (!this.maySend()) {
          await this.wait();
          continue;
        }
        if (Date.parse(entry.expiresAt) <= this.clock().getTime()) {
          this.sendQueue.shift();
          this.logger.info('message expired in the queue', { id });
          await this.finishFailed(id, AgentErrorCodes.EXPIRED);
          continue;
        }
        const parts = countSmsParts(entry.body).parts;
        const delay = Math.max(this.throttle.delayFor(parts), this.radioBackoffUntil - monotonic());
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
    const { id } = entry;
    // Write-ahead: once `sending` is durable, a crash can lose this message but never send it twice.
    await this.outbox.update(id, (e) => ({ ...e, state: 'sending' }));
    const simSlot = entry.simSlot ?? this.defaultSimSlot();
    let parts: number;
    try {
      ({ parts } = await this.transport.send({
        id,
        to: entry.to,
        body: entry.body,
        ...(simSlot !== undefined ? { simSlot } : {}),
      }));
    } catch (error) {
      const code = transportErrorCode(error);
      if (code === AgentErrorCodes.THROTTLED) {
        // The platform's own limit: nothing left the phone, so the message waits at the head of the queue.
        this.radioBackoffMs = Math.min(
          Math.max(this.radioBackoffMs * 2, this.platformThrottleRetryMs),
          RADIO_BACKOFF_MAX_MS,
        );
        this.radioBackoffUntil = monotonic() + this.radioBackoffMs;
        this.logger.warn('the platform throttled a send; waiting', { id, waitMs: this.radioBackoffMs });
        await this.outbox.update(id, (e) => ({ ...e, state: 'accepted' }));
        this.sendQueue.unshift(id);
        return;
      }
      this.stats.sendFailures += 1;
      this.logger.warn('the radio refused a send', { id, code });
      await this.finishFailed(id, code);
      return;
    }
    this.radioBackoffMs = 0;
    this.throttle.record(parts);
    this.stats.transmitted += 1;
    this.logger.info('handed to the radio', { id, to: maskPhone(entry.to), parts, simSlot });
    // Informational only, so the queue does not wait for it: it rides along with the next write.
    void this.outbox
      .update(id, (e) => ({ ...e, parts }))
      .catch((error: unknown) => {
        this.logger.warn('could not store the part count', { id, error: String(error) });
      });
  }

  private defaultSimSlot(): number | undefined {
    return this.simSlots.find((slot) => this.sims.some((sim) => sim.slot === slot));
  }

  private async finishFailed(id: string, code: string): Promise<void> {
    const at = this.clock().toISOString();
    await this.outbox.update(id, (e) => ({
      ...e,
      state: 'failed',
      errorCode: code,
      progress: { ...(e.progress ?? initialPartState()), status: 'failed', errorCode: code },
      pendingReports: [...e.pendingReports, statusReport(e, 'failed', at, code)],
    }));
    this.endSpan(id, 'failed', code);
    this.sendReport(id);
  }

  // ---- status reports --------------------------------------------------------------------------

  private async onPartEvent(event: PartEvent): Promise<void> {
    const entry = this.outboxRef?.get(event.messageId);
    if (!entry) {
      this.logger.debug?.('part event for a message not in the outbox', { id: event.messageId });
      return;
    }
    const before = entry.progress ?? initialPartState();
    const after = foldPartEvent(before, event);
    if (after === before) {
      return;
    }
    const at = this.clock().toISOString();
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
      this.stats.sendFailures += 1;
    }
    try {
      await this.outbox.update(event.messageId, (e) => ({
        ...e,
        progress: after,
        state,
        ...(after.errorCode !== undefined ? { errorCode: after.errorCode } : {}),
        pendingReports: [...e.pendingReports, ...reports],
      }));
    } catch (error) {
      this.logger.error('could not store a status change', { id: event.messageId, error: String(error) });
    }
    if (after.status !== 'sending') this.endSpan(event.messageId, after.status, after.errorCode);
    if (reports.length > 0) {
      this.logger.info('status changed', { id: event.messageId, status: after.status });
      this.sendReport(event.messageId);
    }
  }

  private endSpan(id: string, status: string, errorCode?: string): void {
    this.spans.get(id)?.end({ status, ...(errorCode !== undefined ? { errorCode } : {}) });
    this.spans.delete(id);
  }

  private flushPending(): void {
    for (const entry of this.outbox.withPendingReports()) {
      this.sendReport(entry.id);
    }
    for (const item of this.outbox.pendingInbound()) {
      this.sendInbound(item.key);
    }
  }

  /** One report per message in flight, so the server sees a message's statuses in order. */
  private sendReport(id: string): void {
    const key = `m:${id}`;
    const report = this.outboxRef?.get(id)?.pendingReports[0];
    const socket = report ? this.emitter(key) : undefined;
    if (!report || !socket) {
      return;
    }
    const token = this.markInFlight(key);
    socket.timeout(this.ackTimeoutMs).emit('message.status', report, (error, res) => {
      if (this.ackArrived(key, token, error, res)) {
        void this.settleReport(id, report, res).catch((err: unknown) => {
          this.logger.error('could not store an acknowledged report', { id, error: String(err) });
        });
      }
    });
  }

  private async settleReport(id: string, report: MessageStatusPayload, res: OkAck): Promise<void> {
    if (res.ok) {
      this.stats.reportsAcked += 1;
    } else {
      // The server looked at it and said no: repeating it cannot change that answer.
      this.stats.reportsRefused += 1;
      this.logger.warn('the server refused a status report; dropping it', {
        id,
        status: report.status,
        code: res.code,
      });
    }
    const write = this.outbox.update(id, (e) => ({
      ...e,
      pendingReports: e.pendingReports.filter((r) => !(r.status === report.status && r.at === report.at)),
    }));
    this.sendReport(id);
    await write;
  }

  private async onIncoming(sms: IncomingSms): Promise<void> {
    const key = this.idFactory();
    const payload: SmsReceivedPayload = {
      id: key,
      from: sms.from,
      body: sms.body,
      receivedAt: sms.receivedAt.toISOString(),
      simSlot: sms.simSlot,
    };
    this.logger.info('SMS received', { from: maskPhone(sms.from), bodyLength: sms.body.length, simSlot: sms.simSlot });
    try {
      await this.outbox.addInbound(payload, key);
    } catch (error) {
      this.logger.error('could not store a received SMS; forwarding it anyway', { error: String(error) });
    }
    this.sendInbound(key);
  }

  private sendInbound(key: string): void {
    const retryKey = `i:${key}`;
    const item = this.outboxRef?.getInbound(key);
    const socket = item ? this.emitter(retryKey) : undefined;
    if (!item || !socket) {
      return;
    }
    const token = this.markInFlight(retryKey);
    socket.timeout(this.ackTimeoutMs).emit('sms.received', item.payload, (error, res) => {
      if (!this.ackArrived(retryKey, token, error, res)) {
        return;
      }
      if (res.ok) {
        this.stats.inboundAcked += 1;
      } else {
        this.logger.warn('the server refused a received SMS; dropping it', { code: res.code });
      }
      void this.outbox.removeInbound(key).catch((err: unknown) => {
        this.logger.error('could not store an acknowledged SMS', { error: String(err) });
      });
    });
  }

  /** The socket to emit `key` on now, or undefined when it must wait (offline, in flight, backing off). */
  private emitter(key: string): AgentSocket | undefined {
    if (!this.canEmit() || this.inFlight.has(key)) {
      return undefined;
    }
    const backoff = this.backoff.get(key);
    const wait = backoff ? backoff.nextAt - monotonic() : 0;
    if (wait > 0) {
      this.scheduleRetry(wait);
      return undefined;
    }
    return this.socket;
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
      this.logger.warn('the server is busy; will retry', { key, code: (res as { code: string }).code });
    } else if (!error) {
      this.logger.warn('malformed ack; will retry', { key });
    }
    const attempts = (this.backoff.get(key)?.attempts ?? 0) + 1;
    const delay = Math.min(this.statusRetryMs * 2 ** (attempts - 1), this.statusRetryMaxMs);
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
      if (this.canEmit()) {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
