import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { validatePayload, type UncheckedInput } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CarriersService } from './carriers.service.js';
import { CreateCarrierDto, DeleteCarrierInput, UpdateCarrierInput } from './dto/carrier.dto.js';
import { CarrierModel } from './models/carrier.model.js';

/**
 * GraphQL shell over CarriersService. A carrier's delivery reports stay REST: the carrier posts
 * them to `POST /v1/carriers/{id}/dlr` with its own token, not a user's.
 */
@Resolver(() => CarrierModel)
export class CarriersResolver {
  constructor(private readonly carriers: CarriersService) {}

  @Query(() => [CarrierModel], { name: 'carriers' })
  @RequireScopes('admin')
  carriersList(@Account() account: AccountRef) {
    return this.carriers.list(account);
  }

  @Query(() => CarrierModel, { description: 'One carrier with its live state and counters' })
  @RequireScopes('admin')
  carrier(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    return this.carriers.get(account, id);
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

  /** Another account's id is NOT_FOUND whatever the input holds: the input is validated after the lookup. */
  @Mutation(() => CarrierModel)
  @RequireScopes('admin')
  async updateCarrier(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpdateCarrierInput }) input: UncheckedInput,
    @AuditContext() context: RequestContext,
  ) {
    await this.carriers.get(account, input.id);
    const { id, ...changes } = await validatePayload(UpdateCarrierInput, input);
    return this.carriers.update(account, id, changes, context);
  }

  /** Removes the carrier; an SMPP link it held is closed. */
  @Mutation(() => Boolean)
  @RequireScopes('admin')
  async deleteCarrier(
    @Account() account: AccountRef,
    @Args('input', { type: () => DeleteCarrierInput }) input: DeleteCarrierInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.carriers.remove(account, input.id, context);
    return true;
  }
}
