import smpp, { type PDU, type Session } from 'smpp';
import { SendRate } from './send-rate.js';
import { commandStatusName, isPermanent } from './smpp-status.js';

export type LinkState = 'connecting' | 'bound' | 'reconnecting' | 'down';

export interface SmppLinkSettings {
  /** The host is not here: the link asks `LinkHooks.target` for the address before every attempt. */
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  bindMode: 'transceiver' | 'transmitter';
  tps: number;
  windowSize: number;
  enquireLinkSeconds: number;
}

export interface LinkTimings {
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** How long a submit_sm_resp, bind_resp or enquire_link_resp may take. */
  responseTimeoutMs: number;
  /** How long a throttled link keeps its halved rate before stepping back up. */
  throttleSlowdownMs: number;
}

export interface LinkCounters {
  submitted: number;
  rejected: number;
  throttled: number;
  receipts: number;
  inbound: number;
  reconnects: number;
}

export interface LinkHooks {
  /**
   * The address to dial, asked before every connect attempt (the first and each reconnect): the
   * host is resolved and checked each time, and the link dials the checked address, never the name.
   * A refusal (`LinkTargetRefused`) or a lookup failure is a failed attempt, retried with backoff.
   */
  target(): Promise<string>;
  state(state: LinkState, detail: string | null): void;
  /** A deliver_sm from the SMSC (receipt or inbound SMS); the answer is the deliver_sm_resp's command_status. */
  deliverSm(pdu: PDU): Promise<number>;
  log(level: 'debug' | 'warn', message: string, extra?: Record<string, unknown>): void;
}

export type SubmitResult =
  { ok: true; messageId: string } | { ok: false; code: string; permanent: boolean; status?: number };

/** The host may not be dialled now (it does not resolve, or resolves to a refused address). */
export class LinkTargetRefused extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'LinkTargetRefused';
  }
}

/**
 * What a failed connection shows in `stateDetail`: a fixed text per kind of failure, never the
 * socket error's own message (it names internal addresses and ports).
 */
export function describeSocketError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connection reset by the SMSC';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host did not resolve';
    default:
      return 'connection failed';
  }
}

interface Waiter {
  resolve: (granted: boolean) => void;
  timer: NodeJS.Timeout;
}

/** Exponential backoff with full jitter: a random delay up to base·2^attempt, capped. */
export function reconnectDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(baseMs / 2 + random() * Math.max(0, ceiling - baseMs / 2));
}

/**
 * One SMPP session to a carrier, kept bound: connect, bind (transceiver or transmitter), an
 * enquire_link every N seconds (an unanswered one drops the link), reconnect with exponential
 * backoff and jitter after any loss. Submits wait for the bind, a free slot in the window of
 * unanswered submit_sm, and a token of the TPS bucket; ESME_RTHROTTLED halves the rate and the
 * submit tries again until its deadline. Knows nothing of messages: it moves PDUs.
 */
export class SmppLink {
  readonly counters: LinkCounters = { submitted: 0, rejected: 0, throttled: 0, receipts: 0, inbound: 0, reconnects: 0 };
  private session?: Session;
  private bound = false;
  private everBound = false;
  private stopped = false;
  private attempt = 0;
  private state: LinkState = 'connecting';
  private detail: string | null = null;
  private reported: { state: LinkState; detail: string | null } = { state: 'connecting', detail: null };
  private readonly rate: SendRate;
  private readonly waiters: Waiter[] = [];
  private inFlight = 0;
  private readonly outstanding = new Set<(result: PDU | 'lost') => void>();
  private reconnectTimer?: NodeJS.Timeout;
  private pumpTimer?: NodeJS.Timeout;
  private enquireTimer?: NodeJS.Timeout;
  private enquirePending = false;

  constructor(
    private readonly settings: SmppLinkSettings,
    private readonly timings: LinkTimings,
    private readonly hooks: LinkHooks,
  ) {
    this.rate = new SendRate(settings.tps, timings.throttleSlowdownMs);
  }

  get currentState(): LinkState {
    return this.state;
  }

  get lastError(): string | null {
    return this.detail;
  }

  /** Submits per second the link allows now (lower than the TPS while throttled). */
  get currentRate(): number {
    return this.rate.current;
  }

  start(): void {
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.pumpTimer);
    clearInterval(this.enquireTimer);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    const session = this.session;
    if (!session) return;
    if (this.bound) {
      // A polite unbind, but no waiting on an SMSC that does not answer it.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        session.unbind(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    session.destroy();
  }

  /** Tells the hooks of a new state, or of a new reason for the same one (a reconnect that fails differently). */
  private setState(state: LinkState, detail?: string | null): void {
    const before = this.reported;
    this.detail = state === 'bound' ? null : (detail ?? this.detail);
    this.state = state;
    if (before.state === state && before.detail === this.detail) return;
    this.reported = { state, detail: this.detail };
    this.hooks.state(state, this.detail);
  }

  private connect(): void {
    if (this.stopped) return;
    this.hooks.target().then(
      (address) => this.dial(address),
      (error: unknown) => {
        if (this.stopped) return;
        this.detail = error instanceof LinkTargetRefused ? error.detail : 'host did not resolve';
        this.retry(undefined, false);
      },
    );
  }

