import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { validatePayload, type UncheckedInput } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DeleteRouteInput, UpsertRouteInput } from './dto/route.dto.js';
import { RouteModel } from './models/route.model.js';
import { RoutesService } from './routes.service.js';

/** GraphQL shell over RoutesService (DESIGN.md §4): the list, one route, upsert and delete. */
@Resolver(() => RouteModel)
export class RoutesResolver {
  constructor(private readonly routes: RoutesService) {}

  @Query(() => [RouteModel], { name: 'routes', description: 'Routing rules in evaluation order' })
  @RequireScopes('admin')
  routesList(@Account() account: AccountRef) {
    return this.routes.list(account);
  }

  @Query(() => RouteModel, { description: 'One routing rule (NOT_FOUND for an id of another account)' })
  @RequireScopes('admin')
  route(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    return this.routes.get(account, id);
  }

  /**
   * Creates the route when the input has no id, else changes the fields given. Another account's id
   * is NOT_FOUND whatever the input holds: the input is validated after the lookup.
   */
  @Mutation(() => RouteModel)
  @RequireScopes('admin')
  async upsertRoute(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpsertRouteInput }) input: UncheckedInput<string | null | undefined>,
    @AuditContext() context: RequestContext,
  ) {
    if (typeof input.id === 'string') await this.routes.get(account, input.id);
    return this.routes.upsert(account, await validatePayload(UpsertRouteInput, input), context);
  }

  @Mutation(() => Boolean)
  @RequireScopes('admin')
  async deleteRoute(
    @Account() account: AccountRef,
    @Args('input', { type: () => DeleteRouteInput }) input: DeleteRouteInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.routes.remove(account, input.id, context);
    return true;
  }
}
