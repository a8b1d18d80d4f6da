import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Server, type Namespace } from 'socket.io';
import {
  AGENT_NAMESPACE,
  type DeviceConfigPayload,
  type MessageSendAck,
  type MessageSendPayload,
} from '@sms-gateway/android-agent/protocol';
import { AppConfig } from '@/config/app-config.js';
import { SpanKind, traceCarrier, traced } from '@/common/trace.js';
import { FleetState } from './fleet-state.js';
import { RedisBroadcast } from './socket-adapter.js';
import type { AccountId } from '@/common/account-id.js';

/** Every authenticated socket of a device: for dropping it and for its config. */
export const controlRoom = (deviceId: string) => `device-control:${deviceId}`;
/** The device's sockets that have said hello and been reconciled: only these get work. */
export const dispatchRoom = (deviceId: string) => `device:${deviceId}`;

export type DeliveryOutcome =
  MessageSendAck | { accepted: false; code: 'ACK_TIMEOUT' | 'DEVICE_OFFLINE' | 'INVALID_ACK' };

const ACK_CODE = /^[A-Z0-9_]{1,64}$/;

/**
 * A phone's answer to message.send is input too: `{accepted: true}`, or `{accepted: false, code}`
 * with a code of the protocol's shape. Anything else (an object for a code, 10 KB of text) is
 * INVALID_ACK: a refusal, stored with that code rather than the phone's bytes.
 */
function checkAck(answer: unknown): DeliveryOutcome {
  if (typeof answer !== 'object' || answer === null) return { accepted: false, code: 'INVALID_ACK' };
  const { accepted, code } = answer as { accepted?: unknown; code?: unknown };
  if (accepted === true) return { accepted: true };
  if (accepted === false && typeof code === 'string' && ACK_CODE.test(code)) return { accepted: false, code };
  return { accepted: false, code: 'INVALID_ACK' };
}

/**
 * The phones as a channel: hands a message to one phone and waits for its outbox to take it.
 * Knows nothing of messages beyond the protocol payload. Emits go through the Socket.IO Redis
 * adapter, so any process reaches a phone connected to any other; a worker-only process has a
 * Socket.IO server of its own with no listener, only for that.
 */
@Injectable()
export class AgentConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AgentConnections.name);
  private namespace?: Namespace;
  private detached?: { server: Server; broadcast: RedisBroadcast };

  constructor(
    private readonly fleet: FleetState,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.has('api')) return; // the gateway attaches the listening server's namespace
    const broadcast = new RedisBroadcast(this.config);
    const server = new Server({ adapter: broadcast.adapter });
    this.detached = { server, broadcast };
    this.attach(server.of(AGENT_NAMESPACE));
    this.logger.log('worker reaches phones through the Socket.IO Redis adapter');
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.detached) return;
    // Only the adapter to close: Server.close() would also close an engine this server never had
    // (it listens nowhere) and throw, after the adapter, in the middle of the shutdown.
    await this.detached.server.of(AGENT_NAMESPACE).adapter.close();
    await this.detached.broadcast.close();
  }

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  /** Healthy devices of the account (present, with a recent sign of life), in any process. */
  healthyDevices(accountId: AccountId): Promise<string[]> {
    return this.fleet.healthy(accountId);
  }

  isHealthy(deviceId: string): Promise<boolean> {
    return this.fleet.isHealthy(deviceId);
  }

  /** Hands a message to the device's sockets, with the trace context of this hand-over in the payload. */
  deliver(deviceId: string, payload: MessageSendPayload, timeoutMs: number): Promise<DeliveryOutcome> {
    const namespace = this.namespace;
    if (!namespace) return Promise.resolve({ accepted: false, code: 'DEVICE_OFFLINE' });
    const attributes = { 'sms.message.id': payload.id, 'sms.device.id': deviceId };
    return traced('agent message.send', { kind: SpanKind.PRODUCER, attributes }, async (span) => {
      let outcome: DeliveryOutcome;
      const message = { ...payload, ...traceCarrier() };
      try {
        const local = this.localSockets(namespace, deviceId);
        // A room holds the device's sockets (normally one); each answers, and one acceptance is enough.
        // When they are connected to this process, they are asked directly: a room emit with acks
        // goes through the Redis adapter (a PUBLISH, and a PUBSUB NUMSUB to count the processes
        // that must answer) even when nothing is elsewhere, three Redis round trips per message.
        // A device has one socket (a new one replaces the old), so a local one is the device's.
        const answers = (
          local.length > 0
            ? await Promise.all(local.map((socket) => socket.timeout(timeoutMs).emitWithAck('message.send', message)))
            : await namespace.to(dispatchRoom(deviceId)).timeout(timeoutMs).emitWithAck('message.send', message)
        ) as MessageSendAck[];
        const checked = answers.map(checkAck);
        outcome =
          checked.length === 0
            ? { accepted: false, code: 'DEVICE_OFFLINE' }
            : (checked.find((a) => a.accepted) ?? checked[0]);
      } catch {
        outcome = { accepted: false, code: 'ACK_TIMEOUT' };
      }
      span.setAttribute('sms.ack', outcome.accepted ? 'accepted' : outcome.code);
      return outcome;
    });
  }

  /** The device's sockets in its dispatch room that are connected to this process. */
  private localSockets(namespace: Namespace, deviceId: string) {
    const ids = namespace.adapter.rooms.get(dispatchRoom(deviceId));
    if (!ids) return [];
    return [...ids].flatMap((id) => {
      const socket = namespace.sockets.get(id);
      return socket?.connected ? [socket] : [];
    });
  }

  /** Pushes the device's limits to its sockets, wherever they are connected. */
  sendConfig(deviceId: string, config: DeviceConfigPayload): void {
    this.namespace?.to(controlRoom(deviceId)).emit('device.config', config);
  }

  disconnect(deviceId: string): void {
    this.namespace?.in(controlRoom(deviceId)).disconnectSockets(true);
  }
}
