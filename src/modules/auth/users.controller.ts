import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { ChangeRoleDto, InviteUserDto } from './dto/users.dto.js';
import type { AccountRef } from './scopes.js';
import { UsersService } from './users.service.js';
import { UserInvitationResponse, UserListResponse, UserResponse } from './dto/auth.response.js';

/** The people of the caller's account (admins; who may change whom: UsersService.mayManage). */
@Controller('v1/users')
@ApiTags('people')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequireScopes('admin')
  @ApiOperation({ summary: 'The people of the account' })
  @ApiOkResponse({ type: UserListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.users.list(account), nextCursor: null };
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Invite a person (the invitation token is shown once)' })
  @ApiCreatedResponse({ type: UserInvitationResponse })
  invite(@Account() account: AccountRef, @Body() dto: InviteUserDto, @AuditContext() context: RequestContext) {
    return this.users.invite(account, dto.email, dto.role, context);
  }

  @Patch(':id')
  @RequireScopes('admin')
  @ApiOperation({ summary: "Change a person's role" })
  @ApiOkResponse({ type: UserResponse })
  changeRole(
    @Account() account: AccountRef,
    @Param('id') id: string,
    @Body() dto: ChangeRoleDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.users.changeRole(account, id, dto.role, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Remove a person from the account' })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(
    @Account() account: AccountRef,
    @Param('id') id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.users.remove(account, id, context);
  }
}
