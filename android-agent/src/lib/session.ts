import { io, type Socket } from 'socket.io-client';
import { AgentError, backoffDelay, monotonic, Timers, type AgentLogger } from './agent-common.js';
import {
  AGENT_NAMESPACE,
  AgentRefusalCodes,
  type AgentToServerEvents,
  type HelloPayload,
  type ServerToAgentEvents,
  type SimInfo,
} from './protocol.js';
import type { SmsTransport } from './sms-transport.js';
import { isRecord } from './validate.js';

export type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/** What the heartbeat says about the phone, from the platform (battery manager, telephony). */
export interface DeviceInfo {
  /** Percent, an integer 0..100. */
  battery?: number;
  charging?: boolean;
  /** Signal strength as the platform gives it: dBm (negative) or a 0..4 level, an integer. */
  signal?: number;
  /** Exempt from battery optimisation (re-checked for each heartbeat); null when the platform cannot tell. */
  batteryOptimizationExempt?: boolean | null;
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

export interface SessionOptions {
  serverUrl: string;
  token: string;
  appVersion: string;
  transport: Pick<SmsTransport, 'listSims'>;
  socketFactory: (serverUrl: string, token: string) => AgentSocket;
  ackTimeoutMs: number;
  deviceInfo?: () => DeviceInfo | Promise<DeviceInfo>;
  logger: AgentLogger;
  /** First wait before connecting again after a refusal or a drop by the server, doubled up to `retryMaxMs` (1 s, 60 s). */
  retryMs?: number;
  retryMaxMs?: number;
  /** The wait between tries while the device is disabled (default 5 min). */
  disabledRetryMs?: number;
  /** Spreads the waits (default Math.random), so a fleet refused at once does not return at once. */
  random?: () => number;
}

/** What a refusal means to the phone: stop for good, wait for an operator, or try again soon. */
export type RefusalKind = 'fatal' | 'disabled' | 'transient';

/**
 * Only a bad or revoked token ends the agent. A disabled device may be enabled again, and anything
 * else (INTERNAL when the server's database blinked, RATE_LIMITED, a code this version does not
 * know) passes.
 */
export function classifyRefusal(code: string): RefusalKind {
  switch (code) {
    case AgentRefusalCodes.UNAUTHENTICATED:
      return 'fatal';
    case AgentRefusalCodes.DEVICE_DISABLED:
      return 'disabled';
    default:
      return 'transient';
  }
}

/** What the session asks of the rest of the agent, and tells it. */
export interface SessionHooks {
  /** The outbox as a hello reports it. */
  outboxSummary(): HelloPayload['outbox'];
  queueDepth(): number;
  /** Drops what the hello ack cancels, before the phone counts as online. */
  cancel(ids: string[]): Promise<void>;
  /** A hello was accepted: everything that waited for the server may go. */
  online(deviceId: string): void;
  /** Every disconnect, a stop's included: acks of that connection will never come. */
  connectionLost(): void;
  /** A disconnect while running. */
  disconnected(reason: string): void;
  /** The server refused the phone's token; the session has given up. */
  fatal(error: AgentError): void;
  messageSend(raw: unknown, ack: unknown): void;
  deviceConfig(raw: unknown): void;
}

const RETRY_MS = 1_000;
const RETRY_MAX_MS = 60_000;
const DISABLED_RETRY_MS = 5 * 60_000;

/**
 * The phone's connection to the server (DESIGN.md §5): the socket, the hello that makes the phone
 * routable, reconnecting after the server drops it, and the heartbeat.
 */
export class AgentSession {
  private socket: AgentSocket | undefined;
  private simList: SimInfo[] = [];
  private deviceIdValue: string | undefined;

  private startSettled = false;
  private resolveStart: (() => void) | undefined;
  private rejectStart: ((error: AgentError) => void) | undefined;
  private stopped = false;
  private readonly timers = new Timers();

