/**
 * A test SMSC: an SMPP 3.4 server from the `smpp` package, run as its own process
 * (`node test/support/smsc-server.ts --system-id ID --password PW`; Node 24 runs TypeScript by
 * stripping its types, so this file uses only erasable syntax and imports nothing of the repo).
 * It accepts binds with the right credentials, answers submit_sm with message ids and records
 * each one, and takes orders on an HTTP control port on 127.0.0.1 (see smsc.ts): throttle the next
 * N submits, reject the next N with a status, drop every connection, send receipts or an inbound
 * SMS. It prints `SMSC ready smpp=<port> control=<port>` once both listen.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import smpp, { type PDU, type Session } from 'smpp';

const { values } = parseArgs({
  options: {
    'system-id': { type: 'string', default: 'gateway' },
    password: { type: 'string', default: 'secret' },
    port: { type: 'string', default: '0' },
  },
});

/** One submit_sm as recorded; smsc.ts hands these to the tests (its type comes from here). */
export interface SmscSubmit {
  seq: number;
  messageId: string | null;
  status: number;
  systemId: string;
  sourceAddr: string;
  sourceTon: number;
  sourceNpi: number;
  destinationAddr: string;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  shortMessageHex: string;
  sar: { ref: number; total: number; seq: number } | null;
  at: string;
}

const submits: SmscSubmit[] = [];
const bound = new Map<Session, { systemId: string; mode: string }>();
let throttleNext = 0;
let rejectNext = 0;
let rejectStatus = 0;
let counter = 0;
/** An SMSC that stops answering: submit_sm, enquire_link and binds get no response at all. */
let silent = false;
let unanswered = 0;
let binds = 0;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function shortMessageBytes(pdu: PDU): Buffer {
  const sm = pdu.short_message;
  if (Buffer.isBuffer(sm)) return sm;
  if (sm && typeof sm === 'object' && 'message' in sm) {
    const { udh, message } = sm as { udh?: Buffer[]; message: Buffer | string };
    // smpp decoded the text by its data_coding; encoding it back gives the bytes that came in.
    const coding = Number(pdu.data_coding ?? 0);
    const body = Buffer.isBuffer(message)
      ? message
      : coding === 8
        ? Buffer.from(message, 'utf16le').swap16()
        : coding === 0
          ? smpp.gsmCoder.encode(message)
          : Buffer.from(message, 'latin1');
    if (!udh || udh.length === 0) return body;
    const header = Buffer.concat(udh);
    return Buffer.concat([Buffer.from([header.length]), header, body]);
  }
  return Buffer.alloc(0);
}

