import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { isUuid } from '@/common/ids.js';
import { toConnection } from '@/common/pagination.js';
import { validatePayload, type UncheckedInput } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import {
  CreateWebhookDto,
  DeleteWebhookInput,
  RedeliverWebhookDeliveryInput,
  RotateWebhookSecretDto,
  RotateWebhookSecretInput,
  SendTestWebhookInput,
  UpdateWebhookDto,
  UpdateWebhookInput,
  WebhookDeliveriesArgs,
} from './dto/webhook.dto.js';
import {
  CallbackSecretModel,
  CreatedWebhookModel,
  WebhookDeliveryConnectionModel,
  WebhookDeliveryModel,
  WebhookModel,
} from './models/webhook.model.js';
import { WebhookNotFound } from './webhooks.errors.js';
import { WebhooksService } from './webhooks.service.js';

/** GraphQL shell over WebhooksService: the `/v1/webhooks` and `/v1/webhook-deliveries` routes. */
@Resolver(() => WebhookModel)
export class WebhooksResolver {
  constructor(private readonly webhooks: WebhooksService) {}

  @Query(() => [WebhookModel], { name: 'webhooks' })
  @RequireScopes('webhooks:write')
  webhooksList(@Account() account: AccountRef) {
    return this.webhooks.list(account);
  }

  @Query(() => WebhookModel, { description: 'One endpoint (never its secret)' })
  @RequireScopes('webhooks:write')
  webhook(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    return this.webhooks.get(account, id);
  }

  @Mutation(() => CreatedWebhookModel, { description: 'The signing secret is in this answer only' })
  @RequireScopes('webhooks:write')
  createWebhook(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateWebhookDto }) input: CreateWebhookDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.webhooks.create(account, input, context);
  }

  /** Another account's id is NOT_FOUND whatever the input holds: the fields are validated after the lookup. */
  @Mutation(() => WebhookModel, {
    description: 'Changes the fields given; a new URL is checked like a new endpoint; re-enabling clears the failures',
  })
  @RequireScopes('webhooks:write')
  async updateWebhook(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpdateWebhookInput }) input: UncheckedInput,
    @AuditContext() context: RequestContext,
  ) {
    const { id, ...changes } = input;
    await this.webhooks.get(account, id);
    return this.webhooks.update(account, id, await validatePayload(UpdateWebhookDto, changes), context);
  }

  @Mutation(() => Boolean, { description: 'Removes the endpoint and its delivery log' })
  @RequireScopes('webhooks:write')
  async deleteWebhook(
    @Account() account: AccountRef,
    @Args('input', { type: () => DeleteWebhookInput }) input: DeleteWebhookInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.webhooks.remove(account, input.id, context);
    return true;
  }

  @Mutation(() => CreatedWebhookModel, {
    description:
      'A new signing secret, in this answer only; the old one keeps signing beside it for keepPreviousForHours',
  })
  @RequireScopes('webhooks:write')
  async rotateWebhookSecret(
    @Account() account: AccountRef,
    @Args('input', { type: () => RotateWebhookSecretInput }) input: UncheckedInput,
    @AuditContext() context: RequestContext,
  ) {
    // REST's order: a malformed id is NOT_FOUND (its ParseUUIDPipe) before the body is validated.
    const { id, ...body } = input;
    if (!isUuid(id)) throw new WebhookNotFound();
    const { keepPreviousForHours } = await validatePayload(RotateWebhookSecretDto, body);
    return this.webhooks.rotateSecret(account, id, context, keepPreviousForHours);
  }

  @Query(() => WebhookDeliveryConnectionModel, { description: "An endpoint's delivery log, newest first" })
  @RequireScopes('webhooks:write')
  async webhookDeliveries(@Account() account: AccountRef, @Args() args: WebhookDeliveriesArgs) {
    const { webhookId, status, first, after } = args;
    return toConnection(
      await this.webhooks.deliveries(account, webhookId, {
        status: status ?? undefined,
        cursor: after ?? undefined,
        limit: first ?? undefined,
      }),
    );
  }

  @Mutation(() => WebhookDeliveryModel, {
    description: 'A webhook.test event to this endpoint alone, sent within a moment (even while it is disabled)',
  })
  @RequireScopes('webhooks:write')
  sendTestWebhook(
    @Account() account: AccountRef,
    @Args('input', { type: () => SendTestWebhookInput }) input: SendTestWebhookInput,
  ) {
    return this.webhooks.sendTest(account, input.id);
  }

  @Mutation(() => WebhookDeliveryModel, {
    description: 'The same event again as a new delivery with the same webhook-id, sent within a moment',
  })
  @RequireScopes('webhooks:write')
  redeliverWebhookDelivery(
    @Account() account: AccountRef,
    @Args('input', { type: () => RedeliverWebhookDeliveryInput }) input: RedeliverWebhookDeliveryInput,
  ) {
    return this.webhooks.redeliver(account, input.id);
  }

  @Mutation(() => CallbackSecretModel, {
    description: 'Replaces the secret that signs callbackUrl requests; the new one is in this answer only',
  })
  @RequireScopes('webhooks:write')
  rotateCallbackSecret(@Account() account: AccountRef, @AuditContext() context: RequestContext) {
    return this.webhooks.replaceCallbackSecret(account, context);
  }
}
