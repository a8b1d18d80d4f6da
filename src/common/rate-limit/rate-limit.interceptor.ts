import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import { OperationTypeNode, type GraphQLResolveInfo } from 'graphql';
import type { Observable } from 'rxjs';
import { requestOf, type RequestWithAccount } from '@/common/auth.decorators.js';
import { RateLimited } from '@/common/errors.js';
import { rateLimitHeaders, refusalDetail, requestCost } from './rate-limit.decision.js';
import { RateLimitService, type RateLimitCaller } from './rate-limit.service.js';

/** Probes and scrapes are never limited: an overloaded account must not look like a dead gateway. */
const UNLIMITED_ROUTES = /^\/(health|metrics)(\/|$)/;

interface LimitedCall {
  request: RequestWithAccount;
  reply?: FastifyReply;
  cost: number;
}

/**
 * Global interceptor: interceptors run after every guard, so the AuthGuard has set
 * `request.account` by now and the caller is known. REST routes and GraphQL root fields (one point
 * each, or one per message of a batch) are limited; sockets (phones) are not. Every limited
 * response carries the RateLimit headers, and a refusal is 429 RATE_LIMITED before the handler runs,
 * so nothing is written.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: RateLimitService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const call = this.limits.enabled ? limitedCall(context) : undefined;
    if (!call) return next.handle();
    const decision = await this.limits.consume(callerOf(call.request), call.cost);
    if (!decision) return next.handle();
    if (call.reply) {
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) void call.reply.header(name, value);
    }
    if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds ?? 1, refusalDetail(decision, call.cost));
    return next.handle();
  }
}

function limitedCall(context: ExecutionContext): LimitedCall | undefined {
  const type = context.getType<string>();
  if (type === 'http') {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithAccount>();
    if (UNLIMITED_ROUTES.test(request.routeOptions?.url ?? request.url)) return undefined;
    return { request, reply: http.getResponse<FastifyReply>(), cost: requestCost(request.body) };
  }
  if (type === 'graphql') {
    const gql = GqlExecutionContext.create(context);
    const args = gql.getArgs<{ input?: unknown }>();
    // A subscription's context holds a stand-in for the reply (there is no HTTP response to carry
    // the headers): its subscribe is counted, its events are not.
    const subscription = gql.getInfo<GraphQLResolveInfo>().operation.operation === OperationTypeNode.SUBSCRIPTION;
    const reply = subscription ? undefined : gql.getContext<{ reply?: FastifyReply }>().reply;
    return { request: requestOf(context), reply, cost: requestCost(args.input) };
  }
  return undefined;
}

function callerOf(request: RequestWithAccount): RateLimitCaller {
  const account = request.account;
  if (account) return { subjectKey: `subject:${account.subjectId}`, accountKey: `account:${account.accountId}` };
  return { subjectKey: `ip:${request.ip}` };
}
