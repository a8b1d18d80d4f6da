import { AgentError, emptyStats, monotonic, noopLogger, type AgentLogger, type AgentStats } from './agent-common.js';
import { Outbox, type OutboxEntry, type OutboxStore } from './outbox.js';
import { Reporter } from './reporter.js';
import { SendPump, THROTTLE_STATE_KEY } from './send-pump.js';
import { AgentSession, defaultSocketFactory, type AgentSocket, type DeviceInfo } from './session.js';
import type { SmsTransport } from './sms-transport.js';
import { SendThrottle, type ThrottleConfig } from './throttle.js';

export { AgentError, type AgentLogger, type AgentStats } from './agent-common.js';
export { defaultSocketFactory, type AgentSocket, type DeviceInfo } from './session.js';

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
  /** How long the halved rate after such a refusal lasts (default 30 min, Android's window). */
  platformSlowdownMs?: number;
  /** Outbox retention of finished entries (defaults: 24 h, 10,000 entries). */
  retentionMs?: number;
  maxFinished?: number;
  deviceInfo?: () => DeviceInfo | Promise<DeviceInfo>;
  /**
   * First wait before connecting again after the server refused or dropped the phone (INTERNAL,
   * RATE_LIMITED, …), doubled and jittered up to `reconnectRetryMaxMs` (defaults 1 s, 60 s).
   */
  reconnectRetryMs?: number;
  reconnectRetryMaxMs?: number;
  /** The wait between tries while the device is disabled (default 5 min). */
  disabledRetryMs?: number;
  logger?: AgentLogger;
  /** Ids for received SMS; defaults to `crypto.randomUUID`. */
  idFactory?: () => string;
}

export interface AgentEvents {
  /** Every accepted hello, the first one included. */
  ready: { deviceId: string };
  disconnected: { reason: string };
  /** The agent stopped itself: the server refused its token (unknown or revoked). */
  fatal: AgentError;
}

/**
 * The phone side of the agent protocol (DESIGN.md §5), in three parts over one durable outbox:
 * the session (socket, hello, reconnect), the send pump (accept, queue, throttle, radio) and the
 * reporter (status reports and received SMS, retried until the server acknowledges them).
 */
export class GatewayAgent {
  readonly stats: AgentStats = emptyStats();

  private readonly clock: () => Date;
  private readonly logger: AgentLogger;
  private readonly ackTimeoutMs: number;
  private readonly throttle: SendThrottle;
  private readonly session: AgentSession;
  private readonly listeners = new Map<keyof AgentEvents, Set<(arg: never) => void>>();

