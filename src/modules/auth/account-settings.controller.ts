import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { AccountSettingsService } from './account-settings.service.js';
import { UpdateAccountSettingsDto } from './dto/account-settings.dto.js';
import type { AccountRef } from './scopes.js';
import { AccountSettingsResponse } from './dto/auth.response.js';

/** The caller's account settings: every role reads them (all hold devices:read); admins change them. */
@Controller('v1/account/settings')
@ApiTags('account')
export class AccountSettingsController {
  constructor(private readonly settings: AccountSettingsService) {}

  @Get()
  @RequireScopes('devices:read')
  @ApiOperation({ summary: "The account's settings" })
  @ApiOkResponse({ type: AccountSettingsResponse })
  get(@Account() account: AccountRef) {
    return this.settings.get(account);
  }

  @Patch()
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Change settings: each field left out stays as it is' })
  @ApiOkResponse({ type: AccountSettingsResponse })
  update(
    @Account() account: AccountRef,
    @Body() dto: UpdateAccountSettingsDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.settings.update(account, dto, context);
  }
}
