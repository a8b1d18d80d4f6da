/**
 * The part of the `smpp` package (node-smpp 0.5, plain JavaScript) the gateway uses: sessions,
 * servers (the test SMSC), PDUs, and the GSM 03.38 coder. Parameter names are the SMPP spec's.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** A decoded PDU: the header fields, the command's parameters and any TLVs, by their spec names. */
  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [param: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
  }

  export const PDU: {
    new (command: string, options?: Record<string, unknown>): PDU;
    maxLength: number;
  };

  export type ResponseCallback = (pdu: PDU) => void;

  export class Session extends EventEmitter {
    socket: Socket;
    server?: Server;
    send(pdu: PDU, responseCallback?: ResponseCallback, sendCallback?: ResponseCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver(options: Record<string, unknown>, callback?: ResponseCallback): boolean;
    bind_transmitter(options: Record<string, unknown>, callback?: ResponseCallback): boolean;
    bind_receiver(options: Record<string, unknown>, callback?: ResponseCallback): boolean;
    submit_sm(options: Record<string, unknown>, callback?: ResponseCallback): boolean;
    deliver_sm(options: Record<string, unknown>, callback?: ResponseCallback): boolean;
    enquire_link(options?: Record<string, unknown> | ResponseCallback, callback?: ResponseCallback): boolean;
    unbind(options?: Record<string, unknown> | ResponseCallback, callback?: ResponseCallback): boolean;
  }

  export class Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    host?: string;
    port?: number;
    url?: string;
    tls?: boolean;
    auto_enquire_link_period?: number;
    connectTimeout?: number;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;
  export function createServer(listener: (session: Session) => void): Server;
  export function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;

  /** command_status names to their numbers (ESME_ROK, ESME_RTHROTTLED, …). */
  export const errors: Record<string, number>;

  export const consts: {
    ESM_CLASS: Record<string, number>;
    MESSAGE_STATE: Record<string, number>;
    ENCODING: Record<string, number>;
    TON: Record<string, number>;
    NPI: Record<string, number>;
    REGISTERED_DELIVERY: Record<string, number>;
  };

  /** GSM 03.38, one septet per octet (unpacked), with the extension table's escapes. */
  export const gsmCoder: {
    encode(text: string, shiftTable?: number): Buffer;
    decode(bytes: Buffer, shiftTable?: number): string;
  };

  const smpp: {
    PDU: typeof PDU;
    Session: typeof Session;
    Server: typeof Server;
    connect: typeof connect;
    createServer: typeof createServer;
    errors: typeof errors;
    consts: typeof consts;
    gsmCoder: typeof gsmCoder;
  };
  export default smpp;
}
