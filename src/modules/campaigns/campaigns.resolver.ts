import { setTimeout as sleep } from 'node:timers/promises';
import { Args, Context, ID, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Account, RequireScopes, type SubscriptionConnectionContext } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { untilExpiry } from '@/modules/subscriptions/event-stream.js';
import { SubscriptionServer } from '@/modules/subscriptions/subscription-server.js';
import type { CampaignResource } from './campaign.resource.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignIdInput, CampaignsArgs, CreateCampaignDto } from './dto/campaign.dto.js';
import { CampaignConnectionModel, CampaignModel } from './models/campaign.model.js';

/** How often a progress subscription reads the counts (it sends only when they changed). */
export const PROGRESS_POLL_MS = 1000;

/**
 * GraphQL shell over CampaignsService: the operations of `/v1/campaigns`. The CSV upload and the
 * results and refused-rows exports stay REST (file streams of up to a million rows); the console
 * uploads to REST with its bearer token.
 */
@Resolver(() => CampaignModel)
export class CampaignsResolver {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly sessions: SubscriptionServer,
  ) {}

  @Query(() => CampaignConnectionModel, {
    name: 'campaigns',
    description: 'The campaigns of the account, newest first',
  })
  @RequireScopes('messages:read')
  async campaignList(@Account() account: AccountRef, @Args() args: CampaignsArgs) {
    return toConnection(await this.campaigns.list(account, { cursor: args.after, limit: args.first }));
  }

  @Query(() => CampaignModel, {
    description:
      'One campaign with its counts (NOT_FOUND for an id of another account). The CSV files stay REST: ' +
      'upload recipients to POST /v1/campaigns/{id}/recipients, download GET /v1/campaigns/{id}/results ' +
      'and GET /v1/campaigns/{id}/recipients/errors',
  })
  @RequireScopes('messages:read')
  campaign(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    return this.campaigns.get(account, id);
  }

  @Mutation(() => CampaignModel, {
    description:
      'A draft (POST /v1/campaigns); recipients as a list here, or as CSV uploaded to ' +
      'POST /v1/campaigns/{id}/recipients (REST: a file stream); results from GET /v1/campaigns/{id}/results',
  })
  @RequireScopes('messages:send')
  createCampaign(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateCampaignDto }) input: CreateCampaignDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.campaigns.create(account, input, context);
  }

  @Mutation(() => CampaignModel, { description: 'POST /v1/campaigns/{id}/launch' })
  @RequireScopes('messages:send')
  launchCampaign(
    @Account() account: AccountRef,
    @Args('input', { type: () => CampaignIdInput }) input: CampaignIdInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.campaigns.launch(account, input.id, context);
  }

  @Mutation(() => CampaignModel, { description: 'POST /v1/campaigns/{id}/pause' })
  @RequireScopes('messages:send')
  pauseCampaign(
    @Account() account: AccountRef,
    @Args('input', { type: () => CampaignIdInput }) input: CampaignIdInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.campaigns.pause(account, input.id, context);
  }

  @Mutation(() => CampaignModel, { description: 'POST /v1/campaigns/{id}/resume' })
  @RequireScopes('messages:send')
  resumeCampaign(
    @Account() account: AccountRef,
    @Args('input', { type: () => CampaignIdInput }) input: CampaignIdInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.campaigns.resume(account, input.id, context);
  }

  @Mutation(() => CampaignModel, { description: 'POST /v1/campaigns/{id}/cancel' })
  @RequireScopes('messages:send')
  cancelCampaign(
    @Account() account: AccountRef,
    @Args('input', { type: () => CampaignIdInput }) input: CampaignIdInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.campaigns.cancel(account, input.id, context);
  }

  @Subscription(() => CampaignModel, {
    description: 'The campaign now, then again whenever its state or counts change (read every second)',
    resolve: (campaign: CampaignResource) => campaign,
  })
  @RequireScopes('messages:read')
  async campaignProgress(
    @Account() account: AccountRef,
    @Context() connection: SubscriptionConnectionContext,
    @Args('id', { type: () => ID }) id: string,
  ) {
    await this.campaigns.row(account, id);
    const session = this.sessions.watch(connection);
    const stop = new AbortController();
    const campaigns = this.campaigns;
    async function* changes(): AsyncGenerator<CampaignResource> {
      let last = '';
      while (!stop.signal.aborted) {
        const now = await campaigns.get(account, id);
        const key = JSON.stringify(now);
        if (key !== last) {
          last = key;
          yield now;
        }
        await sleep(PROGRESS_POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
      }
    }
    return untilExpiry(changes(), {
      expiresAt: session.expiresAt,
      revoked: session.revoked,
      close: () => {
        session.release();
        stop.abort();
      },
    });
  }
}
