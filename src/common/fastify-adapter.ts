import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ProblemFilter } from './problem.filter.js';

export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * Fastify gives each route the error handler in force when the route is registered. Nest installs
 * its handler after registering the routes, so errors Fastify raises itself (body parsing, size,
 * media type) would reach Fastify's default handler and answer in its own format. This adapter
 * installs the problem+json handler before any route exists and keeps it.
 */
export class ProblemFastifyAdapter extends FastifyAdapter {
  constructor(options: { bodyLimit: number }) {
    // The request id is Fastify's (logs and audit events carry it): a caller's X-Request-Id when it
    // is well-formed, else a fresh UUID.
    super({ ...options, trustProxy: false, genReqId: requestId });
    const filter = new ProblemFilter();
    this.getInstance().setErrorHandler((error, _request, reply) => filter.handleFastifyError(error, reply));
  }

  /** Nest's handler would replace ours on the root only, not on routes; ours already covers everything. */
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}
