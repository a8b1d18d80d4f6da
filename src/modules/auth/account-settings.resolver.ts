import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { AccountSettingsService, type AccountSettingsResource } from './account-settings.service.js';
import { UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import { AccountSettingsModel } from './models/account-settings.model.js';
import type { AccountRef } from './scopes.js';

/** GraphQL's list is never null: [] where REST leaves allowedCountries out (every country). */
function withCountries(settings: AccountSettingsResource): AccountSettingsModel {
  return { ...settings, allowedCountries: settings.allowedCountries ?? [] };
}

/** GraphQL shell over AccountSettingsService: every role reads the settings (all hold devices:read); admins change them. */
@Resolver(() => AccountSettingsModel)
export class AccountSettingsResolver {
  constructor(private readonly settings: AccountSettingsService) {}

  @Query(() => AccountSettingsModel)
  @RequireScopes('devices:read')
  async accountSettings(@Account() account: AccountRef): Promise<AccountSettingsModel> {
    return withCountries(await this.settings.get(account));
  }

  @Mutation(() => AccountSettingsModel, {
    description: 'Changes the settings given; a left-out field keeps its value (PATCH /v1/account/settings)',
  })
  @RequireScopes('admin')
  async updateAccountSettings(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpdateAccountSettingsDto }) input: UpdateAccountSettingsDto,
    @AuditContext() context: RequestContext,
  ): Promise<AccountSettingsModel> {
    return withCountries(await this.settings.update(account, input, context));
  }
}
