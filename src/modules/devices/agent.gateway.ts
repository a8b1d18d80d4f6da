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
import type { Namespace, Socket } from 'socket.io';
import {
  AGENT_NAMESPACE,
  type AgentToServerEvents,
  type HelloAck,
  type OkAck,
  type ServerToAgentEvents,
} from '@sms-gateway/android-agent/protocol';
import { AppError } from '@/common/errors.js';
import { validatePayload } from '@/common/validate-payload.js';
import { ChannelEvents } from '@/modules/channels/channel-events.js';
import { AgentConnections, controlRoom, dispatchRoom } from './agent-connections.js';
import { DevicePresence } from './device-presence.js';
import { DevicesService, type DeviceRef } from './devices.service.js';
import { HeartbeatDto, HelloDto, MessageStatusDto, SmsReceivedDto } from './dto/agent-events.dto.js';

type AgentSocket = Socket<
  AgentToServerEvents,
  ServerToAgentEvents,
  Record<string, never>,
  { device?: DeviceRef; ready?: boolean }
>;

function refusal(error: unknown): { ok: false; code: string } {
  return { ok: false, code: error instanceof AppError ? error.code : 'INTERNAL' };
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

  @WebSocketServer()
  namespace: Namespace;

  constructor(
    private readonly devices: DevicesService,
    private readonly presence: DevicePresence,
    private readonly connections: AgentConnections,
    private readonly channel: ChannelEvents,
  ) {}

  afterInit(namespace: Namespace): void {
    this.connections.attach(namespace);
    // Authenticate in middleware rather than handleConnection: a bad token never gets a connected
    // socket at all, so no event from it can race the check.
    namespace.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      if (typeof token !== 'string') {
        next(new Error('UNAUTHENTICATED'));
        return;
      }
      this.devices
        .authenticate(token)
        .then((device) => {
          if (!device) {
            this.logger.warn({ socketId: socket.id }, 'agent connection refused: bad token');
            next(new Error('UNAUTHENTICATED'));
            return;
          }
          (socket as AgentSocket).data.device = device;
          // The control room lets a revoke drop the socket at once; work only comes after hello.
          void socket.join(controlRoom(device.id));
          next();
        })
        .catch((error: unknown) => {
          this.logger.error({ err: error }, 'agent authentication failed');
          next(new Error('INTERNAL'));
        });
    });
  }

  handleDisconnect(socket: AgentSocket): void {
    const device = socket.data.device;
    if (device && socket.data.ready && this.presence.disconnected(device.id)) {
      this.logger.log({ deviceId: device.id }, 'device offline');
      this.devices.recordSeen(device).catch((error: unknown) => this.logger.warn({ err: error }, 'recordSeen failed'));
    }
  }

  onApplicationShutdown(): void {
    this.namespace?.disconnectSockets(true);
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
      const plan = await this.channel.reconcile({
        accountId: device.accountId,
        deviceId: device.id,
        outbox: hello.outbox,
      });
      // Only now may the phone get work: a message handed over before the reconciliation had read
      // the phone's outbox would look missing from it and be sent again elsewhere.
      if (!socket.data.ready && socket.connected) {
        socket.data.ready = true;
        await socket.join([dispatchRoom(device.id), `account:${device.accountId}`]);
        if (this.presence.connected(device.id, device.accountId))
          this.logger.log({ deviceId: device.id }, 'device online');
      }
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
      return await this.channel.reportStatus({
        accountId: device.accountId,
        deviceId: device.id,
        messageId: report.id,
        status: report.status,
        at: new Date(report.at),
        errorCode: report.errorCode,
        errorMessage: report.errorMessage,
        parts: report.parts,
      });
    } catch (error) {
      return this.refuse('message.status', device, error);
    }
  }

  @SubscribeMessage('sms.received')
  async received(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<OkAck> {
    const device = socket.data.device!;
    try {
      const sms = await validatePayload(SmsReceivedDto, body);
      return await this.channel.reportInbound({
        accountId: device.accountId,
        deviceId: device.id,
        simSlot: sms.simSlot,
        sourceId: sms.id,
        from: sms.from,
        body: sms.body,
        receivedAt: new Date(sms.receivedAt),
      });
    } catch (error) {
      return this.refuse('sms.received', device, error);
    }
  }

  @SubscribeMessage('heartbeat')
  async heartbeat(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<OkAck> {
    const device = socket.data.device!;
    try {
      await this.devices.recordHeartbeat(device, await validatePayload(HeartbeatDto, body));
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
