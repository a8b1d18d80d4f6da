import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CarriersService } from './carriers.service.js';
import { CreateCarrierDto, UpdateCarrierInput } from './dto/carrier.dto.js';
import { CarrierModel } from './models/carrier.model.js';

/** GraphQL shell over CarriersService: the list, creation and update; deletion and DLRs are REST. */
@Resolver(() => CarrierModel)
export class CarriersResolver {
  constructor(private readonly carriers: CarriersService) {}

  @Query(() => [CarrierModel], { name: 'carriers' })
  @RequireScopes('admin')
  carriersList(@Account() account: AccountRef) {
    return this.carriers.list(account);
  }

  @Mutation(() => CarrierModel)
  @RequireScopes('admin')
  createCarrier(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateCarrierDto }) input: CreateCarrierDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.carriers.create(account, input, context);
  }

  @Mutation(() => CarrierModel)
  @RequireScopes('admin')
  async updateCarrier(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpdateCarrierInput }) input: UpdateCarrierInput,
    @AuditContext() context: RequestContext,
  ) {
    const { id, ...changes } = input;
    await this.carriers.get(account, id);
    return this.carriers.update(account, id, changes, context);
  }
}
