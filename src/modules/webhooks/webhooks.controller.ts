import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiAcceptedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { resourceRoutes } from '@/common/resource-routes.js';
import { toListResponse } from '@/common/pagination.js';
import { validateAfterLookup, validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import {
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
} from './dto/webhook.dto.js';
import { WebhookDeliveryNotFound, WebhookNotFound } from './webhooks.errors.js';
import { WebhooksService } from './webhooks.service.js';

import {
  CallbackSecretResponse,
  CreatedWebhookResponse,
  WebhookDeliveryListResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookResponse,
} from './dto/webhook.response.js';

const Webhook = resourceRoutes({
  scope: 'webhooks:write',
  id: 'The endpoint id',
  notFound: () => new WebhookNotFound(),
});
// A malformed id cannot name anything in the caller's account: 404, as for another account's id.
const deliveryUuid = new ParseUUIDPipe({ exceptionFactory: () => new WebhookDeliveryNotFound() });

const WEBHOOK_EXAMPLES = {
  delivery: {
    summary: 'Delivery outcomes',
    value: { url: 'https://example.com/hooks/sms', events: ['message.delivered', 'message.failed'] },
  },
  all: { summary: 'Every event', value: { url: 'https://example.com/hooks/all', events: ['*'] } },
};

/** Webhook endpoints (DESIGN.md §6). Configuration of the account's integrations: `webhooks:write` throughout. */
@Controller('v1/webhooks')
@ApiTags('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** `201 {…endpoint, secret}`: the secret is shown in this answer only. */
  @Webhook.Create({
    summary: 'Create an endpoint (its signing secret is shown once)',
    body: CreateWebhookDto,
    examples: WEBHOOK_EXAMPLES,
    type: CreatedWebhookResponse,
    problems: ['WEBHOOK_URL_FORBIDDEN', 'LIMIT_REACHED'],
  })
  create(@Account() account: AccountRef, @Body() dto: CreateWebhookDto, @AuditContext() context: RequestContext) {
    return this.webhooks.create(account, dto, context);
  }

  @Webhook.List({ summary: 'The webhook endpoints', type: WebhookListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.webhooks.list(account), nextCursor: null };
  }

  /** Replaces the secret that signs per-message callbackUrl requests; `201 {secret, createdAt}`, shown once. */
  @Post('callback-secret')
  @HttpCode(201)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Replace the secret that signs per-message callbackUrl requests (shown once)' })
  @ApiCreatedResponse({ type: CallbackSecretResponse })
  callbackSecret(@Account() account: AccountRef, @AuditContext() context: RequestContext) {
    return this.webhooks.replaceCallbackSecret(account, context);
  }

  @Webhook.Get({ summary: 'One endpoint', type: WebhookResponse })
  get(@Account() account: AccountRef, @Webhook.Id() id: string) {
    return this.webhooks.get(account, id);
  }

  @Webhook.Patch({
    summary: 'Change an endpoint',
    body: UpdateWebhookDto,
    type: WebhookResponse,
    problems: ['WEBHOOK_URL_FORBIDDEN'],
  })
  async update(
    @Account() account: AccountRef,
    @Webhook.Id() id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    const changes = await validateAfterLookup(() => this.webhooks.get(account, id), UpdateWebhookDto, body);
    return this.webhooks.update(account, id, changes, context);
  }

  @Webhook.Delete({ summary: 'Delete an endpoint' })
  async remove(
    @Account() account: AccountRef,
    @Webhook.Id() id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.webhooks.remove(account, id, context);
  }

  /**
   * A new secret, shown once (`200 {…endpoint, secret}`). The old one keeps signing beside it for
   * `keepPreviousForHours` (body optional; default 24, 0 ends it at once).
   */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'A new signing secret (shown once); the old one keeps signing for the overlap' })
  @Webhook.IdParam()
  @ApiBody({ type: RotateWebhookSecretDto, required: false })
  @ApiOkResponse({ type: CreatedWebhookResponse })
  async rotateSecret(
    @Account() account: AccountRef,
    @Webhook.Id() id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    const { keepPreviousForHours } = await validatePayload(RotateWebhookSecretDto, body ?? {});
    return this.webhooks.rotateSecret(account, id, context, keepPreviousForHours);
  }

  /** `202` with the delivery of a `webhook.test` event, sent within a moment. */
  @Post(':id/test')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Send a webhook.test event to the endpoint' })
  @Webhook.IdParam()
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  test(@Account() account: AccountRef, @Webhook.Id() id: string) {
    return this.webhooks.sendTest(account, id);
  }

  /** The endpoint's delivery log, newest first: `{data, nextCursor}`. */
  @Get(':id/deliveries')
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: "The endpoint's delivery log, newest first (cursor-paginated)" })
  @Webhook.IdParam()
  @ApiOkResponse({ type: WebhookDeliveryListResponse })
  async deliveries(@Account() account: AccountRef, @Webhook.Id() id: string, @Query() query: ListDeliveriesQueryDto) {
    return toListResponse(await this.webhooks.deliveries(account, id, query));
  }
}

@Controller('v1/webhook-deliveries')
@ApiTags('webhooks')
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** `202` with a new delivery of the same event (same `webhook-id`), sent within a moment. */
  @Post(':id/redeliver')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Deliver the same event again (same webhook-id)' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The delivery id' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  redeliver(@Account() account: AccountRef, @Param('id', deliveryUuid) id: string) {
    return this.webhooks.redeliver(account, id);
  }
}
