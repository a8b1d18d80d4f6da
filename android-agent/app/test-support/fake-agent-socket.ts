import type {
  AgentSocket,
  HelloAck,
  HelloPayload,
  MessageSendAck,
  MessageSendPayload,
  OkAck,
} from '../../src/lib/index';

type Handler = (...args: unknown[]) => void;

export interface FakeServerOptions {
  deviceId?: string;
  /** The answer to `hello`; accepted by default. */
  onHello?: (payload: HelloPayload) => HelloAck | { ok: false; code: string };
}

/**
 * The server end of the agent's socket, in memory: jest tests run the real GatewayAgent without a
 * network. Covers the part of socket.io's client API the agent uses.
 */
export class FakeAgentServer {
  readonly hellos: HelloPayload[] = [];
  readonly statuses: unknown[] = [];
  /** `sms.received` payloads, in order. */
  readonly received: unknown[] = [];
  readonly heartbeats: unknown[] = [];
  socket: FakeSocket | undefined;

  constructor(readonly options: FakeServerOptions = {}) {}

  factory = (): AgentSocket => {
    this.socket = new FakeSocket(this);
    return this.socket as unknown as AgentSocket;
  };

  answerHello(payload: HelloPayload): HelloAck | { ok: false; code: string } {
    this.hellos.push(payload);
    return this.options.onHello?.(payload) ?? { ok: true, deviceId: this.options.deviceId ?? 'dev_1' };
  }

  /** As the server's `message.send`: resolves with the phone's ack. */
  send(payload: MessageSendPayload): Promise<MessageSendAck> {
    return new Promise((resolve) => this.require().deliver('message.send', payload, resolve));
  }

  config(payload: unknown): void {
    this.require().deliver('device.config', payload);
  }

  private require(): FakeSocket {
    if (!this.socket?.connected) {
      throw new Error('no phone is connected');
    }
    return this.socket;
  }
}

class FakeSocket {
  active = false;
  connected = false;
  private readonly handlers = new Map<string, Handler[]>();

  constructor(private readonly server: FakeAgentServer) {}

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  connect(): this {
    this.active = true;
    setTimeout(() => {
      if (this.active && !this.connected) {
        this.connected = true;
        this.deliver('connect');
      }
    }, 0);
    return this;
  }

  disconnect(): this {
    const was = this.connected;
    this.active = false;
    this.connected = false;
    if (was) {
      this.deliver('disconnect', 'io client disconnect');
    }
    return this;
  }

  timeout(_ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown): Promise<unknown> =>
        Promise.resolve(event === 'hello' ? this.server.answerHello(payload as HelloPayload) : { ok: true }),
      emit: (event: string, payload: unknown, ack: (error: Error | null, res: OkAck) => void): void => {
        if (event === 'message.status') {
          this.server.statuses.push(payload);
        }
        if (event === 'sms.received') {
          this.server.received.push(payload);
        }
        setTimeout(() => ack(null, { ok: true }), 0);
      },
    };
  }

  get volatile() {
    return {
      emit: (_event: string, payload: unknown): void => {
        this.server.heartbeats.push(payload);
      },
    };
  }

  deliver(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      handler(...args);
    }
  }
}
