import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateWebhookDto } from './dto/webhook.dto.js';
import { CreatedWebhookModel, WebhookModel } from './models/webhook.model.js';
import { WebhooksService } from './webhooks.service.js';

/** GraphQL shell over WebhooksService: creation (DESIGN.md §4) and the list; the rest is REST. */
@Resolver(() => WebhookModel)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Query(() => [WebhookModel], { name: 'webhooks' })
  @RequireScopes('webhooks:write')
  webhooksList(@Account() account: AccountRef) {
    return this.webhooks.list(account);
  }

  @Mutation(() => CreatedWebhookModel)
  @RequireScopes('webhooks:write')
  createWebhook(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateWebhookDto }) input: CreateWebhookDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.webhooks.create(account, input, context);
  }
}
