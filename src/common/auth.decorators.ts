import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { AccountRef, Scope } from '@/modules/auth/scopes.js';

export const PUBLIC_KEY = 'auth:public';
export const SCOPES_KEY = 'auth:scopes';

/** No credentials needed (login, pairing, health). Every route says either this or RequireScopes. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller needs every listed scope (`admin` implies all). */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);

export type RequestWithAccount = FastifyRequest & { account?: AccountRef };

export function requestOf(context: ExecutionContext): RequestWithAccount {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestWithAccount }>().req;
  }
  return context.switchToHttp().getRequest<RequestWithAccount>();
}

/** What a GraphQL subscription's context holds of its connection (SubscriptionServer puts it there). */
export interface SubscriptionConnectionContext {
  /** The `Authorization` of the graphql-ws connection_init payload, checked when the socket connected. */
  connectionAuthorization: string;
  /** When that token expires: the connection's subscriptions end then, with UNAUTHENTICATED. */
  connectionExpiresAt: Date;
}

/**
 * The `Authorization` a call presents: the HTTP header, or for a GraphQL subscription the one its
 * connection_init payload carried (a browser cannot set headers on a WebSocket).
 */
export function authorizationOf(context: ExecutionContext): unknown {
  if (context.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(context).getContext<Partial<SubscriptionConnectionContext>>();
    if (gql.connectionAuthorization !== undefined) return gql.connectionAuthorization;
  }
  return requestOf(context).headers.authorization;
}

/** The authenticated caller, set by the AuthGuard. */
export const Account = createParamDecorator((_data: unknown, context: ExecutionContext): AccountRef => {
  const account = requestOf(context).account;
  if (!account) throw new Error('Account() used on a route without authentication');
  return account;
});
