import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { MercuriusCommonOptions } from 'mercurius';
import type { SubscriptionConnectionContext } from '@/common/auth.decorators.js';
import { Unauthenticated } from '@/common/errors.js';
import { PeriodicPass } from '@/common/periodic.js';
import { graphQLErrorOf } from '@/common/problem.filter.js';
import { AuthService } from '@/modules/auth/auth.service.js';
import { SubscriptionBus } from './subscription-bus.js';

export type MercuriusSubscriptionOptions = Exclude<MercuriusCommonOptions['subscription'], boolean | undefined>;

// Proxies drop WebSockets that stay quiet (nginx after 60 s by default); graphql-ws clients answer pings.
const KEEP_ALIVE_MS = 25_000;
/** How often live subscriptions' tokens are re-checked (AuthService caches each for TOKEN_RECHECK_MS). */
const SWEEP_MS = 1000;

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
export class SubscriptionServer implements OnModuleDestroy {
  private readonly logger = new Logger(SubscriptionServer.name);
  /** The tokens of this process's live subscriptions, each with what ends them when it stops working. */
  private readonly watched = new Map<
    string,
    { subscriptions: number; revoke: (error: Error) => void; revoked: Promise<never> }
  >();
  private readonly sweep = new PeriodicPass(() => this.recheck());

  constructor(
    private readonly auth: AuthService,
    private readonly bus: SubscriptionBus,
  ) {
    this.sweep.start(SWEEP_MS);
  }

  /**
   * What a subscription of this connection needs to end when its token does: at its expiry, or
   * within seconds of its user being removed, demoted or changing password, or its client being
   * revoked. One sweep a process re-checks each distinct token (AuthService asks the database at
   * most once in TOKEN_RECHECK_MS a token), not a poll per connection.
   */
  watch(connection: SubscriptionConnectionContext): { expiresAt: Date; revoked: Promise<never>; release: () => void } {
    const authorization = connection.connectionAuthorization;
    let entry = this.watched.get(authorization);
    if (!entry) {
      let revoke!: (error: Error) => void;
      const revoked = new Promise<never>((_resolve, reject) => (revoke = reject));
      // Raced by each stream; a revocation nobody awaits any more is not an unhandled rejection.
      revoked.catch(() => undefined);
      entry = { subscriptions: 0, revoke, revoked };
      this.watched.set(authorization, entry);
    }
    entry.subscriptions++;
    const watched = entry;
    let released = false;
    return {
      expiresAt: connection.connectionExpiresAt,
      revoked: watched.revoked,
      release: () => {
        if (released) return;
        released = true;
        if (--watched.subscriptions === 0 && this.watched.get(authorization) === watched) {
          this.watched.delete(authorization);
        }
      },
    };
  }

  private async recheck(): Promise<void> {
    for (const [authorization, entry] of [...this.watched]) {
      try {
        await this.auth.authenticate(authorization);
      } catch (error) {
        if (!(error instanceof Unauthenticated)) {
          this.logger.warn({ err: error }, 'could not re-check the token of a subscription; trying again');
          continue;
        }
        this.watched.delete(authorization);
        entry.revoke(graphQLErrorOf(error.toProblem()));
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweep.stop();
  }

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
