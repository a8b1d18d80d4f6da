import { Readable } from 'node:stream';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@/common/errors.js';

/** Route config key: the route takes `text/csv` as a stream, up to this many bytes. */
const CSV_BODY_LIMIT = 'csvBodyLimit';

/**
 * Marks a route as taking a `text/csv` body as a stream (the handler reads `request.body`, a
 * Readable) of at most `maxBytes`. The app-wide 1 MiB limit is for buffered JSON; a stream's
 * limit is this route's own, checked against Content-Length up front and counted as it arrives.
 */
export const CsvBody = (maxBytes: number) => RouteConfig({ [CSV_BODY_LIMIT]: maxBytes });

/**
 * The body of a @CsvBody route as the stream it is; UNSUPPORTED_MEDIA_TYPE with `refusal` (which
 * says what to send) when the request came as another type (JSON arrives parsed, not as a stream).
 */
export function csvStreamOf(request: FastifyRequest, refusal: string): Readable {
  if (!(request.body instanceof Readable)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', refusal);
  return request.body;
}

function csvLimitOf(request: FastifyRequest): number | undefined {
  const config: object | undefined = request.routeOptions.config;
  const limit = config && CSV_BODY_LIMIT in config ? (config as Record<string, unknown>)[CSV_BODY_LIMIT] : undefined;
  return typeof limit === 'number' ? limit : undefined;
}

/**
 * Registers the `text/csv` parser, which passes the raw request stream through unread on routes
 * marked with @CsvBody and answers UNSUPPORTED_MEDIA_TYPE everywhere else. It runs at module init,
 * after bootstrap has replaced Fastify's parsers with the strict JSON one (registerStrictJsonParser
 * removes all parsers, so registering earlier would be undone) and before the server listens.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    // A worker-only process has no HTTP server.
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', (request, payload, done) => {
      const limit = csvLimitOf(request);
      if (limit === undefined) {
        done(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
        return;
      }
      if (Number(request.headers['content-length']) > limit) {
        done(new AppError('PAYLOAD_TOO_LARGE', `The CSV is over ${limit} bytes`));
        return;
      }
      done(null, payload);
    });
  }
}