  /** Bumped on every connect and disconnect: late acks of an older connection are recognised. */
  private generation = 0;
  private helloed = false;
  /** Refusals and drops since the last accepted hello: the back-off's attempt. */
  private retries = 0;
  private lastOnlineAt: number | undefined;

  constructor(
    private readonly options: SessionOptions,
    private readonly hooks: SessionHooks,
  ) {}

  /** The id the server gave this phone, known after the first hello. */
  get deviceId(): string | undefined {
    return this.deviceIdValue;
  }

  /** True between an accepted hello and the next disconnect. */
  get online(): boolean {
    return this.helloed;
  }

  /** The SIMs as last listed (at start and on each hello). */
  get sims(): readonly SimInfo[] {
    return this.simList;
  }

  /** The socket while it can carry events: connected, with its hello accepted. */
  get live(): AgentSocket | undefined {
    return !this.stopped && this.helloed && this.socket?.connected === true ? this.socket : undefined;
  }

  /** Online now, or online less than `ms` ago. */
  onlineWithin(ms: number): boolean {
    if (this.helloed) {
      return true;
    }
    return this.lastOnlineAt !== undefined && monotonic() - this.lastOnlineAt < ms;
  }

  async listSims(): Promise<void> {
    this.simList = await this.options.transport.listSims();
  }