  private outbox: Outbox | undefined;
  private pump: SendPump | undefined;
  private reporter: Reporter | undefined;
  private startPromise: Promise<void> | undefined;
  private stopPromise: Promise<void> | undefined;
  private stopped = false;
  private unsubscribers: (() => void)[] = [];
  private tickTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: GatewayAgentOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? noopLogger;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.throttle = new SendThrottle(options.throttle, monotonic, options.platformSlowdownMs);
    this.session = new AgentSession(
      {
        serverUrl: options.serverUrl,
        token: options.token,
        appVersion: options.appVersion,
        transport: options.transport,
        socketFactory: options.socketFactory ?? defaultSocketFactory,
        ackTimeoutMs: this.ackTimeoutMs,
        ...(options.deviceInfo ? { deviceInfo: options.deviceInfo } : {}),
        ...(options.reconnectRetryMs !== undefined ? { retryMs: options.reconnectRetryMs } : {}),
        ...(options.reconnectRetryMaxMs !== undefined ? { retryMaxMs: options.reconnectRetryMaxMs } : {}),
        ...(options.disabledRetryMs !== undefined ? { disabledRetryMs: options.disabledRetryMs } : {}),
        logger: this.logger,
      },
      {
        outboxSummary: () => this.outbox?.summary() ?? [],
        queueDepth: () => this.queueDepth,
        cancel: (ids) => this.pump?.cancel(ids) ?? Promise.resolve(),
        online: (deviceId) => {
          this.reporter?.online();
          this.pump?.kick();
          this.emit('ready', { deviceId });
        },
        connectionLost: () => this.reporter?.connectionLost(),
        disconnected: (reason) => this.emit('disconnected', { reason }),
        fatal: (error) => {
          this.emit('fatal', error);
          void this.stop();
        },
        messageSend: (raw, ack) => void this.pump?.onMessageSend(raw, ack),
        deviceConfig: (raw) => this.pump?.onDeviceConfig(raw),
      },
    );
  }

  /** The id the server gave this phone, known after the first hello. */
  get deviceId(): string | undefined {
    return this.session.deviceId;
  }

  /** True between an accepted hello and the next disconnect. */
  get connected(): boolean {
    return this.session.online;
  }

  get queueDepth(): number {
    return this.outbox?.queueDepth ?? 0;
  }

  get throttleConfig(): ThrottleConfig {
    return this.throttle.current;
  }

  /** A copy of one outbox entry, for diagnostics and tests. */
  outboxEntry(id: string): OutboxEntry | undefined {
    const entry = this.outbox?.get(id);
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

  /** Resolves after the first accepted hello; rejects when the server refuses the token. */
  start(): Promise<void> {
    this.startPromise ??= this.doStart();
    return this.startPromise;
  }

  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  private async doStart(): Promise<void> {
    const { options, logger, clock } = this;
    const outbox = await Outbox.open(options.store, {
      clock,
      ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}),
      ...(options.maxFinished !== undefined ? { maxFinished: options.maxFinished } : {}),
    });
    this.outbox = outbox;
    // Android's limit remembers what the phone sent before a restart, and so does the pacing.
    this.throttle.restore(outbox.savedState(THROTTLE_STATE_KEY), clock());
    await outbox.prune();
    const statusRetryMs = options.statusRetryMs ?? 1_000;
    const reporter = new Reporter({
      outbox,
      clock,
      logger,
      stats: this.stats,
      statusRetryMs,
      statusRetryMaxMs: Math.max(options.statusRetryMaxMs ?? 30_000, statusRetryMs),
      ackTimeoutMs: this.ackTimeoutMs,
      idFactory: options.idFactory ?? (() => globalThis.crypto.randomUUID()),
      socket: () => this.session.live,
      platformThrottled: (id) => this.pump?.platformThrottled(id) ?? Promise.resolve(),
    });
    const pump = new SendPump({
      outbox,
      transport: options.transport,
      throttle: this.throttle,
      clock,
      logger,
      stats: this.stats,
      offlineSendGraceMs: options.offlineSendGraceMs ?? 60_000,
      platformThrottleRetryMs: options.platformThrottleRetryMs ?? 5_000,
      sims: () => this.session.sims,
      onlineWithin: (ms) => this.session.onlineWithin(ms),
      outcomes: reporter,
    });
    this.reporter = reporter;
    this.pump = pump;
    await this.session.listSims();
    if (this.stopped) {
      throw new AgentError('STOPPED', 'the agent was stopped before it connected');
    }

    this.unsubscribers.push(
      options.transport.onPartEvent((event) => void reporter.onPartEvent(event)),
      options.transport.onIncoming((sms) => void reporter.onIncoming(sms)),
    );
    const ready = this.session.connect();
    this.tickTimer = setInterval(() => void this.tick(), options.heartbeatMs ?? 30_000);
    pump.kick();
    return ready;
  }

  private async doStop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.tickTimer);
    // Before the socket closes: the acks it fails must not schedule retries.
    this.reporter?.stop();
    const pumped = this.pump?.stop();
    for (const unsubscribe of this.unsubscribers.splice(0)) {
      unsubscribe();
    }
    this.session.stop();
    await pumped;
  }

  private async tick(): Promise<void> {
    await this.session.heartbeat();
    try {
      await this.outbox?.prune();
    } catch (error) {
      this.logger.warn('could not prune the outbox', { error: String(error) });
    }
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
}
