import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { trace } from '@opentelemetry/api';
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
  /**
   * `trustedProxies` (TRUST_PROXY): only a peer on this list may name the client with
   * X-Forwarded-For (Fastify's `trustProxy` with addresses, proxy-addr underneath); with none, the
   * header is ignored and `request.ip` is the socket's address, whatever a caller sends.
   */
  constructor(options: { bodyLimit: number; trustedProxies?: string[]; requestTimeoutMs?: number }) {
    const { trustedProxies = [], requestTimeoutMs, ...rest } = options;
    // The request id is Fastify's (logs and audit events carry it): a caller's X-Request-Id when it
    // is well-formed, else a fresh UUID.
    super({
      ...rest,
      trustProxy: trustedProxies.length > 0 ? trustedProxies : false,
      genReqId: requestId,
      // Node reads requestTimeout when the server is created (Fastify's own option only sets the
      // property afterwards, which Node ignores), and checks it every connectionsCheckingInterval
      // (30 s by default): often enough here that the limit holds to within a quarter of itself.
      ...(requestTimeoutMs
        ? {
            requestTimeout: requestTimeoutMs,
            http: {
              requestTimeout: requestTimeoutMs,
              connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeoutMs / 4)),
            },
          }
        : {}),
    });
    const filter = new ProblemFilter();
    this.getInstance().setErrorHandler((error, _request, reply) => filter.handleFastifyError(error, reply));
    // The HTTP instrumentation knows the method only: name its span by the route, as traces are read.
    this.getInstance().addHook('onRequest', (request, _reply, done) => {
      const route = request.routeOptions.url;
      const span = trace.getActiveSpan();
      if (span && route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      done();
    });
  }

  /** Nest's handler would replace ours on the root only, not on routes; ours already covers everything. */
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}
