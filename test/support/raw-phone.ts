import { io, type Socket } from 'socket.io-client';
import type { HelloAck, MessageSendPayload, OutboxState } from '@sms-gateway/android-agent/protocol';
import type { TestGateway } from './gateway.js';

/** What `answer` returns for a message.send the phone takes and never acknowledges. */
export const NO_ACK = Symbol('no ack');

export interface RawPhone {
  deviceId: string;
  /** Every message.send this phone was given, in order (it accepts them all). */
  received: MessageSendPayload[];
  /** The server's answer to each hello, in order. */
  hellos: HelloAck[];
  /**
   * Connects and says hello with this outbox; resolves once the hello is acknowledged. `answer`
   * is what it acks each message.send with (`{accepted: true}` unless given; NO_ACK for no answer).
   */
  connect(
    outbox?: { id: string; state: OutboxState }[],
    answer?: (payload: MessageSendPayload) => unknown,
  ): Promise<Socket>;
}

/** A phone driven by hand over the real protocol, to send what a well-behaved agent never would. */
export async function rawPhone(gw: TestGateway, token: string, name: string): Promise<RawPhone> {
  const created = await gw.request('POST', '/v1/devices', { token, json: { name } });
  const paired = await gw.request('POST', '/v1/agent/pair', { json: { code: created.body.pairing.code } });
  const received: MessageSendPayload[] = [];
  const hellos: HelloAck[] = [];
  return {
    deviceId: created.body.device.id as string,
    received,
    hellos,
    connect: async (outbox = [], answer = () => ({ accepted: true })) => {
      const socket = io(`${gw.url}/agent`, {
        auth: { token: paired.body.token },
        transports: ['websocket'],
        reconnection: false,
      });
      socket.on('message.send', (payload: MessageSendPayload, ack: (a: unknown) => void) => {
        received.push(payload);
        const reply = answer(payload);
        if (reply !== NO_ACK) ack(reply);
      });
      await new Promise<void>((resolve) => socket.on('connect', resolve));
      const hello: unknown = await socket.emitWithAck('hello', { appVersion: 'raw', sims: [{ slot: 0 }], outbox });
      if (!(hello as { ok?: boolean }).ok) throw new Error(`hello refused: ${JSON.stringify(hello)}`);
      hellos.push(hello as HelloAck);
      return socket;
    },
  };
}
