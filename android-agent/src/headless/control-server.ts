import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedSmsTransport } from '../lib/simulated-transport.js';

/** Loopback only: the control port acts on the phone without any credentials. */
export const CONTROL_HOST = '127.0.0.1';
/** Largest request body accepted, in bytes. */
export const CONTROL_MAX_BODY_BYTES = 64 * 1024;
/** The gateway's own limits on a received SMS (SmsReceivedDto), so what is simulated is also stored. */
export const CONTROL_MAX_FROM_LENGTH = 32;
export const CONTROL_MAX_SMS_BODY_LENGTH = 10_000;
/** A body over the limit is read to its end before the 413 (so the client sees it), but not forever. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

export type ControlErrorCode =
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN_HOST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'MALFORMED_JSON'
  | 'VALIDATION_FAILED'
  | 'NO_SUCH_SIM';

const STATUS: Record<ControlErrorCode, number> = {
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FORBIDDEN_HOST: 403,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  NO_SUCH_SIM: 400,
};

class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export interface InboundRequest {
  from: string;
  body: string;
  simSlot?: number;
}

export interface ControlServer {
  /** The port actually bound (the one asked for, or the one picked for 0). */
  port: number;
  close(): Promise<void>;
}

/** A port the control server can be asked for; 0 picks a free one. */
export function isControlPort(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port <= 65_535;
}

/**
 * The headless phone's control port, for demos and tests: `POST /inbound {from, body, simSlot?}`
 * delivers an SMS to the simulated SIM as if the network had. Bound to 127.0.0.1 only.
 */
export async function startControlServer(transport: SimulatedSmsTransport, port: number): Promise<ControlServer> {
  if (!isControlPort(port)) {
    throw new RangeError('the control port must be an integer between 0 and 65535');
  }
  const slots = new Set((await transport.listSims()).map((sim) => sim.slot));
  const server = createServer((req, res) => {
    handle(req, transport, slots).then(
      () => reply(res, 202, { ok: true }),
      (error: unknown) => {
        if (error instanceof ControlError) {
          if (error.code === 'METHOD_NOT_ALLOWED') {
            res.setHeader('allow', 'POST');
          }
          reply(res, STATUS[error.code], { ok: false, code: error.code, detail: error.message });
        } else {
          reply(res, 500, { ok: false, code: 'INTERNAL', detail: 'the control server failed' });
        }
      },
    );
  });
  // A local tool: a stalled client should not hold a connection for minutes.
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // exclusive: in a node:cluster child (the gateway's worker process runs the demo phones under
    // API_PROCESSES) a listen is otherwise the primary's, shared with every child that asks for the
    // same address: port 0 on 127.0.0.1 would be the gateway's own port.
    server.listen({ port, host: CONTROL_HOST, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, transport: SimulatedSmsTransport, slots: Set<number>): Promise<void> {
  // A web page must not reach the phone through DNS rebinding: the host has to be a loopback name.
  if (!isLoopbackHost(req.headers.host)) {
    await drain(req);
    throw new ControlError('FORBIDDEN_HOST', 'the control port answers only requests for 127.0.0.1 or localhost');
  }
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/inbound') {
    await drain(req);
    throw new ControlError('NOT_FOUND', 'the control port serves POST /inbound only');
  }
  if (req.method !== 'POST') {
    await drain(req);
    throw new ControlError('METHOD_NOT_ALLOWED', '/inbound takes POST only');
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    await drain(req);
    throw new ControlError('UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
  }
  const text = await readBody(req);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ControlError('MALFORMED_JSON', 'the body is not valid JSON');
  }
  const sms = validateInbound(json, slots);
  transport.simulateIncoming(sms);
}

/** Checks a `POST /inbound` body; throws VALIDATION_FAILED or NO_SUCH_SIM, never half-accepts. */
function validateInbound(json: unknown, slots: ReadonlySet<number>): InboundRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ControlError('VALIDATION_FAILED', 'the body must be a JSON object {from, body, simSlot?}');
  }
  const fields = json as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => key !== 'from' && key !== 'body' && key !== 'simSlot');
  if (unknown.length > 0) {
    throw new ControlError('VALIDATION_FAILED', `unknown field ${JSON.stringify(unknown[0])}`);
  }
  const { from, body, simSlot } = fields;
  if (typeof from !== 'string' || from.trim() === '' || from.length > CONTROL_MAX_FROM_LENGTH) {
    throw new ControlError(
      'VALIDATION_FAILED',
      `from must be a non-empty string of at most ${CONTROL_MAX_FROM_LENGTH} characters`,
    );
  }
  if (typeof body !== 'string' || body.length > CONTROL_MAX_SMS_BODY_LENGTH) {
    throw new ControlError(
      'VALIDATION_FAILED',
      `body must be a string of at most ${CONTROL_MAX_SMS_BODY_LENGTH} characters`,
    );
  }
  if (simSlot === undefined) {
    return { from, body };
  }
  if (typeof simSlot !== 'number' || !Number.isInteger(simSlot)) {
    throw new ControlError('VALIDATION_FAILED', 'simSlot must be an integer');
  }
  if (!slots.has(simSlot)) {
    throw new ControlError(
      'NO_SUCH_SIM',
      `no simulated SIM in slot ${simSlot} (slots: ${[...slots].join(', ') || 'none'})`,
    );
  }
  return { from, body, simSlot };
}

function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) {
    return false;
  }
  const name = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(host.trim().toLowerCase())?.[1];
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const body = await collect(req, CONTROL_MAX_BODY_BYTES);
  if (body === undefined) {
    throw new ControlError('PAYLOAD_TOO_LARGE', `the body must be at most ${CONTROL_MAX_BODY_BYTES} bytes`);
  }
  return body.toString('utf8');
}

/** Reads the rest of a refused request's body, so the client gets the answer rather than a reset. */
async function drain(req: IncomingMessage): Promise<void> {
  await collect(req, 0);
}

/**
 * Reads a body to its end and returns it, or `undefined` when it is over `keep` bytes (the rest is
 * read and dropped, so the answer still reaches the client). Past DRAIN_LIMIT_BYTES it hangs up.
 */
async function collect(req: IncomingMessage, keep: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= keep) {
      chunks.push(buffer);
    } else if (size > DRAIN_LIMIT_BYTES) {
      req.socket.destroy();
      break;
    }
  }
  return size <= keep ? Buffer.concat(chunks, size) : undefined;
}

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