  private dial(address: string): void {
    if (this.stopped) return;
    const session = smpp.connect({ host: address, port: this.settings.port });
    this.session = session;
    let refused: string | undefined;
    const bindTimer = setTimeout(() => {
      refused = undefined;
      this.detail = 'no bind_resp in time';
      session.destroy();
    }, this.timings.responseTimeoutMs + 5000);
    session.on('connect', () => {
      const bind = this.settings.bindMode === 'transmitter' ? 'bind_transmitter' : 'bind_transceiver';
      session[bind](
        {
          system_id: this.settings.systemId,
          password: this.settings.password,
          system_type: this.settings.systemType,
          interface_version: 0x34,
        },
        (pdu) => {
          clearTimeout(bindTimer);
          if (pdu.command_status !== 0) {
            refused = `bind refused: ${commandStatusName(pdu.command_status)}`;
            session.destroy();
            return;
          }
          this.bound = true;
          this.everBound = true;
          this.attempt = 0;
          this.setState('bound');
          this.startEnquireLink(session);
          this.pump();
        },
      );
    });
    session.on('error', (error: Error) => {
      this.detail = describeSocketError(error);
    });
    session.on('close', () => {
      clearTimeout(bindTimer);
      this.closed(session, refused);
    });
    session.on('deliver_sm', (pdu: PDU) => {
      this.hooks
        .deliverSm(pdu)
        .catch(() => smpp.errors.ESME_RX_T_APPN)
        .then((status) => session.send(pdu.response(status === 0 ? {} : { command_status: status })))
        .catch(() => undefined);
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
  }

  private startEnquireLink(session: Session): void {
    clearInterval(this.enquireTimer);
    this.enquirePending = false;
    this.enquireTimer = setInterval(() => {
      if (this.enquirePending) {
        // The last one went unanswered for a whole period: the link is dead even if TCP says otherwise.
        this.detail = 'enquire_link unanswered';
        session.destroy();
        return;
      }
      this.enquirePending = true;
      session.enquire_link(() => {
        this.enquirePending = false;
      });
    }, this.settings.enquireLinkSeconds * 1000);
  }

  private closed(session: Session, refused: string | undefined): void {
    if (session !== this.session) return;
    const wasBound = this.bound;
    this.bound = false;
    this.session = undefined;
    clearInterval(this.enquireTimer);
    for (const settle of [...this.outstanding]) settle('lost');
    if (this.stopped) return;
    this.retry(refused, wasBound);
  }

  /** After a failed attempt or a lost session: the state it leaves, and the next attempt after a backoff. */
  private retry(refused: string | undefined, wasBound: boolean): void {
    if (wasBound) this.counters.reconnects += 1;
    const delay = reconnectDelay(this.attempt, this.timings.reconnectBaseMs, this.timings.reconnectMaxMs);
    this.attempt += 1;
    // A refused bind will be refused again until someone fixes the settings: down, still retrying slowly.
    if (refused) this.setState('down', refused);
    else if (this.everBound && this.attempt <= 5) this.setState('reconnecting', this.detail);
    else this.setState('down', this.detail ?? 'connection failed');
    this.hooks.log('debug', 'smpp link closed; reconnecting', { delay, attempt: this.attempt, reason: this.detail });
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Hands out window slots, in order, while the link is bound and the bucket has tokens. */
  private pump(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    while (this.bound && this.waiters.length > 0 && this.inFlight < this.settings.windowSize) {
      const wait = this.rate.take();
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => this.pump(), wait);
        return;
      }
      const waiter = this.waiters.shift()!;
      clearTimeout(waiter.timer);
      this.inFlight += 1;
      waiter.resolve(true);
    }
  }

  private acquire(deadline: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(
          () => {
            const i = this.waiters.indexOf(waiter);
            if (i >= 0) this.waiters.splice(i, 1);
            resolve(false);
          },
          Math.max(0, deadline - Date.now()),
        ),
      };
      this.waiters.push(waiter);
      this.pump();
    });
  }

  /** Sends one submit_sm on a slot already taken; the slot is freed when its answer (or its loss) comes. */
  private send(params: Record<string, unknown>): Promise<PDU | 'lost' | 'timeout'> {
    const session = this.session;
    return new Promise((resolve) => {
      let done = false;
      const settle = (result: PDU | 'lost' | 'timeout') => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.outstanding.delete(settle);
        this.inFlight -= 1;
        resolve(result);
        this.pump();
      };
      const timer = setTimeout(() => settle('timeout'), this.timings.responseTimeoutMs);
      this.outstanding.add(settle);
      if (!session || !this.bound || !session.send(new smpp.PDU('submit_sm', params), (pdu) => settle(pdu))) {
        settle('lost');
      }
    });
  }

  /**
   * One submit_sm until `deadline`: waits for bind, window and rate; a throttled answer slows the
   * link and tries again. A lost connection or a missing answer is transient: the SMSC may or may
   * not have the part, and the caller decides whether to try again.
   */
  async submit(params: Record<string, unknown>, deadline: number): Promise<SubmitResult> {
    for (;;) {
      if (!(await this.acquire(deadline))) {
        return { ok: false, code: this.bound ? 'SMPP_TIMEOUT' : 'SMPP_NOT_BOUND', permanent: false };
      }
      const answer = await this.send(params);
      if (answer === 'lost') return { ok: false, code: 'SMPP_CONNECTION_LOST', permanent: false };
      if (answer === 'timeout') return { ok: false, code: 'SMPP_RESPONSE_TIMEOUT', permanent: false };
      const status = answer.command_status;
      if (status === 0) {
        this.counters.submitted += 1;
        return { ok: true, messageId: typeof answer.message_id === 'string' ? answer.message_id : '' };
      }
      if (status === smpp.errors.ESME_RTHROTTLED) {
        this.counters.throttled += 1;
        this.rate.throttled();
        this.hooks.log('debug', 'smsc throttled; slowing down', { rate: this.rate.current });
        if (Date.now() < deadline) continue;
      }
      this.counters.rejected += 1;
      return { ok: false, code: `SMPP_${commandStatusName(status)}`, permanent: isPermanent(status), status };
    }
  }
}
