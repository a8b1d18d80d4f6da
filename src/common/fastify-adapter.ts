import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ProblemFilter } from './problem.filter.js';

/**
 * Fastify gives each route the error handler in force when the route is registered. Nest installs
 * its handler after registering the routes, so errors Fastify raises itself (body parsing, size,
 * media type) would reach Fastify's default handler and answer in its own format. This adapter
 * installs the problem+json handler before any route exists and keeps it.
 */
export class ProblemFastifyAdapter extends FastifyAdapter {
  constructor(options: { bodyLimit: number }) {
    super({ ...options, trustProxy: false });
    const filter = new ProblemFilter();
    this.getInstance().setErrorHandler((error, _request, reply) => filter.handleFastifyError(error, reply));
  }

  /** Nest's handler would replace ours on the root only, not on routes; ours already covers everything. */
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}