const server = smpp.createServer((session: Session) => {
  session.on('error', () => undefined);
  for (const mode of ['bind_transceiver', 'bind_transmitter', 'bind_receiver']) {
    session.on(mode, (pdu: PDU) => {
      if (silent) return;
      if (pdu.system_id !== values['system-id'] || pdu.password !== values.password) {
        session.send(pdu.response({ command_status: smpp.errors.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      binds += 1;
      bound.set(session, { systemId: String(pdu.system_id), mode });
      session.send(pdu.response({ system_id: 'TESTSMSC' }));
    });
  }
  session.on('close', () => bound.delete(session));
  session.on('enquire_link', (pdu: PDU) => {
    if (!silent) session.send(pdu.response());
  });
  session.on('unbind', (pdu: PDU) => {
    session.send(pdu.response());
    session.close();
  });
  session.on('submit_sm', (pdu: PDU) => {
    if (silent) {
      unanswered += 1;
      return;
    }
    const binding = bound.get(session);
    let status = 0;
    if (!binding) status = smpp.errors.ESME_RINVBNDSTS;
    else if (throttleNext > 0) {
      throttleNext -= 1;
      status = smpp.errors.ESME_RTHROTTLED;
    } else if (rejectNext > 0) {
      rejectNext -= 1;
      status = rejectStatus;
    }
    const messageId = status === 0 ? `smsc-${++counter}` : null;
    submits.push({
      seq: submits.length + 1,
      messageId,
      status,
      systemId: binding?.systemId ?? '',
      sourceAddr: text(pdu.source_addr),
      sourceTon: Number(pdu.source_addr_ton ?? 0),
      sourceNpi: Number(pdu.source_addr_npi ?? 0),
      destinationAddr: text(pdu.destination_addr),
      dataCoding: Number(pdu.data_coding ?? 0),
      esmClass: Number(pdu.esm_class ?? 0),
      registeredDelivery: Number(pdu.registered_delivery ?? 0),
      shortMessageHex: shortMessageBytes(pdu).toString('hex'),
      sar:
        pdu.sar_msg_ref_num !== undefined
          ? {
              ref: Number(pdu.sar_msg_ref_num),
              total: Number(pdu.sar_total_segments),
              seq: Number(pdu.sar_segment_seqnum),
            }
          : null,
      at: new Date().toISOString(),
    });
    session.send(pdu.response(status === 0 ? { message_id: messageId } : { command_status: status }));
  });
});

/** A session that may receive deliver_sm (transceiver or receiver). */
function receiverSession(): Session | undefined {
  for (const [session, binding] of bound) if (binding.mode !== 'bind_transmitter') return session;
  return undefined;
}

function deliver(options: Record<string, unknown>): Promise<number> {
  const session = receiverSession();
  if (!session) return Promise.reject(new Error('no bound transceiver or receiver'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no deliver_sm_resp')), 10_000);
    session.deliver_sm(options, (resp: PDU) => {
      clearTimeout(timer);
      resolve(resp.command_status);
    });
  });
}

const STATES: Record<string, number> = {
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

function receiptOptions(body: { id: string; stat: string; err?: string; tlv?: boolean; textless?: boolean }) {
  const date = new Date().toISOString().replace(/\D/g, '').slice(2, 12);
  const text = body.textless
    ? ''
    : `id:${body.id} sub:001 dlvrd:${body.stat === 'DELIVRD' ? '001' : '000'} submit date:${date} done date:${date} stat:${body.stat} err:${body.err ?? '000'} text:`;
  return {
    source_addr: '491700000000',
    destination_addr: 'GATEWAY',
    esm_class: smpp.consts.ESM_CLASS.MC_DELIVERY_RECEIPT,
    data_coding: 0,
    short_message: text,
    ...(body.tlv
      ? {
          receipted_message_id: body.id,
          message_state: STATES[body.stat] ?? 7,
          // network_error_code: network type 3 (GSM), then the error as two octets.
          ...(body.err ? { network_error_code: Buffer.from([3, Number(body.err) >> 8, Number(body.err) & 0xff]) } : {}),
        }
      : {}),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const body = await readJson(req);
  const route = `${req.method} ${req.url}`;
  switch (route) {
    case 'GET /submits':
      return reply(200, submits);
    case 'GET /status':
      return reply(200, { bound: bound.size, binds, submits: submits.length, unanswered });
    case 'POST /reset':
      submits.length = 0;
      throttleNext = 0;
      rejectNext = 0;
      return reply(200, {});
    case 'POST /throttle':
      throttleNext = Number(body.count ?? 1);
      return reply(200, {});
    case 'POST /reject':
      rejectNext = Number(body.count ?? 1);
      rejectStatus = Number(body.status ?? smpp.errors.ESME_RINVDSTADR);
      return reply(200, {});
    case 'POST /silence':
      silent = body.on !== false;
      return reply(200, { silent });
    case 'POST /drop': {
      const sessions = [...bound.keys()];
      for (const session of sessions) session.destroy();
      return reply(200, { dropped: sessions.length });
    }
    case 'POST /receipt': {
      const status = await deliver(
        receiptOptions(body as { id: string; stat: string; err?: string; tlv?: boolean; textless?: boolean }),
      );
      return reply(200, { status });
    }
    case 'POST /inbound': {
      const message = text(body.body);
      // eslint-disable-next-line no-control-regex
      const gsm = /^[\x0a\x0d\x20-\x7e]*$/.test(message);
      const status = await deliver({
        source_addr: text(body.from),
        source_addr_ton: 1,
        source_addr_npi: 1,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: text(body.to),
        esm_class: 0,
        data_coding: gsm ? 0 : 8,
        short_message: message,
      });
      return reply(200, { status });
    }
    default:
      return reply(404, { error: `unknown control ${route}` });
  }
}

const controlServer = createHttpServer((req, res) => {
  control(req, res).catch((error: unknown) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  controlServer.listen(0, '127.0.0.1', () => {
    const smppPort = (server.address() as AddressInfo).port;
    const controlPort = (controlServer.address() as AddressInfo).port;
    process.stdout.write(`SMSC ready smpp=${smppPort} control=${controlPort}\n`);
  });
});

process.on('SIGTERM', () => {
  for (const session of bound.keys()) session.destroy();
  controlServer.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});
