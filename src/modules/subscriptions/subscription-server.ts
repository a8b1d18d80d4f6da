import { Injectable, Logger } from '@nestjs/common';
import type { MercuriusCommonOptions } from 'mercurius';
import type { SubscriptionConnectionContext } from '@/common/auth.decorators.js';
import { Unauthenticated } from '@/common/errors.js';
import { AuthService } from '@/modules/auth/auth.service.js';
import { SubscriptionBus } from './subscription-bus.js';

export type MercuriusSubscriptionOptions = Exclude<MercuriusCommonOptions['subscription'], boolean | undefined>;

// Proxies drop WebSockets that stay quiet (nginx after 60 s by default); graphql-ws clients answer pings.
const KEEP_ALIVE_MS = 25_000;

function authorizationIn(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const fields = payload as Record<string, unknown>;
  const value = fields.authorization ?? fields.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The server side of graphql-ws (Mercurius speaks `graphql-transport-ws` and the legacy
 * `graphql-ws` on the GraphQL path): events come from the subscription bus, and a connection must
 * authenticate in its connection_init payload, `{ "authorization": "Bearer <token>" }`.
 */
@Injectable()
export class SubscriptionServer {
  private readonly logger = new Logger(SubscriptionServer.name);

  constructor(
    private readonly auth: AuthService,
    private readonly bus: SubscriptionBus,
  ) {}

  options(): MercuriusSubscriptionOptions {
    return {
      emitter: this.bus.emitter,
      keepAlive: KEEP_ALIVE_MS,
      // The upgrade request, as `req`, as for HTTP operations: the guard and @Account() find it there.
      context: (_socket, req) => ({ req }),
      onConnect: (message: { payload?: unknown }) => this.connect(message.payload),
    };
  }

  /**
   * connection_init: the token is verified as the AuthGuard verifies a request's; a connection
   * without a valid one is refused (Mercurius sends `connection_error` and closes the socket). What
   * this returns joins the context of every subscription on the socket, where the AuthGuard checks
   * the token again, with the field's scopes, at each subscribe.
   */
  async connect(payload: unknown): Promise<SubscriptionConnectionContext | false> {
    const authorization = authorizationIn(payload);
    try {
      if (authorization === undefined) throw new Unauthenticated();
      const { expiresAt } = await this.auth.authenticate(authorization);
      return { connectionAuthorization: authorization, connectionExpiresAt: expiresAt };
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      this.logger.debug({ reason: error.message }, 'a subscription connection was refused');
      return false;
    }
  }
}
