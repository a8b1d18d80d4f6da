import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Namespace, Socket } from 'socket.io';
import {
  AGENT_NAMESPACE,
  AgentRefusalCodes,
  type AgentToServerEvents,
  type HelloAck,
  type OkAck,
  type ServerToAgentEvents,
} from '@sms-gateway/android-agent/protocol';
import { AppConfig } from '@/config/app-config.js';
import { AppError } from '@/common/errors.js';
import { validatePayload } from '@/common/validate-payload.js';
import { SpanKind, traced } from '@/common/trace.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { AgentConnections, controlRoom, dispatchRoom } from './agent-connections.js';
import { FleetState } from './fleet-state.js';
import { DevicesService, type DeviceRef } from './devices.service.js';
import { HeartbeatDto, HelloDto, MessageStatusDto, SmsReceivedDto } from './dto/agent-events.dto.js';

type AgentSocket = Socket<
  AgentToServerEvents,
  ServerToAgentEvents,
  Record<string, never>,
  { device?: DeviceRef; ready?: boolean; joinedAt?: Date }
>;

function refusal(error: unknown): { ok: false; code: string } {
  return { ok: false, code: error instanceof AppError ? error.code : AgentRefusalCodes.INTERNAL };
}

/**
 * The phones' socket (DESIGN.md §5). A shell: it authenticates, validates each payload and hands
 * it to the devices service or the channel events; the ack is sent once the report is stored.
 */
@WebSocketGateway({
  namespace: AGENT_NAMESPACE,
  // `hello` lists the phone's whole outbox (up to 10,000 ids), so events may reach about 1 MB.
  maxHttpBufferSize: 1024 * 1024,
  pingInterval: 20_000,
  pingTimeout: 20_000,
})
export class AgentGateway implements OnGatewayInit<Namespace>, OnGatewayDisconnect<AgentSocket>, OnApplicationShutdown {
  private readonly logger = new Logger(AgentGateway.name);
  /** Events per socket over 10 s; a socket that keeps going at twice the limit is dropped. */
  private readonly flood: RateLimiterMemory;
  /** How long a hand-over may be on its way: the dispatcher waits this long for the phone's ack. */
  private readonly handOverMs: number;

  @WebSocketServer()
  namespace: Namespace;

  constructor(
    private readonly devices: DevicesService,
    private readonly fleet: FleetState,
    private readonly connections: AgentConnections,
    private readonly events: EventBus,
    config: AppConfig,
  ) {
    this.flood = new RateLimiterMemory({ points: config.AGENT_EVENTS_PER_SECOND * 10, duration: 10 });
    this.handOverMs = config.DISPATCH_ACK_TIMEOUT_MS;
  }

