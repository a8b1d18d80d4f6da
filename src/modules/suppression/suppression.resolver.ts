import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toConnection } from '@/common/pagination.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { AddSuppressionDto, RemoveSuppressionInput, SuppressionsArgs } from './dto/suppression.dto.js';
import { SuppressionConnectionModel, SuppressionModel } from './models/suppression.model.js';
import { SuppressionService } from './suppression.service.js';

/**
 * CSV import and export stay REST: they stream files (up to 100 MiB) that a GraphQL document cannot
 * carry. The field descriptions say where they are, so a schema reader finds them.
 */
const CSV_ROUTES =
  'CSV import and export stay REST (file streams): POST /v1/suppressions/import with a text/csv body, ' +
  'GET /v1/suppressions/export for the whole list as text/csv.';

@Resolver(() => SuppressionModel)
export class SuppressionResolver {
  constructor(private readonly service: SuppressionService) {}

  @Query(() => SuppressionConnectionModel, { description: `Suppressed numbers, newest first. ${CSV_ROUTES}` })
  @RequireScopes('suppressions:read')
  async suppressions(@Account() account: AccountRef, @Args() args: SuppressionsArgs) {
    const { first, after, ...filters } = args;
    return toConnection(await this.service.list(account, { ...filters, cursor: after, limit: first }));
  }

  @Mutation(() => SuppressionModel, {
    description: `Adds one number (a number already on the list answers its entry). ${CSV_ROUTES}`,
  })
  @RequireScopes('suppressions:write')
  async addSuppression(
    @Account() account: AccountRef,
    @Args('input', { type: () => AddSuppressionDto }) input: AddSuppressionDto,
    @AuditContext() context: RequestContext,
  ) {
    return (await this.service.add(account, input, context)).suppression;
  }

  @Mutation(() => Boolean, {
    description: `Removes one number: true once removed, NOT_FOUND when the list does not have it. ${CSV_ROUTES}`,
  })
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
