import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type {
  AgentToServerEvents,
  HeartbeatPayload,
  HelloAck,
  HelloPayload,
  MessageSendAck,
  MessageSendPayload,
  MessageStatusPayload,
  OkAck,
  ServerToAgentEvents,
  SmsReceivedPayload,
} from '../../protocol.js';
import { AGENT_NAMESPACE } from '../../protocol.js';
import { waitFor } from './wait-for.js';

type ServerSocket = Socket<AgentToServerEvents, ServerToAgentEvents>;

export interface Received<T> {
  payload: T;
  /** 1 for the first connection of any phone, 2 for the next, and so on. */
  connection: number;
}

export interface TestServerOptions {
  token?: string;
  deviceId?: string;
  /** Pairing codes `POST /v1/agent/pair` accepts (each once). */
  pairingCodes?: string[];
  /** Answer to hello; `undefined` withholds the ack. */
  onHello?: (payload: HelloPayload, connection: number) => HelloAck | { ok: false; code: string } | undefined;
  /** Answer to a status report; `undefined` withholds the ack. Called with how many reports came before. */
  onStatus?: (payload: MessageStatusPayload, index: number, connection: number) => OkAck | undefined;
  onInbound?: (payload: SmsReceivedPayload, index: number) => OkAck | undefined;
  /** A code to refuse the handshake with (as the gateway's middleware does), or undefined to go on; `attempt` counts from 1. */
  onHandshake?: (attempt: number) => string | undefined;
  /** Disconnects every socket right after it connects, as a NestJS gateway does when auth fails. */
  kickOnConnect?: boolean;
  onConnection?: (socket: ServerSocket, connection: number) => void;
}

/** A small real Socket.IO server speaking the agent protocol, for black-box tests of the agent. */
export class TestServer {
  readonly hellos: Received<HelloPayload>[] = [];
  readonly statuses: Received<MessageStatusPayload>[] = [];
  readonly inbound: Received<SmsReceivedPayload>[] = [];
  readonly heartbeats: Received<HeartbeatPayload>[] = [];
  readonly pairRequests: unknown[] = [];
  url = '';
  token: string;
  deviceId: string;
  connections = 0;
  handshakes = 0;
  socket: ServerSocket | undefined;

  private readonly http: HttpServer;
  private readonly io: Server<AgentToServerEvents, ServerToAgentEvents>;
  private readonly pairingCodes: Set<string>;

  constructor(private readonly options: TestServerOptions = {}) {
    this.token = options.token ?? 'test-token';
    this.deviceId = options.deviceId ?? 'dev_test';
    this.pairingCodes = new Set(options.pairingCodes ?? []);
    this.http = createServer((req, res) => void this.handleHttp(req, res));
    this.io = new Server(this.http, { transports: ['websocket'] });
    const nsp = this.io.of(AGENT_NAMESPACE);
    nsp.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown };
      const refusal = this.options.onHandshake?.(++this.handshakes);
      if (refusal !== undefined) {
        next(new Error(refusal));
        return;
      }
      if (this.options.kickOnConnect || auth.token === this.token) {
        next();
        return;
      }
      // As the gateway does: the code is the whole message.
      next(new Error('UNAUTHENTICATED'));
    });
    nsp.on('connection', (socket: ServerSocket) => this.onConnection(socket));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await this.io.close();
  }

  /** Sends `message.send` to the connected phone and resolves with its ack. */
  async send(payload: Partial<MessageSendPayload> & { id: string }): Promise<MessageSendAck> {
    const socket = await waitFor(() => (this.socket?.connected ? this.socket : undefined), {
      message: 'a phone is connected',
    });
    return socket.timeout(5_000).emitWithAck('message.send', {
      to: '+4915112345689',
      body: 'hello',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      attempt: 1,
      ...payload,
    });
  }

  /** Emits anything as `message.send`, for payloads a typed call would not allow. */
  async sendRaw(payload: unknown): Promise<MessageSendAck> {
    const socket = await waitFor(() => (this.socket?.connected ? this.socket : undefined));
    // The point is to send a payload outside the contract.
    return socket.timeout(5_000).emitWithAck('message.send', payload as MessageSendPayload);
  }

  statusesOf(id: string): string[] {
    return this.statuses.filter((s) => s.payload.id === id).map((s) => s.payload.status);
  }

  /** Drops the transport under the phone (a network loss): the phone reconnects by itself. */
  dropConnection(): void {
    this.socket?.conn.close();
  }

  private onConnection(socket: ServerSocket): void {
    const connection = ++this.connections;
    this.socket = socket;
    if (this.options.kickOnConnect) {
      socket.disconnect(true);
      return;
    }
    this.options.onConnection?.(socket, connection);
    socket.on('hello', (payload, ack) => {
      this.hellos.push({ payload, connection });
      const res = this.options.onHello
        ? this.options.onHello(payload, connection)
        : { ok: true as const, deviceId: this.deviceId };
      if (res) {
        ack(res);
      }
    });
    socket.on('message.status', (payload, ack) => {
      const index = this.statuses.length;
      this.statuses.push({ payload, connection });
      const res = this.options.onStatus ? this.options.onStatus(payload, index, connection) : { ok: true as const };
      if (res) {
        ack(res);
      }
    });
    socket.on('sms.received', (payload, ack) => {
      const index = this.inbound.length;
      this.inbound.push({ payload, connection });
      const res = this.options.onInbound ? this.options.onInbound(payload, index) : { ok: true as const };
      if (res) {
        ack(res);
      }
    });
    socket.on('heartbeat', (payload) => {
      this.heartbeats.push({ payload, connection });
    });
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/v1/agent/pair') {
      res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ code: 'NOT_FOUND' }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string };
    this.pairRequests.push(body);
    if (typeof body.code !== 'string' || !this.pairingCodes.delete(body.code)) {
      res.writeHead(422, { 'content-type': 'application/problem+json' }).end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Invalid pairing code',
          status: 422,
          detail: 'The pairing code is unknown, used or expired.',
          code: 'INVALID_PAIRING_CODE',
        }),
      );
      return;
    }
    res
      .writeHead(201, { 'content-type': 'application/json' })
      .end(JSON.stringify({ deviceId: this.deviceId, token: this.token }));
  }
}