  afterInit(namespace: Namespace): void {
    this.connections.attach(namespace);
    this.fleet.onReconnect(() => this.reannounce(namespace));
    // Authenticate in middleware rather than handleConnection: a bad token never gets a connected
    // socket at all, so no event from it can race the check.
    namespace.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      // The code is the whole message; the phone gives up only on UNAUTHENTICATED (protocol.ts).
      if (typeof token !== 'string') {
        next(new Error(AgentRefusalCodes.UNAUTHENTICATED));
        return;
      }
      this.devices
        .authenticate(token)
        .then((device) => {
          if (typeof device === 'string') {
            this.logger.warn({ socketId: socket.id, code: device }, 'agent connection refused');
            next(new Error(device));
            return;
          }
          (socket as AgentSocket).data.device = device;
          // One socket per phone: a new connection replaces the ones before it (in any process), so
          // a token cannot open sockets without end, and a phone that reconnected is not also its
          // half-dead earlier self.
          this.namespace.in(controlRoom(device.id)).except(socket.id).disconnectSockets(true);
          // The control room lets a revoke drop the socket at once; work only comes after hello.
          void socket.join(controlRoom(device.id));
          socket.use((packet, nextPacket) => this.limit(socket as AgentSocket, packet, nextPacket));
          next();
        })
        .catch((error: unknown) => {
          this.logger.error({ err: error }, 'agent authentication failed');
          next(new Error(AgentRefusalCodes.INTERNAL));
        });
    });
  }

  handleDisconnect(socket: AgentSocket): void {
    const device = socket.data.device;
    if (!device || !socket.data.ready) return;
    this.fleet
      .down(device.id, socket.id)
      .then(async (wentOffline) => {
        if (!wentOffline) return; // another socket speaks for the phone now
        this.logger.log({ deviceId: device.id }, 'device offline');
        await this.devices.recordSeen(device);
        await this.events.emit('device.status', { ...this.change(device, 'offline'), reason: 'disconnected' });
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, deviceId: device.id }, 'marking a device offline failed'),
      );
  }

  /**
   * Every incoming event passes here first: a socket over its budget gets RATE_LIMITED on that
   * event (nothing is processed), and one that keeps flooding at twice the budget is dropped.
   */
  private limit(socket: AgentSocket, packet: unknown[], next: (err?: Error) => void): void {
    this.flood
      .consume(socket.id)
      .then(() => next())
      .catch((res: unknown) => {
        if (!(res instanceof RateLimiterRes)) {
          next();
          return;
        }
        const ack = packet[packet.length - 1];
        if (typeof ack === 'function')
          (ack as (answer: unknown) => void)({ ok: false, code: AgentRefusalCodes.RATE_LIMITED });
        const deviceId = socket.data.device?.id;
        if (res.consumedPoints === this.flood.points + 1)
          this.logger.warn({ deviceId, event: packet[0] }, 'agent events over the limit: refused');
        if (res.consumedPoints > this.flood.points * 2) {
          this.logger.warn({ deviceId }, 'agent kept flooding: disconnected');
          socket.disconnect(true);
        }
      });
  }

  private change(device: DeviceRef, status: 'online' | 'offline') {
    return { accountId: device.accountId, deviceId: device.id, status, at: new Date() };
  }

  onApplicationShutdown(): void {
    // Only this process's sockets: the others' phones stay where they are (and the adapter may be closed).
    this.namespace?.local.disconnectSockets(true);
  }

  /**
   * Redis came back, maybe empty: the phones connected to this process are still here, so their
   * presence is put back at once (a phone whose presence was lost comes online again, and what
   * waited for a phone goes out), rather than at their next heartbeat, which would find no
   * presence, take the socket for a leftover and drop it. The messages handed to such a phone
   * get their dispatch jobs again: a retry waiting for a late ack was in Redis too.
   */
  private async reannounce(namespace: Namespace): Promise<void> {
    let back = 0;
    for (const socket of namespace.sockets.values() as Iterable<AgentSocket>) {
      const device = socket.data.device;
      if (!device || !socket.data.ready || !socket.connected) continue;
      try {
        if (await this.fleet.up(device.id, device.accountId, socket.id)) {
          back += 1;
          await this.events.request('channel.presence-restored', { accountId: device.accountId, deviceId: device.id });
          await this.events.emit('device.status', this.change(device, 'online'));
        }
      } catch (error) {
        this.logger.warn({ err: error, deviceId: device.id }, 'could not put a phone back after Redis came back');
      }
    }
    if (back > 0) this.logger.warn({ phones: back }, 'Redis came back without phone presence; put back');
  }

  @SubscribeMessage('hello')
  async hello(
    @ConnectedSocket() socket: AgentSocket,
    @MessageBody() body: unknown,
  ): Promise<HelloAck | { ok: false; code: string }> {
    const device = socket.data.device!;
    try {
      const hello = await validatePayload(HelloDto, body);
      await this.devices.recordHello(device, hello.appVersion, hello.sims);
      // The phone may get work from the moment it joins its room. Reconciliation then only judges
      // messages handed over before that moment: one handed over since may be on its way to the
      // phone and missing from the outbox it listed, and re-queueing it would send it twice.
      if (!socket.data.joinedAt && socket.connected) {
        socket.data.joinedAt = new Date();
        socket.data.ready = true;
        await socket.join([dispatchRoom(device.id), `account:${device.accountId}`]);
        if (await this.fleet.up(device.id, device.accountId, socket.id)) {
          this.logger.log({ deviceId: device.id }, 'device online');
          await this.events.emit('device.status', this.change(device, 'online'));
        }
      }
      const assignedBefore = socket.data.joinedAt ?? new Date();
      const plan = await this.events.request('channel.reconcile', {
        accountId: device.accountId,
        deviceId: device.id,
        outbox: hello.outbox,
        assignedBefore,
        onItsWaySince: new Date(assignedBefore.getTime() - this.handOverMs),
      });
      // The phone paces itself by the same limits the server books against.
      const config = await this.devices.agentConfig(device);
      if (config) socket.emit('device.config', config);
      return { ok: true, deviceId: device.id, cancel: plan.cancel, resend: plan.resend };
    } catch (error) {
      return this.refuse('hello', device, error);
    }
  }

  @SubscribeMessage('message.status')
  async status(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<OkAck> {
    const device = socket.data.device!;
    try {
      const report = await validatePayload(MessageStatusDto, body);
      // The phone's report continues the trace of its send: the status event and its webhook join it.
      const attributes = { 'sms.message.id': report.id, 'sms.device.id': device.id, 'sms.status': report.status };
      return await traced('agent message.status', { remoteParent: report, kind: SpanKind.CONSUMER, attributes }, () =>
        this.events.request('channel.status', {
          accountId: device.accountId,
          deviceId: device.id,
          messageId: report.id,
          status: report.status,
          at: new Date(report.at),
          errorCode: report.errorCode,
          errorMessage: report.errorMessage,
          parts: report.parts,
        }),
      );
    } catch (error) {
      return this.refuse('message.status', device, error);
    }
  }

  @SubscribeMessage('sms.received')
  async received(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<OkAck> {
    const device = socket.data.device!;
    try {
      const sms = await validatePayload(SmsReceivedDto, body);
      const attributes = { 'sms.device.id': device.id };
      return await traced('agent sms.received', { remoteParent: sms, kind: SpanKind.CONSUMER, attributes }, () =>
        this.events.request('channel.inbound', {
          accountId: device.accountId,
          deviceId: device.id,
          simSlot: sms.simSlot,
          sourceId: sms.id,
          from: sms.from,
          body: sms.body,
          receivedAt: new Date(sms.receivedAt),
        }),
      );
    } catch (error) {
      return this.refuse('sms.received', device, error);
    }
  }

  @SubscribeMessage('heartbeat')
  async heartbeat(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<OkAck> {
    const device = socket.data.device!;
    try {
      await this.devices.recordHeartbeat(device, await validatePayload(HeartbeatDto, body));
      if (socket.data.ready) {
        const beat = await this.fleet.beat(device.id, device.accountId, socket.id);
        if (beat === 'back') await this.events.emit('device.status', this.change(device, 'online'));
        if (beat === 'stale') {
          // Another socket of this phone took over: this one is a leftover.
          socket.disconnect(true);
        }
      }
      return { ok: true };
    } catch (error) {
      return this.refuse('heartbeat', device, error);
    }
  }

  private refuse(event: string, device: DeviceRef, error: unknown): { ok: false; code: string } {
    const answer = refusal(error);
    if (answer.code === 'INTERNAL') this.logger.error({ err: error, deviceId: device.id, event }, 'agent event failed');
    else this.logger.warn({ deviceId: device.id, event, code: answer.code }, 'agent event refused');
    return answer;
  }
}
