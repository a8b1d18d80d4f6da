import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { CreateOAuthClientDto, RevokeOAuthClientInput, RotateOAuthClientSecretInput } from './dto/oauth.dto.js';
import { CreatedOAuthClientModel, OAuthClientModel } from './models/oauth-client.model.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import type { AccountRef } from './scopes.js';

/**
 * GraphQL shell over OAuthClientsService: the `/v1/oauth-clients` routes. The token endpoint itself
 * stays REST only (RFC 6749 wants a form-encoded POST).
 */
@Resolver(() => OAuthClientModel)
export class OAuthClientsResolver {
  constructor(private readonly clients: OAuthClientsService) {}

  @Mutation(() => CreatedOAuthClientModel, { description: 'The client secret is in this answer only' })
  @RequireScopes('admin')
  createOAuthClient(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateOAuthClientDto }) input: CreateOAuthClientDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.clients.create(account, input.name, input.scopes, context);
  }

  @Query(() => [OAuthClientModel], { description: 'The clients not revoked, oldest first' })
  @RequireScopes('admin')
  oauthClients(@Account() account: AccountRef) {
    return this.clients.list(account);
  }

  @Mutation(() => CreatedOAuthClientModel, {
    description: 'A new secret, in this answer only; the old one stops working at once',
  })
  @RequireScopes('admin')
  rotateOAuthClientSecret(
    @Account() account: AccountRef,
    @Args('input', { type: () => RotateOAuthClientSecretInput }) input: RotateOAuthClientSecretInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.clients.rotate(account, input.id, context);
  }

  @Mutation(() => Boolean, {
    description: 'New tokens are refused at once; tokens already issued stop working within seconds',
  })
  @RequireScopes('admin')
  async revokeOAuthClient(
    @Account() account: AccountRef,
    @Args('input', { type: () => RevokeOAuthClientInput }) input: RevokeOAuthClientInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.clients.revoke(account, input.id, context);
    return true;
  }
}
