import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { AddSuppressionDto, RemoveSuppressionInput, SuppressionsArgs } from './dto/suppression.dto.js';
import { SuppressionConnectionModel, SuppressionModel } from './models/suppression.model.js';
import { SuppressionService } from './suppression.service.js';

@Resolver(() => SuppressionModel)
export class SuppressionResolver {
  constructor(private readonly service: SuppressionService) {}

  @Query(() => SuppressionConnectionModel, { description: 'Suppressed numbers, newest first' })
  @RequireScopes('suppressions:read')
  async suppressions(@Account() account: AccountRef, @Args() args: SuppressionsArgs) {
    const { first, after, ...filters } = args;
    return toConnection(await this.service.list(account, { ...filters, cursor: after, limit: first }));
  }

  /** Adding a number the list has already answers the existing entry. */
  @Mutation(() => SuppressionModel)
  @RequireScopes('suppressions:write')
  async addSuppression(
    @Account() account: AccountRef,
    @Args('input', { type: () => AddSuppressionDto }) input: AddSuppressionDto,
    @AuditContext() context: RequestContext,
  ) {
    return (await this.service.add(account, input, context)).suppression;
  }

  /** True once removed; NOT_FOUND (as REST's 404) when the list does not have the number. */
  @Mutation(() => Boolean)
  @RequireScopes('suppressions:write')
  async removeSuppression(
    @Account() account: AccountRef,
    @Args('input', { type: () => RemoveSuppressionInput }) input: RemoveSuppressionInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.service.remove(account, input.phoneNumber, context);
    return true;
  }
}
