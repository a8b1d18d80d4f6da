import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { RequestMethod } from '@nestjs/common';
import { context, isSpanContextValid, trace, type Context } from '@opentelemetry/api';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { AppConfig } from '@/config/app-config.js';
import { maskPhone } from './mask.js';

/**
 * The trace and span of the active OpenTelemetry span, to join a log line to its trace. Absent when
 * there is no active (valid) span: tracing off, or a line logged outside any traced work.
 */
export function traceFields(ctx: Context = context.active()): { traceId?: string; spanId?: string } {
  const span = trace.getSpanContext(ctx);
  if (!span || !isSpanContextValid(span)) return {};
  return { traceId: span.traceId, spanId: span.spanId };
}

/** The fields every log line of a named process (cluster primary or child) starts with. */
export function processFields(name: string): { pid: number; hostname: string; process: string } {
  return { pid: process.pid, hostname: hostname(), process: name };
}

/** Properties of a database error that hold the statement's values or the row's (pg's `detail`). */
const VALUE_FIELDS = ['parameters', 'detail', 'driverError', 'where', 'hint', 'internalQuery'];

/**
 * pino's error serializer, without what a failed query carries of its data: TypeORM's
 * QueryFailedError keeps the parameters (bodies, numbers, emails, hashes) and pg's `detail` quotes
 * the row ("Key (email)=(…) already exists"). The message, code and constraint stay.
 */
export function safeError(error: unknown): unknown {
  const serialized = stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  for (const field of VALUE_FIELDS) delete serialized[field];
  if (typeof serialized.query === 'string') serialized.query = serialized.query.slice(0, 300);
  if (serialized.cause && typeof serialized.cause === 'object') serialized.cause = safeError(serialized.cause);
  return serialized;
}

/**
 * Structured JSON logs: each line logged while serving a request carries `req.id` (the request id,
 * see fastify-adapter.ts), and `traceId`/`spanId` when an OpenTelemetry span is active. Request
 * bodies are never logged; auth headers, tokens and passwords are redacted wherever they appear;
 * phone numbers are masked at the call site (maskPhone).
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // nestjs-pino's default, `{/*splat}`, matches no request in @nestjs/platform-fastify 12: the
    // request logger never ran, so no line carried the request id and no request was logged.
    forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Under API_PROCESSES, the process's name (api-1, worker) beside pino's pid, which changes on a restart.
      ...(config.GATEWAY_PROCESS ? { base: processFields(config.GATEWAY_PROCESS) } : {}),
      mixin: () => traceFields(),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
          '*.accessToken',
          '*.secret',
          '*.body',
          '*.to',
          '*.from',
        ],
        censor: '[redacted]',
      },
      serializers: {
        err: safeError,
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          // The query is dropped; a phone number in the path (`/v1/suppressions/%2B49…`) is masked.
          url: req.url.split('?')[0].replace(/(?:\+|%2B)\d{7,15}/gi, (n) => maskPhone(decodeURIComponent(n))),
        }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
    },
  };
}
