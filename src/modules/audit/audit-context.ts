import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf } from '@/common/auth.decorators.js';

/** Where a change came from, stored with its audit event. */
export interface RequestContext {
  ip?: string;
  requestId?: string;
}

/**
 * The caller's IP and the request id, for REST routes and GraphQL fields alike. The id is
 * Fastify's, which is also the one the request's log lines carry, so an event leads to its logs.
 */
export const AuditContext = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const req = requestOf(context);
  return { ip: req.ip, requestId: String(req.id) };
});
