import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { ChangeUserRoleInput, InviteUserDto, RemoveUserInput } from './dto/users.dto.js';
import { UserInvitationModel, UserModel } from './models/user.model.js';
import type { AccountRef } from './scopes.js';
import { UsersService } from './users.service.js';

/** GraphQL shell over UsersService: the people of the caller's account (who may change whom: mayManage). */
@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => [UserModel], { name: 'users' })
  @RequireScopes('admin')
  usersList(@Account() account: AccountRef) {
    return this.users.list(account);
  }

  @Mutation(() => UserInvitationModel, { description: 'Invites a person; the invitation token is in this answer only' })
  @RequireScopes('admin')
  inviteUser(
    @Account() account: AccountRef,
    @Args('input', { type: () => InviteUserDto }) input: InviteUserDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.users.invite(account, input.email, input.role, context);
  }

  @Mutation(() => UserModel)
  @RequireScopes('admin')
  changeUserRole(
    @Account() account: AccountRef,
    @Args('input', { type: () => ChangeUserRoleInput }) input: ChangeUserRoleInput,
    @AuditContext() context: RequestContext,
  ) {
    return this.users.changeRole(account, input.id, input.role, context);
  }

  @Mutation(() => Boolean)
  @RequireScopes('admin')
  async removeUser(
    @Account() account: AccountRef,
    @Args('input', { type: () => RemoveUserInput }) input: RemoveUserInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.users.remove(account, input.id, context);
    return true;
  }
}
