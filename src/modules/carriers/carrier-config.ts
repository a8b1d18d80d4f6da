import type { FieldError } from '@/common/errors.js';
import type { HttpConfigDto, SmppConfigDto } from './dto/carrier-config.dto.js';
import { templateProblems } from './http/http-template.js';

/** An SMPP carrier's stored settings (everything but the password). */
export interface SmppConfig {
  host: string;
  port: number;
  systemId: string;
  systemType: string;
  bindMode: 'transceiver' | 'transmitter';
  tps: number;
  windowSize: number;
  enquireLinkSeconds: number;
  sourceAddr: string | null;
  sourceTon: number | null;
  sourceNpi: number | null;
  destTon: number;
  destNpi: number;
  concatenation: 'udh' | 'sar';
  registeredDelivery: boolean;
}

/** An HTTP carrier's stored settings (everything but the secret). */
export interface HttpConfig {
  url: string;
  method: 'GET' | 'POST';
  bodyTemplate: string | null;
  headers: Record<string, string>;
  auth: 'none' | 'basic' | 'bearer';
  username: string | null;
  successStatus: number[] | null;
  messageIdPath: string | null;
  timeoutMs: number;
}

export const SMPP_DEFAULTS = {
  systemType: '',
  bindMode: 'transceiver',
  tps: 10,
  windowSize: 10,
  enquireLinkSeconds: 30,
  destTon: 1,
  destNpi: 1,
  concatenation: 'udh',
  registeredDelivery: true,
} as const;

export function normalizeSmpp(dto: SmppConfigDto): SmppConfig {
  return {
    host: dto.host,
    port: dto.port,
    systemId: dto.systemId,
    systemType: dto.systemType ?? SMPP_DEFAULTS.systemType,
    bindMode: dto.bindMode ?? SMPP_DEFAULTS.bindMode,
    tps: dto.tps ?? SMPP_DEFAULTS.tps,
    windowSize: dto.windowSize ?? SMPP_DEFAULTS.windowSize,
    enquireLinkSeconds: dto.enquireLinkSeconds ?? SMPP_DEFAULTS.enquireLinkSeconds,
    sourceAddr: dto.sourceAddr ?? null,
    sourceTon: dto.sourceTon ?? null,
    sourceNpi: dto.sourceNpi ?? null,
    destTon: dto.destTon ?? SMPP_DEFAULTS.destTon,
    destNpi: dto.destNpi ?? SMPP_DEFAULTS.destNpi,
    concatenation: dto.concatenation ?? SMPP_DEFAULTS.concatenation,
    registeredDelivery: dto.registeredDelivery ?? SMPP_DEFAULTS.registeredDelivery,
  };
}

export function normalizeHttp(dto: HttpConfigDto): HttpConfig {
  return {
    url: dto.url,
    method: dto.method ?? 'POST',
    bodyTemplate: dto.bodyTemplate ?? null,
    headers: dto.headers ?? {},
    auth: dto.auth ?? 'none',
    username: dto.auth === 'basic' ? (dto.username ?? null) : null,
    successStatus: dto.successStatus ?? null,
    messageIdPath: dto.messageIdPath ?? null,
    timeoutMs: dto.timeoutMs ?? 10_000,
  };
}

/** Headers the gateway sets itself: a carrier's config may not replace them. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'authorization']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** What class-validator cannot say about HTTP settings: the templates, the headers, and auth's secret. */
export function httpProblems(dto: HttpConfigDto, hasSecret: boolean): FieldError[] {
  const problems = templateProblems(dto.url, dto.bodyTemplate);
  const headers = Object.entries(dto.headers ?? {});
  if (headers.length > 20)
    problems.push({ field: 'http.headers', message: 'http.headers may have at most 20 entries' });
  for (const [name, value] of headers) {
    if (!TOKEN.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      problems.push({ field: `http.headers.${name}`, message: `http.headers may not set ${name}` });
    } else if (typeof value !== 'string' || value.length > 1000 || /[\r\n\0]/.test(value)) {
      problems.push({ field: `http.headers.${name}`, message: 'each header value must be one line of text' });
    }
  }
  if ((dto.auth ?? 'none') !== 'none' && !hasSecret) {
    problems.push({ field: 'http.secret', message: `http.secret is required with ${dto.auth} auth` });
  }
  if (dto.method === 'GET' && dto.bodyTemplate !== undefined) {
    problems.push({ field: 'http.bodyTemplate', message: 'http.bodyTemplate goes with method POST' });
  }
  return problems;
}
