import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { authorizationOf, PUBLIC_KEY, requestOf, SCOPES_KEY } from '@/common/auth.decorators.js';
import { Forbidden } from '@/common/errors.js';
import { AuthService } from './auth.service.js';
import type { Scope } from './scopes.js';

/**
 * Global guard: a route is public only when it says so, and otherwise needs a bearer token with
 * the scopes it declares. A route that declares neither is refused (fail closed). GraphQL
 * subscriptions pass here too, at each subscribe, with the token of their connection.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Phones are not people or API clients: the agent socket authenticates its device token in
    // the namespace middleware before any event can arrive (AgentGateway).
    if (context.getType() === 'ws') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, targets);
    if (!required) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares neither @Public nor @RequireScopes`,
      );
      throw new Forbidden('This route has no access rule');
    }
    const { account } = await this.auth.authenticate(authorizationOf(context));
    if (!account.scopes.includes('admin') && !required.every((s) => account.scopes.includes(s))) {
      throw new Forbidden(`This needs the scope ${required.join(' ')}`);
    }
    requestOf(context).account = account;
    return true;
  }
}