  /**
   * Opens the socket; resolves after the first accepted hello, rejects when the server refuses the
   * token. Other refusals are retried, so the promise may wait a long time (a disabled device).
   */
  connect(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      this.resolveStart = resolve;
      this.rejectStart = reject;
    });
    const socket = this.options.socketFactory(this.options.serverUrl, this.options.token);
    this.socket = socket;
    socket.on('connect', () => this.onConnect(socket));
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
    socket.on('connect_error', (error) => this.onConnectError(socket, error));
    socket.on('message.send', (payload, ack) => this.hooks.messageSend(payload, ack));
    socket.on('device.config', (payload) => this.hooks.deviceConfig(payload));
    if (!socket.active) {
      socket.connect();
    }
    return ready;
  }

  stop(): void {
    this.stopped = true;
    this.settleStart(new AgentError('STOPPED', 'the agent was stopped before it connected'));
    this.timers.clear();
    this.helloed = false;
    this.socket?.disconnect();
  }

  async heartbeat(): Promise<void> {
    if (!this.live) {
      return;
    }
    let info: DeviceInfo = {};
    try {
      info = (await this.options.deviceInfo?.()) ?? {};
    } catch (error) {
      this.options.logger.debug?.('deviceInfo failed', { error: String(error) });
    }
    // Volatile: a heartbeat that cannot go now is worthless later.
    this.live?.volatile.emit('heartbeat', {
      ...(info.battery !== undefined ? { battery: info.battery } : {}),
      ...(info.charging !== undefined ? { charging: info.charging } : {}),
      ...(info.signal !== undefined ? { signal: info.signal } : {}),
      ...(info.batteryOptimizationExempt !== undefined
        ? { batteryOptimizationExempt: info.batteryOptimizationExempt }
        : {}),
      queueDepth: this.hooks.queueDepth(),
    });
  }

  private settleStart(error?: AgentError): void {
    if (this.startSettled || !this.resolveStart) {
      return;
    }
    this.startSettled = true;
    if (error) {
      this.rejectStart?.(error);
    } else {
      this.resolveStart();
    }
  }

  private fail(error: AgentError): void {
    if (this.stopped) {
      return;
    }
    this.options.logger.error(error.message, { code: error.code });
    this.settleStart(error);
    this.hooks.fatal(error);
  }

  private onConnect(socket: AgentSocket): void {
    if (this.stopped) {
      return;
    }
    const generation = ++this.generation;
    this.options.logger.info('connected, saying hello');
    void this.sayHello(socket, generation).catch((error: unknown) => {
      this.options.logger.error('hello failed', { error: String(error) });
    });
  }

  private current(generation: number): boolean {
    return generation === this.generation && !this.stopped;
  }

  private async sayHello(socket: AgentSocket, generation: number): Promise<void> {
    const { logger } = this.options;
    try {
      await this.listSims();
    } catch (error) {
      logger.warn('could not list SIMs; using the last known list', { error: String(error) });
    }
    const payload: HelloPayload = {
      appVersion: this.options.appVersion,
      sims: this.simList,
      outbox: this.hooks.outboxSummary(),
    };
    let res: unknown;
    try {
      res = await socket.timeout(this.options.ackTimeoutMs).emitWithAck('hello', payload);
    } catch {
      if (this.current(generation)) {
        // Without an accepted hello the server does not route to us: start over on a fresh connection.
        socket.disconnect();
        this.retryLater(socket, 'HELLO_TIMEOUT', 'hello was not acknowledged');
      }
      return;
    }
    if (!this.current(generation)) {
      return;
    }
    if (!isRecord(res) || res.ok !== true || typeof res.deviceId !== 'string') {
      const code = isRecord(res) && typeof res.code === 'string' ? res.code : 'HELLO_REFUSED';
      // Not routable without an accepted hello: the next try starts on a fresh connection.
      socket.disconnect();
      this.refused(socket, code, `the server refused hello (${code})`);
      return;
    }
    this.deviceIdValue = res.deviceId;
    const cancel = Array.isArray(res.cancel) ? res.cancel.filter((id): id is string => typeof id === 'string') : [];
    if (cancel.length > 0) {
      await this.hooks.cancel(cancel);
      if (!this.current(generation)) {
        return;
      }
    }
    if (Array.isArray(res.resend) && res.resend.length > 0) {
      logger.debug?.('server will re-send messages this phone lacks', { count: res.resend.length });
    }
    this.helloed = true;
    this.retries = 0;
    this.lastOnlineAt = monotonic();
    logger.info('hello accepted', { deviceId: res.deviceId, outbox: payload.outbox.length });
    void this.heartbeat();
    this.hooks.online(res.deviceId);
    this.settleStart();
  }

  private onDisconnect(socket: AgentSocket, reason: string): void {
    this.generation += 1;
    if (this.helloed) {
      this.lastOnlineAt = monotonic();
    }
    this.helloed = false;
    this.hooks.connectionLost();
    if (this.stopped) {
      return;
    }
    this.options.logger.warn('disconnected', { reason });
    this.hooks.disconnected(reason);
    if (reason === 'io server disconnect') {
      // The server closed us on purpose (a revoke, a disable, a replaced connection, a flood), and
      // socket.io will not reconnect by itself. The handshake of the next try says which it was.
      this.retryLater(socket, 'DISCONNECTED_BY_SERVER', 'the server closed the connection');
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
      this.refused(socket, code, `the server refused the connection: ${error.message}`);
      return;
    }
    this.options.logger.warn('cannot reach the server; retrying', { error: error.message });
  }

  /** A refusal of the handshake or of hello: final for a bad token, retried otherwise. */
  private refused(socket: AgentSocket, code: string, message: string): void {
    if (classifyRefusal(code) === 'fatal') {
      this.fail(new AgentError(code, message));
      return;
    }
    this.retryLater(socket, code, message);
  }

  /** Connects `socket` again after the back-off (jittered), or the slow wait of a disabled device. */
  private retryLater(socket: AgentSocket, code: string, message: string): void {
    if (this.stopped) {
      return;
    }
    const { retryMs = RETRY_MS, retryMaxMs = RETRY_MAX_MS, disabledRetryMs = DISABLED_RETRY_MS } = this.options;
    const random = this.options.random ?? Math.random;
    this.retries += 1;
    const delayMs =
      classifyRefusal(code) === 'disabled'
        ? backoffDelay(1, disabledRetryMs, disabledRetryMs, random)
        : backoffDelay(this.retries, retryMs, Math.max(retryMs, retryMaxMs), random);
    this.options.logger.warn(`${message}; trying again`, { code, delayMs, attempt: this.retries });
    this.timers.later(delayMs, () => {
      if (!this.stopped) {
        socket.connect();
      }
    });
  }
}
